"""The record of what a meeting decided: minutes, resolutions, actions, recommendations to the
executive, and each committee's work programme."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from council.history import tracked
from members.models import PUBLIC_BODY_KINDS, Body

from .agenda import AgendaItem
from .meetings import Meeting

#: Local Government Act 2000 s.9FE: the executive responds within two months of receiving the
#: committee's report or recommendations.
RESPONSE_PERIOD = relativedelta(months=2)

#: Reminders to the executive: (key, days before the due date). "due-day" also goes once a
#: response is late, if the beat did not run on the day itself.
REMINDERS = (("14-days", 14), ("due-day", 0))


def response_due_on(received_on: datetime.date) -> datetime.date:
    """The last day of the two months, counting the day of receipt as the first day.

    Received 15 March: due 14 May. When the later month has no such day (received 31 December:
    no 31 February), the period ends with that month, so the response is due on its last day.
    """
    same_day = received_on + RESPONSE_PERIOD
    if same_day.day != received_on.day:  # clamped to the end of a shorter month
        return same_day
    return same_day - datetime.timedelta(days=1)


class MinuteNumber(models.Model):
    """The number an agenda item carries in the minutes ("OSC 12/26", or "45."): continuous through
    the municipal year for each body. Given to every item of business when the meeting is marked as
    held, and stored with its label, so that a changed style or code never renumbers a record."""

    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="minute_number", verbose_name="agenda item"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name="committee")
    municipal_year = models.PositiveSmallIntegerField("municipal year", help_text="The year it starts in.")
    number = models.PositiveIntegerField("number")
    label = models.CharField("minute number", max_length=40)
    history = tracked()

    class Meta:
        ordering = ["body", "municipal_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "municipal_year", "number"],
                name="one_minute_number_per_body_and_year",
                violation_error_message="This minute number is already used in the municipal year",
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("scrutiny:minutes", args=[self.item.meeting_id])


class Minute(models.Model):
    """What was said and decided on one agenda item, in plain text paragraphs."""

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="minute", verbose_name="agenda item")
    text = models.TextField("minute")
    # LGA 1972 s.100C(2): where the minutes of an exempt item would otherwise be unintelligible, the
    # public record carries a fair summary of the proceedings, written by the clerk, without the exempt
    # information itself.
    public_summary = models.TextField("fair summary for the public", blank=True)
    history = tracked()

    class Meta:
        ordering = ["item__meeting", "item__position"]

    def __str__(self):
        return f"Minute: {self.item}"

    def get_absolute_url(self):
        return reverse("scrutiny:minutes", args=[self.item.meeting_id])


class Resolution(models.Model):
    minute = models.ForeignKey(Minute, on_delete=models.PROTECT, related_name="resolutions")
    position = models.PositiveIntegerField("order")
    text = models.TextField("resolution", help_text="For example: Resolved that the report be noted.")
    history = tracked()

    class Meta:
        ordering = ["minute", "position"]
        constraints = [
            models.UniqueConstraint(fields=["minute", "position"], name="one_resolution_per_position"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.minute.get_absolute_url()


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionStatus.OPEN)


class Action(models.Model):
    """Something a resolution asks someone to do, by a date or "as soon as it is available"."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField("what is to be done")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="owner",
    )
    owner_text = models.CharField(
        "owner (if not a person in the system)", max_length=200, blank=True, help_text="For example: Cabinet."
    )
    due_date = models.DateField("due by", null=True, blank=True)
    when_available = models.BooleanField("as soon as it is available", default=False)
    status = models.CharField("status", max_length=20, choices=ActionStatus, default=ActionStatus.OPEN)
    bring_back_to = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="to be brought back to",
    )
    completed_on = models.DateField("completed on", null=True, blank=True)
    history = tracked()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=False) | Q(when_available=True),
                name="action_has_a_due_date_or_when_available",
                violation_error_message="Enter a due date, or say it is due as soon as it is available",
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return self.resolution.get_absolute_url()

    @property
    def owner_name(self) -> str:
        return self.owner.get_full_name() if self.owner_id else self.owner_text


class RecommendationResponse(models.TextChoices):
    NONE_YET = "none_yet", "No response yet"
    ACCEPTED = "accepted", "Accepted"
    PARTLY_ACCEPTED = "partly_accepted", "Partly accepted"
    REJECTED = "rejected", "Rejected"


