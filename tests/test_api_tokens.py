"""Personal API tokens: made on /api/tokens/ by anyone signed in and shown once (only the SHA-256 is
kept), revoked by their holder (or an Administrator); with one, the API shows what its holder may
see; a token never opens the HTML site."""

import hashlib

import pytest
from django.urls import reverse

from members.models import BodyKind
from record.models import ApiToken
from tests.api_kit import api_get, token_for
from tests.factories import BodyFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKENS = "/api/tokens/"


def test_the_public_are_asked_to_sign_in(client):
    response = client.get(TOKENS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_councillor_makes_a_token_shown_once_and_kept_only_as_its_hash(client_for):
    councillor = MemberFactory().user
    client = client_for(councillor)
    page = client.get(TOKENS)
    assert page.status_code == 200 and "You have no API tokens" in page.content.decode()
    made = client.post(TOKENS, {"name": "Ward newsletter"})
    assert made.status_code == 200 and made["Cache-Control"] == "private, no-store"
    token = ApiToken.objects.get(person=councillor)
    secret = made.context["made"]["secret"]
    assert secret in made.content.decode() and token.name == "Ward newsletter"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values())) and secret.startswith(token.prefix)
    # Not shown again.
    assert secret not in client.get(TOKENS).content.decode()
    assert api_get(client, "/api/v1/", secret).status_code == 200


def test_a_token_needs_a_name(client_for):
    client = client_for(UserFactory())
    response = client.post(TOKENS, {"name": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Enter a name for the token" in page
    assert not ApiToken.objects.exists()


def test_a_persons_working_tokens_have_different_names(client_for):
    client = client_for(UserFactory())
    client.post(TOKENS, {"name": "Newsletter"})
    again = client.post(TOKENS, {"name": "newsletter"})  # the page posted twice, by reloading it
    assert "You already have a token named newsletter" in again.content.decode()
    assert ApiToken.objects.count() == 1


def test_a_token_shows_what_its_holder_may_see(client):
    board = BodyFactory(kind=BodyKind.PROGRAMME_BOARD, name="Home care programme board")
    public = BodyFactory(name="Audit Committee")

    def names(token=None):
        return {body["name"] for body in api_get(client, "/api/v1/bodies/", token).json()["results"]}

    assert names() == {public.name}
    # Councillors and staff read every body, by their role (members.access), as on the pages.
    assert names(token_for(MemberFactory().user)) == {public.name, board.name}
    assert names(token_for(UserFactory(roles=["Administrator"]))) == {public.name, board.name}


def test_a_wrong_revoked_or_inactive_token_is_refused(client):
    person = UserFactory()
    secret = token_for(person)
    assert api_get(client, "/api/v1/", secret).status_code == 200
    wrong = api_get(client, "/api/v1/", secret + "x")
    assert wrong.status_code == 401 and wrong["WWW-Authenticate"].startswith("Bearer")
    person.is_active = False
    person.save()
    assert api_get(client, "/api/v1/", secret).status_code == 401
    person.is_active = True
    person.save()
    ApiToken.objects.update(revoked_at="2026-01-01T00:00Z")
    assert api_get(client, "/api/v1/", secret).status_code == 401
    # "Token <secret>" is read the same way.
    assert client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 401


def test_a_token_records_the_day_it_was_last_used(client):
    secret = token_for(UserFactory())
    assert ApiToken.objects.get().last_used_on is None
    api_get(client, "/api/v1/wards/", secret)
    assert ApiToken.objects.get().last_used_on is not None


def test_a_token_never_opens_the_html_site(client):
    board = BodyFactory(kind=BodyKind.PROGRAMME_BOARD)
    secret = token_for(UserFactory(roles=["Administrator"]))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get(TOKENS, **headers).status_code == 302
    assert client.get(reverse("members:body-detail", args=[board.slug]), **headers).status_code in (302, 404)
    # The API does not read the session either: a signed-in browser reads it as the public.
    client.force_login(UserFactory(roles=["Administrator"]))
    assert board.slug not in client.get("/api/v1/bodies/").content.decode()


def test_the_holder_revokes_their_token_and_it_stops_working(client_for):
    person = UserFactory()
    secret = token_for(person)
    token = ApiToken.objects.get()
    client = client_for(person)
    response = client.post(reverse("record:api-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_revoked
    assert [h.history_change_reason for h in token.history.order_by("history_date")] == [
        "API token made",
        "API token revoked",
    ]
    assert api_get(client, "/api/v1/", secret).status_code == 401
    assert "Revoked" in client.get(TOKENS).content.decode()


def test_nobody_else_revokes_a_token_but_an_administrator(client_for):
    token_for(UserFactory())
    token = ApiToken.objects.get()
    url = reverse("record:api-token-revoke", args=[token.pk])
    assert client_for(UserFactory(roles=["Democratic Services"])).post(url).status_code == 404
    assert client_for(MemberFactory().user).get(url).status_code == 405
    token.refresh_from_db()
    assert not token.is_revoked
    assert client_for(UserFactory(roles=["Administrator"])).post(url).status_code == 302
    token.refresh_from_db()
    assert token.is_revoked


def test_the_history_of_a_token_is_its_holders(client_for):
    holder = UserFactory()
    token_for(holder)
    token = ApiToken.objects.get()
    url = reverse("history", args=["record", "apitoken", token.pk])
    page = client_for(holder).get(url)
    assert page.status_code == 200 and token.digest not in page.content.decode()
    assert client_for(UserFactory()).get(url).status_code in (403, 404)
