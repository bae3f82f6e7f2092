"""Permission matrix checks for indicators and the Commissioning Work Plan (docs/permissions.md).

Each check builds what it needs and makes one request; "own" checks take ``own=True`` (the person's
own object: a seat on the review's programme board, or a committee they clerk) or ``own=False``.
"""

from django.urls import reverse

from commissioning.models import Indicator, WorkPlanBringBack, WorkPlanState, WorkPlanVersion
from council import permissions
from tests.factories import (
    BodyFactory,
    IndicatorFactory,
    MembershipFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    WorkPlanVersionFactory,
)
from tests.matrix import outcome


def _review(person, own):
    if own:
        board = ProgrammeBoardFactory()
        review = ReviewFactory(programme_board=board)
        MembershipFactory(body=board, person=person)
        return review
    return ReviewFactory()


def indicators_view(client, person, own=None):
    indicator = IndicatorFactory()
    return client.get(reverse("commissioning:indicator-detail", args=[indicator.pk]))


def indicators_edit(client, person, own=None):
    review = _review(person, own)
    response = client.post(
        reverse("commissioning:indicator-add", args=[review.pk]),
        {
            "name": "Adults supported at home",
            "definition": "People supported to live at home.",
            "unit": "%",
            "polarity": "higher",
            "baseline": "60",
            "target": "75",
            "tolerance": "5",
        },
    )
    return outcome(response, Indicator.objects.filter(review=review, name="Adults supported at home").exists())


def workplan_view(client, person, own=None):
    version = WorkPlanVersionFactory(state=WorkPlanState.COUNCIL_AGREED)
    return client.get(version.get_absolute_url())


def workplan_view_draft(client, person, own=None):
    version = WorkPlanVersionFactory()
    return client.get(version.get_absolute_url())


def workplan_manage(client, person, own=None):
    before = WorkPlanVersion.objects.count()
    response = client.post(reverse("commissioning:workplan-add"), {"start_from": "schedule"})
    return outcome(response, WorkPlanVersion.objects.count() > before)


def workplan_bring_back(client, person, own=None):
    version = WorkPlanVersionFactory()
    committee = BodyFactory()
    if own:
        permissions.grant("members.change_body", person, committee)
    response = client.post(
        reverse("commissioning:workplan-bring-back", args=[version.number]), {"committee": committee.pk}
    )
    return outcome(response, WorkPlanBringBack.objects.filter(version=version, entry__body=committee).exists())


CAPABILITIES = {
    "indicators.view": indicators_view,
    "indicators.edit": indicators_edit,
    "workplan.view": workplan_view,
    "workplan.view-draft": workplan_view_draft,
    "workplan.manage": workplan_manage,
    "workplan.bring-back": workplan_bring_back,
}
