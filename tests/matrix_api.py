"""Permission-matrix checks for the open API and its personal tokens (issue 15)."""

from django.urls import reverse

from record.models import ApiToken
from tests.api_kit import api_get, token_for
from tests.factories import BodyFactory, MeetingFactory, UserFactory
from tests.matrix import outcome


def api_read(client, person):
    """The meetings list, as the public or with the person's own token."""
    MeetingFactory(body=BodyFactory())
    return api_get(client, "/api/v1/meetings/", token_for(person) if person else None)


def api_tokens(client, person):
    return client.get(reverse("record:api-token-list"))


def api_tokens_revoke_any(client, person):
    token_for(UserFactory())
    token = ApiToken.objects.latest("pk")
    response = client.post(reverse("record:api-token-revoke", args=[token.pk]))
    return outcome(response, ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=False).exists())


CAPABILITIES = {
    "api.read": api_read,
    "api.tokens": api_tokens,
    "api.tokens-revoke-any": api_tokens_revoke_any,
}
