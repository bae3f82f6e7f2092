"""Demo work-plan packs: the agreed version's public pack (the one brought back to the Overview
and Scrutiny Committee) and its pack for members and officers, built through the pack engine's
synchronous path so a newcomer can download them at once
(unless ``DEMO_BUILD_PACKS`` is off, as in the tests that do not check them).

Loading twice builds nothing new: an edition that already has a built version is left alone.
"""

from django.conf import settings
from django.contrib.auth import get_user_model

from council.packs import services as pack_services

from .. import packs
from ..models import WorkPlanVersion


def load():
    if not settings.DEMO_BUILD_PACKS:
        return []
    version = WorkPlanVersion.objects.current_agreed()
    by = get_user_model().objects.filter(first_name="Sarah", last_name="Whitfield").first()
    if version is None or by is None:
        return []
    for edition in packs.editions(version):
        if pack_services.latest_version(packs.KIND, version, edition) is None:
            built = pack_services.build_now(packs.KIND, version, edition, by=by)
            if built.status != "done":
                raise RuntimeError(f"The demo work-plan pack ({edition}) was not built: {built.error}")
    return []
