"""A signed-in person's own copy of a busy page (council/page_cache.py): the attacker's tests first
(another person, a grant taken back, a role changed, a record edited, a session signed out, a
member who left the committee), then what must survive a kept copy (messages, a form's CSRF token,
a cache that is down)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from council import permissions
from council.roles import Role
from members.models import Membership
from tests.exempt_scenario import PREFIX, plant
from tests.factories import BodyFactory, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


@pytest.fixture(autouse=True)
def private_pages_kept(settings):
    settings.PRIVATE_PAGE_CACHE = True
    settings.PUBLIC_PAGE_CACHE = False  # the signed-in pages' own cache, alone


def kept_copy(response) -> bool:
    """Served from the person's copy: no template was rendered for this response."""
    return response.status_code == 200 and not response.templates


def visit(client, url):
    """Two visits, as a browser makes them: the first leaves the CSRF cookie (a page kept without it
    would hold a token for a cookie the browser has not got), the second's page is kept."""
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    assert not kept_copy(response)
    return response


# The attacker's tests


def test_another_person_never_gets_a_members_copy_of_the_meeting_page(client_for):
    scenario = plant().confirm()
    url = scenario.meeting.get_absolute_url()
    member = client_for(scenario.member)
    visit(member, url)
    again = member.get(url)
    assert kept_copy(again)
    assert PREFIX in again.content.decode()  # the member's copy holds the exempt business

    outsider = Client()
    outsider.force_login(scenario.outsider)
    for _ in range(3):
        page = outsider.get(url)
        assert page.status_code == 200
        assert PREFIX not in page.content.decode()


def test_a_person_signing_in_after_another_in_the_same_browser_gets_their_own_page(client):
    scenario = plant().confirm()
    url = scenario.meeting.get_absolute_url()
    client.force_login(scenario.member)
    visit(client, url)
    assert kept_copy(client.get(url))
    client.force_login(scenario.outsider)  # the same browser: the CSRF cookie is the member's
    for _ in range(2):
        page = client.get(url)
        assert page.status_code == 200
        assert PREFIX not in page.content.decode()


def test_a_grant_taken_back_is_seen_on_the_next_request(client_for):
    body = BodyFactory(name="Audit Committee")
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", clerk, body)
    client = client_for(clerk)
    assert "Audit Committee" in visit(client, DASHBOARD).content.decode()  # committees you clerk
    assert kept_copy(client.get(DASHBOARD))

    permissions.revoke("members.change_body", clerk, body)
    page = client.get(DASHBOARD)
    assert not kept_copy(page)
    assert "Audit Committee" not in page.content.decode()


def test_a_role_given_or_taken_is_seen_on_the_next_request(client_for):
    person = UserFactory(roles=[Role.COUNCILLOR])
    client = client_for(person)
    held = f'<dt class="govuk-summary-list__key">{Role.CABINET_MEMBER.value}</dt>'  # "Your roles"
    assert held not in visit(client, DASHBOARD).content.decode()
    assert kept_copy(client.get(DASHBOARD))

    role = Group.objects.get(name=Role.CABINET_MEMBER.value)
    person.groups.add(role)
    assert held in client.get(DASHBOARD).content.decode()
    person.groups.remove(role)
    assert held not in client.get(DASHBOARD).content.decode()


def test_a_record_edited_is_seen_on_the_next_request(client_for):
    scenario = plant()
    url = scenario.meeting.get_absolute_url()
    client = client_for(scenario.member)
    visit(client, url)
    assert kept_copy(client.get(url))

    scenario.body.name = "Overview and Scrutiny Board"
    scenario.body.save()
    page = client.get(url)
    assert "Overview and Scrutiny Board" in page.content.decode()


def test_a_signed_out_sessions_copy_is_never_served(client_for):
    person = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    client = client_for(person)
    visit(client, DASHBOARD)
    assert kept_copy(client.get(DASHBOARD))
    stolen = client.cookies["sessionid"].value

    client.post(reverse("logout"))
    client.cookies["sessionid"] = stolen  # the old session's cookie, replayed
    response = client.get(DASHBOARD)
    assert response.status_code == 302  # to the sign-in page: the session is gone, and its copy with it
    assert reverse("login") in response["Location"]


