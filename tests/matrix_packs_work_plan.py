"""Permission matrix checks for work-plan packs (docs/permissions.md).

Each check builds what it needs (a version, and for downloads its pack, built through the engine)
and makes one request.
"""

from django.urls import reverse

from commissioning import packs
from commissioning.models import WorkPlanState
from council.packs.models import PackBuild
from council.roles import Role
from tests.factories import UserFactory, WorkPlanVersionFactory
from tests.matrix import outcome


def _built(version, edition):
    from council.packs import services

    built = services.build_now(packs.KIND, version, edition, by=UserFactory(roles=[Role.COMMISSIONING_OFFICER]))
    assert built.status == "done", built.error
    return version


def build(client, person, own=None):
    version = WorkPlanVersionFactory(state=WorkPlanState.COUNCIL_AGREED)
    response = client.post(reverse("packs:build", args=[packs.KIND, version.pk, packs.PUBLIC]))
    return outcome(response, PackBuild.objects.filter(kind=packs.KIND, object_id=str(version.pk)).exists())


def download_public(client, person, own=None):
    version = _built(WorkPlanVersionFactory(state=WorkPlanState.COUNCIL_AGREED), packs.PUBLIC)
    return client.get(reverse("packs:download", args=[packs.KIND, version.pk, packs.PUBLIC]))


def download_internal(client, person, own=None):
    version = _built(WorkPlanVersionFactory(), packs.INTERNAL)
    return client.get(reverse("packs:download", args=[packs.KIND, version.pk, packs.INTERNAL]))


CAPABILITIES = {
    "packs.work-plan-build": build,
    "packs.work-plan-download": download_public,
    "packs.work-plan-download-internal": download_internal,
}
