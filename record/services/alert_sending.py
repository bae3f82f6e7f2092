"""Turning publications into alerts, and sending each alert once (docs/decisions/0028-email-alerts.md).

1. ``alert_events_record`` (every minute, by the beat) finds what was published in the last
   ``WINDOW_DAYS`` and not yet alerted: agendas and supplements of public meetings, confirmed
   minutes, published decision notices, consultations opened to the public. For each it writes, in
   one transaction, the ``AlertEvent`` marker (unique per publication) and an ``Alert`` row for each
   confirmed subscriber at that moment: however often it runs, or if two run at once, each
   subscriber gets one row per event.
2. ``alerts_send`` sends the rows of subscriptions that want each alert as it happens, one row at a
   time, each in its own transaction holding the row's lock, through ``EMAIL_DELIVERY_BACKEND`` (so
   "sent" means the mail server accepted it); ``alert_digests_send`` (daily, Europe/London) sends
   each daily subscription's waiting rows as one message. A failure is recorded on the rows, which
   stay waiting for the next run; a row already sent is never sent again.

Search subscriptions are matched by one function, ``search_matcher`` (replace it with
``set_search_matcher``): given an event and the confirmed search subscriptions, it returns those
whose search finds the event: ``fulltext_matcher``, PostgreSQL's full-text search over the event's
public words with the search page's stemming and syntax (every word, case ignored, on SQLite).
"""

import datetime
import logging
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history  # type: ignore[import-untyped]

from council.history import with_reason
from council.mail import delivery_connection
from executive.models import ExecutiveDecision
from members.models import PUBLIC_BODY_KINDS, Consultation, ConsultationState
from scrutiny.models import MinutesConfirmation, Publication

from ..models import Alert, AlertEvent, EventKind, Frequency, Subscription
from ..selectors import alerts as selectors
from .alerts import build_message

logger = logging.getLogger(__name__)

#: How far back the recorder looks for publications not yet alerted (older ones never are).
WINDOW_DAYS = 7

SearchMatcher = Callable[[AlertEvent, list[Subscription]], Iterable[Subscription]]


def words_matcher(event: AlertEvent, subscriptions: list[Subscription]) -> list[Subscription]:
    """Every word of the search appears in the event's public words (case ignored)."""
    text = selectors.event_text(event).lower()
    if not text:
        return []
    return [s for s in subscriptions if all(word in text for word in s.query.lower().split())]


def fulltext_matcher(event: AlertEvent, subscriptions: list[Subscription]) -> list[Subscription]:
    """The search's words found in the event's public words by PostgreSQL's full-text search, with
    the English stemming and query syntax of the search page ("reviews" finds "review", "phrases",
    ``-not``), and the search's committee filter. Only the public wording is searched: what an
    alert may say is what the public may read. Elsewhere (SQLite), ``words_matcher``."""
    if connection.vendor != "postgresql":
        return words_matcher(event, subscriptions)
    text = selectors.event_text(event)
    if not text:
        return []
    body_id = selectors.event_body_id(event)
    wanted = [s for s in subscriptions if not s.filters.get("body") or str(s.filters["body"]) == str(body_id)]
    if not wanted:
        return []
    with connection.cursor() as cursor:
        # One query for all the subscriptions: which of their searches match the event's words.
        cursor.execute(
            "SELECT q.id FROM unnest(%s::bigint[], %s::text[]) AS q(id, words) "
            "WHERE to_tsvector('english', %s) @@ websearch_to_tsquery('english', q.words)",
            [[s.pk for s in wanted], [s.query for s in wanted], text],
        )
        found = {row[0] for row in cursor.fetchall()}
    return [s for s in wanted if s.pk in found]


search_matcher: SearchMatcher = fulltext_matcher


def set_search_matcher(matcher: SearchMatcher) -> None:
    """Match search subscriptions with ``matcher`` (the public record's full-text search)."""
    global search_matcher
    search_matcher = matcher


