"""The pack engine's renderer: parts rendered in worker processes, the same file as one by one,
progress per part, page limits before rendering, and no temporary file left behind."""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import multiprocessing
import os
import tempfile

import pytest
from django.core.files.storage import default_storage

from council.packs import builder, parallel, render, services
from council.packs.models import BuildStatus
from council.packs.spec import PackSpec
from council.roles import Role
from tests.factories import UserFactory
from tests.packs_engine_kit import (
    KIND,
    kit,  # noqa: F401  (fixture)
    media,  # noqa: F401  (fixture)
    pack_templates,  # noqa: F401  (fixture)
    page,
    pdf_text,
    read_version,
    text_pdf,
    upload_part,
)
from tests.test_packs_engine import agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    return UserFactory(roles=[Role.DEMOCRATIC_SERVICES])


def eight_part_spec(*, long_report=False):
    """An agenda, six reports (one of them, with ``long_report``, several pages) and an appendix."""
    reports = [
        page(f"item-{n}", f"Report {n}", 160 if long_report and n == 2 else 3, bookmark=f"{n}. Report {n}")
        for n in range(1, 7)
    ]
    appendix = upload_part("appendix", "Appendix A, item 2: Report 2", text_pdf(2, "Appendix A"), bookmark="Appendix A")
    return PackSpec(
        title="Test committee: agenda pack",
        author="Northbridge Borough Council",
        parts=(
            agenda([(f"item-{n}", f"{n}. Report {n}") for n in range(1, 7)]),
            page("front", "Front sheet", bookmark="Front sheet"),
            *reports[:2],
            appendix,
            *reports[2:],
        ),
    )


def _empty_cache():
    if default_storage.exists("packs/cache"):
        for name in default_storage.listdir("packs/cache")[1]:
            default_storage.delete(f"packs/cache/{name}")


@pytest.fixture
def in_parallel(settings):
    settings.PACK_PARALLEL_MIN_PARTS, settings.PACK_RENDER_WORKERS = 2, 2
    return settings


@pytest.fixture
def pids(monkeypatch, tmp_path):
    """The processes that rendered generated parts (written to a file: a worker's memory is its own)."""
    record = tmp_path / "pids"
    real = render._weasyprint

    def recording(html, *, tagged):
        if tagged:
            with open(record, "a") as file:
                file.write(f"{os.getpid()}\n")
        return real(html, tagged=tagged)

    monkeypatch.setattr(render, "_weasyprint", recording)
    return lambda: record.read_text().split() if record.exists() else []


def test_parts_rendered_in_worker_processes_make_the_same_file_as_parts_rendered_one_by_one(kit, clerk, settings, pids):
    one_by_one, in_workers = UserFactory(), UserFactory()
    kit.set(one_by_one, "public", eight_part_spec())
    kit.set(in_workers, "public", eight_part_spec())
    settings.PACK_PARALLEL_MIN_PARTS = 100
    serial = services.build_now(KIND, one_by_one, "public", by=clerk)
    # 7 parts, the agenda with stand-in page references, then the agenda again with the real ones
    assert set(pids()) == {str(os.getpid())} and len(pids()) == 9
    _empty_cache()
    settings.PACK_PARALLEL_MIN_PARTS, settings.PACK_RENDER_WORKERS = 2, 2
    parallel_build = services.build_now(KIND, in_workers, "public", by=clerk)
    assert parallel_build.status == BuildStatus.DONE, parallel_build.error
    workers = set(pids()[9:17])
    assert len(pids()) == 18 and workers and str(os.getpid()) not in workers
    assert pids()[17] == str(os.getpid())  # the agenda's final rendering alone: no pool for one part
    assert parallel_build.inputs["rendered"] == serial.inputs["rendered"] == 9 + 1  # and the stamp kit
    assert read_version(parallel_build.version) == read_version(serial.version)
    assert multiprocessing.active_children() == []  # the pool is gone with the build


def test_workers_started_by_spawn_set_django_up_themselves_and_make_the_same_file(kit, clerk, in_parallel):
    kit.set(clerk, "public", eight_part_spec())
    forked = services.build_now(KIND, clerk, "public", by=clerk)
    _empty_cache()
    in_parallel.PACK_RENDER_START_METHOD = "spawn"
    other = UserFactory()
    kit.set(other, "public", eight_part_spec())
    spawned = services.build_now(KIND, other, "public", by=clerk)
    assert spawned.status == BuildStatus.DONE, spawned.error
    assert spawned.inputs["rendered"] == 10
    assert read_version(spawned.version) == read_version(forked.version)


