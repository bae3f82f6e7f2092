"""The pack engine: a pack built from generated parts and uploaded PDFs, read back with pikepdf and poppler."""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import io

import pikepdf
import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.packs import render, services
from council.packs.models import BuildStatus, PackBuild, PackVersion
from council.packs.spec import HtmlPart, PackSpec
from council.roles import Role
from tests.factories import UserFactory
from tests.packs_engine_kit import (
    KIND,
    kit,  # noqa: F401  (fixture)
    media,  # noqa: F401  (fixture)
    pack_templates,  # noqa: F401  (fixture)
    page,
    pdf_info,
    pdf_text,
    read_version,
    text_pdf,
    upload_part,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    return UserFactory(roles=[Role.DEMOCRATIC_SERVICES], first_name="Dana", last_name="Clerk")


@pytest.fixture
def subject(db):
    """What the test packs are "of"."""
    return UserFactory()


def agenda(entries) -> HtmlPart:
    return HtmlPart(
        key="agenda",
        template="packs_test/agenda.html",
        context={"entries": [{"key": key, "title": title} for key, title in entries]},
        bookmark="Agenda",
        needs_page_numbers=True,
    )


def meeting_spec(*, stamp="", report_paragraphs=3, appendix=None, rotated=None):
    appendix = appendix or upload_part(
        "appendix-a", "Appendix A, item 5: Strategic Commissioning", text_pdf(3, "Appendix A"), bookmark="Appendix A"
    )
    rotated = rotated or upload_part(
        "plan",
        "Site plan, item 6: Leisure Centres",
        text_pdf(2, "Site plan", size=(612, 792), rotate=90),
        bookmark="Site plan",
    )
    return PackSpec(
        title="Overview and Scrutiny Committee, 4 March 2027: agenda pack",
        author="Northbridge Borough Council",
        subject="Agenda and reports",
        filename="os-2027-03-04-agenda-pack.pdf",
        parts=(
            page("front", "Front sheet", bookmark="Front sheet", level=0),
            agenda([("item-5", "5. Strategic Commissioning"), ("item-6", "6. Leisure Centres")]),
            page(
                "item-5", "Strategic Commissioning", report_paragraphs, bookmark="5. Strategic Commissioning", level=0
            ),
            appendix,
            page("item-6", "Leisure Centres", bookmark="6. Leisure Centres", level=0, stamp=stamp),
            rotated if not stamp else rotated.__class__(**{**rotated.__dict__, "stamp": stamp}),
        ),
    )


@pytest.fixture
def built(kit, subject, clerk):
    kit.set(subject, "public", meeting_spec())
    build = services.build_now(KIND, subject, "public", by=clerk)
    assert build.status == BuildStatus.DONE, build.error
    return build


def test_the_pack_has_every_part_in_order_with_continuous_page_numbers_on_every_page(built):
    content = read_version(built.version)
    info = pdf_info(content)
    assert int(info["Pages"]) == built.version.pages == 9  # front, agenda, report, 3 + report, 2
    for number in range(1, 10):
        assert f"Page {number}" in pdf_text(content, number), number
    # The uploaded pages are stamped, not re-rendered: their own text is still there.
    assert "Appendix A page 1" in pdf_text(content, 4)
    assert "Appendix A page 3" in pdf_text(content, 6)
    assert "Site plan page 2" in pdf_text(content, 9)


def test_the_agenda_gives_the_page_where_each_item_starts(built):
    agenda_text = pdf_text(read_version(built.version), 2)
    assert "5. Strategic Commissioning" in agenda_text and "page 3" in agenda_text
    assert "6. Leisure Centres" in agenda_text and "page 7" in agenda_text
    assert "Leisure Centres" in pdf_text(read_version(built.version), 7)


def test_bookmarks_per_part_at_its_level(built):
    with pikepdf.open(io.BytesIO(read_version(built.version))) as pdf, pdf.open_outline() as outline:
        pages = {page.objgen: index + 1 for index, page in enumerate(p.obj for p in pdf.pages)}

        def tree(items):
            return [(item.title, pages[item.destination[0].objgen], tree(item.children)) for item in items]

        assert tree(outline.root) == [
            ("Front sheet", 1, []),
            ("Agenda", 2, []),
            ("5. Strategic Commissioning", 3, [("Appendix A", 4, [])]),
            ("6. Leisure Centres", 7, [("Site plan", 8, [])]),
        ]


def test_title_author_subject_language_and_tagging(built):
    content = read_version(built.version)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Overview and Scrutiny Committee, 4 March 2027: agenda pack"
        assert str(pdf.docinfo["/Author"]) == "Northbridge Borough Council"
        assert str(pdf.docinfo["/Subject"]) == "Agenda and reports"
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert "/StructTreeRoot" in pdf.Root
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Overview and Scrutiny Committee, 4 March 2027: agenda pack"
        assert "dc:language" in meta
        # One structure tree: each part is a Part of the Document; parent-tree keys unique per page.
        document = pdf.Root.StructTreeRoot.K
        assert document.S == "/Document"
        assert {str(kid.S) for kid in document.K} == {"/Part"}
        keys = [int(p.obj.StructParents) for p in pdf.pages if "/StructParents" in p.obj]
        assert len(keys) == len(set(keys)) == 4  # the generated pages (the uploads here are untagged)
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        tree_keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert set(keys) <= set(tree_keys) and len(tree_keys) == len(set(tree_keys))
        # Every font is embedded.
        for p in pdf.pages:
            for font in p.obj.Resources.get("/Font", {}).values():
                if font.get("/BaseFont") == "/Helvetica":
                    continue  # the test uploads' own standard font
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
        # A4 generated pages.
        assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 595, 842]
    assert "Tagged:          yes" in "\n".join(f"{k}:{v}" for k, v in pdf_info(content).items())


