"""Consultation emails as rows in the database, claimed and sent by one periodic task.

Planning (``plan_on_open``, ``plan_thank_you``, ``plan_adhoc``, ``cancel_pending``) only records
rows, inside the caller's transaction: a rolled-back change plans nothing. Each row is unique per
(consultation, member, kind, key), so planning twice adds nothing.

Sending (``claim_due`` then ``send_claimed``, run by ``members.consultations.tasks``):

1. ``claim_due`` locks due rows with ``SELECT … FOR UPDATE SKIP LOCKED`` (two beats, or two
   workers, never claim the same row), marks them ``sending`` with ``claimed_at`` and one more
   attempt, and commits before any email goes.
2. ``send_claimed`` takes the rows one at a time, each in its own transaction holding the row's
   lock: it sends only a row still ``sending`` under the same claim (a retried or redelivered task
   finds it ``sent`` and sends nothing), skips a reminder to a member who has responded since, or
   any email about a consultation no longer open, sends the email through
   ``EMAIL_DELIVERY_BACKEND`` (SMTP: "sent" means the mail server accepted it, not "queued") and
   marks the row ``sent`` in the same transaction.
3. A failure marks the row ``failed`` with the error in words and due again later (2, 4, 8, 16
   minutes); after ``MAX_ATTEMPTS`` the owner sees it as not sent, with a retry button.
4. A row left ``sending`` longer than ``LEASE`` (its worker died, or its task was lost) is claimed
   again by a later run.

The window that remains (at-least-once): if a worker dies, or the database is lost, after the mail
server accepted an email and before the ``sent`` mark commits, the row is still ``sending`` and is
sent again after the lease. That is one email, in the instant between two statements, per crash;
every other interruption sends nothing twice.
"""

import datetime
import logging
import smtplib
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history  # type: ignore[import-untyped]

from council.errors import RuleError
from council.history import saved_by, with_reason
from council.templatetags.govuk import govuk_time

from ...models import (
    MAX_ATTEMPTS,
    Consultation,
    ConsultationState,
    Reminder,
    ReminderKind,
    ReminderStatus,
    ReminderTime,
    Response,
    ResponseState,
)
from ..selectors.audience import audience
from ..selectors.reminders import reminder_key, reminder_times

logger = logging.getLogger(__name__)

LONDON = ZoneInfo("Europe/London")
#: A row ``sending`` for longer than this is taken to be interrupted and is claimed again.
LEASE = datetime.timedelta(minutes=10)
#: Rows claimed in one transaction, and sent by one task.
BATCH_SIZE = 200
#: Kinds that go only to members who have not responded.
TO_NON_RESPONDERS = (ReminderKind.REMINDER, ReminderKind.ADHOC)


# --- When ------------------------------------------------------------------------------------


def reminder_due_at(closes_at: datetime.datetime, days_before: int, time_of_day: datetime.time) -> datetime.datetime:
    """The moment of a reminder: the London wall-clock time on the day ``days_before`` the closing
    day (London), as an aware datetime; 08:00 is 08:00 on the clock either side of a clock change."""
    day = timezone.localtime(closes_at, LONDON).date() - datetime.timedelta(days=days_before)
    return datetime.datetime.combine(day, time_of_day, tzinfo=LONDON)


