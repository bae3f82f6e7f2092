"""Reviews and the commissioning cycle: creating and editing a review, its RAG rating and status,
passing and reversing its stage gates, members' critical-friend input and comments, its programme
board (seats and decisions log) and its Cabinet Working Group.

Each function is one transaction with the acting person named; a rule that forbids the change
raises RuleError in words the person can act on. Gate decisions lock the review row, so two
approvers pressing the button at once cannot pass two gates.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone

from council.errors import RuleError
from council.history import saved_by, with_reason
from members import services as member_services
from members.models import Body, BodyKind, Member, Membership

from .. import access
from ..models import (
    ENGAGEMENT_STAGES,
    STAGE_ORDER,
    BoardDecision,
    EngagementNote,
    GateDecision,
    GateDirection,
    Rag,
    Review,
    ReviewComment,
    ReviewPortfolio,
    ReviewStage,
    ReviewStatus,
    Stage,
    WorkingGroupNote,
    next_stage,
    previous_stage,
)
from ..models.reviews import OPEN_STATUSES
from ..selectors.consultations import members_engaged_at
from .boards import sync_board_grants

#: The details of a review a person may change with ``review_update``.
EDITABLE = ("title", "service_area", "scope", "outcomes", "directorate", "budget_in_scope", "lead_officer")


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _stage_name(stage: str) -> str:
    return Stage(stage).label


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().get(pk=review.pk)


def _check_open(review: Review) -> None:
    if review.status not in OPEN_STATUSES:
        raise RuleError(f"The review is {review.get_status_display().lower()}, so it cannot change any more")


def _check_details(*, title, budget_in_scope, portfolios) -> None:
    if not (title or "").strip():
        raise RuleError("Enter the review’s title", field="title")
    if budget_in_scope is not None and budget_in_scope < 0:
        raise RuleError("The budget in scope cannot be negative", field="budget_in_scope")
    if not portfolios:
        raise RuleError("Select at least one accountable portfolio", field="portfolios")


def _check_stage_dates(stage_dates: dict) -> None:
    for stage, (start, end) in stage_dates.items():
        if start and end and end < start:
            raise RuleError(
                f"The planned end of the {_stage_name(stage)} stage must be the same as or after its planned start",
                field=f"{stage}_end",
            )


def _set_portfolios(review: Review, portfolios, by) -> None:
    wanted = {p.pk: p for p in portfolios}
    for row in review.accountabilities.exclude(portfolio_id__in=wanted):
        with_reason(row, "Accountable portfolio removed", by=by).delete()
    held = set(review.accountabilities.values_list("portfolio_id", flat=True))
    for pk, portfolio in wanted.items():
        if pk not in held:
            saved_by(ReviewPortfolio(review=review, portfolio=portfolio), by, "Accountable portfolio added")


def _set_planned_dates(review: Review, stage_dates: dict, by) -> None:
    for row in review.stages.all():
        if row.stage not in stage_dates:
            continue
        start, end = stage_dates[row.stage]
        if (row.planned_start, row.planned_end) != (start, end):
            row.planned_start, row.planned_end = start, end
            saved_by(row, by, "Planned dates changed")


@transaction.atomic
def review_create(
    *,
    by,
    title: str,
    service_area: str,
    scope: str,
    outcomes: str,
    directorate: str,
    lead_officer,
    portfolios,
    budget_in_scope=None,
    stage_dates: dict | None = None,
) -> Review:
    """Create a review with its four stages (Analyse, Plan, Do, Review) and their planned dates.

    ``stage_dates`` maps a stage to (planned start, planned end), either of which may be None.
    """
    portfolios = list(portfolios)
    stage_dates = stage_dates or {}
    _check_details(title=title, budget_in_scope=budget_in_scope, portfolios=portfolios)
    _check_stage_dates(stage_dates)
    review = saved_by(
        Review(
            title=title.strip(),
            service_area=service_area,
            scope=scope,
            outcomes=outcomes,
            directorate=directorate,
            budget_in_scope=budget_in_scope,
            lead_officer=lead_officer,
            created_by=by,
        ),
        by,
        "Review created",
    )
    for stage in STAGE_ORDER:
        start, end = stage_dates.get(stage, (None, None))
        saved_by(ReviewStage(review=review, stage=stage, planned_start=start, planned_end=end), by, "Stage planned")
    _set_portfolios(review, portfolios, by)
    return review


@transaction.atomic
def review_update(*, review: Review, by, portfolios=None, stage_dates: dict | None = None, **changes) -> Review:
    """Change a review's details, its accountable portfolios and the planned dates of its stages."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    review = _locked(review)
    _check_open(review)
    portfolios = list(portfolios) if portfolios is not None else list(review.portfolios.all())
    for name, value in changes.items():
        setattr(review, name, value.strip() if name == "title" else value)
    _check_details(title=review.title, budget_in_scope=review.budget_in_scope, portfolios=portfolios)
    _check_stage_dates(stage_dates or {})
    saved_by(review, by, "Review details changed")
    _set_portfolios(review, portfolios, by)
    _set_planned_dates(review, stage_dates or {}, by)
    return review


