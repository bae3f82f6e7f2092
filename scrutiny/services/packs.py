"""A publication's agenda packs, queued with it: publishing the agenda (or a supplement) builds
its public pack, and its members' confidential pack where it has exempt business, without the
clerk asking. The builds are recorded in the publication's own transaction and run by Celery after
it commits (``council.packs``, decision 0007), so a broker that is down never undoes a
publication: the beat sends a build still queued again."""

from council.packs import services as pack_services
from council.packs.models import PackBuild

from ..models import Publication, PublicationKind


def publication_editions(publication: Publication) -> list[str]:
    """The pack editions of ``publication``: its public pack, and its confidential pack if it
    carries exempt business (``scrutiny.packs.editions``)."""
    from .. import packs  # scrutiny.packs reads the services: imported when used

    if publication.kind == PublicationKind.AGENDA:
        own = [packs.PUBLIC, packs.CONFIDENTIAL]
    else:
        own = [packs.supplement_edition(publication.version, variant) for variant in (packs.PUBLIC, packs.CONFIDENTIAL)]
    existing = set(packs.editions(publication.meeting))
    return [edition for edition in own if edition in existing]


def publication_packs_request(*, publication: Publication, by) -> list[PackBuild]:
    """Queue a build of each of the publication's packs (a build already queued is reused)."""
    from .. import packs

    return [
        pack_services.request_build(packs.KIND, publication.meeting, edition, by=by)
        for edition in publication_editions(publication)
    ]