def _record(event: AlertEvent, subscribers, now: datetime.datetime) -> int:
    """Write the marker and its alert rows in one transaction; nothing if the marker exists."""
    with transaction.atomic():
        lookup = {
            name: getattr(event, name)
            for name in ("publication", "minutes", "decision", "consultation")
            if getattr(event, f"{name}_id")
        }
        event, created = AlertEvent.objects.get_or_create(**lookup, defaults={"kind": event.kind, "recorded_at": now})
        if not created:
            return 0
        chosen = {s.pk: s for s in subscribers}
        searches = list(selectors.search_subscriptions().exclude(pk__in=chosen))
        if searches:
            chosen.update({s.pk: s for s in search_matcher(event, searches)})
        alerts = [
            Alert(subscription=s, event=event, digest=s.frequency == Frequency.DAILY, created_at=now)
            for s in chosen.values()
        ]
        if alerts:
            bulk_create_with_history(alerts, Alert, default_change_reason="Alert recorded")
        return len(alerts)


def alert_events_record(*, now: datetime.datetime | None = None) -> dict:
    """Record the alerts of everything published since ``WINDOW_DAYS`` ago and not yet alerted."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=WINDOW_DAYS)
    counts = {"events": 0, "alerts": 0}

    def record(event: AlertEvent, subscribers) -> None:
        counts["events"] += 1
        counts["alerts"] += _record(event, subscribers, now)

    publications = Publication.objects.filter(
        published_at__gte=since,
        published_at__lte=now,
        alert_event__isnull=True,
        meeting__body__kind__in=PUBLIC_BODY_KINDS,
    ).select_related("meeting__body")
    for publication in publications.order_by("published_at", "pk"):
        record(
            AlertEvent(kind=EventKind(publication.kind), publication=publication),
            selectors.meeting_subscribers(publication.meeting, agenda=True),
        )
    confirmations = MinutesConfirmation.objects.filter(
        confirmed_at__gte=since,
        confirmed_at__lte=now,
        alert_event__isnull=True,
        meeting__body__kind__in=PUBLIC_BODY_KINDS,
    ).select_related("meeting__body")
    for confirmation in confirmations.order_by("confirmed_at", "pk"):
        record(
            AlertEvent(kind=EventKind.MINUTES, minutes=confirmation),
            selectors.meeting_subscribers(confirmation.meeting, agenda=False),
        )
    decisions = (
        ExecutiveDecision.objects.public()
        .filter(notice_published_on__gte=timezone.localtime(since).date(), alert_event__isnull=True)
        .select_related("decision_maker__portfolio")
    )
    for decision in decisions.order_by("notice_published_on", "pk"):
        record(AlertEvent(kind=EventKind.DECISION, decision=decision), selectors.decision_subscribers(decision))
    consultations = Consultation.objects.public().filter(
        state=ConsultationState.OPEN, opens_at__gte=since, opens_at__lte=now, alert_event__isnull=True
    )
    for consultation in consultations.order_by("opens_at", "pk"):
        record(AlertEvent(kind=EventKind.CONSULTATION, consultation=consultation), selectors.consultation_subscribers())
    return counts


# --- Sending ------------------------------------------------------------------------------------


def _subject(described: selectors.AlertContent) -> str:
    return described.heading


def _fail(alerts: list[Alert], error: Exception) -> None:
    for alert in alerts:
        alert.attempts += 1
        alert.last_error = f"{error.__class__.__name__}: {error}"[:1000]
        with_reason(alert, "Failed to send").save(update_fields=["attempts", "last_error"])


def _done(alerts: list[Alert], now: datetime.datetime, error: str = "") -> None:
    for alert in alerts:
        alert.sent_at = now
        alert.attempts += 1
        alert.last_error = error
        with_reason(alert, "Not sent" if error else "Sent").save(update_fields=["sent_at", "attempts", "last_error"])


def _content(event_id: int, contents: dict) -> selectors.AlertContent | None:
    """What an event's alerts say, worked out once per run (every subscriber gets the same words)."""
    if event_id not in contents:
        contents[event_id] = selectors.content(selectors.event_for_content(event_id))
    return contents[event_id]


