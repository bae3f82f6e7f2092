"""Requesting, running and recording pack builds.

``request_build`` records a queued build and enqueues ``tasks.build_pack`` after the transaction
commits; ``run_build`` is the task's body (and ``build_now``'s, for the demo and the benchmark):

1. **Claim** the build (``select_for_update``): a finished build does nothing (a task delivered
   twice is harmless); a queued one, or one left "rendering"/"merging" by a worker that died, is
   taken: status "rendering", ``attempts`` + 1, ``started_at`` kept from the first attempt.
   Each status change is committed at once, so the progress page shows it.
2. **Describe** the pack (the kind's ``build_spec``) and fingerprint its inputs. If the newest
   version was built from identical inputs, the build is done and points to it: no new version.
3. **Build** the file (``builder.build_file``: check uploads, render with the cache, merge).
4. **Store** it as the next version under a new name (never overwriting), in one transaction.

A build that fails (a damaged document, a template fault) is "failed" with the reason in words a
clerk understands; the versions already stored stay as they are. Transient trouble (storage, the
database) is left to the task, which retries with backoff; the build stays claimed and the retry
(or, once it is stale, the next request for the same pack) completes it.
"""

import contextlib
import datetime
import hashlib
import logging
import os
import threading
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename

from council.errors import RuleError
from council.history import saved_by

from . import storage
from .builder import build_file, describe
from .merge import PackError
from .models import UNFINISHED, BuildStatus, PackBuild, PackVersion, marked_ranges
from .registry import get_kind
from .render import Sources

logger = logging.getLogger(__name__)

# Storage and database trouble that may pass: the task retries these.
TRANSIENT = (OSError, OperationalError, InterfaceError)
FAULT = (
    "The pack could not be built because of a fault in the service. The service team has been told. Try again later."
)
TOO_LONG = "The pack took too long to build. Try again; if it happens again, tell the service team."
UNAVAILABLE = "The pack could not be built because the document store or the database was unavailable. Try again."


def stale_after() -> datetime.timedelta:
    """A claimed build with no sign of work for longer than the task may run (tasks.build_pack's
    time limit) has lost its worker."""
    return datetime.timedelta(seconds=15 * 60 + 60)


def lease_length() -> datetime.timedelta:
    """How long a claim on a build lasts without a heartbeat: well under the broker's visibility
    timeout, so the sweeper, not the broker's redelivery an hour later, retries a lost worker's build."""
    return datetime.timedelta(seconds=settings.PACK_BUILD_LEASE_SECONDS)


RETRIED = "Retried: the worker building it stopped (attempt {attempt})"


def _object_id(obj) -> str:
    return str(obj.pk)


def latest_version(kind_name: str, obj, edition: str) -> PackVersion | None:
    return PackVersion.objects.of(kind_name, _object_id(obj), edition).order_by("-number").first()


def latest_versions(kind_name: str, obj, editions: list[str]) -> dict[str, PackVersion]:
    """The newest version of each of ``editions`` of one object's packs, in one query: {edition: version}."""
    newest = Q()
    for edition in editions:
        newest |= Q(
            pk__in=PackVersion.objects.of(kind_name, _object_id(obj), edition).order_by("-number").values("pk")[:1]
        )
    return {row.edition: row for row in PackVersion.objects.filter(newest)} if editions else {}


def versions(kind_name: str, obj, edition: str):
    """Every stored version of one pack, newest first, with who made it."""
    return PackVersion.objects.of(kind_name, _object_id(obj), edition).select_related("created_by").order_by("-number")


def failed_builds(kind_name: str, obj, edition: str):
    return (
        PackBuild.objects.of(kind_name, _object_id(obj), edition)
        .filter(status=BuildStatus.FAILED)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")
    )


def latest_build(kind_name: str, obj, edition: str) -> PackBuild | None:
    return PackBuild.objects.of(kind_name, _object_id(obj), edition).order_by("-requested_at", "-pk").first()


def latest_builds(kind_name: str, obj, editions: list[str]) -> dict[str, PackBuild]:
    """The newest build of each of ``editions`` of one object's packs, in one query: {edition: build}."""
    newest = Q()
    for edition in editions:
        latest = PackBuild.objects.of(kind_name, _object_id(obj), edition).order_by("-requested_at", "-pk")
        newest |= Q(pk__in=latest.values("pk")[:1])
    return {row.edition: row for row in PackBuild.objects.filter(newest)} if editions else {}


