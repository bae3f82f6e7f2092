"""Consultation emails as rows: each (consultation, member, kind, key) is recorded once and sent once.

A row is planned (``pending``, with the time it is due), claimed by the periodic task
(``sending``, committed before any email goes), then ``sent``; or ``skipped`` with the reason
(the member responded, the consultation closed); or ``failed`` with the error in words, retried
with backoff until ``MAX_ATTEMPTS``, after which the owner sees it as not sent and may retry it.
The unique constraint is what guarantees once: planning twice, or two beats at once, cannot add
a second row.
"""

import datetime

from django.db import models

from council.history import tracked

from .consultations import Consultation
from .organisation import Member

#: Tries before a failing email is shown to the owner as not sent.
MAX_ATTEMPTS = 5


class ReminderKind(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    REMINDER = "reminder", "Reminder"
    THANK_YOU = "thank_you", "Thank you"
    ADHOC = "adhoc", "Ad-hoc reminder"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", "Due"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not needed"


class Reminder(models.Model):
    """One email to one member about one consultation."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="reminders")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="consultation_reminders")
    kind = models.CharField("kind", max_length=12, choices=ReminderKind)
    key = models.CharField(
        "which", max_length=40, help_text="Tells reminders of one kind apart: 7d, 2d, last-day, adhoc-1, outcome."
    )
    due_at = models.DateTimeField("due")
    status = models.CharField("status", max_length=10, choices=ReminderStatus, default="pending")
    attempts = models.PositiveSmallIntegerField("attempts", default=0)
    claimed_at = models.DateTimeField("claimed", null=True, blank=True)
    sent_at = models.DateTimeField("sent", null=True, blank=True)
    last_error = models.TextField("reason", blank=True)
    history = tracked()

    class Meta:
        ordering = ["consultation", "due_at", "kind", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member", "kind", "key"], name="one_reminder_per_member_kind_and_key"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="reminder_status_due")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.key}) to {self.member_id} about consultation {self.consultation_id}"

    @property
    def gave_up(self) -> bool:
        """Failed on every try: shown to the owner as not sent, with a retry button."""
        return self.status == ReminderStatus.FAILED and self.attempts >= MAX_ATTEMPTS


#: The defaults when the owner has set none: 7 days and 2 days before closing, and the morning of
#: the last day; each at 08:00 London time on that day.
DEFAULT_REMINDER_DAYS = (7, 2, 0)
DEFAULT_REMINDER_TIME = datetime.time(8, 0)


class ReminderTime(models.Model):
    """When non-responders are reminded: ``days_before`` the closing day, at ``time_of_day`` in
    Europe/London (so 08:00 stays 08:00 on the clock across the change to or from summer time)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="reminder_times")
    days_before = models.PositiveSmallIntegerField("days before closing", help_text="0 is the closing day itself.")
    time_of_day = models.TimeField("time of day", default=DEFAULT_REMINDER_TIME)
    history = tracked()

    class Meta:
        ordering = ["consultation", "-days_before"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "days_before"], name="one_reminder_time_per_day"),
        ]

    def __str__(self):
        return f"{self.days_before} days before closing at {self.time_of_day:%H:%M}"
