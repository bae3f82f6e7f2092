"""Sessions are read from the cache (Redis) and written through to the database: a session signed out
must be over everywhere, whichever copy is read."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from council.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sessions_are_read_from_the_cache_when_there_is_redis():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_a_signed_out_session_cookie_opens_nothing_again(client_for):
    client = client_for(UserFactory(roles=[Role.COUNCILLOR]))
    assert client.get(reverse("home")).status_code == 200
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))

    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = thief.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=stolen).exists()