def _is_stale(build: PackBuild) -> bool:
    if build.status != BuildStatus.QUEUED and build.lease_expires_at is not None:
        return build.lease_expires_at < timezone.now()
    last = build.heartbeat_at or build.started_at or build.requested_at
    return last < timezone.now() - stale_after()


def _send(build_pk: int) -> None:
    from .tasks import build_pack

    build_pack.delay(build_pk)


def _enqueue(build_pk: int) -> None:
    # Through the outbox (council.outbox): a row in the transaction of the change that asked for the
    # build (a publication, a click on "Build"), handed to the broker after the commit; a broker that
    # is down is logged, never turns that change into an error page, and the outbox's sweep hands the
    # build over once the broker is back (``requeue_waiting`` still re-sends a build whose message was
    # taken but lost). A build delivered twice does nothing the second time.
    from council.outbox.services import enqueue

    enqueue("council.packs.tasks.build_pack", build_pk)


def requeue_waiting() -> int:
    """Send again every build still queued with no sign of work for ``stale_after``: its message may
    never have reached the broker. Each is marked (``heartbeat_at``) so it is sent at most once a
    period; a build delivered twice does nothing the second time. Returns how many were sent."""
    now = timezone.now()
    waiting = PackBuild.objects.filter(status=BuildStatus.QUEUED).filter(
        Q(heartbeat_at__lt=now - stale_after()) | Q(heartbeat_at__isnull=True, requested_at__lt=now - stale_after())
    )
    sent = 0
    for build_pk in list(waiting.values_list("pk", flat=True)):
        PackBuild.objects.filter(pk=build_pk, status=BuildStatus.QUEUED).update(heartbeat_at=now)
        _send(build_pk)
        sent += 1
    return sent


@transaction.atomic
def request_build(kind_name: str, obj, edition: str, *, by) -> PackBuild:
    """Queue a build of ``edition`` of ``obj``'s pack (the view has checked ``kind.can_build``).

    A build still queued will build what is current when it runs, so it is returned instead of a
    second one; a build whose worker was lost (stale) is queued again and returned.
    """
    kind = get_kind(kind_name)
    if edition not in kind.editions(obj):
        raise RuleError("This pack has no such edition.")
    _lock_pack(kind_name, _object_id(obj), edition)
    unfinished = list(
        PackBuild.objects.of(kind_name, _object_id(obj), edition)
        .filter(status__in=UNFINISHED)
        .select_for_update()
        .order_by("-requested_at", "-pk")
    )
    for build in unfinished:
        if _is_stale(build):
            if build.status == BuildStatus.QUEUED:
                _enqueue(build.pk)
            else:
                _queue_again(build, timezone.now())
            return build
    for build in unfinished:
        if build.status == BuildStatus.QUEUED:
            return build
    build = PackBuild(kind=kind_name, object_id=_object_id(obj), edition=edition, requested_by=by)
    saved_by(build, by, "Pack build requested")
    _enqueue(build.pk)
    return build


def build_now(kind_name: str, obj, edition: str, *, by) -> PackBuild:
    """Build at once, in this process, through the task's own code (for the demo and the benchmark)."""
    kind = get_kind(kind_name)
    if edition not in kind.editions(obj):
        raise RuleError("This pack has no such edition.")
    build = PackBuild(kind=kind_name, object_id=_object_id(obj), edition=edition, requested_by=by)
    saved_by(build, by, "Pack build requested")
    try:
        run_build(build.pk)
    except TRANSIENT:
        logger.exception("Pack build %s could not finish", build.pk)
        fail_build(build.pk, UNAVAILABLE)
    build.refresh_from_db()
    return build


def _queue_again(build: PackBuild, now: datetime.datetime) -> None:
    """A build whose worker stopped (its lease ran out), locked by the caller: queued and sent
    again, saying so. Its attempts count on; the next claim makes it attempt n + 1."""
    build.status = BuildStatus.QUEUED
    build.retried_because = RETRIED.format(attempt=build.attempts + 1)
    build.progress = build.retried_because
    build.lease_expires_at = None
    build.heartbeat_at = now
    saved_by(build, None, "Queued again: the worker building it stopped (its lease ran out)")
    _enqueue(build.pk)


