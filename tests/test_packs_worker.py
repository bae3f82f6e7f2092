"""A pack built end to end by a real Celery worker on Redis (not eager).

The worker runs in this process (the ``celery_worker`` fixture, conftest.py: solo pool) and takes
tasks from the Redis broker on a queue of this test process's own. Rows are committed (a
transactional test) so the worker's database connection sees them. Waiting is bounded polling, never a timing
assertion.
"""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import time

import pytest
from django.db import transaction

from council.packs import services
from council.packs.models import BuildStatus, PackBuild, PackVersion
from council.roles import Role
from tests.factories import UserFactory
from tests.packs_engine_kit import KIND, kit, media, pack_templates, page, pdf_text, read_version, text_pdf, upload_part  # noqa: F401
from tests.test_packs_engine import agenda

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 120


def wait_until(done, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"The worker had not finished within {WAIT_SECONDS} seconds: {what}")
        time.sleep(0.1)


def test_a_real_worker_builds_a_pack_requested_in_a_transaction(kit, celery_worker):
    from council.packs.spec import PackSpec

    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    kit.set(
        clerk,
        "public",
        PackSpec(
            title="Audit Committee, 11 March 2027: agenda pack",
            author="Northbridge Borough Council",
            filename="audit-2027-03-11.pdf",
            parts=(
                page("front", "Front sheet", bookmark="Front sheet", level=0),
                agenda([("item-1", "1. Internal audit plan")]),
                page("item-1", "Internal audit plan", bookmark="1. Internal audit plan", level=0),
                upload_part("plan", "Audit plan, item 1: Internal audit plan", text_pdf(2, "Audit plan")),
            ),
        ),
    )
    with transaction.atomic():
        build = services.request_build(KIND, clerk, "public", by=clerk)
        assert build.status == BuildStatus.QUEUED  # nothing is sent before the transaction commits
    wait_until(lambda: PackBuild.objects.get(pk=build.pk).finished, "the build")
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    assert build.attempts == 1 and build.started_at and build.finished_at
    version = PackVersion.objects.get()
    assert build.version == version and version.pages == 5
    content = read_version(version)
    assert "page 3" in pdf_text(content, 2)  # the agenda's reference to item 1
    assert "Page 5" in pdf_text(content, 5)  # the uploaded plan's last page, stamped

    # The same request again: the worker finds nothing changed and makes no second version.
    again = services.request_build(KIND, clerk, "public", by=clerk)
    wait_until(lambda: PackBuild.objects.get(pk=again.pk).finished, "the second build")
    again.refresh_from_db()
    assert again.status == BuildStatus.DONE and again.version == version
    assert PackVersion.objects.count() == 1
