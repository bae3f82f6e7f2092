"""The elections pages: who may open them, recording a result on the web, a councillor leaving,
and lists whose query count does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.history import timeline
from council.roles import Role
from members.models import Election, ElectionKind, Member, MembershipRole
from members.services import elections
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, PortfolioFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PAGES = [
    ("members:election-list", ()),
    ("members:election-record", ()),
    ("members:councillor-leave", ()),
    ("members:appointments-edit", ()),
    ("members:political-balance", ()),
]


@pytest.fixture
def clerk(db):
    return UserFactory(roles=[Role.DEMOCRATIC_SERVICES], first_name="Emma", last_name="Clarke")


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_the_public_is_sent_to_sign_in(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args"), PAGES)
@pytest.mark.parametrize("role", [Role.COUNCILLOR, Role.CABINET_MEMBER, Role.OFFICER, Role.MONITORING_OFFICER])
def test_other_roles_are_refused(client_for, name, args, role):
    assert client_for(UserFactory(roles=[role])).get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), PAGES)
@pytest.mark.parametrize("role", [Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR])
def test_democratic_services_and_administrators_open_them(client_for, name, args, role):
    MemberFactory()
    BodyFactory()
    assert client_for(UserFactory(roles=[role])).get(reverse(name, args=args)).status_code == 200


def test_the_result_and_councillor_left_pages_are_refused_to_a_councillor(client_for, clerk):
    member = MemberFactory()
    recorded = elections.election_record_result(
        by=clerk,
        kind=ElectionKind.ORDINARY,
        poll_date=D(2027, 5, 6),
        ward=member.ward,
        departing=[member],
        new_councillors=[elections.NewCouncillor("Ada", "Lovelace", "ada@northbridge.example")],
    )
    client = client_for(UserFactory(roles=[Role.COUNCILLOR]))
    assert client.get(recorded.contest.election.get_absolute_url()).status_code == 403
    assert client.get(reverse("members:councillor-left", args=[member.pk])).status_code == 403


def test_a_clerk_records_a_by_election_and_sees_the_days_and_the_seats_to_fill(client_for, clerk):
    ward = WardFactory(name="Riverside")
    resigned = MemberFactory(ward=ward, user__first_name="Alan", user__last_name="McLain")
    body = BodyFactory(name="Environment O&S")
    MembershipFactory(body=body, person=resigned.user, role=MembershipRole.VICE_CHAIR)
    client = client_for(clerk)

    left = client.post(
        reverse("members:councillor-leave"),
        {"member": resigned.pk, "reason": "resigned", "last_day": "2026-09-14"},
        follow=True,
    )
    page = left.content.decode()
    assert "Environment O&amp;S" in page and "Vice-Chair" in page and "14 September 2026" in page
    assert timeline(resigned)[0].reason == "Term ended: resigned"

    response = client.post(
        reverse("members:election-record"),
        {
            "kind": ElectionKind.BY_ELECTION,
            "poll_date": "2026-11-05",
            "next_poll_date": "2027-05-06",
            "ward": ward.pk,
            "turnout": "23.4",
            "new_1_first_name": "Grace",
            "new_1_last_name": "Hopper",
            "new_1_email": "grace@northbridge.example",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "The result for Riverside has been recorded" in page
    assert "Monday 9 November 2026" in page  # the term starts on the fourth day after the poll
    assert "9 May 2027" in page  # and ends with the seat's ordinary term
    assert "turnout 23.4%" in page
    election = Election.objects.get()
    assert election.recorded_by == clerk
    assert timeline(election)[0].who == "Emma Clarke"


def test_an_ordinary_election_page_lists_the_departing_councillors_seats(client_for, clerk):
    leaving = MemberFactory(user__first_name="Gordon", user__last_name="Tate")
    MembershipFactory(body=BodyFactory(name="Audit Committee"), person=leaving.user, role=MembershipRole.CHAIR)
    PortfolioFactory(cabinet_member=leaving, title="Housing")
    recorded = elections.election_record_result(
        by=clerk,
        kind=ElectionKind.ORDINARY,
        poll_date=D(2027, 5, 6),
        ward=leaving.ward,
        departing=[leaving],
        new_councillors=[elections.NewCouncillor("Ada", "Lovelace", "ada@northbridge.example")],
    )
    page = client_for(clerk).get(recorded.contest.election.get_absolute_url()).content.decode()
    assert "Seats to fill" in page
    assert "Audit Committee" in page and "Chair" in page and "Gordon Tate" in page
    assert "Cabinet Member Housing" in page
    assert "Sunday 9 May 2027" in page and "Monday 10 May 2027" in page


def test_errors_keep_what_was_typed(client_for, clerk):
    ward = WardFactory()
    taken = UserFactory(email="taken@northbridge.example")
    response = client_for(clerk).post(
        reverse("members:election-record"),
        {
            "kind": ElectionKind.ORDINARY,
            "poll_date": "2027-05-06",
            "ward": ward.pk,
            "turnout": "41.2",
            "new_1_first_name": "Grace",
            "new_1_last_name": "Hopper",
            "new_1_email": taken.email,
            "new_2_first_name": "Alan",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Enter the new councillor&#x27;s last name" in page or "Enter the new councillor's last name" in page
    assert 'value="Grace"' in page and 'value="41.2"' in page and 'value="2027-05-06"' in page
    assert not Election.objects.exists()

    response = client_for(clerk).post(
        reverse("members:election-record"),
        {
            "kind": ElectionKind.ORDINARY,
            "poll_date": "2027-05-06",
            "ward": ward.pk,
            "new_1_first_name": "Grace",
            "new_1_last_name": "Hopper",
            "new_1_email": taken.email,
        },
    )
    page = response.content.decode()
    assert "A person with this email address already exists" in page
    assert 'href="#id_new_1_email"' in page
    assert not Election.objects.exists() and not Member.objects.exists()


def test_nobody_elected_is_refused(client_for, clerk):
    response = client_for(clerk).post(
        reverse("members:election-record"),
        {"kind": ElectionKind.ORDINARY, "poll_date": "2027-05-06", "ward": WardFactory().pk},
    )
    assert "Choose who was elected" in response.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_election_list_and_a_result_page_cost_the_same_queries_however_long(
    client_for, clerk, django_assert_num_queries
):
    client = client_for(clerk)

    def record(n, poll):
        for _ in range(n):
            ward = WardFactory()
            leaving = MemberFactory(ward=ward)
            MembershipFactory(person=leaving.user)
            elections.election_record_result(
                by=clerk,
                kind=ElectionKind.ORDINARY,
                poll_date=poll,
                ward=ward,
                departing=[leaving],
                re_elected=[MemberFactory(ward=ward)],
            )
        return Election.objects.get(poll_date=poll)

    first = record(1, D(2026, 5, 7))
    few_list = _count(client, reverse("members:election-list"))
    few_detail = _count(client, first.get_absolute_url())
    many = record(5, D(2027, 5, 6))
    with django_assert_num_queries(few_list):
        client.get(reverse("members:election-list"))
    with django_assert_num_queries(few_detail):
        client.get(many.get_absolute_url())


def test_the_elections_link_is_in_the_navigation_for_those_who_record_them(client_for, clerk):
    assert "Elections" in client_for(clerk).get(reverse("home")).content.decode()
    councillor = UserFactory(roles=[Role.COUNCILLOR])
    assert ">Elections<" not in client_for(councillor).get(reverse("home")).content.decode()