@transaction.atomic
def review_set_rag(*, review: Review, rag: str, reason: str, by, on: datetime.date | None = None) -> Review:
    """Rate the review red, amber or green, with the reason and the date of the rating."""
    review = _locked(review)
    _check_open(review)
    on = on or timezone.localdate()
    reason = (reason or "").strip()
    if rag not in Rag.values:
        raise RuleError("Select red, amber or green", field="rag")
    if not reason:
        raise RuleError("Enter the reason for the RAG rating", field="reason")
    if on > timezone.localdate():
        raise RuleError("The date of the rating cannot be in the future", field="on")
    review.rag, review.rag_reason, review.rag_date = rag, reason, on
    return saved_by(review, by, f"RAG rating {Rag(rag).label.lower()}: {reason}")


#: The statuses a person may set by hand, and from which statuses. Completion comes from the Review gate.
STATUS_CHANGES: dict[str, tuple[str, ...]] = {
    ReviewStatus.IN_PROGRESS: (ReviewStatus.PROPOSED, ReviewStatus.ON_HOLD),
    ReviewStatus.ON_HOLD: (ReviewStatus.PROPOSED, ReviewStatus.IN_PROGRESS),
    ReviewStatus.STOPPED: (ReviewStatus.PROPOSED, ReviewStatus.IN_PROGRESS, ReviewStatus.ON_HOLD),
}


@transaction.atomic
def review_set_status(*, review: Review, status: str, reason: str, by, on: datetime.date | None = None) -> Review:
    """Start or resume the review (in progress), put it on hold or stop it, with the reason.

    Starting a proposed review starts its current stage (today, unless ``on`` says otherwise).
    A stopped review is closed: nothing about it changes any more.
    """
    review = _locked(review)
    _check_open(review)
    reason = (reason or "").strip()
    if status not in STATUS_CHANGES:
        raise RuleError("Select in progress, on hold or stopped", field="status")
    if not reason:
        raise RuleError("Enter the reason for the change", field="reason")
    if status == review.status:
        raise RuleError(f"The review is already {review.get_status_display().lower()}", field="status")
    if review.status not in STATUS_CHANGES[status]:
        raise RuleError(f"A {review.get_status_display().lower()} review cannot be set to that", field="status")
    on = on or timezone.localdate()
    if status == ReviewStatus.IN_PROGRESS:
        stage = review.stages.get(stage=review.stage)
        if stage.actual_start is None:
            stage.actual_start = on
            saved_by(stage, by, "Stage started")
    review.status = status
    return saved_by(review, by, f"{ReviewStatus(status).label}: {reason}")


def _decision_day(review: Review, stage: ReviewStage, decided_on) -> datetime.date:
    today = timezone.localdate()
    decided_on = decided_on or today
    if decided_on > today:
        raise RuleError("The date of the decision cannot be in the future", field="decided_on")
    if stage.actual_start and decided_on < stage.actual_start:
        raise RuleError(
            f"The date of the decision cannot be before the {stage.get_stage_display()} stage started, "
            f"on {_day(stage.actual_start)}",
            field="decided_on",
        )
    return decided_on


def _capacity(review: Review, by) -> str:
    """The capacity ``by`` decides in; refused if they have none, or if deciding would break the
    separation of duties (``access.gate_conflict``: the lead officer, a self-granted seat)."""
    capacity = access.gate_capacity(by, review)
    if capacity is None:
        raise PermissionDenied("Only the accountable Cabinet Member or a member of the programme board can decide")
    conflict = access.gate_conflict(by, review, capacity)
    if conflict:
        raise RuleError(conflict)
    return capacity


def gate_check(*, review: Review, back: bool = False) -> None:
    """Refuse (RuleError) when no gate decision can be taken on the review now: once it is closed,
    or going back (``back``) from its first stage. The gate pages ask before showing the form; the
    decisions ask again, with the review locked."""
    if review.status not in OPEN_STATUSES:
        raise RuleError(f"The review is {review.get_status_display().lower()}: its stage cannot change any more")
    if back and previous_stage(review.stage) is None:
        raise RuleError("The review is at its first stage, Analyse: there is no stage to go back to")


