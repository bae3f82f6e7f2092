"""Permission matrix checks for reviews (docs/permissions.md rows ``reviews.*``).

"own" is a review whose programme board the person sits on (a current seat someone else gave
them); for a Cabinet Member deciding a gate it is a review in their portfolio. ``own=False`` is
somebody else's review. The separation-of-duties rows (``reviews.gate-own-seat``,
``reviews.gate-lead``) are refused to everyone: a seat the person gave themselves, or leading the
review, never lets them decide its gates.
"""

from django.urls import reverse
from django.utils import timezone

from commissioning.models import BoardDecision, GateDecision, Review, ReviewComment
from commissioning.services import reviews as services
from council.roles import Role
from members import services as member_services
from tests.factories import MemberFactory, PortfolioFactory, ProgrammeBoardFactory, ReviewFactory, UserFactory
from tests.matrix import outcome


def _seat(review, person, *, by=None):
    """A seat on the review's board, given by ``by`` (by default a commissioning officer)."""
    by = by or UserFactory(roles=[Role.COMMISSIONING_OFFICER])
    services.board_seat_add(review=review, by=by, person=person, role="member", start_date=timezone.localdate())


def _review(person=None, own=None, **fields):
    review = ReviewFactory(**fields)
    review.programme_board = ProgrammeBoardFactory()
    review.save()
    if own and person is not None:
        _seat(review, person)
    return review


def reviews_view(client, person):
    return client.get(reverse("commissioning:review-detail", args=[_review().pk]))


def reviews_add(client, person):
    portfolio = PortfolioFactory()
    lead = ReviewFactory().lead_officer
    response = client.post(
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
    return outcome(response, Review.objects.filter(title="Leisure Centres Management").exists())


def reviews_edit(client, person, own=None):
    review = _review(person, own)
    response = client.post(
        reverse("commissioning:review-rag", args=[review.pk]),
        {"rag": "amber", "reason": "Market engagement is late.", "on": "2026-01-10"},
    )
    return outcome(response, Review.objects.filter(pk=review.pk, rag="amber").exists())


def reviews_board(client, person, own=None):
    review = _review(person, own)
    response = client.post(
        reverse("commissioning:board-decision-add", args=[review.pk]),
        {"decision": "Options appraisal agreed", "decided_on": "2026-01-12", "decided_by": "The programme board"},
    )
    return outcome(response, BoardDecision.objects.filter(review=review).exists())


def _decide(client, review):
    response = client.post(
        reverse("commissioning:gate-pass", args=[review.pk]), {"evidence": "Needs analysis", "stage": review.stage}
    )
    return outcome(response, GateDecision.objects.filter(review=review).exists())


def reviews_gate(client, person, own=None):
    """A Cabinet Member's own review is one in their portfolio; anyone else's is one whose board they sit on."""
    from council import permissions

    if own and permissions.has_role(person, Role.CABINET_MEMBER):
        review = ReviewFactory(portfolios=[PortfolioFactory(cabinet_member=MemberFactory(user=person))])
    else:
        review = _review(person, own)
    return _decide(client, review)


def reviews_gate_own_seat(client, person):
    """The person seats themselves on the board (any route: the seat's history says who added it)."""
    review = _review()
    if person is not None:
        member_services.membership_add(
            body=review.programme_board, person=person, role="member", start_date=timezone.localdate(), by=person
        )
    return _decide(client, review)


def reviews_gate_lead(client, person):
    """The review's lead officer, seated on its board by someone else (and, for a Cabinet Member,
    holding its portfolio)."""
    from council import permissions

    if person is None:
        return _decide(client, _review())
    fields = {"lead_officer": person}
    if permissions.has_role(person, Role.CABINET_MEMBER):
        fields["portfolios"] = [PortfolioFactory(cabinet_member=MemberFactory(user=person))]
    review = _review(**fields)
    _seat(review, person)
    return _decide(client, review)


def reviews_comment(client, person):
    review = _review()
    response = client.post(reverse("commissioning:review-comment", args=[review.pk]), {"text": "Consult carers."})
    return outcome(response, ReviewComment.objects.filter(review=review).exists())


CAPABILITIES = {
    "reviews.view": reviews_view,
    "reviews.add": reviews_add,
    "reviews.edit": reviews_edit,
    "reviews.board": reviews_board,
    "reviews.gate": reviews_gate,
    "reviews.gate-own-seat": reviews_gate_own_seat,
    "reviews.gate-lead": reviews_gate_lead,
    "reviews.comment": reviews_comment,
}
