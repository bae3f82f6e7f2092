"""The decade's executive business: Cabinet's decisions on its reports, the key ones noticed in
the forward plan 28 clear days before, and the few called in by overview and scrutiny members,
considered at their committee's next meeting with its outcome and, for a referral, the response."""

import datetime

from council import calendar
from executive.models import (
    CallIn,
    CallInOutcome,
    CallInResponse,
    CallInSignature,
    DecisionMaker,
    DecisionMakerKind,
    EntryStatus,
    ExecutiveDecision,
    ForwardPlanEntry,
    KeyReason,
)

from . import words
from .base import Plan, Writer, at, dated, own_timestamps, rng
from .meetings import Held
from .people import Council

#: A key decision's likely expenditure or savings: above the threshold (KEY_DECISION_THRESHOLD_POUNDS).
KEY_AMOUNTS = (650_000, 800_000, 1_200_000, 2_500_000, 4_000_000)
OUTCOMES = [CallInOutcome.NO_FURTHER_ACTION] * 6 + [CallInOutcome.REFERRED_BACK] * 3
OUTCOMES += [CallInOutcome.REFERRED_TO_COUNCIL]


def load(writer: Writer, plan: Plan, seed: int, council: Council, held: Held) -> None:
    cabinet = DecisionMaker.objects.filter(kind=DecisionMakerKind.CABINET).order_by("pk").first()
    if cabinet is None:
        return
    random = rng(seed, "executive")
    business = [
        (meeting, planned)
        for meeting in held.meetings
        if meeting.body.pk == cabinet.body_id
        for planned in held.agendas[meeting.pk]
        if planned.kind == "report" and not planned.exempt
    ]
    key = set(random.sample(range(len(business)), min(plan.count("key_decisions"), len(business))))
    entries = _forward_plan(writer, random, council, cabinet, {n: business[n] for n in sorted(key)})

    decisions = []
    for n, (meeting, planned) in enumerate(business):
        clerk = held.clerk_of[meeting.body.pk]
        noticed = calendar.next_working_day(meeting.date + datetime.timedelta(days=1))
        decision = ExecutiveDecision(
            decision_maker=cabinet,
            agenda_item=planned.item,
            entry=entries.get(n),
            is_key=n in key,
            title=planned.title,
            decided_on=meeting.date,
            decision=random.choice(words.DECISIONS).format(subject=planned.subject),
            reasons=f"To secure value for money in {planned.subject} and meet the council's priorities.",
            alternatives_rejected="To leave things as they are: rejected, as the report explains.",
            recorded_by=clerk,
            recorded_at=at(meeting.date + datetime.timedelta(days=1), 12),
            notice_published_on=noticed,
            call_in_ends_on=calendar.call_in_period_ends(noticed),
        )
        decisions.append(dated(decision, decision.recorded_at, clerk))
    writer.create(ExecutiveDecision, decisions)
    decision_of = {planned.item.pk: decision for decision, (_, planned) in zip(decisions, business, strict=True)}
    _call_ins(writer, random, held, decision_of)


def _forward_plan(writer: Writer, random, council: Council, cabinet, business: dict) -> dict[int, ForwardPlanEntry]:
    """A notice in the forward plan for each key decision (by its place in Cabinet's business),
    drafted a month before the last day to give it, decided on the day expected."""
    entries = []
    for meeting, planned in business.values():
        drafted = at(calendar.last_day_to_notice_key_decision(meeting.date) - datetime.timedelta(days=30), 9)
        officer = planned.item.report_author or random.choice(council.officers)
        amount = random.choice(KEY_AMOUNTS)
        entry = ForwardPlanEntry(
            title=planned.title,
            summary=f"A decision on {planned.subject}, with the options set out in the report.",
            decision_maker=cabinet,
            expected_decision_on=meeting.date,
            documents=f"Report of the Director on {planned.subject}",
            documents_available="Published with Cabinet's agenda five clear working days before the meeting.",
            amount_pounds=amount,
            is_key=True,
            key_reason=KeyReason.EXPENDITURE,
            status=EntryStatus.DECIDED,
            drafted_by=officer,
            created_at=drafted,
        )
        entries.append(dated(entry, drafted, officer))
    with own_timestamps(ForwardPlanEntry._meta.get_field("created_at")):
        made = writer.create(ForwardPlanEntry, entries)
    return dict(zip(business, made, strict=True))


def _call_ins(writer: Writer, random, held: Held, decision_of: dict) -> None:
    """Each planned call-in: valid once three members of the committee put their names to it
    within the call-in period, considered at the committee's meeting, and its outcome."""
    call_ins, signatures = [], []
    for _cabinet, decided, meeting, at_item in held.call_ins:
        decision = decision_of.get(decided.item.pk)
        members = held.present.get(meeting.pk, [])
        if decision is None or len(members) < 3:
            continue
        opened = decision.notice_published_on + datetime.timedelta(days=1)
        valid = min(calendar.next_working_day(opened), decision.call_in_ends_on)
        if meeting.date > calendar.call_in_consideration_deadline(valid) or meeting.date <= valid:
            continue
        outcome = random.choice(OUTCOMES)
        referral = outcome != CallInOutcome.NO_FURTHER_ACTION
        responded = meeting.date + datetime.timedelta(days=14)
        call_in = CallIn(
            decision=decision,
            opened_on=opened,
            valid_on=valid,
            item=at_item.item,
            consider_by=calendar.call_in_consideration_deadline(valid),
            outcome=outcome,
            outcome_on=meeting.date,
            concerns=f"The committee was not satisfied that the options for {decided.subject} were costed."
            if referral
            else "",
            response=random.choice(list(CallInResponse)) if referral else "",
            response_on=responded if referral else None,
            response_notes="The decision maker considered the committee's concerns." if referral else "",
            effective_on=responded if referral else meeting.date,
        )
        call_ins.append(dated(call_in, at(meeting.date, 21), held.clerk_of[meeting.body.pk]))
        for n, person in enumerate(random.sample(members, 3)):
            day = opened if n < 2 else valid
            signature = CallInSignature(
                call_in=call_in,
                member_id=person,
                reasons=f"The decision on {decided.subject} did not consider the alternatives fully.",
                supports_reasons_given=n > 0,
                outcome_sought=CallInOutcome.REFERRED_BACK,
                signed_on=day,
                signed_at=at(day, 9 + n),
            )
            signatures.append((signature, at(day, 9 + n)))
    writer.create(CallIn, call_ins)
    writer.create(CallInSignature, [dated(signature, when) for signature, when in signatures])


__all__ = ["load"]
