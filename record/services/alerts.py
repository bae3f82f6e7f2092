"""Subscriptions to email alerts: asked for by anyone (double opt-in), confirmed, unsubscribed, and
chosen by signed-in people for their own address on the alert settings page.

Asking again for the same thing never makes a second subscription and never tells the person
asking whether the address was already subscribed: the page says the same thing every time, and
only the owner of the address reads (in their email) what happened.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from council.history import saved_by
from members.models import Body, Member

from ..models import PENDING_DAYS, Frequency, Subscription, SubscriptionKind, SubscriptionStatus
from ..models.alerts import new_token

#: What the settings page chooses (a search alert is made from the search page).
OWN_KINDS = [SubscriptionKind.COMMITTEE, SubscriptionKind.COUNCILLOR, SubscriptionKind.CONSULTATIONS]


def normalise_email(email: str) -> str:
    return email.strip().lower()


def search_key(query: str, filters: dict | None) -> str:
    """One key for one search: the same words (in any case and spacing) and the same filters."""
    words = " ".join(query.lower().split())
    data = json.dumps({"q": words, "filters": filters or {}}, sort_keys=True)
    return "search:" + hashlib.sha256(data.encode()).hexdigest()[:40]


def subscription_key(
    *, kind: str, body: Body | None = None, member: Member | None = None, query: str = "", filters=None
) -> str:
    if kind == SubscriptionKind.COMMITTEE:
        return f"committee:{body.pk}"  # type: ignore[union-attr]
    if kind == SubscriptionKind.COUNCILLOR:
        return f"councillor:{member.pk}"  # type: ignore[union-attr]
    if kind == SubscriptionKind.CONSULTATIONS:
        return "consultations"
    return search_key(query, filters)


def links(subscription: Subscription) -> dict[str, str]:
    """The addresses of the pages a subscriber's emails link to, each carrying the token."""
    token = subscription.token
    return {
        "confirm_url": settings.SITE_URL + reverse("record:subscription-confirm", args=[token]),
        "unsubscribe_url": settings.SITE_URL + reverse("record:subscription-unsubscribe", args=[token]),
        "manage_url": settings.SITE_URL + reverse("record:subscription-manage", args=[token]),
    }


