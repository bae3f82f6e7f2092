"""Permission matrix checks for email alerts (docs/permissions.md): anyone subscribes (double
opt-in); people with a role choose their own alerts on the settings page."""

from django.urls import reverse

from record.models import Subscription
from tests.factories import BodyFactory
from tests.matrix import outcome


def alerts_subscribe(client, person, own=None):
    body = BodyFactory()
    response = client.post(
        reverse("record:subscription-add") + f"?committee={body.slug}",
        {"email": "resident@example.org", "frequency": "immediate"},
    )
    return outcome(response, Subscription.objects.filter(body=body, status="pending").exists())


def alerts_settings(client, person, own=None):
    return client.get(reverse("record:alert-settings"))


CAPABILITIES = {
    "alerts.subscribe": alerts_subscribe,
    "alerts.settings": alerts_settings,
}
