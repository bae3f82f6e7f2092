"""Checks of the permission matrix's sign-in rows (docs/permissions.md): the Administrator's
unlock, two-factor reset and sign-in log."""

from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from council.roles import Role
from tests.factories import UserFactory
from tests.factories.council import authenticator_for
from tests.matrix import outcome


def people_unlock(client, person, own=None):
    other = UserFactory(roles=[Role.COUNCILLOR])
    AccessAttempt.objects.create(
        username=other.email.lower(), ip_address="192.0.2.7", user_agent="test", failures_since_start=5
    )
    response = client.post(reverse("person-unlock", args=[other.pk]))
    return outcome(response, not AccessAttempt.objects.filter(username=other.email.lower()).exists())


def people_two_factor_reset(client, person, own=None):
    other = UserFactory(roles=[Role.OFFICER])
    authenticator_for(other)
    response = client.post(reverse("person-two-factor-reset", args=[other.pk]))
    return outcome(response, not TOTPDevice.objects.filter(user=other).exists())


def people_sign_in_log(client, person, own=None):
    return client.get(reverse("sign-in-log"))


CAPABILITIES = {
    "people.unlock": people_unlock,
    "people.two-factor-reset": people_two_factor_reset,
    "people.sign-in-log": people_sign_in_log,
}
