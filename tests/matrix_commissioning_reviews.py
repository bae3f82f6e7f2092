"""Permission matrix checks for reviews (docs/permissions.md rows ``reviews.*``).

"own" is a review whose programme board the person sits on (a current seat); for a Cabinet Member
deciding a gate it is a review in their portfolio. ``own=False`` is somebody else's review.
"""

from django.urls import reverse

from council.roles import Role
from tests.factories import MemberFactory, MembershipFactory, PortfolioFactory, ProgrammeBoardFactory, ReviewFactory


def _review(person=None, own=None):
    review = ReviewFactory()
    review.programme_board = ProgrammeBoardFactory()
    review.save()
    if own and person is not None:
        MembershipFactory(body=review.programme_board, person=person)
    return review


def reviews_view(client, person):
    return client.get(reverse("commissioning:review-detail", args=[_review().pk]))


def reviews_add(client, person):
    portfolio = PortfolioFactory()
    lead = ReviewFactory().lead_officer
    return client.post(
        reverse("commissioning:review-add"),
        {
            "title": "Leisure Centres Management",
            "service_area": "Leisure and culture",
            "scope": "The council's four leisure centres.",
            "outcomes": "More residents active.",
            "directorate": "Communities",
            "budget_in_scope": "2600000.00",
            "lead_officer": lead.pk,
            "portfolios": [portfolio.pk],
        },
    )


def reviews_edit(client, person, own=None):
    review = _review(person, own)
    return client.post(
        reverse("commissioning:review-rag", args=[review.pk]),
        {"rag": "amber", "reason": "Market engagement is late.", "on": "2026-01-10"},
    )


def reviews_board(client, person, own=None):
    review = _review(person, own)
    return client.post(
        reverse("commissioning:board-decision-add", args=[review.pk]),
        {"decision": "Options appraisal agreed", "decided_on": "2026-01-12", "decided_by": "The programme board"},
    )


def reviews_gate(client, person, own=None):
    """A Cabinet Member's own review is one in their portfolio; anyone else's is one whose board they sit on."""
    from council import permissions

    if own and permissions.has_role(person, Role.CABINET_MEMBER):
        review = ReviewFactory(portfolios=[PortfolioFactory(cabinet_member=MemberFactory(user=person))])
    else:
        review = _review(person, own)
    return client.post(reverse("commissioning:gate-pass", args=[review.pk]), {"evidence": "Needs analysis"})


def reviews_comment(client, person):
    return client.post(reverse("commissioning:review-comment", args=[_review().pk]), {"text": "Consult carers."})


CAPABILITIES = {
    "reviews.view": reviews_view,
    "reviews.add": reviews_add,
    "reviews.edit": reviews_edit,
    "reviews.board": reviews_board,
    "reviews.gate": reviews_gate,
    "reviews.comment": reviews_comment,
}
