"""The demo council's officer decisions (the 2014 Regulations regs 7-8): a contract award under the
Head of Strategic Commissioning's delegation, with the tendered prices as its exempt part, and a
grant by the Assistant Chief Executive, who records it himself. Both published by Democratic
Services. Loading again changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import Officer

from .. import services
from ..models import DecisionMaker, DecisionMakerKind, OfficerDecision, OfficerDecisionGround

CONTRACT = "Award of the contract for the residents' insight survey"
GRANT = "Community grant to Northbridge Food Bank"


def _officer(full_name: str) -> Officer | None:
    first, last = full_name.split(" ", 1)
    return Officer.objects.filter(user__first_name=first, user__last_name=last).select_related("user").first()


def _clerk():
    return get_user_model().objects.filter(first_name="Emma", last_name="Clarke").first()


def load() -> None:
    commissioner, assistant, clerk = _officer("Sarah Whitfield"), _officer("David Okonjo"), _clerk()
    if commissioner is None or assistant is None or clerk is None:
        return
    delegation = "Constitution, Part 3, Scheme of Delegation to Officers, paragraph C7: procurement up to £250,000"
    if not DecisionMaker.objects.filter(kind=DecisionMakerKind.OFFICER, officer=commissioner).exists():
        services.decision_maker_add(
            by=clerk, kind=DecisionMakerKind.OFFICER, officer=commissioner, delegation=delegation
        )
    if OfficerDecision.objects.filter(title__in=(CONTRACT, GRANT)).exists():
        return
    today = timezone.localdate()
    contract = services.officer_decision_record(
        by=clerk,
        officer=commissioner,
        title=CONTRACT,
        ground=OfficerDecisionGround.CONTRACT,
        authority=delegation,
        decided_on=today - datetime.timedelta(days=12),
        decision="To award the contract for the residents' insight survey 2027 to Fieldwork North Ltd for two years.",
        reasons="The most economically advantageous of four compliant tenders, on quality and price.",
        alternatives_rejected="Running the survey in-house: the council has no field team and it would cost more.",
        background_papers="Tender evaluation report; the invitation to tender.",
        exempt_paragraph=3,
        exempt_part="The tendered prices of each bidder and the evaluation scores.",
    )
    services.officer_decision_publish(decision=contract, by=clerk, on=today - datetime.timedelta(days=10))
    grant = services.officer_decision_record(
        by=assistant.user,
        title=GRANT,
        ground=OfficerDecisionGround.EXPENDITURE,
        authority="Constitution, Part 3, paragraph C12: community grants from the Hardship Fund",
        decided_on=today - datetime.timedelta(days=5),
        decision="To grant £40,000 to Northbridge Food Bank towards its winter distribution.",
        reasons="Demand at the food bank has doubled since the summer, in six wards.",
        alternatives_rejected="A smaller grant: it would not keep the distribution open through February.",
        background_papers="The food bank's application of 10 November.",
    )
    services.officer_decision_publish(decision=grant, by=clerk, on=today - datetime.timedelta(days=3))
