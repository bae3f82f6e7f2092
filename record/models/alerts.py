"""Email alerts: anyone's subscriptions (double opt-in), the things that happened, and each alert.

A ``Subscription`` is one address following one thing: a committee's agendas and minutes, a
councillor's activity, new consultations shown to the public, or a search. It is pending until the
link in the confirmation email is followed, and only a confirmed subscription is sent anything.
An ``AlertEvent`` is the marker that one publication (an agenda or supplement, confirmed minutes,
a decision notice, a consultation opening) has been turned into alerts: written once, in the same
transaction as its ``Alert`` rows, so each subscriber is alerted once however often the task runs.
An ``Alert`` is one subscriber's row for one event, sent once (on its own, or in the daily digest)
by ``record.tasks.send_alerts`` / ``send_alert_digests``.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from council.history import tracked
from executive.models import ExecutiveDecision
from members.models import Body, Consultation, Member
from scrutiny.models import MinutesConfirmation, Publication

#: A pending subscription not confirmed within this many days is forgotten.
PENDING_DAYS = 7
#: Attempts to send an alert before it is given up (the row keeps the last error).
MAX_ALERT_ATTEMPTS = 8


def new_token() -> str:
    """An unguessable token (256 bits) for the links in a subscriber's emails."""
    return secrets.token_urlsafe(32)


class SubscriptionKind(models.TextChoices):
    COMMITTEE = "committee", "A committee's agendas and minutes"
    COUNCILLOR = "councillor", "A councillor's activity"
    CONSULTATIONS = "consultations", "New consultations"
    SEARCH = "search", "A search"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "As it happens: one email each time"
    DAILY = "daily", "A daily digest: one email a day at most"


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=SubscriptionStatus.CONFIRMED)

    def expired(self, now: datetime.datetime):
        """Pending subscriptions whose confirmation link has run out."""
        return self.filter(
            status=SubscriptionStatus.PENDING, created_at__lt=now - datetime.timedelta(days=PENDING_DAYS)
        )

    def of_address(self, email: str):
        return self.filter(email=email)


class Subscription(models.Model):
    """One email address following one thing."""

    email = models.EmailField("email address", max_length=254)
    kind = models.CharField("what it follows", max_length=20, choices=SubscriptionKind)
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="committee"
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="councillor"
    )
    query = models.CharField("search words", max_length=200, blank=True)
    filters = models.JSONField("search filters", default=dict, blank=True)
    # What it follows, once per address: "committee:12", "councillor:3", "consultations", "search:<hash>".
    key = models.CharField(max_length=80, editable=False)
    frequency = models.CharField("how often", max_length=10, choices=Frequency, default=Frequency.IMMEDIATE)
    status = models.CharField("status", max_length=15, choices=SubscriptionStatus, default=SubscriptionStatus.PENDING)
    # In every link of every email to this subscription: confirm, unsubscribe, manage.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Chosen by a signed-in person for their own account's address (no confirmation needed).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("asked for at", default=timezone.now)
    confirmed_at = models.DateTimeField("confirmed at", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("unsubscribed at", null=True, blank=True)
    history = tracked(excluded_fields=["token"])

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["email", "kind", "pk"]
        verbose_name = "email alert subscription"
        permissions = [("choose_own_alerts", "Choose their own email alerts")]
        constraints = [
            models.UniqueConstraint(fields=["email", "key"], name="one_subscription_per_address_and_thing"),
            models.CheckConstraint(
                condition=(
                    Q(kind="committee", body__isnull=False, member__isnull=True)
                    | Q(kind="councillor", member__isnull=False, body__isnull=True)
                    | Q(kind__in=["consultations", "search"], body__isnull=True, member__isnull=True)
                ),
                name="subscription_names_what_it_follows",
                violation_error_message="A subscription follows a committee, a councillor, consultations or a search",
            ),
            models.CheckConstraint(
                condition=~Q(kind="search") | ~Q(query=""),
                name="search_subscription_has_words",
                violation_error_message="Enter the words to search for",
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.subject}"

    @property
    def subject(self) -> str:
        """What the subscription follows, in words."""
        if self.kind == SubscriptionKind.COMMITTEE:
            return f"agendas and minutes of {self.body}"
        if self.kind == SubscriptionKind.COUNCILLOR:
            return f"the activity of {self.member}"
        if self.kind == SubscriptionKind.CONSULTATIONS:
            return "new consultations"
        return f"the search “{self.query}”"

    @property
    def is_confirmed(self) -> bool:
        return self.status == SubscriptionStatus.CONFIRMED


class EventKind(models.TextChoices):
    AGENDA = "agenda", "Agenda published"
    SUPPLEMENT = "supplement", "Supplement published"
    MINUTES = "minutes", "Minutes confirmed"
    DECISION = "decision", "Decision notice published"
    CONSULTATION = "consultation", "Consultation opened"


class AlertEvent(models.Model):
    """The marker that one publication has been turned into alerts (once, with its alert rows)."""

    kind = models.CharField("what happened", max_length=20, choices=EventKind)
    publication = models.OneToOneField(
        Publication, on_delete=models.CASCADE, null=True, blank=True, related_name="alert_event"
    )
    minutes = models.OneToOneField(
        MinutesConfirmation, on_delete=models.CASCADE, null=True, blank=True, related_name="alert_event"
    )
    decision = models.OneToOneField(
        ExecutiveDecision, on_delete=models.CASCADE, null=True, blank=True, related_name="alert_event"
    )
    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="alert_event"
    )
    recorded_at = models.DateTimeField("recorded at")
    history = tracked()

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=["agenda", "supplement"],
                        publication__isnull=False,
                        minutes__isnull=True,
                        decision__isnull=True,
                        consultation__isnull=True,
                    )
                    | Q(
                        kind="minutes",
                        publication__isnull=True,
                        minutes__isnull=False,
                        decision__isnull=True,
                        consultation__isnull=True,
                    )
                    | Q(
                        kind="decision",
                        publication__isnull=True,
                        minutes__isnull=True,
                        decision__isnull=False,
                        consultation__isnull=True,
                    )
                    | Q(
                        kind="consultation",
                        publication__isnull=True,
                        minutes__isnull=True,
                        decision__isnull=True,
                        consultation__isnull=False,
                    )
                ),
                name="alert_event_names_one_record",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.recorded_at:%Y-%m-%d %H:%M})"


class AlertQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True, attempts__lt=MAX_ALERT_ATTEMPTS)


class Alert(models.Model):
    """One subscriber's alert of one event: sent once, alone or in their daily digest."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    event = models.ForeignKey(AlertEvent, on_delete=models.CASCADE, related_name="alerts")
    digest = models.BooleanField("in the daily digest", default=False)
    created_at = models.DateTimeField("recorded at")
    # Set when the task is done with it: sent, or (``last_error`` saying why) nothing to send.
    sent_at = models.DateTimeField("sent at", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("attempts to send", default=0)
    last_error = models.TextField("why the last attempt failed", blank=True)
    history = tracked()

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="one_alert_per_subscription_and_event"),
        ]
        indexes = [
            models.Index(fields=["subscription"], condition=Q(sent_at__isnull=True), name="alert_pending_idx"),
        ]

    def __str__(self):
        return f"Alert to {self.subscription.email}: {self.event}"
