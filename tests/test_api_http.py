"""The open API over HTTP: conditional requests (ETag, Last-Modified, 304), CORS for GET on the API
only, throttling per client (429 with Retry-After), read-only (405), JSON only."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils.http import http_date

from tests.api_kit import api_get, token_for
from tests.factories import BodyFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

MEETINGS = "/api/v1/meetings/"


@pytest.fixture
def meeting():
    return MeetingFactory(body=BodyFactory(slug="audit"))


def test_lists_and_details_carry_an_etag_and_last_modified(client, meeting):
    for url in (MEETINGS, reverse("record:api-meeting-detail", args=[meeting.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
        assert "Authorization" in response["Vary"]
        again = client.get(url)
        assert again["ETag"] == response["ETag"] and again["Last-Modified"] == response["Last-Modified"]


def test_if_none_match_with_the_current_tag_is_not_modified(client, meeting):
    first = client.get(MEETINGS)
    response = client.get(MEETINGS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == first["ETag"]
    # A change to the record changes the tag: the full answer comes back.
    meeting.venue = "Committee Room 2"
    meeting.save()
    changed = client.get(MEETINGS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Committee Room 2" in changed.content.decode()


def test_if_modified_since_is_not_modified_until_the_answer_changes(client, meeting):
    morning = datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=morning):
        first = client.get(MEETINGS)
    assert first["Last-Modified"] == http_date(morning.timestamp())
    later = morning + datetime.timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        # Unchanged an hour later: still the morning's copy.
        unchanged = client.get(MEETINGS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert unchanged.status_code == 304 and unchanged["Last-Modified"] == first["Last-Modified"]
        meeting.venue = "Committee Room 3"
        meeting.save()
        # Changed since the client's copy: the full answer, modified now.
        changed = client.get(MEETINGS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert changed.status_code == 200 and "Committee Room 3" in changed.content.decode()
    assert changed["Last-Modified"] == http_date(later.timestamp())


def test_a_token_holder_gets_their_own_tag_and_a_private_cache(client, meeting):
    public = client.get(MEETINGS)
    assert "public" in public["Cache-Control"]
    token = token_for(UserFactory(roles=["Administrator"]))
    own = api_get(client, MEETINGS, token)
    assert own.status_code == 200 and "private" in own["Cache-Control"]


def test_cors_allows_any_site_to_read_the_api_without_credentials(client, meeting):
    response = client.get(MEETINGS, HTTP_ORIGIN="https://civic.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(MEETINGS, HTTP_ORIGIN="https://civic.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    # A conditional answer is readable from another site too.
    cached = client.get(MEETINGS, HTTP_ORIGIN="https://civic.example", HTTP_IF_NONE_MATCH=response["ETag"])
    assert cached.status_code == 304 and cached["Access-Control-Allow-Origin"] == "*"
    assert "etag" in cached["Access-Control-Expose-Headers"].lower()


def test_cors_is_never_on_the_rest_of_the_site(client, meeting):
    for url in ("/api/", reverse("scrutiny:meeting-detail", args=[meeting.pk]), reverse("scrutiny:meeting-list")):
        response = client.get(url, HTTP_ORIGIN="https://civic.example")
        assert response.status_code == 200, url
        assert "Access-Control-Allow-Origin" not in response, url


def test_the_api_is_read_only(client, meeting):
    detail = reverse("record:api-meeting-detail", args=[meeting.pk])
    for url in (MEETINGS, detail):
        assert client.post(url, {}).status_code == 405
        assert client.put(url, {}).status_code == 405
        assert client.patch(url, {}).status_code == 405
        assert client.delete(url).status_code == 405
    assert client.head(MEETINGS).status_code == 200


def test_the_api_answers_json_only(client, meeting):
    response = client.get(MEETINGS, HTTP_ACCEPT="text/html")
    assert response.status_code == 406 or response["Content-Type"].startswith("application/json")


def test_the_public_are_throttled_by_address(client, settings, meeting):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"}}
    assert [client.get(MEETINGS).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(MEETINGS)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    # A forged X-Forwarded-For is not another client (no proxy of ours wrote it)...
    assert client.get(MEETINGS, HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 429
    # ...another address is.
    assert client.get(MEETINGS, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_token_holder_is_throttled_by_their_own_count(client, settings, meeting):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "user": "2/min"}}
    token = token_for(UserFactory())
    assert client.get(MEETINGS).status_code == 200  # the public's one request
    assert [api_get(client, MEETINGS, token).status_code for _ in range(2)] == [200, 200]
    refused = api_get(client, MEETINGS, token)
    assert refused.status_code == 429 and "Retry-After" in refused
