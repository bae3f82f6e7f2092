"""The attacker's tests for the lists a person's search rules are read from, kept in the cache
between searches (``record.selectors.search.GrantLists``, decision 0031): whatever takes a person's
access away (a grant revoked, a seat ended, a group or role left, need-to-know revoked, an item
made exempt) hides the exempt hit from their very next search, though their lists were kept."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import permissions
from council.roles import Role
from members import services as members_services
from record.selectors.search import find, page_hits
from record.services.search import index_public
from scrutiny.access import NEED_TO_KNOW
from scrutiny.models import AgendaItem
from tests.exempt_scenario import PREFIX, plant
from tests.factories import UserFactory
from tests.search_kit import published_meeting

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The person as the next request loads them (no permission caches carried on the object)."""
    return get_user_model().objects.get(pk=user.pk)


def _exempt_found(user) -> bool:
    """Does a search for the exempt markers show ``user`` any hit (the page as the view builds it)?"""
    person = _fresh(user)
    found = find(person, PREFIX)
    page = found.paginator(20).get_page(1)
    return bool(page_hits(person, PREFIX, page, found.rules))


def _warm(user) -> None:
    """Search twice, so that the person's lists are kept and the second search used them."""
    assert _exempt_found(user)
    assert _exempt_found(user)


@pytest.fixture
def scenario():
    return plant()


def test_a_second_search_reads_the_persons_lists_from_the_cache(scenario):
    def queries() -> int:
        person = _fresh(scenario.clerk)
        with CaptureQueriesContext(connection) as captured:
            found = find(person, PREFIX)
            page_hits(person, PREFIX, found.paginator(20).get_page(1), found.rules)
        return len(captured.captured_queries)

    first, second = queries(), queries()
    assert second < first  # the grant lists' small queries are not asked again
    permissions.grant(NEED_TO_KNOW, UserFactory(), scenario.exempt_item)  # anyone's grant changes the version
    assert queries() > second  # read again: the lists kept before the change are not used


def test_a_clerk_whose_committee_is_taken_away_no_longer_finds_its_exempt_text(scenario):
    _warm(scenario.clerk)
    permissions.revoke("members.change_body", scenario.clerk, scenario.body)
    assert not _exempt_found(scenario.clerk)


class _Unreachable:
    """The cache while Redis cannot be reached (stopped, or cut off by the network)."""

    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

        return refuse


def test_a_committee_taken_away_while_the_cache_cannot_be_reached_stays_taken_away_once_it_answers(
    scenario, monkeypatch
):
    from django.core.cache import cache

    from record.selectors import search as selectors
    from record.services import search as services

    _warm(scenario.clerk)  # the clerk's lists are kept in the cache
    for module in (selectors, services):  # every use of the cache by search, reading and writing
        monkeypatch.setattr(module, "cache", _Unreachable(), raising=False)
    permissions.revoke("members.change_body", scenario.clerk, scenario.body)  # saved, no error
    assert not _exempt_found(scenario.clerk)  # the lists are read afresh meanwhile
    for module in (selectors, services):  # the cache answers again, the old lists still in it
        monkeypatch.setattr(module, "cache", cache, raising=False)
    assert not _exempt_found(scenario.clerk)


def test_a_member_whose_seat_has_ended_no_longer_finds_the_exempt_text(scenario, client):
    _warm(scenario.member)
    seat = scenario.member.memberships.get(body=scenario.body)
    members_services.membership_end(
        membership=seat, end_date=timezone.localdate() - datetime.timedelta(days=1), by=scenario.clerk
    )
    assert not _exempt_found(scenario.member)
    client.force_login(scenario.member)
    html = client.get(reverse("record:search"), {"q": PREFIX}).content.decode()
    assert f"{PREFIX}-" not in html


def test_need_to_know_revoked_hides_the_exempt_item_at_once(scenario):
    permissions.grant(NEED_TO_KNOW, scenario.outsider, scenario.exempt_item)
    _warm(scenario.outsider)
    permissions.revoke(NEED_TO_KNOW, scenario.outsider, scenario.exempt_item)
    assert not _exempt_found(scenario.outsider)


def test_leaving_a_group_granted_need_to_know_hides_the_exempt_item_at_once(scenario):
    group = Group.objects.create(name="Commissioning task group")
    permissions.grant(NEED_TO_KNOW, group, scenario.exempt_item)
    scenario.outsider.groups.add(group)
    _warm(scenario.outsider)
    scenario.outsider.groups.remove(group)
    assert not _exempt_found(scenario.outsider)


def test_a_role_removed_hides_every_bodys_exempt_text_at_once(scenario):
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    _warm(administrator)
    administrator.groups.remove(Group.objects.get(name=str(Role.ADMINISTRATOR)))
    assert not _exempt_found(administrator)


def test_an_item_made_exempt_after_it_was_indexed_is_hidden_at_once(scenario):
    from django.contrib.auth.models import AnonymousUser

    meeting = published_meeting(scenario.body, scenario.clerk, days_ago=5, items=["Depot lease"])
    item = meeting.items.get(title="Depot lease")
    permissions.grant(NEED_TO_KNOW, scenario.member, scenario.exempt_item)  # lists with a grant kept
    outsider = scenario.outsider
    for person in (AnonymousUser(), _fresh(outsider), _fresh(outsider)):
        found = find(person, "depot")
        assert [hit.object_id for hit in page_hits(person, "depot", found.entries, found.rules)] == [item.pk]
    # Made exempt after publication: not through a service (a published item cannot be changed),
    # so by an UPDATE no signal hears of: the index still holds the row as public.
    AgendaItem.objects.filter(pk=item.pk).update(
        exempt=True, exempt_paragraph=3, public_interest_reason="Commercial terms"
    )
    assert find(AnonymousUser(), "depot").total == 1
    for person in (AnonymousUser(), _fresh(outsider)):
        found = find(person, "depot")
        assert page_hits(person, "depot", found.entries, found.rules) == []
    index_public()  # the nightly rebuild: the row is no longer the public's, and its clerk finds it
    assert find(AnonymousUser(), "depot").total == 0
    found = find(_fresh(scenario.clerk), "depot")
    assert [hit.object_id for hit in page_hits(scenario.clerk, "depot", found.entries, found.rules)] == [item.pk]