def test_the_stamp_is_on_every_page_of_its_parts_only(kit, subject, clerk):
    kit.set(subject, "confidential", meeting_spec(stamp="Exempt"))
    build = services.build_now(KIND, subject, "confidential", by=clerk)
    content = read_version(build.version)
    stamped = [number for number in range(1, 10) if "Exempt" in pdf_text(content, number)]
    assert stamped == [7, 8, 9]  # item 6's report and its uploaded site plan


@pytest.fixture
def renders(monkeypatch):
    """Counts WeasyPrint renderings (generated parts and overlays alike)."""
    calls = []
    real = render._weasyprint

    def counting(html, *, tagged):
        calls.append("part" if tagged else "overlay")
        return real(html, tagged=tagged)

    monkeypatch.setattr(render, "_weasyprint", counting)
    return calls


def _clear_cache():
    _, files = default_storage.listdir("packs/cache")
    for name in files:
        default_storage.delete(f"packs/cache/{name}")


def test_identical_inputs_give_the_identical_file_and_no_second_version(kit, subject, clerk, renders):
    kit.set(subject, "public", meeting_spec())
    first = services.build_now(KIND, subject, "public", by=clerk)
    again = services.build_now(KIND, subject, "public", by=clerk)
    assert again.status == BuildStatus.DONE and again.version == first.version
    assert PackVersion.objects.count() == 1
    # Something changes (version 2), then changes back (version 3): rendered afresh, the same bytes.
    kit.set(subject, "public", meeting_spec(report_paragraphs=4))
    second = services.build_now(KIND, subject, "public", by=clerk)
    assert second.version.number == 2 and second.version.sha256 != first.version.sha256
    _clear_cache()
    kit.set(subject, "public", meeting_spec())
    third = services.build_now(KIND, subject, "public", by=clerk)
    assert third.version.number == 3
    assert read_version(third.version) == read_version(first.version)
    assert third.version.sha256 == first.version.sha256
    assert third.version.file.name != first.version.file.name  # a new name per version, never overwritten