def test_where_no_pool_can_start_the_parts_are_rendered_here(kit, clerk, in_parallel, monkeypatch, pids):
    def no_children(*args, **kwargs):
        raise AssertionError("daemonic processes are not allowed to have children")

    monkeypatch.setattr(multiprocessing.context.ForkContext, "Pool", no_children)
    kit.set(clerk, "public", eight_part_spec())
    build = services.build_now(KIND, clerk, "public", by=clerk)
    assert build.status == BuildStatus.DONE and set(pids()) == {str(os.getpid())}


def test_the_clerk_sees_each_part_rendered(kit, clerk, in_parallel):
    messages = []
    with builder.build_file(eight_part_spec(), progress=lambda stage, text: messages.append(text)) as result:
        assert result.pages == 10
    rendering = [m for m in messages if m.startswith("Rendering part")]
    assert rendering == [f"Rendering part {n} of 8" for n in range(1, 9)]
    assert messages[0] == "Checking supporting document 1 of 1" and messages[-1] == "Merging the parts into one PDF"


def test_parts_from_the_cache_do_not_each_write_a_progress_message(kit, clerk, in_parallel, monkeypatch):
    with builder.build_file(eight_part_spec()):
        pass
    monkeypatch.setattr(builder, "QUIET_REPORT_SECONDS", 3600)  # no message is due before the last part
    messages = []
    with builder.build_file(eight_part_spec(), progress=lambda stage, text: messages.append(text)) as result:
        assert result.renders == 0 and result.pages == 10
    # The first quick step reports, then nothing until the last: the clerk still sees where it is.
    assert [m for m in messages if m.startswith("Rendering part")] == ["Rendering part 1 of 8", "Rendering part 8 of 8"]
    assert messages[-1] == "Merging the parts into one PDF"


def test_a_longer_report_moves_the_pages_after_it_and_every_page_keeps_its_number(kit, clerk, in_parallel):
    kit.set(clerk, "public", eight_part_spec())
    services.build_now(KIND, clerk, "public", by=clerk)
    kit.set(clerk, "public", eight_part_spec(long_report=True))
    build = services.build_now(KIND, clerk, "public", by=clerk)
    assert build.inputs["rendered"] == 2  # the report and the agenda; the four reports after it moved as they were
    content = read_version(build.version)
    report_pages = build.inputs["parts"][3]["pages"]
    assert report_pages > 2
    item_3 = 1 + 1 + 1 + report_pages + 2 + 1  # after the agenda, front, item 1, item 2 and the appendix
    assert f"page {item_3}" in pdf_text(content, 1) and "Report 3: paragraph 0" in pdf_text(content, item_3)
    for number in range(1, build.version.pages + 1):  # generated and uploaded pages alike
        assert f"Page {number} of {build.version.pages}" in pdf_text(content, number)


def test_a_pack_whose_own_pages_were_over_the_limit_is_refused_before_anything_is_rendered(
    kit, clerk, settings, monkeypatch
):
    kit.set(clerk, "public", eight_part_spec(long_report=True))
    first = services.build_now(KIND, clerk, "public", by=clerk)
    generated = sum(part["pages"] for part in first.inputs["parts"] if part["kind"] == "generated")
    settings.PACK_MAX_GENERATED_PAGES = generated - 1
    monkeypatch.setattr(render, "_weasyprint", lambda *a, **k: pytest.fail("a part was rendered"))
    again = services.build_now(KIND, clerk, "public", by=clerk)
    assert again.status == BuildStatus.DONE and again.version == first.version  # the same inputs: nothing to do
    _empty_cache()  # a rendering would be needed below: none is done
    kit.set(clerk, "public", PackSpec(**{**eight_part_spec(long_report=True).__dict__, "title": "Revised"}))
    refused = services.build_now(KIND, clerk, "public", by=clerk)
    assert refused.status == BuildStatus.FAILED and refused.version is None
    assert refused.error == (
        f"The pack would have more than {generated - 1:,} pages of its own (front sheet, agenda, reports and "
        f"minutes), the most one pack can have: they came to {generated:,} pages. Shorten the reports or split "
        "the pack, then build the pack again."
    )


