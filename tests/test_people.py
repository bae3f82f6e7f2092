"""Administrators manage people and their roles; every change is in the person's history."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_administrator_changes_roles_and_the_change_is_in_history(client):
    admin = UserFactory(first_name="Sam", last_name="Okafor", roles=[Role.ADMINISTRATOR])
    person = UserFactory(roles=[Role.OFFICER])
    client.force_login(admin)

    response = client.post(
        reverse("person-roles", args=[person.pk]),
        {"roles": [Role.OFFICER.value, Role.COMMISSIONING_OFFICER.value]},
    )

    assert response.status_code == 302
    assert set(person.groups.values_list("name", flat=True)) == {"Officer", "Commissioning Officer"}
    history = client.get(reverse("history", args=["council", "user", person.pk])).content.decode()
    assert "Sam Okafor" in history
    assert "Roles changed: added Commissioning Officer" in history


def test_an_administrator_cannot_remove_their_own_administrator_role(client):
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    response = client.post(reverse("person-roles", args=[admin.pk]), {"roles": [Role.OFFICER.value]})
    assert response.status_code == 200
    assert "You cannot remove your own Administrator role" in response.content.decode()
    assert admin.groups.filter(name="Administrator").exists()


def test_adding_a_person_sends_an_invitation_after_commit(client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("person-add"),
            {
                "first_name": "Grace",
                "last_name": "Hopper",
                "email": "Grace.Hopper@Northbridge.example",
                "roles": [Role.FINANCE_OFFICER.value],
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace.hopper@northbridge.example"]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_adding_a_person_twice_is_refused_and_keeps_what_was_typed(client):
    UserFactory(email="taken@northbridge.example")
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    response = client.post(
        reverse("person-add"), {"first_name": "Ada", "last_name": "Byron", "email": "taken@northbridge.example"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A person with this email address already exists" in page
    assert 'value="Byron"' in page
    assert "govuk-error-summary" in page


def test_people_list_has_a_constant_number_of_queries(client, django_assert_num_queries):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    UserFactory.create_batch(3, roles=[Role.OFFICER])
    client.get(reverse("people"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people"))
    UserFactory.create_batch(20, roles=[Role.COUNCILLOR, Role.CABINET_MEMBER])
    with django_assert_num_queries(len(few)):
        client.get(reverse("people"))
    assert client.get(reverse("people")).content.decode().count("<tr") >= 24