@transaction.atomic
def set_reminder_times(consultation: Consultation, days: list[int], time_of_day: datetime.time, *, by) -> None:
    """Replace the consultation's reminder times; only while it is a draft (rows are planned on opening)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state != ConsultationState.DRAFT:
        raise RuleError("Reminder times can only be changed before the consultation opens", field="days")
    days = sorted(set(days), reverse=True)
    if not days:
        raise RuleError("Enter at least one number of days before closing", field="days")
    if any(d > 60 for d in days):
        raise RuleError("Days before closing must be 60 or fewer", field="days")
    for old in consultation.reminder_times.all():
        with_reason(old, "Reminder times changed", by=by).delete()
    for day in days:
        saved_by(
            ReminderTime(consultation=consultation, days_before=day, time_of_day=time_of_day),
            by,
            "Reminder times changed",
        )


# --- Planning ---------------------------------------------------------------------------------


def _plan(consultation: Consultation, kind: str, key: str, due_at, member_ids, *, by, reason: str) -> int:
    """Add a row per member not already planned for (kind, key); returns how many were added."""
    member_ids = set(member_ids)
    already = set(
        Reminder.objects.filter(consultation=consultation, kind=kind, key=key).values_list("member_id", flat=True)
    )
    new = member_ids - already
    if not new:
        return 0
    rows = [
        Reminder(consultation=consultation, member_id=member_id, kind=kind, key=key, due_at=due_at)
        for member_id in sorted(new)
    ]
    # ignore_conflicts: a concurrent planner that added the same row wins; the database keeps one.
    Reminder.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    created = list(Reminder.objects.filter(consultation=consultation, kind=kind, key=key, member_id__in=new))
    Reminder.history.bulk_history_create(
        created, batch_size=1000, default_user=by, default_change_reason=reason, default_date=timezone.now()
    )
    return len(created)


def _responded_ids(consultation: Consultation):
    return Response.objects.filter(consultation=consultation, state=ResponseState.SUBMITTED).values("member_id")


@transaction.atomic
def plan_on_open(consultation, *, by=None) -> None:
    """The consultation has opened: an invitation to every member of the audience now, and
    reminders to non-responders at the consultation's reminder times before closing."""
    now = timezone.now()
    member_ids = list(audience(consultation).values_list("pk", flat=True))
    _plan(
        consultation,
        ReminderKind.INVITATION,
        "open",
        max(now, consultation.opens_at),
        member_ids,
        by=by,
        reason="Invitation planned on opening",
    )
    for days_before, time_of_day in reminder_times(consultation):
        due_at = reminder_due_at(consultation.closes_at, days_before, time_of_day)
        if now < due_at < consultation.closes_at and due_at > consultation.opens_at:
            _plan(
                consultation,
                ReminderKind.REMINDER,
                reminder_key(days_before),
                due_at,
                member_ids,
                by=by,
                reason="Reminder planned on opening",
            )


@transaction.atomic
def plan_thank_you(consultation, *, by=None) -> None:
    """The owner has published the summary (and outcome): thank respondents, with the link.

    One thank-you per publication: "summary" when the summary is published, and "outcome" when
    the outcome is (so publishing the outcome later thanks respondents again, with the outcome).
    Published together, respondents get one thank-you, with both."""
    if consultation.outcome_published_at:
        key = "outcome"
    elif consultation.summary_published_at:
        key = "summary"
    else:
        return
    respondents = _responded_ids(consultation).values_list("member_id", flat=True)
    _plan(
        consultation,
        ReminderKind.THANK_YOU,
        key,
        timezone.now(),
        respondents,
        by=by,
        reason=f"Thank-you planned: {key} published",
    )


def non_responders(consultation: Consultation):
    return audience(consultation).exclude(pk__in=_responded_ids(consultation))