def _check_gate(review: Review, stage: str | None, *, back: bool = False) -> None:
    gate_check(review=review, back=back)
    if stage is not None and stage != review.stage:
        if STAGE_ORDER.index(stage) < STAGE_ORDER.index(review.stage):
            raise RuleError(f"The {_stage_name(stage)} gate has already been passed", field="evidence")
        raise RuleError(
            f"The review is at the {_stage_name(review.stage)} stage: its gate must be passed first. "
            "Gates cannot be skipped",
            field="evidence",
        )


def _decide(review: Review, *, by, stage: str | None, evidence: str, decided_on, back: bool):
    """Lock the review, check the gate's rules and record the decision on its current stage: pass
    the gate, or go back a stage (``back``). Returns the locked review, the decision and the
    current stage's row, for the caller to move the review on or back."""
    review = _locked(review)
    _check_gate(review, stage, back=back)
    capacity = _capacity(review, by)
    evidence = (evidence or "").strip()
    if not evidence:
        missing = "the reasons for going back a stage" if back else "the evidence the decision was based on"
        raise RuleError(f"Enter {missing}", field="evidence")
    current = review.stages.get(stage=review.stage)
    to_stage = previous_stage(review.stage) if back else next_stage(review.stage)
    if back:
        assert to_stage is not None, "_check_gate refuses going back from the first stage"
        reason = f"Returned to the {_stage_name(to_stage)} stage"
    else:
        reason = f"{_stage_name(review.stage)} gate passed"
    decision = saved_by(
        GateDecision(
            review=review,
            from_stage=review.stage,
            to_stage=to_stage or "",
            direction=GateDirection.REVERSED if back else GateDirection.PASSED,
            decided_by=by,
            capacity=capacity,
            decided_on=_decision_day(review, current, decided_on),
            evidence=evidence,
            members_engaged=members_engaged_at(review, review.stage),
        ),
        by,
        reason,
    )
    return review, decision, current


@transaction.atomic
def gate_pass(
    *, review: Review, by, evidence: str, stage: str | None = None, decided_on: datetime.date | None = None
) -> GateDecision:
    """Pass the gate at the end of the review's current stage, moving it to the next stage.

    ``stage`` is the stage whose gate the person means to pass (as shown on their page): if the
    review has moved on meanwhile, the decision is refused rather than passing the next gate.
    Passing the Review gate completes the review. Only the accountable Cabinet Member or a member
    of the programme board may decide (PermissionDenied otherwise), never the review's lead officer
    nor through a seat they gave themselves (RuleError); the evidence is required.
    """
    review, decision, current = _decide(
        review, by=by, stage=stage, evidence=evidence, decided_on=decided_on, back=False
    )
    decided_on, following = decision.decided_on, decision.to_stage
    if current.actual_start is None:
        current.actual_start = decided_on
    current.actual_end = decided_on
    saved_by(current, by, f"{_stage_name(review.stage)} gate passed")
    if following:
        upcoming = review.stages.get(stage=following)
        upcoming.actual_start, upcoming.actual_end = decided_on, None
        saved_by(upcoming, by, "Stage started")
        review.stage = following
        if review.status == ReviewStatus.PROPOSED:
            review.status = ReviewStatus.IN_PROGRESS
        saved_by(review, by, f"{_stage_name(decision.from_stage)} gate passed: now at {_stage_name(following)}")
    else:
        review.status = ReviewStatus.COMPLETED
        saved_by(review, by, "Review gate passed: the review is complete")
    return decision


@transaction.atomic
def gate_reverse(
    *, review: Review, by, evidence: str, stage: str | None = None, decided_on: datetime.date | None = None
) -> GateDecision:
    """Return the review from its current stage to the previous one: a recorded decision with reasons.

    The previous stage reopens (its actual end is cleared) and the current stage's actual start is
    cleared. The same people decide as for passing a gate.
    """
    review, decision, current = _decide(review, by=by, stage=stage, evidence=evidence, decided_on=decided_on, back=True)
    back_to = decision.to_stage
    current.actual_start = current.actual_end = None
    saved_by(current, by, f"Returned to the {_stage_name(back_to)} stage")
    reopened = review.stages.get(stage=back_to)
    reopened.actual_end = None
    saved_by(reopened, by, "Stage reopened")
    review.stage = back_to
    saved_by(review, by, f"Returned to the {_stage_name(back_to)} stage: {decision.evidence}")
    return decision


@transaction.atomic
def engagement_add(
    *, review: Review, by, member: Member, note: str, ward=None, stage: str | None = None
) -> EngagementNote:
    """Record a member's critical-friend input (ward feedback) at the Analyse or Plan stage.

    The stage defaults to the review's current one; the ward to the member's own.
    """
    review = _locked(review)
    _check_open(review)
    stage = stage or review.stage
    if stage not in ENGAGEMENT_STAGES:
        raise RuleError("Members’ input is recorded at the Analyse and Plan stages", field="stage")
    note = (note or "").strip()
    if not note:
        raise RuleError("Enter the councillor’s feedback", field="note")
    return saved_by(
        EngagementNote(review=review, stage=stage, member=member, ward=ward or member.ward, note=note, recorded_by=by),
        by,
        f"Members’ input recorded at {_stage_name(stage)}",
    )


