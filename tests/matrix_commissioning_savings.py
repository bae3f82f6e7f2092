"""Permission matrix checks for savings (docs/permissions.md rows ``savings.*``).

"own" for adding is a review whose programme board the person sits on (a current seat); for
updating it is a saving the person is the accountable owner of. ``own=False`` is somebody else's.
"""

from decimal import Decimal

from django.urls import reverse

from tests.factories import (
    MembershipFactory,
    OfficerFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    SavingLineFactory,
)


def _agree(*responses):
    """Several pages of one capability: all allowed or all refused, the same way."""
    answers = {
        (r.status_code, r.status_code == 200 or "/accounts/login/" not in r.get("Location", "")) for r in responses
    }
    assert len(answers) == 1, answers
    return responses[-1]


def savings_view(client, person):
    line = SavingLineFactory()
    return _agree(
        client.get(reverse("commissioning:savings")),
        client.get(reverse("commissioning:review-savings", args=[line.review_id])),
        client.get(line.get_absolute_url()),
        client.get(reverse("commissioning:my-savings")),
    )


def savings_add(client, person, own=None):
    review = ReviewFactory(programme_board=ProgrammeBoardFactory())
    if own:
        MembershipFactory(body=review.programme_board, person=person)
    return client.post(
        reverse("commissioning:saving-add", args=[review.pk]),
        {
            "financial_year": "2026",
            "budget_reference": f"M-{review.pk}",
            "description": "Fewer agency placements",
            "claimed": "£25,000",
            "owner": OfficerFactory().user.pk,
        },
    )


def savings_update(client, person, own=None):
    """Confirm the figures unchanged (the monthly update), which needs no note."""
    line = SavingLineFactory(owner=person) if own else SavingLineFactory()
    return client.post(
        reverse("commissioning:saving-update", args=[line.pk]),
        {"forecast": str(line.forecast), "realised": str(line.realised), "status": line.status},
    )


def savings_signoff(client, person):
    line = SavingLineFactory(claimed=Decimal("5000.00"), realised=Decimal("5000.00"))
    return client.post(reverse("commissioning:saving-signoff", args=[line.pk]), {"evidence": "Outturn report"})


CAPABILITIES = {
    "savings.view": savings_view,
    "savings.add": savings_add,
    "savings.update": savings_update,
    "savings.signoff": savings_signoff,
}
