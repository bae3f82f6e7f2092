"""Interest-aware agendas: the notice each member of a body is sent when an agenda (or supplement) is
published, naming the items that touch their register of interests (Localism Act 2011 ss.29-34),
and the clerk's dismissals of the declarations page's prompts.

The matches themselves are never stored: they are worked out from the register and the items
(``scrutiny.selectors.interests``), so an interest registered or ended later is reflected at once.
"""

from django.conf import settings
from django.db import models

from council.history import tracked
from members.models import Interest

from .agenda import AgendaItem, Publication
from .meetings import Meeting

#: Attempts to send a notice before it waits for the clerk (each failure is retried by the next beat).
MAX_NOTICE_ATTEMPTS = 8


class InterestNoticeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True, attempts__lt=MAX_NOTICE_ATTEMPTS)


class InterestNotice(models.Model):
    """One member's notice of the items of one publication that touch their interests. Written in
    the publication's own transaction; sent once by ``scrutiny.tasks.send_interest_notices``."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="interest_notices")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="interest_notices")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interest_notices", verbose_name="member"
    )
    items = models.ManyToManyField(AgendaItem, related_name="interest_notices", verbose_name="items")
    created_at = models.DateTimeField("recorded at")
    # Set when the task is done with the notice: sent, or (with ``last_error`` saying why) nothing
    # left to send, as when the interest ended before it went.
    sent_at = models.DateTimeField("sent at", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("attempts to send", default=0)
    last_error = models.TextField("why the last attempt failed", blank=True)
    history = tracked()

    objects = InterestNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "person"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "person"], name="one_interest_notice_per_publication"),
        ]

    def __str__(self):
        return f"Interest notice to {self.person.get_full_name()}, {self.meeting}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()


class InterestPromptDismissal(models.Model):
    """The clerk's decision that a register match is no interest to declare on an item (the words
    matched, the business does not touch the interest)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="prompt_dismissals")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dismissed by"
    )
    dismissed_at = models.DateTimeField("dismissed at")
    history = tracked()

    class Meta:
        ordering = ["item", "person", "interest"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person", "interest"], name="one_dismissal_per_prompt"),
        ]

    def __str__(self):
        return f"Prompt dismissed: {self.person.get_full_name()} on {self.item}"

    def get_absolute_url(self):
        return self.item.get_absolute_url()