@transaction.atomic
def plan_adhoc(consultation, *, by) -> int:
    """An ad-hoc reminder to every member of the audience who has not responded; returns how many."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state != ConsultationState.OPEN or consultation.closes_at <= timezone.now():
        raise RuleError("Reminders can only be sent while the consultation is open")
    queued = Reminder.objects.filter(
        consultation=consultation, kind=ReminderKind.ADHOC, status__in=[ReminderStatus.PENDING, ReminderStatus.SENDING]
    )
    if queued.exists():
        raise RuleError("A reminder is already on its way to members who have not responded")
    member_ids = list(non_responders(consultation).values_list("pk", flat=True))
    if not member_ids:
        raise RuleError("Every member asked has responded: there is no one to remind")
    batches = Reminder.objects.filter(consultation=consultation, kind=ReminderKind.ADHOC)
    number = batches.values("key").distinct().count() + 1
    return _plan(
        consultation,
        ReminderKind.ADHOC,
        f"adhoc-{number}",
        timezone.now(),
        member_ids,
        by=by,
        reason="Ad-hoc reminder to members who have not responded",
    )


@transaction.atomic
def cancel_pending(consultation, *, by=None) -> None:
    """The consultation closed early or was withdrawn: reminders not yet sent will not be."""
    rows = list(
        Reminder.objects.select_for_update()
        .filter(consultation=consultation, status__in=[ReminderStatus.PENDING, ReminderStatus.FAILED])
        .exclude(kind=ReminderKind.THANK_YOU)
    )
    for row in rows:
        row.status = ReminderStatus.SKIPPED
        row.last_error = "The consultation closed before it was due"
    if rows:
        bulk_update_with_history(
            rows,
            Reminder,
            ["status", "last_error"],
            batch_size=1000,
            default_user=by,
            default_change_reason="Not sent: the consultation closed",
        )


@transaction.atomic
def retry(reminder: Reminder, *, by) -> None:
    """The owner asks for a failed email to be tried again now."""
    row = Reminder.objects.select_for_update().get(pk=reminder.pk)
    if row.status != ReminderStatus.FAILED:
        raise RuleError("Only an email that failed can be tried again")
    row.status = ReminderStatus.PENDING
    row.due_at = timezone.now()
    saved_by(row, by, "Tried again by the owner")


# --- Claiming and sending ---------------------------------------------------------------------


def _due(now):
    return Q(status=ReminderStatus.PENDING, due_at__lte=now) | Q(
        status=ReminderStatus.FAILED, due_at__lte=now, attempts__lt=MAX_ATTEMPTS
    )


def claim_due(now=None, limit: int = BATCH_SIZE) -> tuple[list[int], datetime.datetime | None]:
    """Claim up to ``limit`` due rows (and rows interrupted past their lease); returns their ids and
    the claim time, which the sender checks. The caller commits before sending (see the tasks)."""
    now = now or timezone.now()
    interrupted = Q(status=ReminderStatus.SENDING, claimed_at__lt=now - LEASE)
    rows = list(
        Reminder.objects.select_for_update(skip_locked=True)
        .filter(_due(now) | interrupted)
        .order_by("due_at", "pk")[:limit]
    )
    for row in rows:
        row.status = ReminderStatus.SENDING
        row.claimed_at = now
        row.attempts += 1
    if rows:
        bulk_update_with_history(
            rows, Reminder, ["status", "claimed_at", "attempts"], default_change_reason="Claimed for sending"
        )
    return [row.pk for row in rows], (now if rows else None)


def backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=2**attempts)


def site_url() -> str:
    """The service's address as people reach it (``SITE_URL``): the worker has no request to ask."""
    return settings.SITE_URL.rstrip("/")


def _link(consultation, kind) -> str:
    if kind == ReminderKind.THANK_YOU:
        path = reverse("members:consultation-summary", args=[consultation.pk])
    else:
        path = reverse("members:consultation-respond", args=[consultation.pk])
    return site_url() + path