def build_message(
    subscription: Subscription, *, subject: str, template: str, context: dict, connection=None
) -> EmailMultiAlternatives:
    """A message to a subscriber, in plain text and HTML from ``templates/record/alerts/emails/``,
    with the one-click unsubscribe of RFC 8058 (``List-Unsubscribe`` and ``List-Unsubscribe-Post``)."""
    urls = links(subscription)
    context = {
        **context,
        **urls,
        "subscription": subscription,
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.COUNCIL_SERVICE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"record/alerts/emails/{template}.txt", context),
        to=[subscription.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{urls['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"record/alerts/emails/{template}.html", context), "text/html")
    return message


def _check_target(*, kind: str, body: Body | None, member: Member | None, query: str) -> None:
    if kind == SubscriptionKind.COMMITTEE and (body is None or not Body.objects.public().filter(pk=body.pk).exists()):
        raise RuleError("Choose a committee that meets in public")
    if kind == SubscriptionKind.COUNCILLOR and (
        member is None or not Member.objects.public().filter(pk=member.pk).exists()
    ):
        raise RuleError("Choose a serving councillor")
    if kind == SubscriptionKind.SEARCH and not query.strip():
        raise RuleError("Enter the words to search for", field="query")


def _send(message: EmailMultiAlternatives) -> None:
    # Through Django's EMAIL_BACKEND: the outbox of council/mail.py, queued after this commit.
    message.send()


@transaction.atomic
def subscription_request(
    *,
    email: str,
    kind: str,
    frequency: str = Frequency.IMMEDIATE,
    body: Body | None = None,
    member: Member | None = None,
    query: str = "",
    filters: dict | None = None,
    by=None,
    now: datetime.datetime | None = None,
) -> None:
    """Someone (signed in or not) asks for alerts at ``email``. A new or lapsed subscription is
    pending and sent the confirmation link; a pending one is sent its link again; a confirmed one
    is left as it is, and its owner is told (they may change it from the link in that email)."""
    now = now or timezone.now()
    email = normalise_email(email)
    query = " ".join(query.split())[:200]
    filters = filters or {}
    _check_target(kind=kind, body=body, member=member, query=query)
    key = subscription_key(kind=kind, body=body, member=member, query=query, filters=filters)
    by = by if getattr(by, "is_authenticated", False) else None
    subscription = Subscription.objects.select_for_update().filter(email=email, key=key).first()
    if subscription is None:
        subscription = Subscription(
            email=email,
            kind=kind,
            body=body,
            member=member,
            query=query if kind == SubscriptionKind.SEARCH else "",
            filters=filters if kind == SubscriptionKind.SEARCH else {},
            key=key,
            frequency=frequency,
            created_at=now,
        )
        saved_by(subscription, by, "Subscription asked for")
    elif subscription.status == SubscriptionStatus.CONFIRMED:
        _send(
            build_message(
                subscription,
                subject=f"You already get email alerts about {subscription.subject}",
                template="already_subscribed",
                context={},
            )
        )
        return
    elif subscription.status == SubscriptionStatus.UNSUBSCRIBED or subscription.created_at < now - datetime.timedelta(
        days=PENDING_DAYS
    ):
        # A fresh link: one from before the unsubscribe, or expired, must not confirm this request.
        subscription.status = SubscriptionStatus.PENDING
        subscription.token = new_token()
        subscription.frequency = frequency
        subscription.created_at = now
        subscription.unsubscribed_at = None
        saved_by(subscription, by, "Subscription asked for again")
    _send(
        build_message(
            subscription,
            subject=f"Confirm your email alerts about {subscription.subject}",
            template="confirm",
            context={"days": PENDING_DAYS},
        )
    )


def is_expired(subscription: Subscription, now: datetime.datetime) -> bool:
    return subscription.status == SubscriptionStatus.PENDING and subscription.created_at < now - datetime.timedelta(
        days=PENDING_DAYS
    )


@transaction.atomic
def subscription_confirm(*, subscription: Subscription, now: datetime.datetime | None = None) -> Subscription:
    """The owner of the address followed the link and pressed the button: alerts start."""
    now = now or timezone.now()
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status == SubscriptionStatus.CONFIRMED:
        return subscription
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        raise RuleError("You unsubscribed from these alerts. To get them again, subscribe again")
    if is_expired(subscription, now):
        raise RuleError(f"This link has expired: links last {PENDING_DAYS} days. Subscribe again for a new link")
    subscription.status = SubscriptionStatus.CONFIRMED
    subscription.confirmed_at = now
    return saved_by(subscription, None, "Subscription confirmed")


@transaction.atomic
def subscription_unsubscribe(*, subscription: Subscription, now: datetime.datetime | None = None) -> Subscription:
    """Stop the subscription's alerts (and any not yet sent). Unsubscribing twice does nothing more."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        return subscription
    subscription.status = SubscriptionStatus.UNSUBSCRIBED
    subscription.unsubscribed_at = now or timezone.now()
    return saved_by(subscription, None, "Unsubscribed")


@transaction.atomic
def subscription_change_frequency(*, subscription: Subscription, frequency: str) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.CONFIRMED:
        raise RuleError("Only a confirmed subscription can be changed")
    subscription.frequency = Frequency(frequency)
    return saved_by(subscription, None, "How often changed")


@transaction.atomic
def subscriptions_expire(*, now: datetime.datetime | None = None) -> int:
    """Forget pending subscriptions whose link has run out (the address was never confirmed)."""
    deleted, _ = Subscription.objects.expired(now or timezone.now()).delete()
    return deleted


@transaction.atomic
def own_alerts_save(
    *,
    person,
    bodies,
    members,
    consultations: bool,
    frequency: str,
    now: datetime.datetime | None = None,
) -> list[Subscription]:
    """A signed-in person chooses the alerts sent to their own account's address: confirmed at
    once (the address is the one they sign in with), and those they no longer choose stopped."""
    now = now or timezone.now()
    email = normalise_email(person.email or "")
    if not email:
        raise RuleError("Your account has no email address: ask an Administrator to add one")
    wanted: dict[str, dict] = {}
    for body in bodies:
        _check_target(kind=SubscriptionKind.COMMITTEE, body=body, member=None, query="")
        wanted[subscription_key(kind=SubscriptionKind.COMMITTEE, body=body)] = {
            "kind": SubscriptionKind.COMMITTEE,
            "body": body,
        }
    for member in members:
        _check_target(kind=SubscriptionKind.COUNCILLOR, body=None, member=member, query="")
        wanted[subscription_key(kind=SubscriptionKind.COUNCILLOR, member=member)] = {
            "kind": SubscriptionKind.COUNCILLOR,
            "member": member,
        }
    if consultations:
        wanted["consultations"] = {"kind": SubscriptionKind.CONSULTATIONS}
    existing = {
        s.key: s
        for s in Subscription.objects.select_for_update().filter(
            email=email,
            kind__in=[SubscriptionKind.COMMITTEE, SubscriptionKind.COUNCILLOR, SubscriptionKind.CONSULTATIONS],
        )
    }
    chosen = []
    for key, target in wanted.items():
        subscription = existing.get(key) or Subscription(email=email, key=key, created_at=now, **target)
        changed = (
            subscription.pk is None
            or subscription.status != SubscriptionStatus.CONFIRMED
            or subscription.frequency != frequency
            or subscription.person_id != person.pk
        )
        if changed:
            if subscription.status != SubscriptionStatus.CONFIRMED:
                subscription.confirmed_at = now
            subscription.status = SubscriptionStatus.CONFIRMED
            subscription.unsubscribed_at = None
            subscription.frequency = Frequency(frequency)
            subscription.person = person
            saved_by(subscription, person, "Chosen on the alert settings page")
        chosen.append(subscription)
    for key, subscription in existing.items():
        if key not in wanted and subscription.status != SubscriptionStatus.UNSUBSCRIBED:
            subscription.status = SubscriptionStatus.UNSUBSCRIBED
            subscription.unsubscribed_at = now
            saved_by(subscription, person, "Stopped on the alert settings page")
    return chosen
