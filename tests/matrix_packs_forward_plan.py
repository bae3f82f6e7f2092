"""Permission matrix checks for the forward plan pack (docs/permissions.md)."""

from django.urls import reverse

from council.packs.models import PackBuild
from executive import packs, services
from tests.factories import ForwardPlanEntryFactory, UserFactory
from tests.matrix import outcome


def _edition():
    return services.forward_plan_publish(
        by=UserFactory(roles=["Democratic Services"]), include=[ForwardPlanEntryFactory()]
    )


def build(client, person, own=None):
    from council.packs import services as pack_services

    edition = _edition()
    # Publishing queued the edition's own build: take it out of the way, so only the request asks for one.
    for queued in PackBuild.objects.filter(kind=packs.KIND, object_id=str(edition.pk)):
        pack_services.fail_build(queued.pk, "Set aside by the test")
    response = client.post(reverse("packs:build", args=[packs.KIND, edition.pk, packs.PUBLIC]))
    return outcome(
        response, PackBuild.objects.filter(kind=packs.KIND, object_id=str(edition.pk), status="queued").exists()
    )


def download(client, person, own=None):
    from council.packs import services as pack_services

    edition = _edition()
    built = pack_services.build_now(packs.KIND, edition, packs.PUBLIC, by=UserFactory(roles=["Democratic Services"]))
    assert built.status == "done", built.error
    return client.get(reverse("packs:download", args=[packs.KIND, edition.pk, packs.PUBLIC]))


CAPABILITIES = {
    "packs.forward-plan-build": build,
    "packs.forward-plan-download": download,
}
