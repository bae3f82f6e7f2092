"""The work-plan packs box on a version's page: ``{% load work_plan_packs %}``.

``{% work_plan_packs_box version as box %}`` gives, for each edition the person may download,
its label, its latest built version (or None) and whether they may build it: one query per edition
(at most two), however many versions have been built.
"""

from django import template

from .. import packs

register = template.Library()


@register.simple_tag(takes_context=True)
def work_plan_packs_box(context, version) -> dict:
    from council.packs import services as pack_services

    user = context["request"].user
    rows = []
    for edition in packs.editions(version):
        if not packs.can_download(user, version, edition):
            continue
        rows.append(
            {
                "edition": edition,
                "label": packs.label(edition),
                "latest": pack_services.latest_version(packs.KIND, version, edition),
                "can_build": packs.can_build(user, version, edition),
            }
        )
    return {"kind": packs.KIND, "rows": rows, "can_build": any(row["can_build"] for row in rows)}


@register.filter
def page_of(pages: dict, key: str):
    """The page a part starts on, from the engine's ``pages`` ({part key: first page})."""
    return pages.get(key, "") if pages else ""