def _lock_pack(kind_name: str, object_id: str, edition: str) -> None:
    """Serialise requests for one pack until the transaction ends (PostgreSQL's advisory lock), so
    two at once (a double click) find each other's build. SQLite lets one writer in at a time."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"packbuild:{kind_name}:{object_id}:{edition}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)])


def sweep_expired_leases() -> int:
    """The beat's sweeper: every build being built whose lease has run out (its worker stopped: killed,
    its machine lost) is queued again and sent, marked for the clerk ("Retried: the worker building
    it stopped (attempt 2)"). A row another sweeper holds is skipped. Returns how many were queued."""
    now = timezone.now()
    swept = 0
    with transaction.atomic():
        expired = (
            PackBuild.objects.filter(status__in=(BuildStatus.RENDERING, BuildStatus.MERGING), lease_expires_at__lt=now)
            .select_for_update(skip_locked=True)
            .order_by("pk")
        )
        for build in expired:
            _queue_again(build, now)
            swept += 1
    if swept:
        logger.warning("Pack builds queued again after their worker stopped: %s", swept)
    return swept


def _claim(build_pk: int) -> PackBuild | None:
    with transaction.atomic():
        build = PackBuild.objects.select_for_update().filter(pk=build_pk).first()
        if build is None or build.finished:
            return None
        now = timezone.now()
        if build.status != BuildStatus.QUEUED and build.lease_expires_at and build.lease_expires_at > now:
            return None  # another worker holds it (a message delivered twice): that worker finishes it
        build.status = BuildStatus.RENDERING
        build.started_at = build.started_at or now
        build.heartbeat_at = now
        build.lease_expires_at = now + lease_length()
        build.attempts += 1
        build.progress = "Starting"
        saved_by(build, None, "Build started" if build.attempts == 1 else f"Build resumed (attempt {build.attempts})")
        return build


def _progress(build: PackBuild):
    def report(stage: str, text: str) -> None:
        now = timezone.now()
        fields: dict[str, Any] = {"progress": text[:200], "heartbeat_at": now, "lease_expires_at": now + lease_length()}
        if stage == BuildStatus.MERGING and build.status != BuildStatus.MERGING:
            with transaction.atomic():
                build.status = BuildStatus.MERGING
                build.progress = text[:200]
                build.heartbeat_at = fields["heartbeat_at"]
                build.lease_expires_at = fields["lease_expires_at"]
                saved_by(build, None, "Merging")
            return
        PackBuild.objects.filter(pk=build.pk).update(**fields)

    return report


def _extend_lease(build_pk: int) -> None:
    now = timezone.now()
    PackBuild.objects.filter(pk=build_pk, status__in=(BuildStatus.RENDERING, BuildStatus.MERGING)).update(
        heartbeat_at=now, lease_expires_at=now + lease_length()
    )


@contextlib.contextmanager
def _lease_kept(build_pk: int):
    """While the block runs, a timer thread extends the build's lease every third of its length, so
    a long single step (a merge of thousands of pages) never loses it. The thread dies with the
    process: a killed worker's lease runs out. Its database connection is its own, closed at the end."""
    stop = threading.Event()
    interval = lease_length().total_seconds() / 3

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    _extend_lease(build_pk)
                except TRANSIENT:
                    logger.warning("Pack build %s: its lease could not be extended this time", build_pk)
                    close_old_connections()
        finally:
            connection.close()

    timer = threading.Thread(target=beat, name=f"pack-build-{build_pk}-lease", daemon=True)
    timer.start()
    try:
        yield
    finally:
        stop.set()
        timer.join()


def _release(build_pk: int) -> None:
    """Give the claim up (the task retries after transient trouble): the retry may claim it at once."""
    try:
        PackBuild.objects.filter(pk=build_pk, status__in=UNFINISHED).update(lease_expires_at=None)
    except TRANSIENT:
        logger.warning("Pack build %s: its lease could not be given up; it runs out by itself", build_pk)


def fail_build(build_pk: int, message: str) -> None:
    """Record that a build failed; stored versions are untouched."""
    with transaction.atomic():
        build = PackBuild.objects.select_for_update().filter(pk=build_pk).first()
        if build is None or build.finished:
            return
        build.status = BuildStatus.FAILED
        build.error = message
        build.progress = ""
        build.finished_at = timezone.now()
        saved_by(build, None, "Build failed")


def _finish(build: PackBuild, version: PackVersion, reason: str) -> None:
    build.status = BuildStatus.DONE
    build.version = version
    build.progress = ""
    build.error = ""
    build.finished_at = timezone.now()
    saved_by(build, None, reason)


def _previous_counts(version: PackVersion | None) -> dict[str, int]:
    if version is None:
        return {}
    inputs = PackBuild.objects.filter(pk=version.built_from_id).values_list("inputs", flat=True).first() or {}
    return {part["key"]: part["pages"] for part in inputs.get("parts", []) if part.get("pages")}


def run_build(build_pk: int) -> None:
    """The build task's body: safe to run again on the same build (see the module's docstring)."""
    build = _claim(build_pk)
    if build is None:
        return
    try:
        with _lease_kept(build.pk):
            _run(build)
    except PackError as error:
        fail_build(build.pk, error.message)
    except RuleError as error:
        fail_build(build.pk, error.message)
    except TRANSIENT:
        _release(build.pk)
        raise
    except SoftTimeLimitExceeded:
        fail_build(build.pk, TOO_LONG)
    except Exception:
        logger.exception("Pack build %s failed", build.pk)
        fail_build(build.pk, FAULT)


def _run(build: PackBuild) -> None:
    kind = get_kind(build.kind)
    obj = kind.model._default_manager.filter(pk=build.object_id).first()
    if obj is None:
        raise PackError("What this pack was of no longer exists, so it cannot be built.")
    spec = kind.build_spec(obj, build.edition)
    inputs = describe(spec, Sources())
    PackBuild.objects.filter(pk=build.pk).update(inputs=inputs, inputs_hash=inputs["hash"])
    build.inputs, build.inputs_hash = inputs, inputs["hash"]
    newest = latest_version(build.kind, obj, build.edition)
    if newest is not None and newest.inputs_hash == inputs["hash"]:
        with transaction.atomic():
            _finish(build, newest, "Built from the same inputs as the newest version: no new version")
        return
    with build_file(spec, guesses=_previous_counts(newest), progress=_progress(build)) as result:  # then removed
        for part in inputs["parts"]:
            part["pages"] = result.counts.get(part["key"])
            part["first_page"] = result.first_pages.get(part["key"])
        inputs["pages"] = result.pages
        inputs["rendered"], inputs["from_cache"] = result.renders, result.cached
        _store(build, obj, spec, inputs, result)


def _version_name(build: PackBuild, spec, number: int, sha256: str) -> str:
    stem = get_valid_filename(os.path.splitext(spec.filename)[0]) or "pack"
    folder = "/".join(get_valid_filename(part) for part in (build.kind, build.object_id, build.edition))
    return f"packs/{folder}/{stem}-v{number}-{sha256[:16]}.pdf"


def _store(build: PackBuild, obj, spec, inputs: dict, result) -> None:
    sha256 = storage.sha256_of(result.path)
    size = os.path.getsize(result.path)
    for _ in range(3):
        try:
            with transaction.atomic():
                claimed = PackBuild.objects.select_for_update().get(pk=build.pk)
                if claimed.finished:
                    return  # another run of this build finished first
                newest = (
                    PackVersion.objects.of(build.kind, build.object_id, build.edition)
                    .select_for_update()
                    .order_by("-number")
                    .first()
                )
                if newest is not None and newest.inputs_hash == inputs["hash"]:
                    version = newest
                    reason = "Built from the same inputs as the newest version: no new version"
                else:
                    number = newest.number + 1 if newest else 1
                    name = storage.save_new(_version_name(build, spec, number, sha256), result.path)
                    version = PackVersion(
                        kind=build.kind,
                        object_id=build.object_id,
                        edition=build.edition,
                        number=number,
                        file=name,
                        filename=spec.filename,
                        title=spec.title,
                        sha256=sha256,
                        size=size,
                        pages=result.pages,
                        marked_pages=marked_ranges(inputs["parts"]),
                        inputs_hash=inputs["hash"],
                        built_from=build,
                        created_by=build.requested_by,
                    )
                    saved_by(version, build.requested_by, f"Version {number} stored")
                    reason = f"Pack built: version {number}"
                build.inputs, build.inputs_hash = inputs, inputs["hash"]
                _finish(build, version, reason)
                return
        except IntegrityError:
            continue  # another build of the same pack took this number: take the next
    raise PackError("The pack could not be given a version number. Try again.")
