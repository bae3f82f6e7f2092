"""Supporting documents on agenda items, and exempt papers (LGA 1972 Part VA, Schedule 12A)."""

import datetime
import hashlib
import io
import json

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import permissions
from council.errors import RuleError
from council.roles import Role
from scrutiny import services
from scrutiny.models import ExemptDocumentAccess, SupportingDocument
from tests.factories import MeetingFactory, MemberFactory, MembershipFactory, OfficerFactory, UserFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date


def pdf_bytes(pages=1, **save_options) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, **save_options)
    return out.getvalue()


def upload(content: bytes, name="report.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.fixture
def meeting():
    # Thursday 10 December 2026: publishing on 1 December meets the deadline.
    return MeetingFactory(starts_at=london(2026, 12, 10, 18))


@pytest.fixture
def clerk(meeting):
    person = UserFactory(first_name="Emma", last_name="Clarke", roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", person, meeting.body)
    return person


@pytest.fixture
def item(meeting, clerk):
    return services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")


@pytest.fixture
def exempt_item(meeting, clerk):
    return services.agenda_item_add(
        meeting=meeting, by=clerk, title="Leisure contract award", exempt=True, exempt_paragraph=3,
        public_interest_reason="Tender prices would harm the council's negotiating position",
    )  # fmt: skip


def add(item, clerk, content=None, name="report.pdf", title="Report of the Assistant Chief Executive", kind="report"):
    return services.document_add(
        item=item, upload=upload(pdf_bytes() if content is None else content, name), title=title, kind=kind, by=clerk
    )


# --- Validation: by content, nothing half-saved ---------------------------------------------------


def test_a_pdf_is_checked_by_content_and_fingerprinted(item, clerk, media):
    content = pdf_bytes(pages=3)
    document = add(item, clerk, content, name="Report.PDF")
    assert document.content_type == "application/pdf"
    assert document.page_count == 3
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.kind == "report" and document.position == 1
    assert document.filename == "Report.PDF"
    assert document.file.name.startswith(f"documents/{timezone.now():%Y/%m}/")
    assert "Report" not in document.file.name  # stored under a random name
    assert len(stored_files(media)) == 1
    assert document.history.get().history_change_reason == "Document added"


def test_a_pdf_under_another_name_is_still_a_pdf(item, clerk):
    document = add(item, clerk, pdf_bytes(), name="report.bin")
    assert document.content_type == "application/pdf" and document.page_count == 1


REFUSALS = [
    pytest.param(b"", "report.pdf", "The selected file is empty", id="empty"),
    pytest.param(
        pdf_bytes()[:300],
        "report.pdf",
        "The file is not a valid PDF. Check it opens, then upload it again",
        id="truncated",
    ),
    pytest.param(b"%PDF-1.7\nnot really a pdf", "report.pdf", "The file is not a valid PDF", id="corrupt"),
    pytest.param(b"Dear members, ...", "report.pdf", "The file is not a valid PDF", id="named-pdf-but-text"),
    pytest.param(
        pdf_bytes(encryption=pikepdf.Encryption(owner="secret", user="secret")),
        "report.pdf",
        "The PDF is password-protected. Upload a version without a password",
        id="encrypted",
    ),
    pytest.param(
        pdf_bytes(encryption=pikepdf.Encryption(owner="secret", user="")),
        "report.pdf",
        "The PDF is password-protected",
        id="encrypted-owner-password-only",
    ),
    pytest.param(b"MZ\x90\x00\x03" + b"\x00" * 64, "setup.exe", "could run code", id="exe"),
    pytest.param(b"MZ\x90\x00\x03" + b"\x00" * 64, "budget.csv", "could run code", id="exe-renamed-csv"),
    pytest.param(b"<html><script>alert(1)</script></html>", "agenda.html", "could run code", id="html"),
    pytest.param(b"\n <svg xmlns='http://www.w3.org/2000/svg'/>", "notes.txt", "could run code", id="svg-as-txt"),
    pytest.param(b"<svg/>", "map.svg", "could run code", id="svg"),
    pytest.param(b"not a zip", "budget.xlsx", "The selected file must be a PDF", id="fake-xlsx"),
    pytest.param(b"\x89PNG\r\n", "photo.png", "The selected file must be a PDF", id="not-accepted"),
]


@pytest.mark.parametrize(("content", "name", "message"), REFUSALS)
def test_refused_uploads_leave_no_row_and_no_file(item, clerk, media, content, name, message):
    with pytest.raises(RuleError) as refused:
        add(item, clerk, content, name=name)
    assert message in refused.value.message
    assert refused.value.field == "file"
    assert not SupportingDocument.objects.exists()
    assert stored_files(media) == []


def test_the_size_limit_is_a_setting(item, clerk, settings, media):
    settings.DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
    big = pdf_bytes()
    big += b"%" * (settings.DOCUMENT_MAX_BYTES + 1 - len(big))
    with pytest.raises(RuleError) as refused:
        add(item, clerk, big)
    assert refused.value.message == "The file must be smaller than 20 MB"
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(RuleError) as refused:
        add(item, clerk, b"a,b\n" * 300_000, name="data.csv")
    assert refused.value.message == "The file must be smaller than 1 MB"
    assert stored_files(media) == [] and not SupportingDocument.objects.exists()


def office_file(kind: str) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{kind}/document.xml", "<document/>")
    return out.getvalue()


def test_other_files_are_kept_as_attachments_outside_the_pack(item, clerk):
    sheet = add(item, clerk, office_file("xl"), name="Savings.xlsx", title="Savings tracker", kind="appendix")
    assert sheet.kind == "other"
    assert sheet.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert sheet.page_count is None
    data = add(item, clerk, b"ward,need\nNorth,High\n", name="needs.csv", title="Ward needs")
    assert (data.content_type, data.kind, data.position) == ("text/csv", "other", 2)


def test_a_failed_save_deletes_the_stored_file(item, clerk, media, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(SupportingDocument, "save", broken_save)
    with pytest.raises(RuntimeError):
        add(item, clerk)
    assert stored_files(media) == []


def test_a_published_items_documents_cannot_change(meeting, item, clerk, media):
    document = add(item, clerk)
    services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))
    message = "This item has been published: add a correction as an urgent item in a supplement"
    with pytest.raises(RuleError, match=message):
        add(item, clerk, title="Late appendix")
    with pytest.raises(RuleError, match=message):
        services.document_remove(document=document, by=clerk)
    assert SupportingDocument.objects.count() == 1
    assert len(stored_files(media)) == 1


def test_removing_a_document_deletes_its_file_after_commit(item, clerk, media, django_capture_on_commit_callbacks):
    document = add(item, clerk)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_remove(document=document, by=clerk)
    assert not SupportingDocument.objects.exists()
    assert stored_files(media) == []
    assert document.history.latest().history_change_reason == "Document removed"


def test_the_publication_fingerprint_covers_the_documents(meeting, item, exempt_item, clerk):
    report = add(item, clerk)
    pink = add(exempt_item, clerk, pdf_bytes(pages=2), title="Tender evaluation")
    publication = services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))
    first, exclusion, second = publication.contents["items"]
    assert exclusion["documents"] == []
    assert first["documents"] == [{"title": report.title, "sha256": report.sha256}]
    # The record is public: an exempt paper is there by fingerprint, its title only for those who may open it.
    assert second["documents"] == [{"sha256": pink.sha256}]
    assert pink.sha256 in json.dumps(publication.contents)


