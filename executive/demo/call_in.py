"""The demo's call-in: three members of the Overview and Scrutiny Committee call in the Cabinet
Member's decision on the customer service centre's opening hours the day after its notice; the
committee considers it at a special meeting a week later and refers it back to the decision maker, who has
not yet responded. Loading again changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from council import calendar
from members.models import Body
from scrutiny.models import Meeting
from scrutiny.services import meeting_schedule

from .. import services
from ..models import CallIn, CallInOutcome, ExecutiveDecision

DECISION = "Opening hours of the customer service centre"
COMMITTEE = "overview-and-scrutiny-committee"
MEMBERS = [
    (
        "Simon Thorne",
        "Residents who work shifts were not asked: the consultation ran only in the daytime at the centre itself.",
        CallInOutcome.REFERRED_BACK,
    ),
    ("Jennifer Askew", "", ""),  # supports the reasons given
    (
        "Susan Preece",
        "The report gives no cost for the late opening, nor says which budget pays for it.",
        CallInOutcome.REFERRED_BACK,
    ),
]


def _person(full_name: str):
    first, last = full_name.split(" ", 1)
    return get_user_model().objects.filter(first_name=first, last_name=last).first()


def _meeting(body: Body, after: datetime.date, by, today: datetime.date) -> Meeting | None:
    """A special meeting of the committee, called for the call-in about a week after it, held
    before today and within the constitution's deadline."""
    last = min(calendar.call_in_consideration_deadline(after), today)
    day = calendar.next_working_day(after + datetime.timedelta(days=5))
    if day > last:
        return None
    start = datetime.time(14)
    existing = Meeting.objects.filter(
        body=body, starts_at=timezone.make_aware(datetime.datetime.combine(day, start))
    ).first()
    if existing is not None:
        return existing if existing.can_be_changed else None
    return meeting_schedule(body=body, day=day, start_time=start, venue="Committee Room 1, Town Hall", by=by)


def load(clerk) -> None:
    decision = ExecutiveDecision.objects.filter(title=DECISION, notice_published_on__isnull=False).first()
    body = Body.objects.filter(slug=COMMITTEE).first()
    if decision is None or body is None or clerk is None or CallIn.objects.filter(decision=decision).exists():
        return
    today = timezone.localdate()
    called_on = decision.notice_published_on + datetime.timedelta(days=1)
    if decision.call_in_ends_on is None or called_on > min(decision.call_in_ends_on, today):
        return
    for name, reasons, outcome in MEMBERS:
        member = _person(name)
        if member is None:
            return
        call_in = services.call_in_request(
            decision=decision,
            by=member,
            reasons=reasons,
            outcome_sought=outcome,
            supports_reasons_given=not reasons,
            today=called_on,
        )
    if call_in.valid_on is None:
        return
    meeting = _meeting(body, call_in.valid_on, clerk, today)
    if meeting is None:
        return
    call_in = services.call_in_place(call_in=call_in, meeting=meeting, by=clerk, today=call_in.valid_on)
    services.call_in_outcome_record(
        call_in=call_in,
        outcome=CallInOutcome.REFERRED_BACK,
        by=clerk,
        on=meeting.date,
        today=today,
        concerns=(
            "The committee asks the Cabinet Member to consult residents who work shifts, by post and online, "
            "and to set out the cost of the late opening and the budget that meets it."
        ),
    )
