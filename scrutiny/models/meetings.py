"""Meetings: when and where a body meets, and how far its business has gone."""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone

from council import calendar
from council.history import tracked
from members.models import PUBLIC_BODY_KINDS, Body


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    AGENDA_PUBLISHED = "agenda_published", "Agenda published"
    HELD = "held", "Held"
    MINUTES_DRAFTED = "minutes_drafted", "Minutes drafted"
    MINUTES_CONFIRMED = "minutes_confirmed", "Minutes confirmed"
    CANCELLED = "cancelled", "Cancelled"


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Meetings of public bodies are public meetings (LGA 1972 s.100A)."""
        return self.filter(body__kind__in=PUBLIC_BODY_KINDS)

    def upcoming(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        return self.filter(starts_at__gte=start)

    def in_month(self, year: int, month: int):
        first = datetime.date(year, month, 1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return self.filter(
            starts_at__gte=timezone.make_aware(datetime.datetime.combine(first, datetime.time.min)),
            starts_at__lt=timezone.make_aware(datetime.datetime.combine(following, datetime.time.min)),
        )

    def for_listing(self):
        return self.select_related("body").order_by("starts_at", "body__name")


class Meeting(models.Model):
    """A meeting of a body: when and where, and how far its business has gone."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name="committee")
    starts_at = models.DateTimeField("starts at")
    ends_at = models.DateTimeField("expected to end at", null=True, blank=True)
    venue = models.CharField("venue", max_length=200, blank=True, help_text="For example Council Chamber, Town Hall.")
    remote_link = models.URLField("link to join remotely", blank=True)
    status = models.CharField("status", max_length=20, choices=MeetingStatus, default=MeetingStatus.SCHEDULED)
    cancelled_reason = models.TextField("reason for cancelling", blank=True)
    cancelled_at = models.DateTimeField("cancelled at", null=True, blank=True)
    # The Local Authorities (Standing Orders) (England) (Amendment) Regulations 2014: at the meeting
    # that sets the budget and council tax, every vote is a recorded vote, named in the minutes.
    budget_meeting = models.BooleanField(
        "budget meeting",
        default=False,
        help_text="The meeting of Council that sets the budget and council tax: every vote is recorded by name.",
    )
    history = tracked()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(remote_link=""),
                name="meeting_has_a_place",
                violation_error_message="Enter a venue or a link to join remotely",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message="The end time must be after the start time",
            ),
        ]

    def __str__(self):
        return f"{self.body}, {formats.date_format(self.date, 'j F Y')}"

    def get_absolute_url(self):
        return reverse("scrutiny:meeting-detail", args=[self.pk])

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day_to_publish(self) -> datetime.date:
        """The last working day to publish the agenda with the statutory clear working days."""
        return calendar.last_day_to_publish(self.date)

    @property
    def can_be_changed(self) -> bool:
        """Only a meeting not yet held or cancelled can be rescheduled or cancelled."""
        return self.status in (MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    def publication_deadline_state(self, today: datetime.date | None = None) -> str | None:
        """For a meeting whose agenda is not yet published: "passed", "near" (five working days or
        fewer left) or None."""
        if self.status != MeetingStatus.SCHEDULED:
            return None
        left = calendar.working_days_until(self.last_day_to_publish, today=today)
        if left < 0:
            return "passed"
        return "near" if left <= 5 else None
