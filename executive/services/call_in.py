"""Call-in of executive decisions (LGA 2000 s.9F(4) and the constitution; docs/decisions/0020-call-in.md):
members of overview and scrutiny call a published decision in with reasons during the call-in
period; the call-in is valid once an O&S chair alone, or ``CALL_IN_MEMBERS_NEEDED`` members, have put
their names to it; Democratic Services place it on an O&S meeting within
``CALL_IN_CONSIDERED_WITHIN_WORKING_DAYS``, then record the committee's outcome and, for a referral,
the decision maker's (or Council's) response. The decision takes effect only when the outcome allows.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone

from council import calendar, permissions
from council.errors import RuleError
from council.history import saved_by
from council.roles import Role
from members.models import BodyKind, MembershipRole
from scrutiny.models import Meeting
from scrutiny.services import agenda_item_add

from .. import access
from ..models import CallIn, CallInOutcome, CallInResponse, CallInSignature, ExecutiveDecision

logger = logging.getLogger(__name__)

SUPPORT_WORDING = "I support the reasons given."


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _check_open_to_call_in(decision: ExecutiveDecision, today: datetime.date) -> None:
    if decision.notice_published_on is None:
        raise RuleError("This decision's notice is not yet published, so it cannot be called in")
    if decision.call_in_exempt_reason.strip() or decision.call_in_ends_on is None:
        raise RuleError(
            "This decision is not subject to call-in: it was taken as urgent and exempted from call-in, "
            f"because {decision.call_in_exempt_reason.strip().rstrip('.')}"
        )
    if today < decision.notice_published_on:
        raise RuleError("The call-in period starts when the decision notice is published")
    if today > decision.call_in_ends_on:
        raise RuleError(
            f"The call-in period ended on {_day(decision.call_in_ends_on)}: the decision can no longer be called in"
        )


def _check_member(by, today: datetime.date) -> bool:
    """Who may call in (the constitution): a current member of an O&S committee who is not a
    Cabinet Member. Returns whether they chair an O&S committee that day."""
    if permissions.has_role(by, Role.CABINET_MEMBER) or access.holds_portfolio(by, today):
        raise RuleError("Cabinet Members cannot call in executive decisions: they do not sit on overview and scrutiny")
    if not permissions.can(by, access.REQUEST_CALL_IN):
        raise RuleError("Only councillors on an overview and scrutiny committee may call in a decision")
    seats = list(access.scrutiny_seats(by, today).values_list("role", flat=True))
    if not seats:
        raise RuleError(
            f"Only members of an overview and scrutiny committee may call in a decision, and on {_day(today)} "
            "you do not sit on one"
        )
    return MembershipRole.CHAIR in seats


def _is_valid(call_in: CallIn) -> bool:
    signatures = call_in.signatures.all()
    if settings.CALL_IN_CHAIR_ALONE and signatures.filter(as_chair=True).exists():
        return True
    return signatures.count() >= settings.CALL_IN_MEMBERS_NEEDED


@transaction.atomic
def call_in_request(
    *,
    decision: ExecutiveDecision,
    by,
    reasons: str = "",
    outcome_sought: str = "",
    supports_reasons_given: bool = False,
    today: datetime.date | None = None,
) -> CallIn:
    """``by`` calls ``decision`` in, or puts their name to its call-in, with their own reasons (or,
    to an existing call-in, "I support the reasons given"). Made only during the call-in period
    (to the end of its last day). The call-in becomes valid, and the decision "Called in", when the
    O&S chair alone (``CALL_IN_CHAIR_ALONE``) or the ``CALL_IN_MEMBERS_NEEDED``th member puts their
    name to it; Democratic Services are then told by email."""
    decision = ExecutiveDecision.objects.select_for_update().get(pk=decision.pk)
    today = today or timezone.localdate()
    _check_open_to_call_in(decision, today)
    as_chair = _check_member(by, today)
    call_in = CallIn.objects.select_for_update().filter(decision=decision).first()
    if call_in is not None and call_in.signatures.filter(member=by).exists():
        raise RuleError("You have already put your name to this call-in")
    reasons = reasons.strip()
    if supports_reasons_given and call_in is None:
        raise RuleError("No one has given reasons yet: give your reasons for calling the decision in", field="reasons")
    if supports_reasons_given:
        reasons = reasons or SUPPORT_WORDING
    elif not reasons:
        raise RuleError("Enter your reasons for calling the decision in", field="reasons")
    if outcome_sought not in (CallInOutcome.REFERRED_BACK, CallInOutcome.REFERRED_TO_COUNCIL):
        if not supports_reasons_given:
            raise RuleError("Choose what you want the committee to do", field="outcome_sought")
        outcome_sought = ""
    if call_in is None:
        call_in = saved_by(CallIn(decision=decision, opened_on=today), by, "Call-in requested")
    saved_by(
        CallInSignature(
            call_in=call_in,
            member=by,
            reasons=reasons,
            supports_reasons_given=supports_reasons_given,
            outcome_sought=outcome_sought,
            as_chair=as_chair,
            signed_on=today,
            signed_at=timezone.now(),
        ),
        by,
        "Name put to the call-in",
    )
    if call_in.valid_on is None and _is_valid(call_in):
        call_in.valid_on = today
        call_in.consider_by = calendar.call_in_consideration_deadline(today)
        saved_by(call_in, by, "Call-in valid: the decision is called in")
        _tell_democratic_services(call_in.pk)
    return call_in


def _tell_democratic_services(call_in_pk: int) -> None:
    """Queue the email to Democratic Services: an outbox row in the call-in's own transaction (sent
    after it commits, or by the outbox's sweep if the broker is down). A failure here is logged and
    never loses the call-in (the clerks' dashboard lists it too)."""
    try:
        with transaction.atomic():  # a savepoint: a failure leaves the call-in's transaction usable
            _email_democratic_services(call_in_pk)
    except Exception:
        logger.exception("Could not queue the call-in email for call-in %s", call_in_pk)


def _email_democratic_services(call_in_pk: int) -> None:
    call_in = CallIn.objects.select_related("decision").get(pk=call_in_pk)
    to = list(permissions.people_with_role(Role.DEMOCRATIC_SERVICES).exclude(email="").values_list("email", flat=True))
    if not to or call_in.valid_on is None or call_in.consider_by is None:
        return
    signatures = call_in.signatures.select_related("member")
    context = {
        "call_in": call_in,
        "decision": call_in.decision,
        "signatures": signatures,
        "valid_on": _day(call_in.valid_on),
        "consider_by": _day(call_in.consider_by),
        "url": settings.SITE_URL + call_in.decision.get_absolute_url(),
    }
    EmailMessage(
        subject=f"Decision called in: {call_in.decision.title}",
        body=render_to_string("executive/emails/call_in_valid.txt", context),
        to=to,
    ).send()


def scrutiny_meetings_for(call_in: CallIn, today: datetime.date):
    """The meetings a call-in may be placed on: an O&S committee's, not held, cancelled or past,
    on or before the constitution's deadline."""
    return (
        Meeting.objects.filter(body__kind=BodyKind.OVERVIEW_SCRUTINY, starts_at__date__gte=today)
        .filter(starts_at__date__lte=call_in.consider_by or today)
        .select_related("body")
        .order_by("starts_at")
    )


@transaction.atomic
def call_in_place(
    *,
    call_in: CallIn,
    meeting: Meeting,
    by,
    today: datetime.date | None = None,
    **urgency,
) -> CallIn:
    """Democratic Services put a valid call-in on an O&S committee's agenda (through scrutiny's
    agenda service: after the agenda is published it goes out in a supplement, as urgent business
    with the Chair's agreement when fewer clear working days are left, ``urgency``)."""
    if not access.can_manage_call_in(by):
        raise RuleError("Only Democratic Services place a call-in on a meeting")
    call_in = (
        CallIn.objects.select_for_update(of=("self",)).select_related("decision", "item__meeting").get(pk=call_in.pk)
    )
    today = today or timezone.localdate()
    if call_in.valid_on is None:
        raise RuleError("This call-in is not yet valid: not enough members have put their names to it")
    # Placed again only when the meeting it was on was cancelled.
    if call_in.item is not None and not call_in.item.meeting.is_cancelled:
        raise RuleError("This call-in is already on a meeting's agenda")
    if meeting is None:
        raise RuleError("Choose the meeting that will consider the call-in", field="meeting")
    if meeting.body.kind != BodyKind.OVERVIEW_SCRUTINY:
        raise RuleError("A call-in is considered by an overview and scrutiny committee", field="meeting")
    if not meeting.can_be_changed or meeting.date < today:
        raise RuleError("This meeting has been held or cancelled: choose one still to come", field="meeting")
    deadline = call_in.consider_by or calendar.call_in_consideration_deadline(call_in.valid_on)
    if meeting.date > deadline:
        raise RuleError(
            f"The call-in must be considered by {_day(deadline)} "
            f"({settings.CALL_IN_CONSIDERED_WITHIN_WORKING_DAYS} working days after it was valid on "
            f"{_day(call_in.valid_on)}): choose a meeting on or before then",
            field="meeting",
        )
    item = agenda_item_add(meeting=meeting, by=by, title=f"Call-in: {call_in.decision.title}", today=today, **urgency)
    call_in.item = item
    return saved_by(call_in, by, f"Placed on the agenda of {meeting.body} on {_day(meeting.date)}")


@transaction.atomic
def call_in_outcome_record(
    *,
    call_in: CallIn,
    outcome: str,
    by,
    on: datetime.date,
    concerns: str = "",
    today: datetime.date | None = None,
) -> CallIn:
    """Record what the O&S committee resolved, once, on or after its meeting. No further action:
    the decision takes effect that day. A referral (back to the decision maker, or to full Council):
    the decision stays not effective until the response is recorded (``call_in_response_record``)."""
    if not access.can_manage_call_in(by):
        raise RuleError("Only Democratic Services record the outcome of a call-in")
    call_in = CallIn.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=call_in.pk)
    today = today or timezone.localdate()
    if call_in.item_id is None:
        raise RuleError("Place the call-in on a meeting's agenda first")
    if call_in.outcome:
        raise RuleError("The outcome of this call-in is already recorded")
    if outcome not in CallInOutcome.values:
        raise RuleError("Choose what the committee resolved", field="outcome")
    assert call_in.item is not None  # placed: checked above
    meeting = call_in.item.meeting
    if meeting.is_cancelled:
        raise RuleError("The meeting was cancelled: place the call-in on another meeting")
    if on is None:
        raise RuleError("Enter the date of the committee's resolution", field="on")
    if on < meeting.date:
        raise RuleError(
            f"The committee considers the call-in at its meeting on {_day(meeting.date)}: "
            "record the outcome on or after that day",
            field="on",
        )
    if on > today:
        raise RuleError("The date cannot be in the future", field="on")
    concerns = concerns.strip()
    if outcome != CallInOutcome.NO_FURTHER_ACTION and not concerns:
        raise RuleError("Enter the committee's concerns, for the decision maker or Council", field="concerns")
    call_in.outcome, call_in.outcome_on, call_in.concerns = outcome, on, concerns
    if outcome == CallInOutcome.NO_FURTHER_ACTION:
        call_in.effective_on = on
    return saved_by(call_in, by, f"Outcome: {CallInOutcome(outcome).label}")


