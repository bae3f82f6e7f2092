"""Notices of an executive meeting held in private (the 2012 Regulations reg 5), one for each
agenda item to be taken in private."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from council import calendar
from council.history import tracked
from scrutiny.models import AgendaItem, ExemptParagraph


class PrivateMeetingNoticeQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("item__meeting__body", "urgency_agreed_by")

    def public(self):
        """Every notice is public once given: a notice is recorded on the day it is published."""
        return self


class PrivateMeetingNotice(models.Model):
    """The notices that let an item of a Cabinet meeting be taken in private: the notice of intention
    28 clear days before (reg 5(2)) and the further notice 5 clear days before, with any
    representations and the response (reg 5(3)); or, where the date by which the meeting must be held
    makes that impracticable, the agreement that it is urgent and cannot reasonably be deferred, and a
    notice of the reasons (reg 5(6)). What it says is public: ``matter`` describes the business
    without the exempt information."""

    item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="private_notice", verbose_name="agenda item"
    )
    matter = models.CharField(
        "the business, as the public notice describes it",
        max_length=250,
        help_text="Describe it without the exempt information: this is published.",
    )
    exempt_paragraph = models.PositiveSmallIntegerField("Schedule 12A paragraph", choices=ExemptParagraph)
    reasons = models.TextField("why it is to be taken in private")
    intention_published_on = models.DateField("notice of intention published on", null=True, blank=True)
    further_notice_published_on = models.DateField("further notice published on", null=True, blank=True)
    representations_received = models.BooleanField("representations received", default=False)
    representations = models.TextField("representations about why it should be open", blank=True)
    response = models.TextField("the response to them", blank=True)
    # Reg 5(6): the urgent route.
    urgency_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="agreed urgent by",
    )
    urgency_agreed_on = models.DateField("agreed urgent on", null=True, blank=True)
    urgency_reasons = models.TextField("why the meeting is urgent and cannot reasonably be deferred", blank=True)
    urgent_notice_published_on = models.DateField("notice of the urgency published on", null=True, blank=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    history = tracked()

    objects = PrivateMeetingNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = "private meeting notice"
        constraints = [
            models.CheckConstraint(
                condition=Q(intention_published_on__isnull=False) | Q(urgent_notice_published_on__isnull=False),
                name="private_notice_is_intention_or_urgent",
                violation_error_message="A private meeting notice is a notice of intention or an urgent notice",
            ),
            models.CheckConstraint(
                condition=Q(urgent_notice_published_on__isnull=True)
                | (Q(urgency_agreed_by__isnull=False, urgency_agreed_on__isnull=False) & ~Q(urgency_reasons="")),
                name="urgent_private_notice_is_agreed_with_reasons",
                violation_error_message="The urgent route needs who agreed, when and why",
            ),
            models.CheckConstraint(
                condition=Q(representations_received=False) | ~Q(response=""),
                name="private_notice_representations_have_response",
                violation_error_message="Representations received need the response to them",
            ),
        ]

    def __str__(self):
        return self.matter

    def get_absolute_url(self):
        return reverse("executive:private-notice-list") + f"#notice-{self.pk}"

    @property
    def meeting(self):
        return self.item.meeting

    @property
    def is_urgent(self) -> bool:
        return self.urgent_notice_published_on is not None

    @property
    def earliest_meeting_day(self) -> datetime.date | None:
        if self.intention_published_on is None:
            return None
        return calendar.earliest_private_meeting_day(self.intention_published_on)
