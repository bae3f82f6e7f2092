"""Recording executive decisions, with the notice rules enforced at that moment, and publishing
their notices (the 2012 Regulations regs 9-13; LGA 2000 s.9F)."""

import datetime

from django.db import transaction
from django.utils import timezone

from council import calendar
from council.errors import RuleError
from council.history import saved_by
from members.models import BodyKind, Membership, MembershipRole

from .. import access
from ..models import (
    DecisionMaker,
    DecisionRoute,
    EntryStatus,
    ExecutiveDecision,
    ForwardPlanEntry,
    GeneralExceptionNotice,
)

#: The fields the clerk fills in when recording a decision.
DECISION_FIELDS = (
    "title",
    "decision",
    "reasons",
    "alternatives_rejected",
    "interests_declared",
    "dispensations",
    "general_exception_notice_on",
    "scrutiny_chair_informed_on",
    "scrutiny_chair",
    "urgency_agreed_by",
    "urgency_agreed_on",
    "urgency_reasons",
    "call_in_exempt_reason",
    "exempt_paragraph",
    "exempt_part",
)


def _chairs(kinds, roles, on: datetime.date):
    return Membership.objects.current(on).filter(body__kind__in=kinds, role__in=roles)


def scrutiny_chairs(on: datetime.date):
    """The people chairing an overview and scrutiny committee on ``on``."""
    return _chairs((BodyKind.OVERVIEW_SCRUTINY,), (MembershipRole.CHAIR,), on).values_list("person", flat=True)


def may_agree_urgency(person, on: datetime.date) -> bool:
    """Reg 11: the chair of the relevant overview and scrutiny committee; where there is none, the
    Chair of the council, or where there is none, its Vice-Chair."""
    chairs = set(scrutiny_chairs(on))
    if chairs:
        return person.pk in chairs
    council = _chairs((BodyKind.COUNCIL,), (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR), on)
    return council.filter(person=person).exists()


def first_notice_on(entry: ForwardPlanEntry, *, as_key: bool = False) -> datetime.date | None:
    """The day the entry was first published in a forward plan edition (its notice under reg 9);
    ``as_key``: the first edition that named it a key decision (an entry made key after it was
    published gives notice of a key decision only from then).

    The evidence is the edition's fixed contents (immutable, with its SHA-256), not only the link
    table beside it: a row added to an older edition's links later proves nothing."""
    for edition in entry.editions.order_by("published_on", "number"):
        rows = edition.contents.get("entries", [])
        if any(row.get("id") == entry.pk and (row.get("key") or not as_key) for row in rows):
            return edition.published_on
    return None


def _decision_maker_people(maker: DecisionMaker) -> set[int]:
    if maker.portfolio is not None and maker.portfolio.cabinet_member is not None:
        return {maker.portfolio.cabinet_member.user_id}
    if maker.officer is not None:
        return {maker.officer.user_id}
    return set()


decision_maker_people = _decision_maker_people


def _check_notice(decision: ExecutiveDecision, *, by) -> None:
    """Refuse a key decision taken without the notice the law requires (regs 9, 10, 11)."""
    decided_on = decision.decided_on
    if decision.route == DecisionRoute.GENERAL_EXCEPTION:
        notice, informed = decision.general_exception_notice_on, decision.scrutiny_chair_informed_on
        if notice is None or informed is None or decision.scrutiny_chair_id is None:
            raise RuleError(
                "The general exception needs the date its notice was published and the O&S chair informed in writing",
                field="general_exception_notice_on",
            )
        if decision.scrutiny_chair_id not in set(scrutiny_chairs(informed)):
            raise RuleError("The person informed must chair an overview and scrutiny committee", field="scrutiny_chair")
        # Reg 10: five clear days after both the chair is informed and the notice is published.
        earliest = calendar.earliest_general_exception_day(max(notice, informed))
        if decided_on < earliest:
            raise RuleError(
                f"Under the general exception this decision may be taken from {earliest:%-d %B %Y} "
                "(5 clear working days after the notice and the O&S chair informed)",
                field="decided_on",
            )
        return
    if decision.route == DecisionRoute.SPECIAL_URGENCY:
        agreed_by, agreed_on = decision.urgency_agreed_by, decision.urgency_agreed_on
        if agreed_by is None or agreed_on is None or not decision.urgency_reasons.strip():
            raise RuleError(
                "Special urgency needs who agreed the decision is urgent, when, and the reasons",
                field="urgency_agreed_by",
            )
        if agreed_on > decided_on:
            raise RuleError(
                "The urgency must be agreed on or before the day of the decision", field="urgency_agreed_on"
            )
        if not may_agree_urgency(agreed_by, agreed_on):
            raise RuleError(
                "Only the chair of an overview and scrutiny committee (or, when there is none, the Chair or "
                "Vice-Chair of the council) may agree that a decision is urgent",
                field="urgency_agreed_by",
            )
        if agreed_by.pk == by.pk or agreed_by.pk in _decision_maker_people(decision.decision_maker):
            raise RuleError(
                "The person who agrees the urgency cannot record or take the decision", field="urgency_agreed_by"
            )
        return
    if not decision.is_key:
        return
    first = first_notice_on(decision.entry, as_key=True) if decision.entry is not None else None
    if first is None:
        raise RuleError(
            "This key decision has not been published in the forward plan as a key decision: publish it 28 clear "
            "days before, or use the general exception or special urgency",
            field="decided_on",
        )
    earliest = calendar.earliest_key_decision_day(first)
    if decided_on < earliest:
        raise RuleError(
            f"This key decision was first in the forward plan on {first:%-d %B %Y}: it may be taken from "
            f"{earliest:%-d %B %Y} (28 clear days), or use the general exception or special urgency",
            field="decided_on",
        )


