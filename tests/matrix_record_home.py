"""Permission matrix checks for the public home and public consultation pages (docs/permissions.md
rows ``home.view`` and ``consultations.view-public``)."""

from django.urls import reverse

from tests.factories import ConsultationFactory


def home_view(client, person):
    return client.get(reverse("record:home"))


def consultations_view_public(client, person):
    consultation = ConsultationFactory(public=True)
    return client.get(reverse("members:consultation-public", args=[consultation.pk]))


CAPABILITIES = {
    "home.view": home_view,
    "consultations.view-public": consultations_view_public,
}