@transaction.atomic
def comment_add(*, review: Review, by, text: str) -> ReviewComment:
    """A member's comment on the review as critical friend, at its current stage."""
    text = (text or "").strip()
    if not text:
        raise RuleError("Enter your comment", field="text")
    return saved_by(ReviewComment(review=review, stage=review.stage, author=by, text=text), by, "Comment posted")


def board_name(review: Review) -> str:
    return f"{review.title} Programme Board"


@transaction.atomic
def board_create(*, review: Review, by) -> Body:
    """Create the review's programme board: a body named "<review title> Programme Board"."""
    given, review = review, _locked(review)
    _check_open(review)
    if review.programme_board_id is not None:
        raise RuleError("The review already has a programme board")
    board = member_services.body_create(
        by=by,
        name=board_name(review),
        kind=BodyKind.PROGRAMME_BOARD,
        purpose=f"Oversees the commissioning review of {review.service_area.lower()}: {review.title}.",
    )
    review.programme_board = given.programme_board = board
    saved_by(review, by, "Programme board set up")
    return board


def _board(review: Review) -> Body:
    if review.programme_board is None:
        raise RuleError("Set up the review’s programme board first")
    return review.programme_board


@transaction.atomic
def board_seat_add(*, review: Review, by, person, role: str, start_date, end_date=None) -> Membership:
    """Give ``person`` a seat on the review's programme board: it lets them edit the review and
    decide its gates while the seat lasts."""
    seat = member_services.membership_add(
        body=_board(review), person=person, role=role, start_date=start_date, end_date=end_date, by=by
    )
    sync_board_grants(review, person, by=by)
    return seat


@transaction.atomic
def board_seat_end(*, review: Review, by, membership: Membership, end_date: datetime.date) -> Membership:
    """End a seat on the board; the grants it gave go once the seat has ended (after ``end_date``)."""
    if membership.body_id != review.programme_board_id:
        raise RuleError("That seat is not on this review’s programme board")
    seat = member_services.membership_end(membership=membership, end_date=end_date, by=by)
    sync_board_grants(review, membership.person, by=by)
    return seat


@transaction.atomic
def board_decision_add(
    *, review: Review, by, decision: str, decided_on: datetime.date, decided_by: str
) -> BoardDecision:
    """Add an entry to the programme board's decisions log."""
    _board(review)
    decision, decided_by = (decision or "").strip(), (decided_by or "").strip()
    if not decision:
        raise RuleError("Enter the decision", field="decision")
    if not decided_by:
        raise RuleError("Enter who took the decision, for example the board", field="decided_by")
    if decided_on > timezone.localdate():
        raise RuleError("The date of the decision cannot be in the future", field="decided_on")
    return saved_by(
        BoardDecision(review=review, decision=decision, decided_on=decided_on, decided_by=decided_by, recorded_by=by),
        by,
        "Board decision recorded",
    )


@transaction.atomic
def working_group_link(*, review: Review, by, body: Body | None = None, name: str = "") -> Body:
    """Link the Cabinet Working Group that supports the review: an existing one (``body``) or a new
    one named ``name``."""
    given, review = review, _locked(review)
    if body is None:
        if not (name or "").strip():
            raise RuleError("Select a Cabinet Working Group or enter the name of a new one", field="body")
        body = member_services.body_create(
            by=by,
            name=name,
            kind=BodyKind.CABINET_WORKING_GROUP,
            purpose="Councillors supporting commissioning reviews on behalf of Cabinet.",
        )
    elif body.kind != BodyKind.CABINET_WORKING_GROUP:
        raise RuleError(f"{body} is not a Cabinet Working Group", field="body")
    if review.working_group_id == body.pk:
        raise RuleError(f"{body} already supports this review", field="body")
    review.working_group = given.working_group = body
    saved_by(review, by, f"Supported by {body}")
    return body


@transaction.atomic
def working_group_note_add(*, review: Review, by, met_on: datetime.date, note: str) -> WorkingGroupNote:
    if review.working_group_id is None:
        raise RuleError("Link the review’s Cabinet Working Group first")
    note = (note or "").strip()
    if not note:
        raise RuleError("Enter the note", field="note")
    if met_on > timezone.localdate():
        raise RuleError("The date cannot be in the future", field="met_on")
    return saved_by(
        WorkingGroupNote(review=review, met_on=met_on, note=note, recorded_by=by), by, "Working group note added"
    )
