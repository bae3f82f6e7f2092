"""Permission matrix checks for priorities and the schedule (docs/permissions.md rows
``schedule.view`` and ``priorities.*``).

"own" is a review whose programme board the person sits on (a current seat); ``own=False`` is
somebody else's review, with a board the person does not sit on.
"""

from django.urls import reverse

from commissioning.models import Criterion, CriterionWeight, PriorityAssessment
from tests.factories import MembershipFactory, ProgrammeBoardFactory, ReviewFactory
from tests.matrix import outcome


def schedule_view(client, person):
    review = ReviewFactory()
    schedule = client.get(reverse("commissioning:review-list"))
    priority = client.get(reverse("commissioning:review-priority", args=[review.pk]))
    assert schedule.status_code == priority.status_code
    return priority


def priorities_score(client, person, own=None):
    review = ReviewFactory(programme_board=ProgrammeBoardFactory())
    if own:
        MembershipFactory(body=review.programme_board, person=person)
    data = {"summary": "Demand is rising fastest here."}
    for criterion in Criterion.values:
        data[f"{criterion}_score"] = "3"
        data[f"{criterion}_rationale"] = "Evidence from the needs assessment."
    response = client.post(reverse("commissioning:review-priority-edit", args=[review.pk]), data)
    return outcome(response, PriorityAssessment.objects.filter(review=review).exists())


def priorities_weights(client, person):
    data = {"reason": "Cabinet asked for more weight on statutory duty"}
    for row in CriterionWeight.objects.all():
        data[f"{row.criterion}_weight"] = "30" if row.criterion == Criterion.STATUTORY else str(row.weight)
        data[f"{row.criterion}_guidance"] = row.guidance
    response = client.post(reverse("commissioning:weights"), data)
    return outcome(response, CriterionWeight.objects.filter(criterion=Criterion.STATUTORY, weight=30).exists())


CAPABILITIES = {
    "schedule.view": schedule_view,
    "priorities.score": priorities_score,
    "priorities.weights": priorities_weights,
}
