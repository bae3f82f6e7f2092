"""Checks of the permission matrix's sign-in rows (docs/permissions.md): the Administrator's
unlock, two-factor reset and sign-in log."""

from django.urls import reverse

from council.roles import Role
from tests.factories import UserFactory
from tests.factories.council import authenticator_for


def people_unlock(client, person, own=None):
    other = UserFactory(roles=[Role.COUNCILLOR])
    return client.post(reverse("person-unlock", args=[other.pk]))


def people_two_factor_reset(client, person, own=None):
    other = UserFactory(roles=[Role.OFFICER])
    authenticator_for(other)
    return client.post(reverse("person-two-factor-reset", args=[other.pk]))


def people_sign_in_log(client, person, own=None):
    return client.get(reverse("sign-in-log"))


CAPABILITIES = {
    "people.unlock": people_unlock,
    "people.two-factor-reset": people_two_factor_reset,
    "people.sign-in-log": people_sign_in_log,
}
