"""The attacker's test, written first: exempt text, and everything derived from it, never found by
search for anyone who may not open it; draft minutes and unpublished agendas likewise."""

import datetime

import pytest
from django.urls import reverse

from council.roles import Role
from executive.models import ExecutiveDecision
from record.models import SearchEntry
from record.selectors.search import page_hits, search
from record.services.search import index_public
from scrutiny import services
from tests.exempt_scenario import PREFIX, marker, plant
from tests.factories import MeetingFactory, UserFactory
from tests.factories.executive import CabinetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    planted = plant()
    _plant_exempt_pdf_text(planted)
    return planted


def _plant_exempt_pdf_text(planted):
    """The scenario's exempt paper is a blank page, published before any text could be added: give
    it the marker as its extracted text, as the worker would for a paper that had it."""
    from scrutiny.models import DocumentPageText

    DocumentPageText.objects.filter(document=planted.document).delete()
    DocumentPageText.objects.create(document=planted.document, number=1, text=f"Scores {marker('pdf text')} kept")
    planted.document.save()  # the index hears of the new text


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["public", "outsider", "other_clerk"])
def test_exempt_marker_is_found_by_nobody_who_may_not_open_it(client, scenario, who):
    user = None if who == "public" else getattr(scenario, who)
    from django.contrib.auth.models import AnonymousUser

    assert list(search(user or AnonymousUser(), PREFIX)) == []
    response = _as(client, user).get(reverse("record:search"), {"q": PREFIX})
    assert response.status_code == 200
    html = response.content.decode()
    assert "0 results" in html
    assert f"{PREFIX}-" not in html


def test_exempt_marker_is_found_by_a_member_of_the_committee(client, scenario):
    found = {entry.kind for entry in search(scenario.member, PREFIX)}
    assert found == {"item", "minute", "resolution", "recommendation", "page"}
    html = _as(client, scenario.member).get(reverse("record:search"), {"q": PREFIX}).content.decode()
    assert f"{marker('document title')}, page 1" in html  # the exempt paper's page, named


def test_the_clerk_finds_the_exempt_paper_by_its_text(scenario):
    pages = [entry for entry in search(scenario.clerk, marker("pdf text")) if entry.kind == "page"]
    assert [(entry.object_id, entry.page) for entry in pages] == [(scenario.document.pk, 1)]


def test_draft_minutes_are_for_the_committee_only(client, scenario):
    # The scenario's minutes are a draft: the public item's minute is not yet public.
    from django.contrib.auth.models import AnonymousUser

    assert not search(AnonymousUser(), "introduced").filter(kind="minute").exists()
    assert not search(scenario.outsider, "introduced").filter(kind="minute").exists()
    assert search(scenario.member, "introduced").filter(kind="minute").exists()
    scenario.confirm()
    assert search(AnonymousUser(), "introduced").filter(kind="minute").exists()
    # Once confirmed, the exempt minute is still not the public's.
    assert not search(AnonymousUser(), PREFIX).exists()


def test_an_unpublished_agenda_is_for_its_clerks_only(scenario):
    from django.contrib.auth.models import AnonymousUser

    meeting = MeetingFactory(body=scenario.body)
    services.agenda_item_add(meeting=meeting, by=scenario.clerk, title="Unpublished quarrybank proposal")
    assert not search(AnonymousUser(), "quarrybank").exists()
    assert not search(scenario.member, "quarrybank").exists()
    assert search(scenario.clerk, "quarrybank").filter(kind="item").exists()


def test_an_exempt_part_of_a_decision_is_for_those_who_may_read_it():
    from django.contrib.auth.models import AnonymousUser

    decision = ExecutiveDecision.objects.create(
        decision_maker=CabinetFactory(),
        title="Leisure centre contract",
        decided_on=datetime.date(2026, 5, 1),
        decision="To award the contract.",
        reasons="Best value.",
        exempt_paragraph=3,
        exempt_part=marker("decision exempt part"),
        recorded_by=UserFactory(),
    )
    officer = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    councillor = UserFactory(roles=[Role.COUNCILLOR])
    # Not yet published: the public never; those who read drafts do.
    assert not search(AnonymousUser(), "leisure").exists()
    ExecutiveDecision.objects.filter(pk=decision.pk).update(notice_published_on=datetime.date(2026, 5, 2))
    # Published by an UPDATE the index does not hear of: the stored flag is stale and hides the
    # row from the public (never the reverse) until the row is written again (save, or nightly).
    assert not search(AnonymousUser(), "leisure").exists()
    index_public()
    assert search(AnonymousUser(), "leisure").filter(kind="decision").exists()
    for person in (AnonymousUser(), councillor):
        assert not search(person, PREFIX).exists()
    assert search(officer, PREFIX).filter(kind="decision-exempt").exists()


def test_a_stale_public_flag_never_shows_exempt_text(client, scenario):
    """A change made by ``QuerySet.update`` fires no signal: even an entry wrongly flagged public
    is asked the live rule again before its title or snippet is shown."""
    from django.contrib.auth.models import AnonymousUser

    exempt = SearchEntry.objects.filter(kind="item", object_id=scenario.exempt_item.pk)
    assert exempt.update(public=True) == 1
    SearchEntry.objects.filter(public=False).update(public=True)  # every exempt and draft row, too
    found = search(AnonymousUser(), PREFIX)
    assert found.exists()  # the stale flags let the rows through the search itself
    assert page_hits(AnonymousUser(), PREFIX, found) == []
    html = _as(client, None).get(reverse("record:search"), {"q": PREFIX}).content.decode()
    assert f"{PREFIX}-" not in html
    assert scenario.exempt_item.title not in html


@pytest.mark.parametrize("who", ["outsider", "other_clerk"])
def test_a_stale_public_flag_never_shows_exempt_text_to_a_signed_in_person_who_may_not_open_it(client, scenario, who):
    """Signed in, an entry stored public is asked the public's live rule, one not public the
    person's own: a stale flag still shows them nothing exempt."""
    person = getattr(scenario, who)
    SearchEntry.objects.filter(public=False).update(public=True)
    found = search(person, PREFIX)
    assert found.exists()
    assert page_hits(person, PREFIX, found) == []
    html = _as(client, person).get(reverse("record:search"), {"q": PREFIX}).content.decode()
    assert f"{PREFIX}-" not in html


def test_a_member_finds_the_exempt_text_the_public_may_not_among_the_page_hits(scenario):
    """The person's own rule is asked of the rows not public on the page (not the public's)."""
    from django.contrib.auth.models import AnonymousUser

    found = search(scenario.member, PREFIX)
    shown = page_hits(scenario.member, PREFIX, found)
    assert {entry.kind for entry in shown} >= {"item", "minute"}
    assert all(not entry.public for entry in shown)
    assert page_hits(AnonymousUser(), PREFIX, found) == []