# --- Who may open which document ------------------------------------------------------------------


def open_url(document):
    return reverse("scrutiny:document-open", args=[document.item.meeting_id, document.pk])


def test_the_public_downloads_published_documents_but_not_unpublished_ones(client, meeting, item, clerk):
    pdf = add(item, clerk)
    sheet = add(item, clerk, b"a,b\n1,2\n", name="data.csv", title="Data")
    assert client.get(open_url(pdf))["Location"].startswith(reverse("login"))  # not yet published
    services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))

    response = client.get(open_url(pdf))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    response = client.get(open_url(sheet))
    assert response["Content-Disposition"] == 'attachment; filename="data.csv"'
    assert not ExemptDocumentAccess.objects.exists()


def test_unpublished_documents_are_for_the_clerks_only(client, item, clerk):
    document = add(item, clerk)
    client.force_login(MemberFactory().user)
    assert client.get(open_url(document)).status_code == 404
    client.force_login(clerk)
    assert client.get(open_url(document)).status_code == 200


def test_exempt_papers_go_to_members_clerks_and_officers_who_need_to_know(client, meeting, exempt_item, clerk):
    document = add(exempt_item, clerk, title="Tender evaluation")
    services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))
    url = open_url(document)

    # The public is sent to sign in; the public agenda shows the item's title and paragraph, not the paper.
    assert client.get(url)["Location"].startswith(reverse("login"))
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Leisure contract award" in page and "paragraph 3 of Part 1 of Schedule 12A" in page
    assert "Tender evaluation" not in page and url not in page

    # A councillor who does not sit on the committee, and an officer without need-to-know: refused.
    outsider = MemberFactory().user
    officer = OfficerFactory().user
    for person in (outsider, officer):
        client.force_login(person)
        assert client.get(url).status_code == 403
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert url not in page and "Tender evaluation" not in page
    assert not ExemptDocumentAccess.objects.exists()

    # A member of the committee, the clerk, and the officer once granted need-to-know: allowed and logged.
    member = MembershipFactory(body=meeting.body, person=MemberFactory().user).person
    services.need_to_know_set(item=exempt_item, officers=[officer], by=clerk)
    for person in (member, clerk, officer):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200, person
        assert response["Cache-Control"] == "private, no-store"
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert url in page and "Tender evaluation" in page and "Exempt: paragraph 3" in page
    opened = list(ExemptDocumentAccess.objects.order_by("opened_at").values_list("person", "document_title"))
    assert opened == [(p.pk, "Tender evaluation") for p in (member, clerk, officer)]

    # Withdrawn need-to-know and an ended membership no longer open it.
    services.need_to_know_set(item=exempt_item, officers=[], by=clerk)
    client.force_login(officer)
    assert client.get(url).status_code == 403


