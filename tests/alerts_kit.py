"""Helpers for the email alerts tests: subscriptions, a published agenda and the mail they send."""

import datetime
import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from record.models import Frequency, Subscription, SubscriptionKind, SubscriptionStatus
from record.services.alerts import subscription_key
from scrutiny import services as scrutiny_services
from tests.factories import MeetingFactory


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def subscribed(email="resident@example.org", *, frequency=Frequency.IMMEDIATE, **target) -> Subscription:
    """A confirmed subscription, as if its link had been followed."""
    kind = target.pop("kind", None) or (
        SubscriptionKind.COMMITTEE
        if "body" in target
        else SubscriptionKind.COUNCILLOR
        if "member" in target
        else SubscriptionKind.SEARCH
        if "query" in target
        else SubscriptionKind.CONSULTATIONS
    )
    return Subscription.objects.create(
        email=email,
        kind=kind,
        key=subscription_key(kind=kind, **target),
        frequency=frequency,
        status=SubscriptionStatus.CONFIRMED,
        confirmed_at=timezone.now(),
        **target,
    )


def published_agenda(body, clerk, *items, **meeting_fields):
    """A meeting of ``body`` a month ahead with ``items`` (dicts of agenda item fields), published."""
    meeting = MeetingFactory(body=body, **meeting_fields)
    for fields in items or ({"title": "Budget monitoring"},):
        scrutiny_services.agenda_item_add(meeting=meeting, by=clerk, **fields)
    scrutiny_services.agenda_publish(meeting=meeting, by=clerk)
    return meeting


def exempt_item(title: str) -> dict:
    return {
        "title": title,
        "exempt": True,
        "exempt_paragraph": 3,
        "public_interest_reason": "Commercially sensitive terms of a contract.",
    }


def sent_to(email: str) -> list:
    return [message for message in mail.outbox if email in message.to]


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)
