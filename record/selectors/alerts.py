"""What an alert says, by the public rule, and what the alert pages load.

Alerts go to anyone who asks, so they say only what the public may read: an exempt agenda item is
counted, never named (LGA 1972 Sch 12A; ``scrutiny.access`` keeps its title from the public), a
decision gives its public notice, never its exempt part, and nothing of a body that does not meet
in public is ever described.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone

from executive.models import DecisionMakerKind
from members.models import Body, Member

from ..models import AlertEvent, EventKind, Subscription, SubscriptionKind, SubscriptionStatus


@dataclass
class AlertContent:
    """One event as an alert shows it: a heading, lines of detail, the public items and a link."""

    heading: str
    url: str
    details: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    exempt_items: int = 0


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return (
        f"{formats.date_format(local, 'l j F Y')} at {formats.time_format(local, 'g:i A').lower().replace(':00', '')}"
    )


def _meeting_details(meeting) -> list[str]:
    details = [f"When: {_when(meeting.starts_at)}"]
    if meeting.venue:
        details.append(f"Where: {meeting.venue}")
    return details


def consultation_url(consultation) -> str:
    """Where the public reads a consultation (the one place to change when its public page moves)."""
    return settings.SITE_URL + reverse("members:consultation-public", args=[consultation.pk])


def content(event: AlertEvent) -> AlertContent | None:
    """What the alert of ``event`` says, or ``None`` when there is nothing the public may be told
    (a meeting cancelled, or a body no longer meeting in public, since it was recorded)."""
    if event.kind in (EventKind.AGENDA, EventKind.SUPPLEMENT):
        publication = event.publication
        meeting = publication.meeting  # type: ignore[union-attr]
        if meeting.is_cancelled or not meeting.body.is_public:
            return None
        items = list(publication.items.order_by("position"))  # type: ignore[union-attr]
        what = "Agenda" if event.kind == EventKind.AGENDA else "Supplementary agenda"
        return AlertContent(
            heading=f"{what} published: {meeting.body}, {formats.date_format(meeting.date, 'j F Y')}",
            url=settings.SITE_URL + meeting.get_absolute_url(),
            details=_meeting_details(meeting),
            items=[item.title for item in items if not item.exempt],
            exempt_items=sum(1 for item in items if item.exempt),
        )
    if event.kind == EventKind.MINUTES:
        meeting = event.minutes.meeting  # type: ignore[union-attr]
        if not meeting.body.is_public:
            return None
        return AlertContent(
            heading=f"Minutes confirmed: {meeting.body}, {formats.date_format(meeting.date, 'j F Y')}",
            url=settings.SITE_URL + reverse("scrutiny:minutes", args=[meeting.pk]),
            details=["The minutes of the meeting were confirmed as a correct record."],
        )
    if event.kind == EventKind.DECISION:
        decision = event.decision
        if decision is None or decision.notice_published_on is None:
            return None
        details = [
            f"Decided by: {decision.decision_maker}",
            f"Decided on: {formats.date_format(decision.decided_on, 'j F Y')}",
        ]
        if decision.call_in_ends_on:
            details.append(f"Call-in period ends: {formats.date_format(decision.call_in_ends_on, 'j F Y')}")
        return AlertContent(
            heading=f"Decision notice published: {decision.title}",
            url=settings.SITE_URL + reverse("executive:decision-detail", args=[decision.pk]),
            details=details,
        )
    consultation = event.consultation
    if consultation is None or not consultation.public:
        return None
    return AlertContent(
        heading=f"Consultation open: {consultation.title}",
        url=consultation_url(consultation),
        details=[f"Closes: {_when(consultation.closes_at)}"],
    )


def event_for_content(event_id: int) -> AlertEvent:
    """An event with everything ``content`` reads, in one query (and one for an agenda's items)."""
    return AlertEvent.objects.select_related(
        "publication__meeting__body",
        "minutes__meeting__body",
        "decision__decision_maker__body",
        "decision__decision_maker__portfolio",
        "decision__decision_maker__officer__user",
        "consultation",
    ).get(pk=event_id)


def event_body_id(event: AlertEvent) -> int | None:
    """The committee an event is about (its meeting's body), for a search's committee filter."""
    if event.publication_id:
        return event.publication.meeting.body_id  # type: ignore[union-attr]
    if event.minutes_id:
        return event.minutes.meeting.body_id  # type: ignore[union-attr]
    return None


def event_text(event: AlertEvent) -> str:
    """The public words of an event, for matching a search subscription (see ``alert_sending``)."""
    described = content(event)
    if described is None:
        return ""
    return " ".join([described.heading, *described.details, *described.items])


# --- The pages -------------------------------------------------------------------------------------


def subscription_by_token(token: str) -> Subscription | None:
    return Subscription.objects.select_related("body", "member__user").filter(token=token).first()


def address_subscriptions(subscription: Subscription) -> list[Subscription]:
    """Every live subscription of the address that ``subscription`` (its link) belongs to."""
    return list(
        Subscription.objects.of_address(subscription.email)
        .exclude(status=SubscriptionStatus.UNSUBSCRIBED)
        .select_related("body", "member__user")
        .order_by("kind", "pk")
    )


def subscribable_bodies() -> QuerySet:
    return Body.objects.public().active().order_by("name")


def subscribable_councillors() -> QuerySet:
    return Member.objects.public().with_people().order_by("user__last_name", "user__first_name")


@dataclass
class OwnAlerts:
    bodies: list[int]
    members: list[int]
    consultations: bool
    frequency: str
    others: list[Subscription]


def own_alerts(person) -> OwnAlerts:
    """What the alert settings page shows as chosen for the person's own address."""
    subscriptions = list(
        Subscription.objects.confirmed()
        .filter(email=(person.email or "").strip().lower())
        .select_related("body", "member__user")
    )
    chosen = [s for s in subscriptions if s.kind != SubscriptionKind.SEARCH]
    frequencies = {s.frequency for s in chosen}
    return OwnAlerts(
        bodies=[s.body_id for s in chosen if s.kind == SubscriptionKind.COMMITTEE],
        members=[s.member_id for s in chosen if s.kind == SubscriptionKind.COUNCILLOR],
        consultations=any(s.kind == SubscriptionKind.CONSULTATIONS for s in chosen),
        frequency=frequencies.pop() if len(frequencies) == 1 else "immediate",
        others=[s for s in subscriptions if s.kind == SubscriptionKind.SEARCH],
    )


def meeting_subscribers(meeting, *, agenda: bool) -> QuerySet:
    """Confirmed subscriptions alerted of a public meeting's agenda (``agenda``) or minutes: its
    committee's subscribers and, for an agenda, those following a councillor who sits on it."""
    from members.models import Membership

    follows = Q(kind=SubscriptionKind.COMMITTEE, body=meeting.body_id)
    if agenda:
        seated = Membership.objects.current(meeting.date).filter(body=meeting.body_id).values("person")
        follows |= Q(kind=SubscriptionKind.COUNCILLOR, member__user__in=seated, member__in=Member.objects.public())
    return Subscription.objects.confirmed().filter(follows)


def decision_subscribers(decision) -> QuerySet:
    """Those following the Cabinet Member who took a decision of their portfolio."""
    maker = decision.decision_maker
    if maker.kind != DecisionMakerKind.CABINET_MEMBER or maker.portfolio.cabinet_member_id is None:
        return Subscription.objects.none()
    return Subscription.objects.confirmed().filter(
        kind=SubscriptionKind.COUNCILLOR, member=maker.portfolio.cabinet_member_id
    )


def consultation_subscribers() -> QuerySet:
    return Subscription.objects.confirmed().filter(kind=SubscriptionKind.CONSULTATIONS)


def search_subscriptions() -> QuerySet:
    return Subscription.objects.confirmed().filter(kind=SubscriptionKind.SEARCH)
