"""The annual meeting's appointments (one batch, all or nothing, through the membership rules) and
the political balance report (LGHA 1989 s.15)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.roles import Role
from members.models import BodyKind, Membership, MembershipRole
from members.services import appointments
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, PartyFactory, PortfolioFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
ANNUAL_MEETING = D(2026, 5, 20)


@pytest.fixture
def clerk():
    return UserFactory(roles=[Role.DEMOCRATIC_SERVICES], first_name="Emma", last_name="Clarke")


@pytest.fixture
def council():
    """Ten councillors: six Labour, three Conservative, one independent."""
    labour, conservative = PartyFactory(name="Labour"), PartyFactory(name="Conservative")
    return {
        "Labour": [MemberFactory(party=labour) for _ in range(6)],
        "Conservative": [MemberFactory(party=conservative) for _ in range(3)],
        "Independent": [MemberFactory(party=None)],
    }


def _post(client, start, choices):
    """``choices``: {body: (members, chair, vice_chair)} as members (the rest of the page empty)."""
    data = {"start_date": start.isoformat()}
    for body, (members, chair, vice_chair) in choices.items():
        data[f"body_{body.pk}_members"] = [str(m.user.pk) for m in members]
        data[f"body_{body.pk}_chair"] = str(chair.user.pk) if chair else ""
        data[f"body_{body.pk}_vice_chair"] = str(vice_chair.user.pk) if vice_chair else ""
    return client.post(reverse("members:appointments-edit"), data)


def test_the_clerk_appoints_committees_for_the_year_in_one_go(client_for, clerk, council):
    audit = BodyFactory(name="Audit Committee", kind=BodyKind.COMMITTEE)
    scrutiny = BodyFactory(name="Environment O&S", kind=BodyKind.OVERVIEW_SCRUTINY)
    lab, con = council["Labour"], council["Conservative"]
    outgoing = MembershipFactory(body=audit, person=con[2].user, role=MembershipRole.CHAIR, start_date=D(2025, 5, 21))
    stays = MembershipFactory(body=audit, person=lab[0].user, start_date=D(2025, 5, 21))

    response = _post(
        client_for(clerk),
        ANNUAL_MEETING,
        {audit: ([lab[0], lab[1], con[0]], lab[1], con[0]), scrutiny: ([lab[2], con[1]], con[1], None)},
    )
    assert response.status_code == 302
    outgoing.refresh_from_db()
    assert outgoing.end_date == D(2026, 5, 19)
    assert Membership.objects.get(pk=stays.pk).end_date is None  # kept their seat, same membership
    now = {(m.body.name, m.person_id, m.role) for m in Membership.objects.current(ANNUAL_MEETING)}
    assert now == {
        ("Audit Committee", lab[0].user.pk, MembershipRole.MEMBER),
        ("Audit Committee", lab[1].user.pk, MembershipRole.CHAIR),
        ("Audit Committee", con[0].user.pk, MembershipRole.VICE_CHAIR),
        ("Environment O&S", lab[2].user.pk, MembershipRole.MEMBER),
        ("Environment O&S", con[1].user.pk, MembershipRole.CHAIR),
    }


def test_a_rule_broken_names_the_body_and_person_and_saves_nothing(client_for, clerk, council):
    audit = BodyFactory(name="Audit Committee", kind=BodyKind.COMMITTEE)
    scrutiny = BodyFactory(name="Environment O&S", kind=BodyKind.OVERVIEW_SCRUTINY)
    cabinet_member = council["Labour"][3]
    cabinet_member.user.first_name, cabinet_member.user.last_name = "Elizabeth", "Crane"
    cabinet_member.user.save()
    PortfolioFactory(cabinet_member=cabinet_member, title="Finance")
    before = Membership.objects.count()

    response = _post(
        client_for(clerk),
        ANNUAL_MEETING,
        {
            audit: ([council["Labour"][0]], None, None),  # fine on its own: saved only if all is
            scrutiny: ([council["Conservative"][0], cabinet_member], None, None),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Environment O&amp;S: Elizabeth Crane: Cabinet Members cannot sit on overview and scrutiny" in page
    assert f'href="#id_body_{scrutiny.pk}_members_0"' in page
    assert Membership.objects.count() == before
    kept = re.search(rf'name="body_{scrutiny.pk}_members"\s+value="{council["Conservative"][0].user.pk}"[^>]*>', page)
    assert "checked" in kept.group(0)  # the choices made are kept


def test_the_chair_and_vice_chair_must_differ(clerk, council):
    body = BodyFactory(kind=BodyKind.COMMITTEE)
    chair = council["Labour"][0].user
    with pytest.raises(Exception, match="must be different people"):
        appointments.appointments_save(
            start_date=ANNUAL_MEETING,
            appointments=[appointments.Appointment(body=body, people={chair}, chair=chair, vice_chair=chair)],
            by=clerk,
        )


def test_saving_the_same_appointments_twice_changes_nothing(clerk, council):
    body = BodyFactory(kind=BodyKind.COMMITTEE)
    people = {m.user for m in council["Labour"][:3]}
    batch = [appointments.Appointment(body=body, people=people, chair=council["Labour"][0].user)]
    assert appointments.appointments_save(start_date=ANNUAL_MEETING, appointments=batch, by=clerk) == 3
    assert appointments.appointments_save(start_date=ANNUAL_MEETING, appointments=batch, by=clerk) == 0


def test_the_page_shows_the_seats_held_on_the_day(client_for, clerk, council):
    body = BodyFactory(name="Audit Committee", kind=BodyKind.COMMITTEE)
    MembershipFactory(body=body, person=council["Labour"][0].user, role=MembershipRole.CHAIR, start_date=D(2025, 5, 21))
    page = client_for(clerk).get(reverse("members:appointments-edit"), {"start_date": "2026-01-10"}).content.decode()
    assert "Audit Committee" in page
    assert f'value="{council["Labour"][0].user.pk}" selected' in page


def test_the_balance_report_on_a_small_known_council(council):
    audit = BodyFactory(name="Audit Committee", kind=BodyKind.COMMITTEE)
    for member in council["Labour"][:2] + council["Conservative"]:
        MembershipFactory(body=audit, person=member.user, start_date=D(2025, 5, 21))
    groups, bodies = appointments.political_balance(ANNUAL_MEETING)
    assert groups == [
        ("Labour", 6, Decimal("0.6")),
        ("Conservative", 3, Decimal("0.3")),
        ("Independent (no group)", 1, Decimal("0.1")),
    ]
    [report] = bodies
    assert report.seats == 5
    rows = {row.group: (row.held, row.entitled, row.difference) for row in report.groups}
    # 5 seats: Labour 3.0 -> 3, Conservative 1.5 -> 2 (a half rounds up), independent 0.5 -> 1.
    assert rows == {"Labour": (2, 3, -1), "Conservative": (3, 2, 1), "Independent (no group)": (0, 1, -1)}
    assert not report.balanced


def test_entitlement_rounds_to_the_nearest_seat():
    assert appointments.entitlement(10, 17, 51) == 3  # 3.33
    assert appointments.entitlement(10, 26, 51) == 5  # 5.098
    assert appointments.entitlement(7, 1, 2) == 4  # 3.5 rounds up
    assert appointments.entitlement(5, 0, 0) == 0


def test_the_balance_page_shows_over_and_under(client_for, clerk, council):
    audit = BodyFactory(name="Audit Committee", kind=BodyKind.COMMITTEE)
    for member in council["Conservative"]:
        MembershipFactory(body=audit, person=member.user, start_date=D(2025, 5, 21))
    page = client_for(clerk).get(reverse("members:political-balance"), {"start_date": "2026-05-20"}).content.decode()
    assert "Over by 2" in page and "Under by 2" in page  # Conservatives 3 for 1; Labour 0 for 2
    assert "60%" in page


def test_the_balance_report_and_appointments_page_cost_the_same_queries_however_big(
    client_for, clerk, council, django_assert_num_queries
):
    client = client_for(clerk)
    body = BodyFactory(kind=BodyKind.COMMITTEE)
    MembershipFactory(body=body, person=council["Labour"][0].user)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"start_date": "2026-05-20"}).status_code == 200
        return len(queries)

    balance, edit = count(reverse("members:political-balance")), count(reverse("members:appointments-edit"))
    for _ in range(4):
        more = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY)
        for member in MemberFactory.create_batch(3):
            MembershipFactory(body=more, person=member.user)
    with django_assert_num_queries(balance):
        client.get(reverse("members:political-balance"), {"start_date": "2026-05-20"})
    with django_assert_num_queries(edit):
        client.get(reverse("members:appointments-edit"), {"start_date": "2026-05-20"})
