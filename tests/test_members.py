"""Councillors and committees: public to read, changed by their clerks."""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from council import permissions
from council.roles import Role
from members.models import BodyKind, Membership, MembershipRole
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_public_reads_councillors_and_public_committees_without_signing_in(client):
    councillor = MemberFactory(user__first_name="Alan", user__last_name="McLain")
    body = BodyFactory(name="Overview and Scrutiny Committee")
    MembershipFactory(body=body, person=councillor.user, role=MembershipRole.CHAIR)

    assert "McLain" in client.get(reverse("members:councillor-list")).content.decode()
    page = client.get(reverse("members:body-detail", args=[body.slug])).content.decode()
    assert "Alan McLain" in page and "Chair" in page


def test_internal_bodies_are_not_found_by_the_public_but_seen_by_members(client):
    group = BodyFactory(name="Budget Working Group", kind=BodyKind.WORKING_GROUP)
    assert client.get(reverse("members:body-detail", args=[group.slug])).status_code == 404
    assert "Budget Working Group" not in client.get(reverse("members:body-list")).content.decode()
    client.force_login(MemberFactory().user)
    assert client.get(reverse("members:body-detail", args=[group.slug])).status_code == 200


def test_body_page_shows_current_and_past_members(client):
    body = BodyFactory()
    current = MembershipFactory(body=body, person__last_name="Current")
    MembershipFactory(
        body=body, person__last_name="Former", start_date=datetime.date(2020, 5, 1), end_date=datetime.date(2024, 5, 1)
    )
    page = client.get(reverse("members:body-detail", args=[body.slug])).content.decode()
    assert escape(current.person.get_full_name()) in page
    assert "Former" in page
    assert page.index("Current") < page.index("Former")


def test_editing_a_committee_story(client):
    """Anonymous -> wrong role -> right role -> right role but another committee's."""
    body, other = BodyFactory(), BodyFactory()
    url = reverse("members:body-edit", args=[body.slug])

    assert client.get(url)["Location"].startswith(reverse("login"))

    client.force_login(MemberFactory().user)
    denied = client.get(url)
    assert denied.status_code == 403
    assert "You do not have permission" in denied.content.decode()

    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", clerk, body)
    client.force_login(clerk)
    response = client.post(url, {"name": "Corporate Overview and Scrutiny Committee", "kind": body.kind})
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.name == "Corporate Overview and Scrutiny Committee"

    assert client.get(reverse("members:body-edit", args=[other.slug])).status_code == 404


def test_bad_dates_are_refused_with_a_clear_message_and_nothing_saved(client):
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Flooding Task and Finish Group", kind=BodyKind.TASK_AND_FINISH)
    permissions.grant("members.change_body", clerk, body)
    client.force_login(clerk)
    response = client.post(
        reverse("members:body-edit", args=[body.slug]),
        {"name": "Renamed group", "kind": body.kind, "start_date": "2026-06-01", "end_date": "2026-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in page
    assert page.count("The end date must be the same as or after the start date") == 2  # summary and field
    assert 'href="#id_end_date"' in page
    assert 'value="Renamed group"' in page
    body.refresh_from_db()
    assert body.name == "Flooding Task and Finish Group"


def test_a_clerk_who_adds_a_committee_becomes_its_clerk(client):
    clerk = UserFactory(first_name="Priya", last_name="Shah", roles=[Role.DEMOCRATIC_SERVICES])
    client.force_login(clerk)
    response = client.post(
        reverse("members:body-add"),
        {"name": "Housing Task and Finish Group", "kind": BodyKind.TASK_AND_FINISH, "purpose": "Temporary housing"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Housing Task and Finish Group" in page and "Priya Shah" in page


def test_a_body_has_one_chair_at_a_time():
    body = BodyFactory()
    MembershipFactory(body=body, role=MembershipRole.CHAIR)
    with pytest.raises(IntegrityError):
        Membership.objects.create(
            body=body, person=UserFactory(), role=MembershipRole.CHAIR, start_date=datetime.date(2025, 6, 1)
        )


def test_list_pages_keep_a_constant_number_of_queries(client, django_assert_num_queries):
    client.force_login(MemberFactory().user)
    client.get(reverse("home"))
    for name in ("members:councillor-list", "members:body-list"):
        MemberFactory.create_batch(3)
        BodyFactory.create_batch(3)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse(name))
        MemberFactory.create_batch(30)
        BodyFactory.create_batch(30)
        with django_assert_num_queries(len(few), info=name):
            client.get(reverse(name))


def test_body_page_keeps_a_constant_number_of_queries(client, django_assert_num_queries):
    body = BodyFactory()
    MembershipFactory.create_batch(3, body=body)
    url = reverse("members:body-detail", args=[body.slug])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        MembershipFactory(body=body, person=MemberFactory().user)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_edit_page_gives_the_date_picker_dates_it_can_show(client):
    """type=date inputs take ISO dates only: a British 20/05/2025 shows as empty and is lost on save."""
    body = BodyFactory(start_date=datetime.date(2025, 5, 20))
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    page = client.get(reverse("members:body-edit", args=[body.slug])).content.decode()
    assert 'value="2025-05-20"' in page
