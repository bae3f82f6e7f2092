"""The outbox's rows: one per email or task that must follow a committed change."""

from django.db import models
from django.utils import timezone


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the queue"  # recorded; not yet taken by the broker
    SENT = "sent", "On the queue"  # the broker took it; the task has not yet run
    RUNNING = "running", "Running"  # a worker claimed it (``claimed_at``)
    DONE = "done", "Done"
    FAILED = "failed", "Failed"  # the task failed ``MAX_FAILURES`` times; kept to be looked at


class OutboxMessage(models.Model):
    """One Celery task to run after the change that recorded it committed.

    Not history-tracked: it is a delivery log written by the machinery, never by a person, and its
    fields are its own history (when it was recorded, sent, claimed and done, how often it was tried,
    the last error). The change that recorded it keeps its history. It holds exactly what the
    broker's message holds (the task's arguments), nothing more.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    #: When the beat's sweep may next hand it to the broker (backoff after each attempt).
    next_attempt_at = models.DateTimeField()
    dispatches = models.PositiveIntegerField(default=0)  # times handed (or tried to hand) to the broker
    failures = models.PositiveIntegerField(default=0)  # times the task itself failed
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status__in=["queued", "sent", "running"]),
                name="outbox_unfinished_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.status})"