@transaction.atomic
def decision_record(
    *,
    by,
    decision_maker: DecisionMaker,
    decided_on: datetime.date,
    entry: ForwardPlanEntry | None = None,
    is_key: bool | None = None,
    route: str = DecisionRoute.NORMAL,
    today: datetime.date | None = None,
    agenda_item=None,
    urgency_request=None,
    **fields,
) -> ExecutiveDecision:
    """Democratic Services records an executive decision (regs 12-13). A key decision is refused
    unless the entry was in a forward plan edition published 28 clear days before
    (``earliest_key_decision_day``), or the general exception or special urgency route is complete.
    A decision of a forward plan entry is key when the entry is. A decision is recorded once it
    is taken: never dated after ``today`` (the London date). Under special urgency, an
    ``urgency_request`` agreed online for this decision maker gives who agreed, when and why
    (``urgency_requests.use_for_decision``); without one, the agreement typed in is checked as
    before (docs/decisions/0024-urgency-requests.md)."""
    if not access.can_record_decision(by):
        raise RuleError("Only Democratic Services record executive decisions")
    if entry is not None:
        entry = ForwardPlanEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == EntryStatus.WITHDRAWN:
            raise RuleError("This forward plan entry was withdrawn", field="entry")
        if entry.status == EntryStatus.DECIDED:
            raise RuleError("This forward plan entry is already decided: its decision is recorded", field="entry")
        if entry.decision_maker_id != decision_maker.pk:
            # Reg 9(1)(b): the notice named who decides; another decision maker had no notice.
            raise RuleError(
                f"The forward plan named {entry.decision_maker} as the decision maker of this entry: the decision "
                "is theirs, or change the entry and publish it again for another decision maker",
                field="decision_maker",
            )
    decision = ExecutiveDecision(
        entry=entry,
        agenda_item=agenda_item,
        decision_maker=decision_maker,
        decided_on=decided_on,
        is_key=bool(is_key) or (entry is not None and entry.is_key),  # a key entry's decision is key
        route=route,
        recorded_by=by,
        recorded_at=timezone.now(),
        **{name: fields[name] for name in DECISION_FIELDS if name in fields},
    )
    decision.title = decision.title or (entry.title if entry else "")
    decision.portfolio = entry.portfolio if entry is not None and entry.portfolio_id else decision_maker.portfolio
    if not decision.title.strip():
        raise RuleError("Give the matter decided", field="title")
    if decision.exempt_part.strip() and decision.exempt_paragraph is None:
        raise RuleError("An exempt part needs its Schedule 12A paragraph", field="exempt_paragraph")
    if decision.call_in_exempt_reason.strip() and route != DecisionRoute.SPECIAL_URGENCY:
        raise RuleError("Only an urgent decision may be exempt from call-in", field="call_in_exempt_reason")
    if route == DecisionRoute.GENERAL_EXCEPTION and entry is not None:
        # The notice published in the product is the evidence (reg 10): its dates, not typed ones.
        notice = GeneralExceptionNotice.objects.filter(entry=entry).select_related("scrutiny_chair").first()
        if notice is not None:
            decision.general_exception_notice_on = notice.published_on
            decision.scrutiny_chair_informed_on = notice.chair_informed_on
            decision.scrutiny_chair = notice.scrutiny_chair
    if urgency_request is not None:
        from .urgency_requests import use_for_decision

        if route != DecisionRoute.SPECIAL_URGENCY:
            raise RuleError("An urgency agreement is only relied on under special urgency", field="urgency_request")
        urgency_request = use_for_decision(urgency_request, decision, "urgency_request")
    _check_notice(decision, by=by)
    if decided_on > (today or timezone.localdate()):
        raise RuleError(
            "A decision is recorded once it has been taken: the date cannot be in the future", field="decided_on"
        )
    saved_by(decision, by, "Decision recorded")
    if urgency_request is not None:
        urgency_request.decision = decision
        saved_by(urgency_request, by, "Relied on by the decision recorded")
    if entry is not None:
        entry.status = EntryStatus.DECIDED
        saved_by(entry, by, "Decided")
    return decision


@transaction.atomic
def decision_notice_publish(*, decision: ExecutiveDecision, by, on: datetime.date | None = None) -> ExecutiveDecision:
    """Publish the decision notice (reg 12): from that day the call-in period runs, to the end of
    ``call_in_period_ends`` (unless the decision is urgent and exempt from call-in)."""
    if not access.can_publish_decision(by):
        raise RuleError("Only Democratic Services publish decision notices")
    decision = ExecutiveDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.notice_published_on is not None:
        raise RuleError("This decision notice is already published")
    on = on or timezone.localdate()
    if on < decision.decided_on:
        raise RuleError("A decision notice cannot be published before the decision is taken")
    decision.notice_published_on = on
    decision.call_in_ends_on = None if decision.call_in_exempt_reason.strip() else calendar.call_in_period_ends(on)
    return saved_by(decision, by, "Decision notice published")
