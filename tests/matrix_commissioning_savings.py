"""Permission matrix checks for savings (docs/permissions.md rows ``savings.*``).

"own" for adding is a review whose programme board the person sits on (a current seat); for
updating it is a saving the person is the accountable owner of. ``own=False`` is somebody else's.
The separation-of-duties rows (``savings.signoff-own``, ``savings.signoff-entered``) are refused
to everyone: no one signs off or reopens a saving they own, nor signs off a realised figure they
entered.
"""

from decimal import Decimal

from django.urls import reverse

from commissioning.models import SavingLine, SavingStatus
from commissioning.services import savings as services
from council.roles import Role
from tests.factories import (
    MembershipFactory,
    OfficerFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    SavingLineFactory,
    UserFactory,
)
from tests.matrix import agree, outcome


def savings_view(client, person):
    line = SavingLineFactory()
    return agree(
        client.get(reverse("commissioning:savings")),
        client.get(reverse("commissioning:review-savings", args=[line.review_id])),
        client.get(line.get_absolute_url()),
        client.get(reverse("commissioning:my-savings")),
    )


def savings_add(client, person, own=None):
    review = ReviewFactory(programme_board=ProgrammeBoardFactory())
    if own:
        MembershipFactory(body=review.programme_board, person=person)
    response = client.post(
        reverse("commissioning:saving-add", args=[review.pk]),
        {
            "financial_year": "2026",
            "budget_reference": f"M-{review.pk}",
            "description": "Fewer agency placements",
            "claimed": "£25,000",
            "owner": OfficerFactory().user.pk,
        },
    )
    return outcome(response, SavingLine.objects.filter(review=review, budget_reference=f"M-{review.pk}").exists())


def savings_update(client, person, own=None):
    """The monthly update: a new realised figure, with a note saying why."""
    line = SavingLineFactory(owner=person) if own else SavingLineFactory()
    response = client.post(
        reverse("commissioning:saving-edit", args=[line.pk]),
        {"forecast": str(line.forecast), "realised": "1000", "status": line.status, "note": "Month 6 outturn"},
    )
    return outcome(response, SavingLine.objects.filter(pk=line.pk, realised=Decimal("1000.00")).exists())


def _entered(owner=None, *, by=None):
    """An open saving whose realised figure ``by`` entered (by default its owner)."""
    line = SavingLineFactory(owner=owner or OfficerFactory().user, claimed=Decimal("5000.00"))
    return services.saving_update_figures(
        line=line,
        forecast=line.forecast,
        realised=Decimal("5000.00"),
        status=line.status,
        note="Outturn",
        by=by or line.owner,
    )


def _delivered(owner=None):
    signer = UserFactory(roles=[Role.FINANCE_OFFICER])
    return services.saving_sign_off(line=_entered(owner), evidence="Outturn report", by=signer)


def _sign_off(client, line):
    response = client.post(reverse("commissioning:saving-signoff", args=[line.pk]), {"evidence": "Outturn report"})
    return outcome(response, SavingLine.objects.filter(pk=line.pk, status=SavingStatus.DELIVERED).exists())


def _reopen(client, line):
    response = client.post(
        reverse("commissioning:saving-reopen", args=[line.pk]), {"status": "on_track", "note": "Outturn restated"}
    )
    return outcome(response, SavingLine.objects.filter(pk=line.pk, status=SavingStatus.ON_TRACK).exists())


def savings_signoff(client, person):
    """Sign off a saving its owner updated, and reopen one another finance officer signed off."""
    return agree(_sign_off(client, _entered()), _reopen(client, _delivered()))


def savings_signoff_own(client, person):
    """The person owns the saving: signing it off and reopening it are both refused."""
    if person is None:
        return agree(_sign_off(client, _entered()), _reopen(client, _delivered()))
    return agree(
        _sign_off(client, _entered(person, by=OfficerFactory().user)),
        _reopen(client, _delivered(person)),
    )


def savings_signoff_entered(client, person):
    """The person entered the realised figure of someone else's saving, then tries to sign it off."""
    return _sign_off(client, _entered(by=person) if person is not None else _entered())


CAPABILITIES = {
    "savings.view": savings_view,
    "savings.add": savings_add,
    "savings.update": savings_update,
    "savings.signoff": savings_signoff,
    "savings.signoff-own": savings_signoff_own,
    "savings.signoff-entered": savings_signoff_entered,
}