def test_a_former_member_may_not_open_exempt_papers(client, meeting, exempt_item, clerk):
    document = add(exempt_item, clerk)
    services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))
    former = MembershipFactory(body=meeting.body, start_date=D(2020, 5, 1), end_date=D(2024, 5, 1)).person
    client.force_login(former)
    assert client.get(open_url(document)).status_code == 403


# --- The clerk's pages ----------------------------------------------------------------------------


def test_clerk_uploads_from_the_item_and_a_refusal_shows_on_the_form(client, meeting, item, clerk, media):
    client.force_login(clerk)
    url = reverse("scrutiny:document-add", args=[meeting.pk, item.pk])
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'class="govuk-file-upload' in page

    refused = client.post(url, {"title": "Budget", "kind": "report", "file": upload(b"not a pdf")})
    page = refused.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_file"' in page and "The file is not a valid PDF" in page
    assert not SupportingDocument.objects.exists() and stored_files(media) == []

    empty = client.post(url, {"title": "Budget", "kind": "report", "file": upload(b"")}).content.decode()
    assert "The selected file is empty" in empty

    response = client.post(url, {"title": "Budget monitoring", "kind": "report", "file": upload(pdf_bytes(2))})
    assert response.status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Budget monitoring" in page and "2 pages" in page

    document = SupportingDocument.objects.get()
    remove = reverse("scrutiny:document-remove", args=[meeting.pk, item.pk, document.pk])
    assert "Remove “Budget monitoring”?" in client.get(remove).content.decode()
    client.post(remove)
    assert not SupportingDocument.objects.exists()


def test_only_the_bodys_clerks_upload_and_see_the_access_log(client, meeting, item, clerk):
    urls = [
        reverse("scrutiny:document-add", args=[meeting.pk, item.pk]),
        reverse("scrutiny:exempt-access", args=[meeting.pk]),
    ]
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(MemberFactory().user)
    assert [client.get(url).status_code for url in urls] == [403, 403]
    other_clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", other_clerk, MeetingFactory().body)
    client.force_login(other_clerk)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(clerk)
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_need_to_know_page_and_access_log(client, meeting, exempt_item, clerk):
    officer = OfficerFactory(user__first_name="Omar", user__last_name="Finch", job_title="Head of Leisure").user
    document = add(exempt_item, clerk, title="Tender evaluation")
    services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))
    client.force_login(clerk)
    url = reverse("scrutiny:need-to-know", args=[meeting.pk, exempt_item.pk])
    assert "Omar Finch, Head of Leisure" in client.get(url).content.decode()
    client.post(url, {"officers": [officer.pk]})
    assert list(permissions.holders("scrutiny.view_exempt_papers", exempt_item)) == [officer]

    client.force_login(officer)
    client.get(open_url(document))
    client.force_login(clerk)
    log = client.get(reverse("scrutiny:exempt-access", args=[meeting.pk])).content.decode()
    assert "Omar Finch" in log and "Tender evaluation" in log


def test_meeting_page_queries_do_not_grow_with_documents(
    client, meeting, item, exempt_item, clerk, django_assert_num_queries
):
    member = MembershipFactory(body=meeting.body, person=MemberFactory().user).person
    add(item, clerk)
    add(exempt_item, clerk)
    services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))
    officer = OfficerFactory().user
    services.need_to_know_set(item=exempt_item, officers=[officer], by=clerk)
    people = (None, member, officer, clerk)

    url = meeting.get_absolute_url()

    def sign_in(person):
        client.logout()
        if person:
            client.force_login(person)

    few = {}
    for person in people:
        sign_in(person)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        few[person] = len(queries)
    for n in range(5):
        for on in (item, exempt_item):  # published items take no uploads; rows stand in for later papers
            SupportingDocument.objects.create(
                item=on, title=f"Appendix {n}", file=f"documents/x{n}.pdf", filename="a.pdf", kind="appendix",
                content_type="application/pdf", size=10, sha256="0" * 64, uploaded_by=clerk, position=10 + n,
            )  # fmt: skip
    for person in people:
        sign_in(person)
        with django_assert_num_queries(few[person], info=f"as {person}"):
            client.get(url)