class Implementation(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class RecommendationQuerySet(models.QuerySet):
    def awaiting_response(self):
        return self.filter(response=RecommendationResponse.NONE_YET)

    def overdue(self, today: datetime.date | None = None):
        """No response and the two months have passed (the due day itself is still in time)."""
        today = today or timezone.localdate()
        return self.awaiting_response().filter(response_due__lt=today)

    def public(self):
        return self.filter(resolution__minute__item__meeting__body__kind__in=PUBLIC_BODY_KINDS)


class Recommendation(models.Model):
    """A scrutiny recommendation to the executive, which must respond within two months (LGA 2000 s.9FE)."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField("recommendation")
    to_whom = models.CharField("made to", max_length=200, help_text="For example: Cabinet, or a Cabinet Member.")
    made_on = models.DateField("made on")
    received_on = models.DateField(
        "received by the executive on",
        null=True,
        blank=True,
        help_text="The two months for the response run from this day, counting it (LGA 2000 s.9FE).",
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="to respond",
        help_text="The Cabinet Member for the portfolio, or the Leader: reminded before the response is due.",
    )
    response_due = models.DateField("response due by", null=True, blank=True)
    response = models.CharField(
        "response", max_length=20, choices=RecommendationResponse, default=RecommendationResponse.NONE_YET
    )
    response_text = models.TextField("the response", blank=True)
    responded_on = models.DateField("responded on", null=True, blank=True)
    response_published_on = models.DateField("response published on", null=True, blank=True)
    implementation = models.CharField(
        "implementation", max_length=20, choices=Implementation, default=Implementation.NOT_STARTED
    )
    history = tracked()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["response_due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(response="none_yet") | Q(responded_on__isnull=False),
                name="responded_recommendation_has_a_date",
                violation_error_message="Enter the date of the response",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return self.resolution.get_absolute_url()

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.response == RecommendationResponse.NONE_YET
            and self.response_due is not None
            and today > self.response_due
        )


class RecommendationReminder(models.Model):
    """One reminder email to the executive about one recommendation: a row per reminder, so a
    beat that fires twice (or two at once) cannot send it twice."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="reminders")
    key = models.CharField("which", max_length=20, help_text="14-days or due-day.")
    sent_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    response_due = models.DateField("response due by")
    sent_at = models.DateTimeField("sent at")
    history = tracked()

    class Meta:
        ordering = ["recommendation", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "key"], name="one_recommendation_reminder_per_key"),
        ]

    def __str__(self):
        return f"Reminder ({self.key}) about recommendation {self.recommendation_id}"


class MinutesConfirmation(models.Model):
    """The signing of a meeting's minutes as a correct record, at the next meeting of the same body."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes_confirmation")
    confirmed_at_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="+", verbose_name="confirmed at the meeting of"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="recorded by"
    )
    confirmed_at = models.DateTimeField("recorded at")
    history = tracked()

    def __str__(self):
        return f"Minutes of {self.meeting} confirmed at {self.confirmed_at_meeting}"

    def get_absolute_url(self):
        return reverse("scrutiny:minutes", args=[self.meeting_id])


class MinuteCorrection(models.Model):
    """A change to confirmed minutes, made only on the authority of a later resolution."""

    minute = models.ForeignKey(Minute, on_delete=models.PROTECT, related_name="corrections")
    authority = models.CharField(
        "authorised by",
        max_length=250,
        help_text="The resolution that authorises it, for example Minute 5 of 14 January 2027.",
    )
    old_text = models.TextField("text before")
    new_text = models.TextField("text after")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="corrected by"
    )
    corrected_at = models.DateTimeField("corrected at")
    history = tracked()

    class Meta:
        ordering = ["minute", "corrected_at"]

    def __str__(self):
        return f"Correction to {self.minute} ({self.authority})"

    def get_absolute_url(self):
        return self.minute.get_absolute_url()


class WorkProgrammeSource(models.TextChoices):
    ACTION = "action", "Action from a meeting"
    RECOMMENDATION = "recommendation", "Recommendation follow-up"
    COMMISSIONING = "commissioning", "Commissioning schedule"
    MEMBER_REQUEST = "member_request", "Member request"


class WorkProgrammeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    SCHEDULED = "scheduled", "Scheduled"
    DONE = "done", "Done"
    WITHDRAWN = "withdrawn", "Withdrawn"


class WorkProgrammeQuerySet(models.QuerySet):
    def outstanding(self):
        """Still on the programme: not yet done or withdrawn."""
        return self.filter(status__in=[WorkProgrammeStatus.PROPOSED, WorkProgrammeStatus.SCHEDULED])

    def not_exempt(self):
        """Not made by an action on an exempt item: entries whose subject anyone reading the work
        programme may be shown (the others follow ``scrutiny.access``)."""
        return self.exclude(action__resolution__minute__item__exempt=True)


class WorkProgrammeEntry(models.Model):
    """A subject on a committee's work programme, until it has been taken at a meeting."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="work_programme", verbose_name="committee")
    title = models.CharField("subject", max_length=250)
    source = models.CharField("source", max_length=20, choices=WorkProgrammeSource)
    action = models.OneToOneField(
        Action, on_delete=models.PROTECT, null=True, blank=True, related_name="work_programme_entry"
    )
    target_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_programme_entries",
        verbose_name="meeting",
    )
    status = models.CharField(
        "status", max_length=20, choices=WorkProgrammeStatus, default=WorkProgrammeStatus.PROPOSED
    )
    notes = models.TextField("notes", blank=True)
    history = tracked()

    objects = WorkProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["body", "pk"]
        verbose_name = "work programme entry"
        verbose_name_plural = "work programme entries"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(target_meeting__isnull=False),
                name="scheduled_entry_has_a_meeting",
                violation_error_message="Select the meeting the subject is scheduled for",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("scrutiny:work-programme", args=[self.body.slug])
