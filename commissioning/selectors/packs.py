"""The work-plan pack on a version's page: which editions the person may download and build, by
the work-plan pack's rules (``commissioning.packs``), with what the pack engine knows of each."""

from council.packs.selectors import PacksBox, packs_box

from .. import packs
from ..models import WorkPlanVersion


def work_plan_packs_box(user, version: WorkPlanVersion) -> PacksBox:
    """Each edition ``user`` may download with its latest version; the builds for those who may
    build (commissioning officers and Administrators): two queries at most, however many editions
    the version has and however many were built."""
    editions = [edition for edition in packs.editions(version) if packs.can_download(user, version, edition)]
    buildable = [edition for edition in editions if packs.can_build(user, version, edition)]
    return packs_box(packs.KIND, version, editions=editions, buildable=buildable)