def test_parts_that_come_out_over_the_limit_stop_the_build_before_the_merge(kit, clerk, in_parallel, monkeypatch):
    in_parallel.PACK_MAX_GENERATED_PAGES = 5
    monkeypatch.setattr(builder, "merge", lambda *a, **k: pytest.fail("the pack was merged"))
    kit.set(clerk, "public", eight_part_spec(long_report=True))
    build = services.build_now(KIND, clerk, "public", by=clerk)
    assert build.status == BuildStatus.FAILED and "more than 5 pages of its own" in build.error
    assert multiprocessing.active_children() == []


@pytest.fixture
def temporary(monkeypatch, tmp_path):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("workers", [0, 2], ids=["one by one", "in workers"])
def test_a_failed_render_leaves_no_temporary_file_and_no_worker(kit, clerk, settings, monkeypatch, temporary, workers):
    settings.PACK_PARALLEL_MIN_PARTS, settings.PACK_RENDER_WORKERS = (2, workers) if workers else (100, 0)
    real = render._weasyprint

    def failing(html, *, tagged):
        if "Report 4" in html:
            raise RuntimeError("WeasyPrint ran out of memory")
        return real(html, tagged=tagged)

    monkeypatch.setattr(render, "_weasyprint", failing)
    kit.set(clerk, "public", eight_part_spec())
    build = services.build_now(KIND, clerk, "public", by=clerk)
    assert build.status == BuildStatus.FAILED and build.error == services.FAULT
    assert list(temporary.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_a_build_that_fails_at_the_merge_or_finishes_leaves_no_temporary_file(kit, clerk, monkeypatch, temporary):
    real_merge = builder.merge

    def merge_then_fail(pieces, target, **options):
        real_merge(pieces, target, **options)
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(builder, "merge", merge_then_fail)
    kit.set(clerk, "public", eight_part_spec())
    failed = services.build_now(KIND, clerk, "public", by=clerk)
    assert failed.status == BuildStatus.FAILED and list(temporary.iterdir()) == []
    monkeypatch.setattr(builder, "merge", real_merge)
    done = services.build_now(KIND, clerk, "public", by=clerk)
    assert done.status == BuildStatus.DONE and list(temporary.iterdir()) == []


def test_workers_are_bounded_and_a_few_parts_are_rendered_here(settings):
    settings.PACK_PARALLEL_MIN_PARTS, settings.PACK_RENDER_WORKERS = 6, 0
    assert parallel.workers_for(5) == 0  # a rebuild after a change or two: no pool
    assert 1 <= parallel.workers_for(40) <= parallel.MAX_WORKERS
    settings.PACK_RENDER_WORKERS = 3
    assert parallel.workers_for(6) == 3 and parallel.workers_for(40) == 3


def _render_from_a_daemonic_process(out):
    """In a daemonic process, as a Celery prefork worker's child is: render two parts with a pool and
    report whether the pool was refused (the warning) and which processes rendered them."""
    import logging

    refused = []
    handler = logging.Handler()
    handler.emit = lambda record: refused.append(record.getMessage())
    logging.getLogger(parallel.__name__).addHandler(handler)
    html = "<!doctype html><html lang='en'><title>Part</title><p>One page.</p></html>"
    rendered = sorted(index for index, _content, _pages in parallel.render_all([(0, html), (1, html)], 2))
    out.put((refused, rendered, os.getpid(), multiprocessing.active_children() == []))


def test_a_celery_workers_daemonic_child_still_renders_the_parts_in_a_pool(settings):
    """Celery's prefork pool runs tasks in daemonic processes, which multiprocessing forbids to have
    children: every pack built by `make run`'s or the compose file's worker was rendered one part at
    a time. The render workers die with the build's process (PR_SET_PDEATHSIG) and the pool is
    terminated on the way out, which is what the rule guards, so a daemonic build process may start
    them."""
    settings.PACK_RENDER_START_METHOD = "fork"
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_render_from_a_daemonic_process, args=(out,), daemon=True)
    child.start()
    refused, rendered, pid, none_left = out.get(timeout=120)
    child.join(timeout=60)
    assert refused == [], refused
    assert rendered == [0, 1] and pid == child.pid and none_left
