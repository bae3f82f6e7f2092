"""Helpers for the open API's tests (tests/test_api_*.py): a personal token, and requests with it."""

from django.urls import reverse

from record.services.api_tokens import api_token_create


def token_for(person, name: str = "Tests") -> str:
    """A working token of ``person``: its secret, as they would send it."""
    return api_token_create(person=person, name=name, by=person)[1]


def api_get(client, url: str, token: str | None = None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get(url, **headers)


#: Every list endpoint of the API, by its route name.
LISTS = (
    "record:api-body-list",
    "record:api-councillor-list",
    "record:api-ward-list",
    "record:api-meeting-list",
    "record:api-item-list",
    "record:api-document-list",
    "record:api-minutes-list",
    "record:api-decision-list",
    "record:api-edition-list",
    "record:api-recommendation-list",
    "record:api-consultation-list",
)


def list_url(name: str, **query) -> str:
    query.setdefault("page_size", 200)
    return reverse(name) + "?" + "&".join(f"{key}={value}" for key, value in query.items())
