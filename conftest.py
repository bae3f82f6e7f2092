"""Shared fixtures: people in each role, signed-in clients."""

import pytest

from council.roles import Role
from tests.factories import UserFactory
from tests.factories.council import PASSWORD


@pytest.fixture
def person_with_role(db):
    def make(role: Role | str | None, **fields):
        return UserFactory(roles=[Role(role).value] if role else [], **fields)

    return make


@pytest.fixture
def client_for(client):
    """A test client signed in as ``person``."""

    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def count_queries():
    """How many queries a call makes: list pages must make as many with 3 rows as with 30."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(call):
        with CaptureQueriesContext(connection) as context:
            call()
        return len(context.captured_queries)

    return count


@pytest.fixture(autouse=True)
def email_through_celery(settings):
    """Django's test set-up swaps EMAIL_BACKEND for locmem; put the product's path back so tests see
    email go through Celery after commit (delivered to locmem by the eager task)."""
    settings.EMAIL_BACKEND = "council.mail.CeleryEmailBackend"
