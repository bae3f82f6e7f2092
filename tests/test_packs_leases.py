"""Pack build leases (issue 17): a worker claims a build with a lease, extends it while it works, and
the beat's sweeper queues again a build whose lease ran out, saying so to the clerk; a double click
makes one build; the clerk's pages say when builds wait because no worker is running.

Times are the ``clock`` fixture's (no test depends on today or on how fast the machine is).
"""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import contextlib
import datetime
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from council import health
from council.packs import services
from council.packs.models import BuildStatus, PackBuild
from council.packs.selectors import packs_box
from council.roles import Role
from tests.clock_kit import moving_clock
from tests.factories import UserFactory
from tests.packs_engine_kit import KIND, kit, media, pack_templates  # noqa: F401
from tests.test_packs_box import stored_version
from tests.test_packs_engine import meeting_spec

NOW = datetime.datetime(2027, 3, 4, 9, 0, tzinfo=datetime.UTC)
DELAYED = "Pack builds are delayed: the worker is not running. Your request is saved and will be built when it is back."
RETRIED = "Retried: the worker building it stopped (attempt 2)"


@pytest.fixture
def clock(monkeypatch):
    return moving_clock(monkeypatch, NOW)


@pytest.fixture
def clerk(db):
    return UserFactory(roles=[Role.DEMOCRATIC_SERVICES])


@pytest.fixture
def subject(db):
    return UserFactory()


@pytest.fixture
def lease(settings):
    settings.PACK_BUILD_LEASE_SECONDS = 120
    return datetime.timedelta(seconds=120)