@transaction.atomic
def call_in_response_record(
    *,
    call_in: CallIn,
    response: str,
    by,
    on: datetime.date,
    notes: str = "",
    today: datetime.date | None = None,
) -> CallIn:
    """Record the decision maker's (or full Council's) response to a referral, once: the decision
    confirmed or amended. The decision takes effect that day."""
    if not access.can_manage_call_in(by):
        raise RuleError("Only Democratic Services record the response to a call-in")
    call_in = CallIn.objects.select_for_update().get(pk=call_in.pk)
    today = today or timezone.localdate()
    if not call_in.is_referral:
        raise RuleError("Only a call-in referred back to the decision maker or to Council has a response")
    if call_in.response:
        raise RuleError("The response to this call-in is already recorded")
    if response not in CallInResponse.values:
        raise RuleError("Choose whether the decision was confirmed or amended", field="response")
    if on is None:
        raise RuleError("Enter the date of the response", field="on")
    assert call_in.outcome_on is not None  # a referral has its date (constraint)
    if on < call_in.outcome_on:
        raise RuleError(f"The response cannot come before the referral on {_day(call_in.outcome_on)}", field="on")
    if on > today:
        raise RuleError("The date cannot be in the future", field="on")
    notes = notes.strip()
    if response == CallInResponse.AMENDED and not notes:
        raise RuleError("Enter how the decision was amended", field="notes")
    call_in.response, call_in.response_on, call_in.response_notes = response, on, notes
    call_in.effective_on = on
    return saved_by(call_in, by, f"Response of {call_in.responder}: {CallInResponse(response).label}")


def check_call_in_deadlines(*, meeting, items, today: datetime.date) -> None:
    """Registered with ``scrutiny.publication_checks`` (run when an agenda or supplement is
    published, and when a meeting with a published agenda is moved): a meeting that is to consider
    a call-in is never after the day the constitution says it must be considered by."""
    if meeting.body.kind != BodyKind.OVERVIEW_SCRUTINY:
        return
    for call_in in CallIn.objects.filter(item__meeting=meeting, outcome="").select_related("decision"):
        if call_in.consider_by is not None and meeting.date > call_in.consider_by:
            raise RuleError(
                f"The call-in of “{call_in.decision.title}” is on this meeting and must be considered by "
                f"{_day(call_in.consider_by)}: the meeting cannot be on {_day(meeting.date)}",
                field="day",
            )


def register_checks() -> None:
    from scrutiny import publication_checks

    publication_checks.register(check_call_in_deadlines)
