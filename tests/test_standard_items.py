"""Each committee's own standard agenda items."""

import pytest
from django.urls import reverse

from council.errors import RuleError
from scrutiny import services
from tests.factories import BodyFactory, MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_a_committees_own_standard_items_replace_the_defaults_in_order(clerk_of):
    meeting = MeetingFactory(body__name="Cabinet")
    clerk = clerk_of(meeting.body)
    for title in ("Apologies for absence", "Declarations of interest", "Minutes", "Forward Plan of key decisions"):
        services.standard_item_add(body=meeting.body, title=title, by=clerk)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Budget monitoring")

    services.agenda_insert_standard_items(meeting=meeting, by=clerk)

    assert list(meeting.items.order_by("position").values_list("title", flat=True)) == [
        "Apologies for absence",
        "Declarations of interest",
        "Minutes",
        "Forward Plan of key decisions",
        "Budget monitoring",
    ]


def test_without_its_own_items_a_committee_gets_the_three_defaults(clerk_of):
    meeting = MeetingFactory()
    services.agenda_insert_standard_items(meeting=meeting, by=clerk_of(meeting.body))
    assert list(meeting.items.values_list("title", flat=True)) == list(services.STANDARD_ITEMS)


def test_the_same_title_twice_is_refused(clerk_of):
    body = BodyFactory()
    clerk = clerk_of(body)
    services.standard_item_add(body=body, title="Declarations of interest", by=clerk)
    with pytest.raises(RuleError) as refused:
        services.standard_item_add(body=body, title="declarations of interest ", by=clerk)
    assert refused.value.field == "title"


def test_clerk_keeps_the_template_in_the_browser_and_history_names_them(client, clerk_of):
    body = BodyFactory()
    url = reverse("scrutiny:body-standard-items", args=[body.slug])
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(MemberFactory().user)
    assert client.get(url).status_code == 403
    client.force_login(clerk_of(BodyFactory()))
    assert client.get(url).status_code == 404

    clerk = clerk_of(body, first_name="Tom", last_name="Bradshaw")
    client.force_login(clerk)
    assert "Enter the item&#x27;s title" in client.post(url, {"title": "", "kind": "standing"}).content.decode()
    client.post(url, {"title": "Public questions", "kind": "standing"})
    item = body.standard_items.get()
    history = client.get(reverse("history", args=["scrutiny", "standarditem", item.pk])).content.decode()
    assert "Tom Bradshaw" in history and "Standard item added" in history
    client.post(reverse("scrutiny:body-standard-item-remove", args=[body.slug, item.pk]))
    assert not body.standard_items.exists()
