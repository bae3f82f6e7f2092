"""The packs box: what a page shows of one object's packs, for the person reading it.

The app that registered the pack kind decides, by its own rules, which editions the person may
download and which they may build; the box adds what the engine knows of each (its latest version,
a build in progress, a newest build that failed) in two queries at most, however many editions
the object has and however many times each was built. It is rendered by
``templates/packs/_box.html``; it decides no permission itself.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from council.health import worker_is_running

from .models import UNFINISHED, BuildStatus, PackBuild, PackVersion
from .registry import get_kind
from .services import latest_builds, latest_versions


@dataclass(frozen=True)
class PackRow:
    """One edition in the box: ``version`` its latest stored version (None until built); for
    those who may build it, ``building`` a build in progress and ``failed`` a newest build that
    failed (a later build in progress or done clears it)."""

    edition: str
    label: str
    version: PackVersion | None
    can_build: bool
    building: PackBuild | None = None
    failed: PackBuild | None = None

    @property
    def state(self) -> str:
        """What the person who builds it reads: "queued", "building", "failed", "ready" or "not built"."""
        if self.building is not None:
            return "queued" if self.building.status == BuildStatus.QUEUED else "building"
        if self.failed is not None:
            return "failed"
        return "ready" if self.version is not None else "not built"


@dataclass(frozen=True)
class PacksBox:
    kind: str
    object_pk: int | str
    rows: tuple[PackRow, ...]
    # No worker has sent its heartbeat: builds wait (told to those who may build).
    worker_down: bool = False

    @property
    def can_build(self) -> bool:
        return any(row.can_build for row in self.rows)

    @property
    def building(self) -> bool:
        """A build is queued or under way: the page asks to be refreshed."""
        return any(row.building is not None for row in self.rows)

    @property
    def ready(self) -> bool:
        """Every pack is built and none is being built or failed last time."""
        return bool(self.rows) and all(row.state == "ready" for row in self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def packs_box(kind_name: str, obj, *, editions: Iterable[str], buildable: Iterable[str] = ()) -> PacksBox:
    """The box for ``obj``'s packs of kind ``kind_name``: one row for each of ``editions`` (those
    the person may download, in the order to show them); ``buildable`` those they may build."""
    kind = get_kind(kind_name)
    editions = list(editions)
    buildable = set(buildable) & set(editions)
    latest = latest_versions(kind_name, obj, editions)
    newest_builds = latest_builds(kind_name, obj, sorted(buildable)) if buildable else {}
    rows = []
    for edition in editions:
        build = newest_builds.get(edition)
        rows.append(
            PackRow(
                edition=edition,
                label=kind.label(edition),
                version=latest.get(edition),
                can_build=edition in buildable,
                building=build if build is not None and build.status in UNFINISHED else None,
                failed=build if build is not None and build.status == BuildStatus.FAILED else None,
            )
        )
    worker_down = bool(buildable) and not worker_is_running()
    return PacksBox(kind=kind_name, object_pk=obj.pk, rows=tuple(rows), worker_down=worker_down)


def builds_ahead(build: PackBuild) -> int:
    """How many packs the workers are building, or have queued, before ``build`` (requested earlier
    and not finished): a queued build waits for them while a worker runs. One query."""
    return (
        PackBuild.objects.filter(status__in=UNFINISHED, requested_at__lt=build.requested_at)
        .exclude(pk=build.pk)
        .count()
    )