def build_message(reminder: Reminder, connection=None) -> EmailMultiAlternatives:
    """The email: plain text with an HTML alternative; the consultation, its deadline in London
    time and the absolute link to the page (which asks the member to sign in; no token in it)."""
    consultation = reminder.consultation
    member = reminder.member
    templates: dict[str, str] = {
        ReminderKind.INVITATION: "consultation_invitation",
        ReminderKind.REMINDER: "consultation_reminder",
        ReminderKind.ADHOC: "consultation_reminder",
        ReminderKind.THANK_YOU: "consultation_thank_you",
    }
    template = templates[reminder.kind]
    closes = timezone.localtime(consultation.closes_at, LONDON)
    context = {
        "consultation": consultation,
        "member": member,
        "name": member.user.get_full_name(),
        "deadline": f"{govuk_time(closes)} on {closes:%A %-d %B %Y}",
        "link": _link(consultation, reminder.kind),
        "with_outcome": reminder.key == "outcome",
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.COUNCIL_SERVICE_NAME,
    }
    subjects: dict[str, str] = {
        ReminderKind.INVITATION: f"Consultation: {consultation.title}",
        ReminderKind.REMINDER: f"Reminder: please respond to “{consultation.title}”",
        ReminderKind.ADHOC: f"Reminder: please respond to “{consultation.title}”",
        ReminderKind.THANK_YOU: f"Thank you for responding to “{consultation.title}”",
    }
    subject = subjects[reminder.kind]
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"members/emails/{template}.txt", context),
        to=[member.user.email],
        connection=connection,
        headers={"X-Council-Reminder": str(reminder.pk)},
    )
    message.attach_alternative(render_to_string(f"members/emails/{template}.html", context), "text/html")
    return message


def _skip_reason(row: Reminder, now) -> str:
    consultation = row.consultation
    if row.kind != ReminderKind.THANK_YOU and (
        consultation.state != ConsultationState.OPEN or consultation.closes_at <= now
    ):
        return "The consultation closed before it was sent"
    if row.kind in TO_NON_RESPONDERS and _responded_ids(consultation).filter(member_id=row.member_id).exists():
        return "The member has responded"
    if not row.member.user.email:
        return "The member has no email address"
    return ""


def _in_words(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "The mail server refused the address: " + "; ".join(
            f"{address} ({code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason})"
            for address, (code, reason) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"The mail server answered {error.smtp_code}: {text}"
    if isinstance(error, ConnectionError | OSError | smtplib.SMTPServerDisconnected):
        return f"Could not reach the mail server: {error}"
    return f"Could not send: {error.__class__.__name__}: {error}"


def send_claimed(ids: list[int], claimed_at: datetime.datetime) -> dict:
    """Send the rows of one claim, each in its own transaction; returns counts by outcome."""
    counts = {"sent": 0, "skipped": 0, "failed": 0, "not_ours": 0}
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    try:
        for pk in ids:
            counts[_send_one(pk, claimed_at, connection)] += 1
    finally:
        connection.close()
    return counts


def _send_one(pk: int, claimed_at, connection) -> str:
    with transaction.atomic():
        rows = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("consultation", "member__user")
            .filter(pk=pk, status=ReminderStatus.SENDING, claimed_at=claimed_at)
            .order_by()[:1]
        )
        row = rows[0] if rows else None
        if row is None:  # sent already, reclaimed by a later run, or being sent by another worker
            return "not_ours"
        now = timezone.now()
        reason = _skip_reason(row, now)
        if reason:
            row.status = ReminderStatus.SKIPPED
            row.last_error = reason
            _save(row, f"Not sent: {reason}", "status", "last_error")
            return "skipped"
        try:
            connection.open()  # one SMTP session for the batch: opens only if not open (or closed by a failure)
            build_message(row, connection).send()
        except Exception as error:  # any failure is recorded on the row, never lost
            logger.warning("Consultation email %s failed: %s", pk, error)
            connection.close()  # the next row opens a fresh connection
            row.status = ReminderStatus.FAILED
            row.last_error = _in_words(error)
            if row.attempts < MAX_ATTEMPTS:
                row.due_at = now + backoff(row.attempts)
            _save(row, "Failed to send", "status", "last_error", "due_at")
            return "failed"
        row.status = ReminderStatus.SENT
        row.sent_at = timezone.now()
        row.last_error = ""
        _save(row, "Sent", "status", "sent_at", "last_error")
        return "sent"


def _save(row: Reminder, reason: str, *fields: str) -> None:
    """Save only what changed (the row is locked by this transaction); history records the reason."""
    with_reason(row, reason).save(update_fields=fields)