def test_a_rebuild_after_one_change_renders_only_that_part(kit, subject, clerk, renders):
    kit.set(subject, "public", meeting_spec())
    services.build_now(KIND, subject, "public", by=clerk)
    assert renders.count("part") == 4 + 1  # four generated parts, and the agenda once with stand-in numbers
    assert renders.count("overlay") == 1  # the stamp kit: the uploads' page numbers are written with its glyphs
    renders.clear()
    spec = meeting_spec()
    changed = page("item-5", "Strategic Commissioning (revised)", bookmark="5. Strategic Commissioning", level=0)
    kit.set(subject, "public", PackSpec(**{**spec.__dict__, "parts": (*spec.parts[:2], changed, *spec.parts[3:])}))
    build = services.build_now(KIND, subject, "public", by=clerk)
    assert build.version.number == 2
    assert renders == ["part"]  # the changed report only: no page moved, so nothing else
    assert build.inputs["rendered"] == 1


def test_a_longer_part_moves_the_pages_after_it(kit, subject, clerk, renders):
    kit.set(subject, "public", meeting_spec())
    services.build_now(KIND, subject, "public", by=clerk)
    renders.clear()
    kit.set(subject, "public", meeting_spec(report_paragraphs=120))  # the report grows to several pages
    build = services.build_now(KIND, subject, "public", by=clerk)
    content = read_version(build.version)
    report_pages = build.inputs["parts"][2]["pages"]
    assert report_pages > 1
    item_6 = 3 + report_pages + 3
    assert f"page {item_6}" in pdf_text(content, 2)  # the agenda follows
    assert "Leisure Centres: paragraph 0" in pdf_text(content, item_6)
    for number in range(1, build.version.pages + 1):
        assert f"Page {number}" in pdf_text(content, number)
    # Re-rendered: the report and the agenda (its page references moved). Not item 6, whose pages
    # moved (the merge numbers them), nor the front sheet, nor the stamp kit.
    assert renders.count("part") == 2 and renders.count("overlay") == 0


def test_without_the_stamp_kit_uploaded_pages_are_numbered_with_rendered_overlays(
    kit, subject, clerk, renders, monkeypatch
):
    from council.packs.merge import StampKit

    monkeypatch.setattr(StampKit, "from_pdf", classmethod(lambda cls, out, kit, stamps: None))
    kit.set(subject, "confidential", meeting_spec(stamp="Exempt"))
    build = services.build_now(KIND, subject, "confidential", by=clerk)
    content = read_version(build.version)
    assert renders.count("overlay") == 1 + 6  # the kit, found unusable; then one rendering per part
    for number in range(1, 10):
        assert f"Page {number}" in pdf_text(content, number)
    assert [n for n in range(1, 10) if "Exempt" in pdf_text(content, n)] == [7, 8, 9]


def _garble(part):
    with default_storage.open(part.storage_name, "wb") as file:
        file.write(b"%PDF-1.7\nthis is not a PDF any more")


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (_garble, "it is damaged"),
        (lambda part: default_storage.delete(part.storage_name), "it is missing from the document store"),
        (
            lambda part: _replace(part, text_pdf(3, "Someone else's appendix")),
            "it has changed since it was uploaded",
        ),
        (lambda part: _replace(part, _encrypted()), "it is password-protected"),
    ],
    ids=["damaged", "missing", "changed", "password"],
)
def test_a_document_gone_bad_fails_the_build_naming_it_and_keeps_the_last_good_version(kit, subject, clerk, spoil, why):
    appendix = upload_part("appendix-a", "Appendix A, item 5: Strategic Commissioning", text_pdf(3, "Appendix A"))
    kit.set(subject, "public", meeting_spec(appendix=appendix))
    good = services.build_now(KIND, subject, "public", by=clerk)
    good_bytes = read_version(good.version)
    spoil(appendix)
    kit.set(subject, "public", meeting_spec(appendix=appendix, report_paragraphs=5))
    failed = services.build_now(KIND, subject, "public", by=clerk)
    assert failed.status == BuildStatus.FAILED and failed.version is None
    assert failed.error.startswith(
        f"The supporting document “Appendix A” (item 5: Strategic Commissioning) could not be read: {why}"
    )
    assert services.latest_version(KIND, subject, "public") == good.version
    assert read_version(good.version) == good_bytes


