"""The demo's urgent decisions: one key decision taken under the general exception (reg 10), its
notice published in the product and the chair of Overview and Scrutiny informed, and one under
special urgency (reg 11), asked of that chair online and agreed by him, and exempt from call-in,
which the quarter's report to Council lists (reg 19)."""

import datetime

from django.contrib.auth import get_user_model

from council import calendar

from .. import services
from ..models import DecisionMaker, DecisionMakerKind, DecisionRoute, UrgencyPurpose

GENERAL_EXCEPTION = "Emergency repairs to the Riverside Leisure Centre roof"
SPECIAL_URGENCY = "Temporary accommodation contract extension"


def _person(full_name: str):
    first, last = full_name.split(" ", 1)
    return get_user_model().objects.filter(first_name=first, last_name=last).first()


def load(*, cabinet: DecisionMaker, officer, clerk, today: datetime.date) -> None:
    chair = _person("Michael Brennan")  # Chair of the Overview and Scrutiny Committee
    if chair is None:
        return
    notice_on = today - datetime.timedelta(days=21)
    entry = services.entry_draft(
        by=officer,
        title=GENERAL_EXCEPTION,
        summary="To approve the emergency replacement of the leisure centre's roof and the contract for it.",
        decision_maker=cabinet,
        expected_decision_on=calendar.earliest_general_exception_day(notice_on),
        documents="Report of the Director of Place; the structural engineer's inspection report",
        documents_available="Published with the Cabinet agenda, or from Democratic Services.",
        amount_pounds=780_000,
    )
    services.general_exception_publish(
        entry=entry,
        by=clerk,
        scrutiny_chair=chair,
        reasons=(
            "The roof failed its structural inspection after the forward plan was published; the centre is "
            "closed until it is repaired and the contractor's price holds for three weeks only."
        ),
        on=notice_on,
    )
    decided = calendar.earliest_general_exception_day(notice_on)
    decision = services.decision_record(
        by=clerk,
        decision_maker=cabinet,
        entry=entry,
        decided_on=decided,
        route=DecisionRoute.GENERAL_EXCEPTION,
        decision="To award the roof replacement contract to Northbridge Roofing Ltd for £780,000.",
        reasons="The centre cannot reopen safely until the roof is replaced.",
        alternatives_rejected="A temporary repair: the engineer advised it would last one winter at most.",
    )
    services.decision_notice_publish(decision=decision, by=clerk, on=decided + datetime.timedelta(days=1))

    maker = DecisionMaker.objects.filter(
        kind=DecisionMakerKind.CABINET_MEMBER, portfolio__title="Housing and Regeneration"
    ).first()
    if maker is None:
        return
    agreed = today - datetime.timedelta(days=12)
    # Asked of the chair online and agreed by him the same day (executive/services/urgency_requests.py).
    request = services.urgency_request_ask(
        by=clerk,
        asked_of=chair,
        purpose=UrgencyPurpose.SPECIAL_URGENCY,
        matter=SPECIAL_URGENCY,
        decision_maker=maker,
        intended_on=agreed,
        reasons="The contract expires before a notice could run its course; households would lose their homes.",
        today=agreed,
    )
    request = services.urgency_request_answer(
        request=request,
        by=chair,
        agree=True,
        reasons="I have read the report: the households cannot be left without accommodation while notice runs.",
        today=agreed,
    )
    decision = services.decision_record(
        by=clerk,
        decision_maker=maker,
        decided_on=agreed,
        is_key=True,
        route=DecisionRoute.SPECIAL_URGENCY,
        title=SPECIAL_URGENCY,
        decision="To extend the temporary accommodation contract by six months at a cost of £640,000.",
        reasons="The contract ends this month and 140 households would otherwise have nowhere to stay.",
        alternatives_rejected="Spot purchasing: it would cost more and split families across the region.",
        urgency_request=request,
        call_in_exempt_reason="Delay caused by a call-in would leave households without accommodation.",
    )
    services.decision_notice_publish(decision=decision, by=clerk, on=agreed)
