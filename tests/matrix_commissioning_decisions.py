"""Permission matrix checks for the thread from a review to the executive (docs/permissions.md):
drafting a forward plan entry from a review, reading its decisions, and recording Cabinet's
approval of the work plan as an executive decision."""

from django.urls import reverse

from commissioning.models import ReviewDecision, WorkPlanEntry, WorkPlanState, WorkPlanVersion
from commissioning.services import decisions as services
from tests.factories import (
    CabinetFactory,
    MembershipFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    UserFactory,
)
from tests.matrix import outcome


def _review(person, own):
    if own:
        board = ProgrammeBoardFactory()
        review = ReviewFactory(programme_board=board)
        MembershipFactory(body=board, person=person)
        return review
    return ReviewFactory()


def reviews_draft_forward_plan_entry(client, person, own=None):
    review = _review(person, own)
    cabinet = CabinetFactory()
    response = client.post(
        reverse("commissioning:review-entry-add", args=[review.pk]),
        {"title": "Re-commission the service", "decision_maker": cabinet.pk, "expected_decision_on": "2027-03-03"},
    )
    return outcome(response, ReviewDecision.objects.filter(review=review, entry__title="Re-commission the service"))


def reviews_decisions(client, person, own=None):
    review = ReviewFactory()
    services.review_entry_draft(
        review=review,
        by=UserFactory(roles=["Commissioning Officer"]),
        title="Re-commission the service",
        decision_maker=CabinetFactory(),
        expected_decision_on="2027-03-03",
    )
    assert client.get(review.get_absolute_url()).status_code in (200, 302)
    return client.get(reverse("commissioning:review-timeline", args=[review.pk]))


def workplan_cabinet_decision(client, person, own=None):
    number = (WorkPlanVersion.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = WorkPlanVersion.objects.create(number=number, prepared_by=UserFactory())
    WorkPlanEntry.objects.create(
        version=version, review=ReviewFactory(), position=1, starts_on="2027-04-01", ends_on="2028-03-31"
    )
    CabinetFactory()
    response = client.post(
        reverse("commissioning:workplan-transition", args=[version.number]),
        {"to_state": "cabinet_approved", "decided_on": "2026-11-10", "reference": "Cabinet 10 November 2026"},
    )
    version.refresh_from_db()
    return outcome(response, version.state == WorkPlanState.CABINET_APPROVED and version.transitions.get().decision)


CAPABILITIES = {
    "reviews.draft-forward-plan-entry": reviews_draft_forward_plan_entry,
    "reviews.decisions": reviews_decisions,
    "workplan.cabinet-decision": workplan_cabinet_decision,
}
