"""The summons: what each member of a body (and each named substitute) is sent when its agenda is
published, and again, naming the new business, when a supplement is (LGA 1972 Schedule 12 para 4(2)(b)
for the Council; the same courtesy for every committee).

One row per recipient per publication, written in the publication's own transaction, so a publication
that commits always has its summonses and one that rolls back has none; sent by
``scrutiny.tasks.send_summonses`` after the commit and retried by the beat while it is queued.
"""

from django.conf import settings
from django.db import models

from council.history import tracked

from .agenda import Publication
from .meetings import Meeting

#: Attempts to send before a summons the mail server keeps failing is marked failed for the clerk.
MAX_SUMMONS_ATTEMPTS = 8


class SummonsKind(models.TextChoices):
    SUMMONS = "summons", "Summons"
    SUPPLEMENT = "supplement", "Supplement summons"


class SummonsStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    # Refused by the mail server (the address bounced), no address, or failing after every attempt.
    FAILED = "failed", "Not delivered"


class SummonsQuerySet(models.QuerySet):
    def queued(self):
        return self.filter(status=SummonsStatus.QUEUED)


class Summons(models.Model):
    """One recipient's summons (or supplement summons) for one publication of a meeting's agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="summonses")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="summonses")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="summonses", verbose_name="recipient"
    )
    # The seat the person was summoned in on the meeting day (Chair, member, substitute, co-opted).
    seat = models.CharField("seat", max_length=40)
    kind = models.CharField("kind", max_length=20, choices=SummonsKind, default=SummonsKind.SUMMONS)
    status = models.CharField("status", max_length=20, choices=SummonsStatus, default=SummonsStatus.QUEUED)
    created_at = models.DateTimeField("recorded at")
    sent_at = models.DateTimeField("sent at", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("attempts to send", default=0)
    error = models.TextField("why it was not delivered", blank=True)
    # Whether the message carried the link to the members' confidential pack (decided when it was sent,
    # by the exempt rule on that day).
    confidential_link = models.BooleanField("with the confidential pack link", default=False)
    history = tracked()

    objects = SummonsQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "publication", "recipient__last_name", "recipient__first_name"]
        verbose_name_plural = "summonses"
        constraints = [
            models.UniqueConstraint(fields=["publication", "recipient"], name="one_summons_per_publication"),
        ]
        indexes = [models.Index(fields=["status"], name="summons_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient.get_full_name()}, {self.meeting}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("scrutiny:summons-list", args=[self.meeting_id])