def _replace(part, content):
    default_storage.delete(part.storage_name)
    with default_storage.open(part.storage_name, "wb") as file:
        file.write(content)


def _encrypted() -> bytes:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(text_pdf(1, "Secret"))) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="user"))
    return out.getvalue()


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after this line runs."""


def test_a_worker_killed_mid_build_leaves_it_merging_and_the_sweeper_retries_it_once_its_lease_ran_out(
    kit, subject, clerk, monkeypatch, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from council.packs import builder, tasks

    kit.set(subject, "public", meeting_spec())
    build = PackBuild.objects.create(kind=KIND, object_id=str(subject.pk), edition="public", requested_by=clerk)
    real_merge = builder.merge

    def killed(*args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(builder, "merge", killed)
    with pytest.raises(WorkerKilled):
        tasks.build_pack(build.pk)
    build.refresh_from_db()
    assert build.status == BuildStatus.MERGING and build.started_at is not None and build.attempts == 1
    started = build.started_at
    assert PackVersion.objects.count() == 0

    monkeypatch.setattr(builder, "merge", real_merge)
    tasks.build_pack.delay(build.pk)  # the message delivered again (acks_late) while the lease holds: left
    build.refresh_from_db()
    assert build.status == BuildStatus.MERGING and build.attempts == 1
    later = build.lease_expires_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep_expired_builds.delay()  # the beat's sweeper: the lease ran out, so it is queued and sent
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE and build.attempts == 2 and build.started_at == started
    assert build.retried_because == "Retried: the worker building it stopped (attempt 2)"
    assert build.version.number == 1
    tasks.build_pack.delay(build.pk)  # and once more: nothing happens
    build.refresh_from_db()
    assert build.attempts == 2 and PackVersion.objects.count() == 1


def test_storage_trouble_is_retried_and_the_build_then_completes(kit, subject, clerk, monkeypatch):
    from council.packs import storage, tasks

    kit.set(subject, "public", meeting_spec())
    build = PackBuild.objects.create(kind=KIND, object_id=str(subject.pk), edition="public", requested_by=clerk)
    real_save = storage.save_new
    failures = []

    def flaky(name, path):
        if name.startswith("packs/test-pack/") and not failures:
            failures.append(name)
            raise OSError("The storage service is unavailable")
        return real_save(name, path)

    monkeypatch.setattr(storage, "save_new", flaky)
    tasks.build_pack.apply(args=[build.pk], throw=False)  # as a worker runs it: the retry runs it again
    build.refresh_from_db()
    assert failures and build.status == BuildStatus.DONE and build.attempts == 2


def test_storage_down_through_every_retry_fails_the_build_and_keeps_the_versions(
    built, kit, subject, clerk, monkeypatch
):
    from council.packs import storage, tasks

    kit.set(subject, "public", meeting_spec(report_paragraphs=5))
    build = PackBuild.objects.create(kind=KIND, object_id=str(subject.pk), edition="public", requested_by=clerk)

    def down(name, path):
        raise OSError("The storage service is unavailable")

    monkeypatch.setattr(storage, "save_new", down)
    from council.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)  # each retry runs as a worker would
    tasks.build_pack.apply(args=[build.pk], throw=False)
    build.refresh_from_db()
    assert build.status == BuildStatus.FAILED and build.attempts == tasks.MAX_RETRIES + 1
    assert build.error == services.UNAVAILABLE
    assert services.latest_version(KIND, subject, "public") == built.version


def test_a_damaged_cache_entry_is_rendered_again(kit, subject, clerk, renders):
    kit.set(subject, "public", meeting_spec())
    services.build_now(KIND, subject, "public", by=clerk)
    _, files = default_storage.listdir("packs/cache")
    for name in files:
        with default_storage.open(f"packs/cache/{name}", "wb") as file:
            file.write(b"not a PDF")
    renders.clear()
    kit.set(subject, "public", meeting_spec(report_paragraphs=4))
    build = services.build_now(KIND, subject, "public", by=clerk)
    assert build.status == BuildStatus.DONE, build.error
    assert renders.count("part") == 4 and "Page 9" in pdf_text(read_version(build.version), 9)


def test_a_request_queues_the_build_after_commit_and_a_second_request_joins_it(
    kit, subject, clerk, django_capture_on_commit_callbacks
):
    kit.set(subject, "public", meeting_spec())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        build = services.request_build(KIND, subject, "public", by=clerk)
        again = services.request_build(KIND, subject, "public", by=clerk)
    assert again == build and build.status == BuildStatus.QUEUED
    assert PackBuild.objects.count() == 1
    assert build.history.first().history_change_reason == "Pack build requested"
    callbacks[0]()
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE and build.version.number == 1
    reasons = [h.history_change_reason for h in build.history.order_by("history_date", "history_id")]
    assert reasons == ["Pack build requested", "Build started", "Merging", "Pack built: version 1"]


def test_a_stale_build_is_queued_again_by_the_next_request(kit, subject, clerk, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    kit.set(subject, "public", meeting_spec())
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    lost = PackBuild.objects.create(
        kind=KIND,
        object_id=str(subject.pk),
        edition="public",
        requested_by=clerk,
        status=BuildStatus.RENDERING,
        started_at=long_ago,
        heartbeat_at=long_ago,
        attempts=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        build = services.request_build(KIND, subject, "public", by=clerk)
    assert build == lost
    lost.refresh_from_db()
    assert lost.status == BuildStatus.DONE and lost.attempts == 2


# --- The pages -------------------------------------------------------------------------------


def _args(subject, edition="public"):
    return [KIND, subject.pk, edition]


def test_building_needs_the_kinds_permission(kit, subject, clerk, client, django_capture_on_commit_callbacks):
    kit.set(subject, "public", meeting_spec())
    url = reverse("packs:build", args=_args(subject))
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory(roles=[Role.OFFICER]))
    assert client.post(url).status_code == 403
    assert PackBuild.objects.count() == 0
    client.force_login(clerk)
    assert client.get(url).status_code == 405  # building changes things: POST only
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    build = PackBuild.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("packs:build-status", args=[build.pk])
    assert build.requested_by == clerk
    assert client.post(reverse("packs:build", args=[KIND, subject.pk, "no-such-edition"])).status_code == 404
    assert client.post(reverse("packs:build", args=["no-such-kind", subject.pk, "public"])).status_code == 404


def test_the_progress_page_shows_each_state_with_a_refresh_link_and_json_for_the_script(kit, subject, clerk, client):
    kit.set(subject, "public", meeting_spec())
    build = PackBuild.objects.create(kind=KIND, object_id=str(subject.pk), edition="public", requested_by=clerk)
    url = reverse("packs:build-status", args=[build.pk])
    client.force_login(clerk)
    page = client.get(url).content.decode()
    assert "Queued" in page and "refresh the page" in page and "js/packs.mjs" in page
    PackBuild.objects.filter(pk=build.pk).update(status=BuildStatus.RENDERING, progress="Rendering part 2 of 4")
    data = client.get(url, {"format": "json"}).json()
    assert data["status"] == "rendering" and not data["finished"]
    assert "Rendering part 2 of 4" in data["panel"]
    services.run_build(build.pk)
    page = client.get(url).content.decode()
    assert "Pack ready" in page and reverse("packs:download-version", args=[*_args(subject), 1]) in page
    assert "refresh the page" not in page
    data = client.get(url, {"format": "json"}).json()
    assert data["finished"] and data["download_url"].endswith("/v1/")


def test_a_failed_build_says_why_and_that_the_last_good_version_is_still_there(kit, subject, clerk, client):
    appendix = upload_part("appendix-a", "Appendix A, item 5: Strategic Commissioning", text_pdf(3, "Appendix A"))
    kit.set(subject, "public", meeting_spec(appendix=appendix))
    services.build_now(KIND, subject, "public", by=clerk)
    _garble(appendix)
    kit.set(subject, "public", meeting_spec(appendix=appendix, report_paragraphs=6))
    failed = services.build_now(KIND, subject, "public", by=clerk)
    client.force_login(clerk)
    page = client.get(reverse("packs:build-status", args=[failed.pk])).content.decode()
    assert "<title>Error: " in page
    assert "The supporting document “Appendix A” (item 5: Strategic Commissioning) could not be read" in page
    assert "The last good version is still available" in page
    versions = client.get(reverse("packs:versions", args=_args(subject))).content.decode()
    assert "Builds that failed" in versions and "could not be read: it is damaged" in versions


def test_the_progress_page_is_for_those_who_may_build(kit, subject, clerk, client):
    build = PackBuild.objects.create(kind=KIND, object_id=str(subject.pk), edition="public", requested_by=clerk)
    url = reverse("packs:build-status", args=[build.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory(roles=[Role.COUNCILLOR]))
    assert client.get(url).status_code == 403
    assert client.get(reverse("packs:build-status", args=[build.pk + 1000])).status_code == 404


def test_downloads_follow_the_kinds_rules_and_name_the_file(built, kit, subject, clerk, client):
    kit.set(subject, "confidential", meeting_spec(stamp="Exempt"))
    confidential = services.build_now(KIND, subject, "confidential", by=clerk)
    public_url = reverse("packs:download", args=_args(subject))
    response = client.get(public_url)  # the public, signed out
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="os-2027-03-04-agenda-pack.pdf"'
    assert b"".join(response.streaming_content) == read_version(built.version)
    assert "no-store" not in response.get("Cache-Control", "")
    confidential_url = reverse("packs:download", args=_args(subject, "confidential"))
    response = client.get(confidential_url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory(roles=[Role.OFFICER]))
    assert client.get(confidential_url).status_code == 403
    assert client.get(reverse("packs:download-version", args=[*_args(subject, "confidential"), 1])).status_code == 403
    client.force_login(UserFactory(roles=[Role.COUNCILLOR]))
    response = client.get(confidential_url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == read_version(confidential.version)
    assert client.get(reverse("packs:download-version", args=[*_args(subject), 2])).status_code == 404


def test_an_older_version_stays_downloadable(built, kit, subject, clerk, client):
    kit.set(subject, "public", meeting_spec(report_paragraphs=7))
    newer = services.build_now(KIND, subject, "public", by=clerk)
    old = client.get(reverse("packs:download-version", args=[*_args(subject), 1]))
    assert b"".join(old.streaming_content) == read_version(built.version)
    latest = client.get(reverse("packs:download", args=_args(subject)))
    assert b"".join(latest.streaming_content) == read_version(newer.version)


def test_the_versions_page_lists_every_version_with_its_fingerprint_in_constant_queries(
    kit, subject, clerk, client, django_assert_num_queries
):
    kit.set(subject, "public", meeting_spec())
    url = reverse("packs:versions", args=_args(subject))
    client.force_login(clerk)
    services.build_now(KIND, subject, "public", by=clerk)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for paragraphs in range(4, 8):
        kit.set(subject, "public", meeting_spec(report_paragraphs=paragraphs))
        services.build_now(KIND, subject, "public", by=clerk)
    PackBuild.objects.create(
        kind=KIND,
        object_id=str(subject.pk),
        edition="public",
        requested_by=clerk,
        status=BuildStatus.FAILED,
        error="The supporting document “Plan” could not be read: it is damaged.",
    )
    with django_assert_num_queries(len(few)):
        client.get(url)
    page = client.get(url).content.decode()
    for version in PackVersion.objects.all():
        assert f"Download version {version.number}" in page
        assert version.sha256[:8] in page
    assert "Dana Clerk" in page and "Build a new version" in page
    assert "Builds that failed" in page and "“Plan” could not be read" in page
    # The public may read the list of a public pack, without who asked or the failures.
    client.logout()
    public_page = client.get(url).content.decode()
    assert "Download version 5" in public_page and "Dana Clerk" not in public_page
    assert "Builds that failed" not in public_page and "Build a new version" not in public_page


class PathlessStorage(FileSystemStorage):
    """Like S3 through django-storages: files are opened and saved, but have no local path
    (for callers: the file system storage's own methods still use its paths inside)."""

    _inside = False

    def path(self, name):
        if not self._inside:
            raise NotImplementedError("This backend doesn't support absolute paths.")
        return super().path(name)

    def _inner(self, method, *args, **kwargs):
        self._inside = True
        try:
            return getattr(super(), method)(*args, **kwargs)
        finally:
            self._inside = False

    def exists(self, name):
        return self._inner("exists", name)

    def _open(self, name, mode="rb"):
        return self._inner("_open", name, mode)

    def _save(self, name, content):
        return self._inner("_save", name, content)

    def delete(self, name):
        return self._inner("delete", name)

    def size(self, name):
        return self._inner("size", name)

    def listdir(self, path):
        return self._inner("listdir", path)


def test_a_storage_without_local_paths_works_as_s3_would(kit, subject, clerk, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.test_packs_engine.PathlessStorage"},
    }
    with pytest.raises(NotImplementedError):
        default_storage.path("anything.pdf")
    kit.set(subject, "public", meeting_spec())
    build = services.build_now(KIND, subject, "public", by=clerk)
    assert build.status == BuildStatus.DONE, build.error
    assert "Page 9" in pdf_text(read_version(build.version), 9)


def test_pages_sharing_one_resource_dictionary_each_get_their_own_number(kit, subject, clerk):
    shared = pikepdf.open(io.BytesIO(text_pdf(3, "Shared")))
    resources = shared.make_indirect(shared.pages[0].obj.Resources)
    for p in shared.pages:
        p.obj.Resources = resources
    out = io.BytesIO()
    shared.save(out, deterministic_id=True)
    spec = PackSpec(
        title="Shared resources",
        author="Northbridge Borough Council",
        parts=(page("front", "Front sheet"), upload_part("shared", "Shared, item 1: Test", out.getvalue())),
    )
    kit.set(subject, "public", spec)
    content = read_version(services.build_now(KIND, subject, "public", by=clerk).version)
    for number in (2, 3, 4):
        text = pdf_text(content, number)
        assert f"Page {number}" in text and f"Shared page {number - 1}" in text
        assert [f"Page {n}" in text for n in (2, 3, 4)].count(True) == 1


def _compiled_source(name, seen):
    """The sources as the compiled templates name them (how the fingerprint was made before 0046)."""
    from django.template.loader import get_template
    from django.template.loader_tags import ExtendsNode, IncludeNode

    if name in seen:
        return ""
    seen.add(name)
    template = get_template(name).template
    sources = [f"<<{name}>>", template.source]
    nodelist = template.nodelist
    for node in nodelist.get_nodes_by_type(ExtendsNode) + nodelist.get_nodes_by_type(IncludeNode):
        expression = node.parent_name if isinstance(node, ExtendsNode) else node.template
        child = getattr(expression, "var", None)
        child = getattr(child, "literal", child)
        if isinstance(child, str):
            sources.append(_compiled_source(child, seen))
    return "\n".join(sources)


@pytest.mark.parametrize(
    "name",
    ["packs/agenda/agenda.html", "packs/work_plan/front.html", "packs/bench/report.html", "packs/stamp_kit.html"],
)
def test_template_sources_read_from_the_files_are_what_the_compiled_templates_name(name):
    # Read without compiling (a build that changes nothing needs no template engine), yet the same
    # text, so every part's fingerprint and cache key stay as they were.
    assert render.template_source(name) == _compiled_source(name, set())
    assert "<<packs/base.html>>" in render.template_source(name) or name == "packs/stamp_kit.html"


def test_a_template_that_is_not_there_fails_the_description_naming_the_part(kit):
    spec = PackSpec(title="T", author="A", parts=(HtmlPart(key="x", template="packs/no-such.html", bookmark="Gone"),))
    with pytest.raises(services.PackError, match="“Gone” could not be made"):
        services.describe(spec, render.Sources())
