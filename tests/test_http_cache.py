"""HTTP caching of the public record's pages (council/http_cache.py): the attacker's tests first (a
page shown to a signed-in person, who may see exempt business, is never cacheable by a shared
cache), then the public's ``Cache-Control``, ``ETag`` and ``304 Not Modified``."""

import pytest
from django.urls import reverse

from council.roles import Role
from tests.exempt_scenario import PREFIX, plant
from tests.factories import BodyFactory, UserFactory

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


# The attacker's tests


def test_a_page_showing_exempt_business_to_a_member_is_never_cached_publicly(client, client_for):
    scenario = plant().confirm()
    url = scenario.body.get_absolute_url()
    response = client_for(scenario.member).get(url)
    assert PREFIX in response.content.decode()  # the member sees the exempt business on it
    assert "public" not in cache_control(response)
    assert "private" in cache_control(response)
    assert not response.has_header("ETag")


def test_public_pages_and_signed_in_pages_are_private_for_every_signed_in_person(client_for):
    body = BodyFactory()
    for roles in ([Role.DEMOCRATIC_SERVICES], [Role.COUNCILLOR], []):
        client = client_for(UserFactory(roles=roles))
        for url in ("/", body.get_absolute_url(), reverse("scrutiny:meeting-list"), reverse("home")):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "public" not in cache_control(response), (roles, url)
            assert "private" in cache_control(response), (roles, url)


@pytest.mark.real_two_factor
def test_a_session_half_way_through_two_factor_gets_the_public_page_but_privately(client):
    body = BodyFactory()
    client.force_login(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))  # a password alone: no code yet
    response = client.get(body.get_absolute_url())
    assert response.status_code == 200
    assert "public" not in cache_control(response)
    assert "private" in cache_control(response)


def test_a_public_page_with_a_form_token_is_not_shared(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "public" not in cache_control(response)


def test_a_public_address_that_redirects_the_public_to_sign_in_is_not_cached(client):
    response = client.get(reverse("home"))  # the dashboard
    assert response.status_code == 302
    assert "public" not in cache_control(response)


# The public's copy


def test_the_public_may_cache_a_public_page_and_revalidate_it_with_its_etag(client, settings):
    settings.PUBLIC_PAGE_MAX_AGE = 60
    body = BodyFactory(name="Audit Committee")
    url = body.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    assert cache_control(first) == {"public", "max-age=60"}
    assert "Cookie" in first["Vary"]  # a shared cache keeps the public's copy for the public only
    etag = first["ETag"]

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    body.name = "Audit and Governance Committee"
    body.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Audit and Governance Committee" in changed.content.decode()
    assert changed["ETag"] != etag


def test_the_public_home_and_meetings_list_are_cacheable(client):
    for url in ("/", reverse("scrutiny:meeting-list")):
        response = client.get(url)
        assert response.status_code == 200
        assert "public" in cache_control(response), url
        assert response.has_header("ETag"), url


# The app's own copy of the public's pages


def test_the_app_serves_the_publics_page_again_without_a_query_until_a_record_changes(
    client, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE = True
    body = BodyFactory(name="Audit Committee")
    url = body.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]

    body.name = "Audit and Governance Committee"
    body.save()
    assert "Audit and Governance Committee" in client.get(url).content.decode()


def test_a_signed_in_member_is_never_answered_with_the_publics_copy_nor_the_public_with_theirs(
    client, client_for, settings
):
    settings.PUBLIC_PAGE_CACHE = True
    scenario = plant().confirm()
    url = scenario.body.get_absolute_url()
    assert PREFIX not in client.get(url).content.decode()  # the public's copy, now kept
    member = client_for(scenario.member)
    assert PREFIX in member.get(url).content.decode()  # the member's own page, with the exempt business
    member.logout()
    client.cookies.clear()
    assert PREFIX not in client.get(url).content.decode()


class _CacheDown:
    """A cache whose server has stopped: every call raises, as django-redis's client does."""

    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        return refuse


def test_with_the_cache_down_a_change_is_saved_and_the_public_page_still_answers(client, settings, monkeypatch):
    from council import http_cache

    settings.PUBLIC_PAGE_CACHE = True
    body = BodyFactory(name="Audit Committee")
    monkeypatch.setattr(http_cache, "cache", _CacheDown())
    body.name = "Audit and Governance Committee"
    body.save()  # the signal's bump fails quietly: the change is kept, no error
    body.refresh_from_db()
    assert body.name == "Audit and Governance Committee"
    response = client.get(body.get_absolute_url())
    assert response.status_code == 200
    assert "Audit and Governance Committee" in response.content.decode()


def test_the_health_check_is_never_kept_by_any_cache(client, settings):
    settings.PUBLIC_PAGE_CACHE = True
    for accept in ("text/html", "application/json", "text/plain"):
        response = client.get(reverse("healthz"), HTTP_ACCEPT=accept)
        assert "no-store" in cache_control(response), accept
        assert "public" not in cache_control(response), accept
    # Asked twice in different formats, each answer is its own, never the other's kept copy.
    assert client.get(reverse("healthz"), HTTP_ACCEPT="text/plain")["Content-Type"].startswith("text/plain")
