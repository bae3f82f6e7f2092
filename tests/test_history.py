"""Audit history: who changed what, when, in words; nobody can edit it."""

import pytest
from django.urls import reverse

from council import permissions
from council.roles import Role
from members.models import Body, BodyKind
from tests.factories import BodyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_change_by_a_clerk_shows_the_clerk_on_the_history_page(client):
    clerk = UserFactory(first_name="Priya", last_name="Shah", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Environment Overview and Scrutiny Committee", kind=BodyKind.OVERVIEW_SCRUTINY)
    permissions.grant("members.change_body", clerk, body)
    client.force_login(clerk)

    client.post(
        reverse("members:body-edit", args=[body.slug]),
        {"name": body.name, "kind": BodyKind.TASK_AND_FINISH, "purpose": "Flood resilience review"},
    )
    page = client.get(reverse("history", args=["members", "body", body.pk])).content.decode()

    assert "Priya Shah" in page
    assert "Committee details changed" in page
    # Labels and choice names, not column names and stored values.
    assert "Kind" in page and "Task and finish group" in page and "Overview and scrutiny committee" in page
    assert "task_and_finish" not in page
    assert "Purpose and scope" in page and "Flood resilience review" in page


def test_history_is_newest_first_and_names_each_kind_of_change():
    from council.history import timeline

    body = BodyFactory(name="Budget Working Group", kind=BodyKind.WORKING_GROUP)
    body.purpose = "Reviews budget proposals"
    body.save()
    entries = timeline(Body.objects.get(pk=body.pk))
    assert [e.kind for e in entries] == ["Changed", "Created"]
    assert entries[0].who == "System"
    assert [(c.label, c.old, c.new) for c in entries[0].changes] == [
        ("Purpose and scope", "Scrutinises the council's services.", "Reviews budget proposals")
    ]


def test_history_page_shows_related_objects_by_name_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    parent = BodyFactory(name="Overview and Scrutiny Committee")
    body = BodyFactory(name="Performance Task and Finish Group", kind=BodyKind.TASK_AND_FINISH)
    for n in range(10):
        body.parent = parent if n % 2 else None
        body.purpose = f"Version {n}"
        body.save()
    client.force_login(admin)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("history", args=["members", "body", body.pk])).content.decode()
    assert "Overview and Scrutiny Committee" in page


def test_history_cannot_be_changed_through_the_app(client):
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    body = BodyFactory()
    client.force_login(admin)
    url = reverse("history", args=["members", "body", body.pk])
    assert client.post(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_history_of_an_untracked_or_unknown_model_is_not_found(client):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    assert client.get(reverse("history", args=["auth", "group", 1])).status_code == 404
    assert client.get(reverse("history", args=["nothing", "here", 1])).status_code == 404


def test_each_change_is_compared_in_words_in_the_same_queries_however_many_with_the_fields_the_system_sets(
    django_assert_num_queries,
):
    from council.history import timeline
    from members.models import Response
    from tests.factories import ResponseFactory

    def read(response):
        response = Response.objects.get(pk=response.pk)
        with django_assert_num_queries(4):  # the records and authors; the consultation; the member, their name
            return timeline(response)

    response = ResponseFactory()
    few = read(response)
    for _ in range(6):
        response.version += 1
        response.save()
    many = read(response)
    assert len(few) == 1 and len(many) == 7
    # "Last saved" is set by the system (auto_now, so no form edits it) and still shows.
    assert [c.label for c in many[0].changes] == ["Last saved", "Version"]
    assert (many[0].changes[1].old, many[0].changes[1].new) == ("6", "7")
