"""The work-plan packs box on a version's page: ``{% load work_plan_packs %}``.

``{% work_plan_packs_box version as box %}`` gives, for each edition the person may download,
its label, its latest built version (or None), whether they may build it and, if so, a build in
progress or a newest build that failed: two queries at most, however many editions the version
has and however many were built.
"""

from django import template

from council.packs import services as pack_services
from council.packs.models import UNFINISHED, BuildStatus

from .. import packs

register = template.Library()


@register.simple_tag(takes_context=True)
def work_plan_packs_box(context, version) -> dict:
    user = context["request"].user
    editions = [edition for edition in packs.editions(version) if packs.can_download(user, version, edition)]
    latest = pack_services.latest_versions(packs.KIND, version, editions)
    building, failed = {}, {}
    if any(packs.can_build(user, version, edition) for edition in editions):
        # For those who may build, each edition's newest build, in one query: in progress, or failed.
        for build in pack_services.latest_builds(packs.KIND, version, editions).values():
            if build.status in UNFINISHED:
                building[build.edition] = build
            elif build.status == BuildStatus.FAILED:
                failed[build.edition] = build
    rows = [
        {
            "edition": edition,
            "label": packs.label(edition),
            "latest": latest.get(edition),
            "can_build": packs.can_build(user, version, edition),
            "building": building.get(edition),
            "failed": failed.get(edition),
        }
        for edition in editions
    ]
    return {"kind": packs.KIND, "rows": rows}