def _deliver(alerts: list[Alert], subscription, subject: str, context: dict, connection, now, what: str) -> str:
    """Send one message for ``alerts`` (inside the caller's transaction, which holds their rows):
    "sent" and the rows marked, or "failed" with the error recorded on them to try again."""
    try:
        message = build_message(subscription, subject=subject, template="alert", context=context, connection=connection)
        connection.open()
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the rows and tried again
        logger.warning("%s failed: %s", what, error)
        connection.close()
        _fail(alerts, error)
        return "failed"
    _done(alerts, now)
    return "sent"


def _run(ids: list[int], send, now: datetime.datetime) -> dict:
    """``send`` each of ``ids`` (an alert, or a subscription's digest) over one connection to the mail
    server, counting what happened to each."""
    counts = {"sent": 0, "nothing_to_send": 0, "failed": 0, "not_ours": 0}
    if not ids:
        return counts
    connection = delivery_connection()
    contents: dict = {}
    try:
        for pk in ids:
            counts[send(pk, connection, now, contents)] += 1
    finally:
        connection.close()
    return counts


def _send_one(pk: int, connection, now: datetime.datetime, contents: dict) -> str:
    with transaction.atomic():
        alert = Alert.objects.pending().select_for_update(skip_locked=True).filter(pk=pk).first()
        if alert is None:  # sent already, or being sent by another worker
            return "not_ours"
        subscription = Subscription.objects.select_related("body", "member__user").get(pk=alert.subscription_id)
        if not subscription.is_confirmed:
            _done([alert], now, "Unsubscribed before it was sent")
            return "nothing_to_send"
        described = _content(alert.event_id, contents)
        if described is None:
            _done([alert], now, "Nothing the public may be told any more")
            return "nothing_to_send"
        return _deliver(
            [alert], subscription, _subject(described), {"entries": [described]}, connection, now, f"Alert {pk}"
        )


def alerts_send(*, limit: int = 500, now: datetime.datetime | None = None) -> dict:
    """Send the waiting alerts of subscriptions that want them as they happen, each once."""
    now = now or timezone.now()
    ids = list(Alert.objects.pending().filter(digest=False).order_by("pk").values_list("pk", flat=True)[:limit])
    return _run(ids, _send_one, now)


def _send_digest(subscription_pk: int, connection, now: datetime.datetime, contents: dict) -> str:
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("body", "member__user")
            .filter(pk=subscription_pk)
            .first()
        )
        if subscription is None:
            return "not_ours"
        alerts = list(
            subscription.alerts.pending()
            .filter(digest=True, created_at__lte=now)
            .select_for_update()
            .order_by("created_at", "pk")
        )
        if not alerts:
            return "not_ours"
        if not subscription.is_confirmed:
            _done(alerts, now, "Unsubscribed before it was sent")
            return "nothing_to_send"
        entries = [described for alert in alerts if (described := _content(alert.event_id, contents)) is not None]
        if not entries:
            _done(alerts, now, "Nothing the public may be told any more")
            return "nothing_to_send"
        return _deliver(
            alerts,
            subscription,
            f"Your daily email alert: {subscription.subject} ({len(entries)} new)",
            {"entries": entries, "digest": True},
            connection,
            now,
            f"Alert digest for subscription {subscription_pk}",
        )


def alert_digests_send(*, now: datetime.datetime | None = None) -> dict:
    """Send each daily subscription's waiting alerts as one message (one digest per subscription)."""
    now = now or timezone.now()
    ids = list(
        Alert.objects.pending()
        .filter(digest=True, created_at__lte=now)
        .order_by("subscription_id")
        .values_list("subscription_id", flat=True)
        .distinct()
    )
    return _run(ids, _send_digest, now)