def test_the_exempt_business_is_gone_as_soon_as_the_member_leaves_the_committee(client_for):
    scenario = plant().confirm()
    url = scenario.meeting.get_absolute_url()
    member = client_for(scenario.member)
    visit(member, url)
    assert PREFIX in member.get(url).content.decode()

    seat = Membership.objects.get(body=scenario.body, person=scenario.member)
    seat.end_date = timezone.localdate() - datetime.timedelta(days=1)
    seat.save()
    page = member.get(url)
    assert page.status_code == 200
    assert PREFIX not in page.content.decode()
    opened = member.get(reverse("scrutiny:document-open", args=[scenario.meeting.pk, scenario.document.pk]))
    assert opened.status_code == 403


# What a kept copy must not lose


def _plant_message(client, text: str) -> None:
    """A message waiting for the person's next page (as a redirect after a change leaves it)."""
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(message_levels.SUCCESS, text)
    response = Client().get("/")  # any response to carry the cookie
    storage.update(response)
    client.cookies[CookieStorage.cookie_name] = response.cookies[CookieStorage.cookie_name].value


def test_a_waiting_message_is_shown_not_the_kept_copy_and_never_kept(client_for):
    client = client_for(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    visit(client, DASHBOARD)
    assert kept_copy(client.get(DASHBOARD))

    _plant_message(client, "Meeting scheduled.")
    shown = client.get(DASHBOARD)
    assert not kept_copy(shown)
    assert "Meeting scheduled." in shown.content.decode()
    after = client.get(DASHBOARD)
    assert "Meeting scheduled." not in after.content.decode()  # shown once, and not kept with the page


def test_a_message_added_while_the_page_is_built_is_not_kept():
    from council.page_cache import _keepable

    request = RequestFactory().get("/")
    request._messages = CookieStorage(request)
    request._messages.add(message_levels.INFO, "Saved")
    response = Client().get("/")
    assert not _keepable(request, response)


def test_the_csrf_token_in_a_kept_page_still_posts():
    person = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)
    visit(browser, DASHBOARD)
    kept = browser.get(DASHBOARD)
    assert kept_copy(kept)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept.content.decode()).group(1)
    signed_out = browser.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302  # not 403: the token is this browser's own
    assert browser.get(DASHBOARD).status_code == 302


class _CacheDown:
    """A cache whose server has stopped: every call raises, as django-redis's client does."""

    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return refuse


def test_with_the_cache_down_the_signed_in_page_still_answers(client_for, monkeypatch):
    from council import http_cache, page_cache

    scenario = plant()
    url = scenario.meeting.get_absolute_url()
    client = client_for(scenario.clerk)
    visit(client, url)
    monkeypatch.setattr(http_cache, "cache", _CacheDown())
    monkeypatch.setattr(page_cache, "cache", _CacheDown())
    scenario.body.name = "Overview and Scrutiny Board"
    scenario.body.save()  # the version cannot move on: the change is kept, no error
    for _ in range(2):
        page = client.get(url)
        assert page.status_code == 200
        assert not kept_copy(page)
        assert "Overview and Scrutiny Board" in page.content.decode()


def test_a_page_refused_is_never_kept(client_for):
    client = client_for(UserFactory(roles=[]))
    schedule = reverse("commissioning:review-list")
    for _ in range(3):
        assert client.get(schedule).status_code == 403


def test_the_kept_copy_is_served_with_no_query_of_the_page(client_for, django_assert_max_num_queries):
    scenario = plant()
    url = scenario.meeting.get_absolute_url()
    client = client_for(scenario.member)
    visit(client, url)
    # What proves who asks and that they may (the session, the person, their roles for the two-factor
    # rule, their authenticator app): nothing of the page, which runs a few dozen.
    with django_assert_max_num_queries(4):
        assert kept_copy(client.get(url))