@pytest.fixture
def worker_expected(settings):
    """Tasks go to a worker (not run in the request), so whether one is running matters."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.WORKER_STALE_AFTER_SECONDS = 120


def queued(subject, clerk) -> PackBuild:
    from django.utils import timezone

    return PackBuild.objects.create(
        kind=KIND, object_id=str(subject.pk), edition="public", requested_by=clerk, requested_at=timezone.now()
    )


# --- The lease ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lease_is_well_under_the_visibility_timeout_and_a_lost_build_is_retried_within_five_minutes():
    sweep = django_settings.CELERY_BEAT_SCHEDULE["pack-builds-sweep"]
    assert sweep["task"] == "council.packs.tasks.sweep_expired_builds"
    worst_case = django_settings.PACK_BUILD_LEASE_SECONDS + sweep["schedule"]
    assert worst_case <= 5 * 60
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout")
    assert visibility is None or visibility >= django_settings.PACK_BUILD_LEASE_SECONDS * 2


@pytest.mark.django_db
def test_a_claim_takes_a_lease_and_each_step_of_progress_extends_it(kit, subject, clerk, clock, lease):
    build = services._claim(queued(subject, clerk).pk)
    build.refresh_from_db()
    assert build.status == BuildStatus.RENDERING and build.lease_expires_at == NOW + lease
    clock.move(seconds=100)
    services._progress(build)(BuildStatus.RENDERING, "Rendering part 1 of 3")
    build.refresh_from_db()
    assert build.lease_expires_at == NOW + datetime.timedelta(seconds=100) + lease
    assert build.progress == "Rendering part 1 of 3"
    clock.move(seconds=100)
    services._progress(build)(BuildStatus.MERGING, "Merging 12 pages")
    build.refresh_from_db()
    assert build.status == BuildStatus.MERGING
    assert build.lease_expires_at == NOW + datetime.timedelta(seconds=200) + lease


@pytest.mark.django_db
def test_the_sweeper_leaves_a_held_lease_and_queues_the_build_again_once_it_ran_out(
    kit, subject, clerk, client, clock, lease, django_capture_on_commit_callbacks
):
    kit.set(subject, "public", meeting_spec())
    build = queued(subject, clerk)
    services._claim(build.pk)  # a worker claims it, then is killed: no more heartbeats
    clock.move(seconds=120)  # the lease runs out at this instant: not yet past
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.sweep_expired_leases() == 0
    assert callbacks == []
    clock.move(seconds=1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.sweep_expired_leases() == 1
    assert len(callbacks) == 1  # sent once, after the sweeper's commit
    build.refresh_from_db()
    assert build.status == BuildStatus.QUEUED and build.lease_expires_at is None
    assert build.retried_because == RETRIED and build.progress == RETRIED
    assert build.history.first().history_change_reason == (
        "Queued again: the worker building it stopped (its lease ran out)"
    )
    client.force_login(clerk)
    status_url = reverse("packs:build-status", args=[build.pk])
    assert RETRIED in client.get(status_url).content.decode()
    box = packs_box(KIND, subject, editions=["public"], buildable=["public"])
    box = render_to_string("packs/_box.html", {"box": box})
    assert RETRIED in box

    callbacks[0]()  # the task, delivered to a worker
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE and build.attempts == 2 and build.version.number == 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.sweep_expired_leases() == 0  # done: nothing more to do
    page = client.get(status_url).content.decode()
    assert "Pack ready" in page and RETRIED in page  # the clerk still reads that it was retried


@pytest.mark.django_db
def test_a_second_delivery_leaves_a_build_whose_lease_is_held_to_its_worker(kit, subject, clerk, clock, lease):
    kit.set(subject, "public", meeting_spec())
    build = queued(subject, clerk)
    services._claim(build.pk)
    clock.move(seconds=60)
    services.run_build(build.pk)  # the same message again while the first worker works
    build.refresh_from_db()
    assert build.status == BuildStatus.RENDERING and build.attempts == 1 and build.version is None
    clock.move(seconds=61)
    services.run_build(build.pk)  # past the lease: the worker is gone, this delivery takes it
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE and build.attempts == 2


@pytest.mark.django_db
def test_a_request_for_a_pack_whose_worker_stopped_queues_it_again_saying_so(
    kit, subject, clerk, clock, lease, django_capture_on_commit_callbacks
):
    kit.set(subject, "public", meeting_spec())
    build = queued(subject, clerk)
    services._claim(build.pk)
    clock.move(seconds=121)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.request_build(KIND, subject, "public", by=clerk) == build
    build.refresh_from_db()
    assert len(callbacks) == 1 and PackBuild.objects.count() == 1
    assert build.status == BuildStatus.DONE and build.attempts == 2 and build.retried_because == RETRIED


@pytest.mark.django_db(transaction=True)
def test_a_timer_extends_the_lease_during_a_long_single_step_and_stops_with_it(subject, clerk, settings):
    settings.PACK_BUILD_LEASE_SECONDS = 0.6  # a timer tick every 0.2 s
    build = services._claim(queued(subject, clerk).pk)
    first = PackBuild.objects.get(pk=build.pk).lease_expires_at
    with services._lease_kept(build.pk):  # a merge that takes long, with no progress reported
        deadline = time.monotonic() + 30
        while PackBuild.objects.get(pk=build.pk).lease_expires_at <= first:
            assert time.monotonic() < deadline, "the lease was never extended"
            time.sleep(0.05)
    assert not [thread for thread in threading.enumerate() if thread.name == f"pack-build-{build.pk}-lease"]
    build.refresh_from_db()
    assert build.heartbeat_at > build.started_at


# --- A double click ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_make_one_build(kit, subject, clerk, monkeypatch):
    """Two browsers (two threads, two database connections) ask at the same moment. Each is held
    just before it would record a new build until the other gets there too (or 3 s pass): without
    the lock both would record one."""
    kit.set(subject, "public", meeting_spec())
    monkeypatch.setattr(services, "_send", lambda build_pk: None)  # no worker needed: the rows tell
    meeting_point = threading.Barrier(2, timeout=3)
    real_saved_by = services.saved_by

    def held(obj, by, reason):
        if reason == "Pack build requested":
            # With the lock the other request waits for this one's: it never gets here first.
            with contextlib.suppress(threading.BrokenBarrierError):
                meeting_point.wait()
        return real_saved_by(obj, by, reason)

    monkeypatch.setattr(services, "saved_by", held)
    url = reverse("packs:build", args=[KIND, subject.pk, "public"])
    responses = []

    def click():
        browser = Client()
        browser.force_login(clerk)
        try:
            responses.append(browser.post(url))
        finally:
            connection.close()

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(timeout=60)
    assert [response.status_code for response in responses] == [302, 302]
    assert PackBuild.objects.count() == 1
    build = PackBuild.objects.get()
    assert {response["Location"] for response in responses} == {reverse("packs:build-status", args=[build.pk])}


# --- No worker running -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_clerk_is_told_builds_wait_while_no_worker_runs(kit, subject, clerk, clock, worker_expected):
    def box_for(buildable):
        return render_to_string(
            "packs/_box.html", {"box": packs_box(KIND, subject, editions=["public"], buildable=buildable)}
        )

    assert DELAYED in box_for(["public"])
    assert DELAYED not in box_for([])  # those who only download are not troubled with it
    health.record_worker_heartbeat("celery@worker-1")  # a worker's heartbeat thread
    assert DELAYED not in box_for(["public"])
    clock.move(seconds=119)
    cache.clear()  # read from the database this time
    assert DELAYED not in box_for(["public"])
    clock.move(seconds=2)
    assert DELAYED in box_for(["public"])


@pytest.mark.django_db
def test_the_progress_and_versions_pages_say_so_too_while_a_build_waits(
    kit, subject, clerk, client, clock, worker_expected
):
    build = queued(subject, clerk)
    client.force_login(clerk)
    url = reverse("packs:build-status", args=[build.pk])
    assert DELAYED in client.get(url).content.decode()
    assert DELAYED in client.get(url, {"format": "json"}).json()["panel"]  # the page refreshing itself
    versions = reverse("packs:versions", args=[KIND, subject.pk, "public"])
    assert DELAYED in client.get(versions).content.decode()
    health.record_worker_heartbeat("celery@worker-1")
    assert DELAYED not in client.get(url).content.decode()
    assert DELAYED not in client.get(versions).content.decode()
    PackBuild.objects.filter(pk=build.pk).update(status=BuildStatus.FAILED, error="A document is damaged.")
    cache.clear()
    clock.move(minutes=10)
    assert DELAYED not in client.get(url).content.decode()  # nothing is waiting for the worker


@pytest.mark.django_db
def test_a_build_waiting_behind_others_says_the_worker_is_busy_not_down(
    kit, subject, clerk, client, clock, worker_expected
):
    first = queued(UserFactory(), clerk)  # another pack, asked for a minute earlier
    clock.move(minutes=1)
    build = queued(subject, clerk)
    client.force_login(clerk)
    url = reverse("packs:build-status", args=[build.pk])
    health.record_worker_heartbeat("celery@worker-1")  # alive, and busy with the first
    PackBuild.objects.filter(pk=first.pk).update(status=BuildStatus.RENDERING)
    page = client.get(url).content.decode()
    assert "building other packs first: 1 pack is ahead of this one" in page
    assert DELAYED not in page
    PackBuild.objects.filter(pk=first.pk).update(status=BuildStatus.DONE)
    assert "ahead of this one" not in client.get(url).content.decode()
    PackBuild.objects.filter(pk=first.pk).update(status=BuildStatus.QUEUED)
    clock.move(seconds=121)  # the worker stopped: not busy, down
    cache.clear()
    page = client.get(url).content.decode()
    assert DELAYED in page and "ahead of this one" not in page


@pytest.mark.django_db
def test_the_box_asks_whether_a_worker_runs_once_however_many_editions_and_versions(
    kit, subject, clock, worker_expected, django_assert_num_queries
):
    def measure(editions):
        cache.clear()
        with django_assert_num_queries(3):  # versions, builds, the heartbeat
            packs_box(KIND, subject, editions=editions, buildable=editions)
        with django_assert_num_queries(2):  # the heartbeat from the cache
            packs_box(KIND, subject, editions=editions, buildable=editions)

    measure(["public"])
    for number in (1, 2, 3, 4):
        stored_version(subject, "public", number)
        stored_version(subject, "confidential", number)
    measure(["public", "confidential"])


@pytest.mark.django_db
def test_healthz_is_503_naming_the_worker_when_it_has_no_heartbeat(client, clock, worker_expected):
    response = client.get(reverse("healthz"), {"format": "json"})
    assert response.status_code == 503
    data = response.json()
    assert data["Celery worker"].startswith("Unavailable")
    assert data["Database (PostgreSQL)"] == data["Celery broker (Redis)"] == data["Document storage"] == "OK"
    assert "Part of the service is not working." in client.get(reverse("healthz")).content.decode()
    health.record_worker_heartbeat("celery@worker-1")
    response = client.get(reverse("healthz"), {"format": "json"})
    assert response.status_code == 200 and response.json()["Celery worker"] == "OK"
    clock.move(seconds=121)
    response = client.get(reverse("healthz"), {"format": "json"})
    assert response.status_code == 503 and response.json()["Celery worker"].startswith("Unavailable")
