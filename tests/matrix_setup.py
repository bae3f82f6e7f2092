"""Permission matrix checks for the council set-up pages (docs/permissions.md rows ``setup.*``) and
the public page of former councillors (``councillors.former``).

Setting up the council is a role's work (Democratic Services, Administrators): there is no "own"."""

import datetime

from django.urls import reverse
from django.utils import timezone

from members.models import Member, Officer, Party, Portfolio, Ward
from tests.factories import MemberFactory, OfficerFactory, PartyFactory, PortfolioFactory, WardFactory
from tests.matrix import agree, outcome


def _today():
    return timezone.localdate()


def setup_view(client, person):
    """The set-up hub and each of its lists."""
    return agree(
        *[
            client.get(reverse(name))
            for name in (
                "members:council-setup",
                "members:ward-list",
                "members:party-list",
                "members:councillor-setup-list",
                "members:officer-list",
                "members:portfolio-list",
            )
        ]
    )


def _retired(model, pk) -> bool:
    return model.objects.filter(pk=pk).exclude(retired_on=None).exists()


def setup_wards(client, person):
    """Add a ward, change another's name and retire a third."""
    added = client.post(reverse("members:ward-add"), {"name": "Matrix Ward", "code": "E05099999"})
    outcome(added, Ward.objects.filter(name="Matrix Ward").exists())
    ward = WardFactory()
    changed = client.post(reverse("members:ward-edit", args=[ward.pk]), {"name": "Renamed Ward", "code": ""})
    outcome(changed, Ward.objects.filter(pk=ward.pk, name="Renamed Ward").exists())
    other = WardFactory()
    retired = client.post(reverse("members:ward-retire", args=[other.pk]), {"retired_on": str(_today())})
    outcome(retired, _retired(Ward, other.pk))
    return agree(added, changed, retired)


def setup_parties(client, person):
    added = client.post(reverse("members:party-add"), {"name": "Matrix Party", "group_name": "Matrix Group"})
    outcome(added, Party.objects.filter(name="Matrix Party").exists())
    party = PartyFactory(name="Green")
    changed = client.post(
        reverse("members:party-edit", args=[party.pk]), {"name": "Green", "group_name": "Green Group"}
    )
    outcome(changed, Party.objects.filter(pk=party.pk, group_name="Green Group").exists())
    retired = client.post(reverse("members:party-retire", args=[party.pk]), {"retired_on": str(_today())})
    outcome(retired, _retired(Party, party.pk))
    return agree(added, changed, retired)


def setup_councillors(client, person):
    """Add a councillor (their sign-in by invitation), and change another's details."""
    ward = WardFactory()
    added = client.post(
        reverse("members:councillor-add"),
        {"first_name": "Matrix", "last_name": "Member", "email": "matrix.member@northbridge.example", "ward": ward.pk},
    )
    outcome(added, Member.objects.filter(user__email="matrix.member@northbridge.example").exists())
    member = MemberFactory()
    changed = client.post(
        reverse("members:councillor-edit", args=[member.pk]),
        {
            "first_name": member.user.first_name,
            "last_name": member.user.last_name,
            "ward": member.ward_id,
            "phone": "01632 960123",
            "is_public": "on",
        },
    )
    outcome(changed, Member.objects.filter(pk=member.pk, phone="01632 960123").exists())
    return agree(added, changed)


def setup_officers(client, person):
    added = client.post(
        reverse("members:officer-add"),
        {
            "first_name": "Matrix",
            "last_name": "Officer",
            "email": "matrix.officer@northbridge.example",
            "job_title": "Policy Officer",
        },
    )
    outcome(added, Officer.objects.filter(user__email="matrix.officer@northbridge.example").exists())
    officer = OfficerFactory()
    changed = client.post(reverse("members:officer-edit", args=[officer.pk]), {"job_title": "Head of Policy"})
    outcome(changed, Officer.objects.filter(pk=officer.pk, job_title="Head of Policy").exists())
    retired = client.post(reverse("members:officer-retire", args=[officer.pk]), {"retired_on": str(_today())})
    outcome(retired, _retired(Officer, officer.pk))
    return agree(added, changed, retired)


def setup_portfolios(client, person):
    member = MemberFactory()
    added = client.post(reverse("members:portfolio-add"), {"title": "Matrix Services", "cabinet_member": member.pk})
    outcome(added, Portfolio.objects.filter(title="Matrix Services", cabinet_member=member).exists())
    portfolio = PortfolioFactory()
    changed = client.post(
        reverse("members:portfolio-edit", args=[portfolio.pk]),
        {"title": portfolio.title, "responsibilities": "Housing and planning"},
    )
    outcome(changed, Portfolio.objects.filter(pk=portfolio.pk, responsibilities="Housing and planning").exists())
    retired = client.post(reverse("members:portfolio-retire", args=[portfolio.pk]), {"retired_on": str(_today())})
    outcome(retired, _retired(Portfolio, portfolio.pk))
    return agree(added, changed, retired)


def councillors_former(client, person):
    """The former councillors' page and a former councillor's own page."""
    former = MemberFactory(term_ends_on=_today() - datetime.timedelta(days=1))
    return agree(
        client.get(reverse("members:councillor-former-list")),
        client.get(former.get_absolute_url()),
    )


CAPABILITIES = {
    "setup.view": setup_view,
    "setup.wards": setup_wards,
    "setup.parties": setup_parties,
    "setup.councillors": setup_councillors,
    "setup.officers": setup_officers,
    "setup.portfolios": setup_portfolios,
    "councillors.former": councillors_former,
}
