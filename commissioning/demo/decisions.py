"""Demo thread from reviews to the executive: the Home to School Transport review, at its Plan
gate, has its key decision drafted from it and published in the forward plan; the draft version of
the Commissioning Work Plan is to be approved by Cabinet under the executive demo's key decision
"Commissioning Work Plan 2027 to 2030". Loading again changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from executive import services as executive_services
from executive.demo import WORK_PLAN
from executive.models import DecisionMaker, EntryStatus, ForwardPlanEntry
from members.models import Ward

from ..models import Review, ReviewDecision, WorkPlanState, WorkPlanVersion
from ..selectors.decisions import entry_prefill
from ..services import decisions as services

TRANSPORT = "Home to School Transport"


def _person(first: str, last: str):
    return get_user_model().objects.filter(first_name=first, last_name=last).first()


def _transport_entry(officer, clerk) -> None:
    review = Review.objects.filter(title=TRANSPORT).first()
    if review is None or ReviewDecision.objects.filter(review=review).exists():
        return
    fields = entry_prefill(review)
    if fields["decision_maker"] is None:
        return
    wards = fields.pop("wards")
    fields["title"] = f"{TRANSPORT}: the commissioning option"
    fields["amount_pounds"] = fields["amount_pounds"] or 600000
    fields["expected_decision_on"] = timezone.localdate() + datetime.timedelta(days=60)
    fields["decision_maker"] = DecisionMaker.objects.get(pk=fields["decision_maker"])
    fields["portfolio"] = review.portfolios.order_by("title").first()
    link = services.review_entry_draft(review=review, by=officer, wards=Ward.objects.filter(pk__in=wards), **fields)
    executive_services.forward_plan_publish(by=clerk, include=[link.entry])


def _work_plan_entry(officer) -> None:
    entry = ForwardPlanEntry.objects.filter(title=WORK_PLAN, status=EntryStatus.PUBLISHED).first()
    draft = WorkPlanVersion.objects.filter(state=WorkPlanState.DRAFT).order_by("-number").first()
    if entry is None or draft is None or draft.forward_plan_entry_id is not None:
        return
    services.workplan_entry_link(version=draft, entry=entry, by=officer)


def load():
    officer, clerk = _person("Sarah", "Whitfield"), _person("Emma", "Clarke")
    if officer is None or clerk is None:
        return []
    _transport_entry(officer, clerk)
    _work_plan_entry(officer)
    return []
