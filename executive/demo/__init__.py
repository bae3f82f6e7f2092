"""The demo council's executive: its decision makers (the Cabinet and each Cabinet Member for their
portfolio), a forward plan with the Commissioning Work Plan as a key decision, and one Cabinet
Member decision with its notice. A general exception and a special urgency case
(``urgency``). Loading again changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import Body, BodyKind, Portfolio

from .. import services
from ..models import DecisionMaker, DecisionMakerKind, ForwardPlanEdition
from . import call_in, officer_decisions, private_meetings, urgency

WORK_PLAN = "Commissioning Work Plan 2027 to 2030"


def _person(full_name: str):
    first, last = full_name.split(" ", 1)
    return get_user_model().objects.filter(first_name=first, last_name=last).first()


def load_decision_makers() -> DecisionMaker | None:
    cabinet = Body.objects.filter(kind=BodyKind.CABINET).order_by("pk").first()
    if cabinet is None:
        return None
    for portfolio in Portfolio.objects.in_use():
        DecisionMaker.objects.get_or_create(kind=DecisionMakerKind.CABINET_MEMBER, portfolio=portfolio)
    maker, _ = DecisionMaker.objects.get_or_create(kind=DecisionMakerKind.CABINET, body=cabinet)
    return maker


def load():
    officer_decisions.load()
    cabinet = load_decision_makers()
    private_meetings.load()
    officer, clerk = _person("Sarah Whitfield"), _person("Emma Clarke")
    if cabinet is None or officer is None or clerk is None or ForwardPlanEdition.objects.exists():
        return []
    today = timezone.localdate()
    entry = services.entry_draft(
        by=officer,
        title=WORK_PLAN,
        summary="To recommend to Council the schedule of commissioning reviews for the next three years.",
        decision_maker=cabinet,
        expected_decision_on=today + datetime.timedelta(days=45),
        documents="Report of the Assistant Chief Executive; the draft Commissioning Work Plan",
        documents_available="Published with the Cabinet agenda, or from Democratic Services.",
        officer_key_reason="It sets the order in which every service of the council is reviewed.",
    )
    services.forward_plan_publish(by=clerk, include=[entry])
    member_maker = DecisionMaker.objects.filter(kind=DecisionMakerKind.CABINET_MEMBER).order_by("pk").first()
    if member_maker is not None:
        decided = today - datetime.timedelta(days=20)
        decision = services.decision_record(
            by=clerk,
            decision_maker=member_maker,
            decided_on=decided,
            title="Opening hours of the customer service centre",
            decision="To open the customer service centre until 6pm on Thursdays.",
            reasons="Residents asked for a late opening in the consultation.",
            alternatives_rejected="Saturday opening: it would cost more for fewer visitors.",
        )
        services.decision_notice_publish(decision=decision, by=clerk, on=decided + datetime.timedelta(days=1))
    urgency.load(cabinet=cabinet, officer=officer, clerk=clerk, today=today)
    call_in.load(clerk)
    return []
