"""Issue 11, finding 5: confidential pack downloads are in the exempt access log, and each
downloaded copy names its recipient on every exempt page.

Every download of a members' confidential pack records one entry per exempt paper it carries (who,
when, which pack version). The copy served is stamped on each exempt page with the recipient's name
and the time of the download, as an artifact (assistive technology skips it; the pack's tagging is
untouched), so a leaked copy names its source. The stored version is never changed: its file and
SHA-256 stay as built. Public editions record nothing and are served as stored.

Packs are built through the engine's own code, as in tests/test_packs_agenda.py, and read back with
pdftotext (the words on each page) and pikepdf (the content streams).
"""

import hashlib
import io
import subprocess

import pikepdf
import pytest
import weasyprint
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import permissions
from council.packs import get_kind
from council.packs import services as pack_services
from council.packs.models import PackVersion
from council.roles import Role
from council.templatetags.govuk import govuk_datetime
from members.models import MembershipRole, Officer
from scrutiny import packs, services
from scrutiny.models import ExemptDocumentAccess
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    OfficerFactory,
    UserFactory,
)
from tests.factories.council import authenticator_for
from tests.factories.scrutiny import london
from tests.test_packs_agenda import text_pdf, upload

pytestmark = pytest.mark.django_db

TENDER = "Tender prices from Aquaflow Leisure Limited"
SCORES = "Bid evaluation scores by lot"
SANDBOX = "default-src 'none'; sandbox"


@pytest.fixture(scope="module")
def shared_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media(shared_media, settings):
    """One media folder for the module: its render cache saves re-rendering the same pages."""
    settings.MEDIA_ROOT = shared_media


@pytest.fixture
def body():
    return BodyFactory(name="Overview and Scrutiny Committee", slug="overview-and-scrutiny-committee")


@pytest.fixture
def clerk(body):
    person = UserFactory(first_name="Emma", last_name="Clarke", roles=[Role.DEMOCRATIC_SERVICES])
    OfficerFactory(user=person, job_title="Democratic Services Officer", phone="01632 960123")
    permissions.grant("members.change_body", person, body)
    return person


@pytest.fixture
def member(body):
    """Councillors on the committee who sign in with two factors, as the confidential pack requires
    (tests/test_security_confidential_pack_two_factor.py)."""
    chair = MemberFactory(user__first_name="Alan", user__last_name="Hughes")
    MembershipFactory(body=body, person=chair.user, role=MembershipRole.CHAIR)
    councillor = MemberFactory(user__first_name="Sam", user__last_name="McLain")
    MembershipFactory(body=body, person=councillor.user)
    for person in (chair.user, councillor.user):
        authenticator_for(person)
    return councillor.user


@pytest.fixture
def meeting(body, clerk, member):
    """A published agenda: a public report with one paper, and an exempt item with two papers."""
    meeting = MeetingFactory(body=body, starts_at=london(2026, 12, 10, 18))
    public = services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning", minutes_allowed=30)
    services.document_add(item=public, upload=upload(text_pdf("The move to strategic commissioning", "Page two")),
                          title="Report of the Assistant Chief Executive", kind="report", by=clerk)  # fmt: skip
    exempt = services.agenda_item_add(
        meeting=meeting, by=clerk, title="Leisure contract award", exempt=True, exempt_paragraph=3,
        public_interest_reason="Tender prices would harm the council's negotiating position",
    )  # fmt: skip
    services.document_add(item=exempt, upload=upload(text_pdf(TENDER, "Tender prices, page 2")),
                          title="Tender prices", kind="report", by=clerk)  # fmt: skip
    services.document_add(item=exempt, upload=upload(text_pdf(SCORES)), title="Evaluation scores", kind="appendix",
                          by=clerk)  # fmt: skip
    services.agenda_publish(meeting=meeting, by=clerk, today=london(2026, 12, 1).date())
    meeting.refresh_from_db()
    return meeting


def build(meeting, edition, by) -> PackVersion:
    done = pack_services.build_now(packs.KIND, meeting, edition, by=by)
    assert done.status == "done", done.error
    return done.version


def stored_bytes(version: PackVersion) -> bytes:
    with version.file.open("rb") as stored:
        return stored.read()


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def page_texts(content: bytes) -> list[str]:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode().split("\f")[:-1]


def download(client, meeting, edition, number=None):
    if number is None:
        return client.get(reverse("packs:download", args=[packs.KIND, meeting.pk, edition]))
    return client.get(reverse("packs:download-version", args=[packs.KIND, meeting.pk, edition, number]))


def exempt_pages(content: bytes) -> list[int]:
    """The pages (from 1) stamped "Exempt" in a confidential pack, as a reader sees them."""
    return [n for n, text in enumerate(page_texts(content), start=1) if "Exempt" in text.split()]


def stamp_line(person, when) -> str:
    return f"Downloaded by {person.get_full_name()} on {govuk_datetime(timezone.localtime(when))}"


# --- The exempt access log ------------------------------------------------------------------------


def test_a_members_download_of_the_confidential_pack_records_each_exempt_paper(client, meeting, clerk, member):
    version = build(meeting, "confidential", clerk)
    client.force_login(member)
    before = timezone.now()
    response = download(client, meeting, "confidential")
    assert response.status_code == 200
    content_of(response)
    after = timezone.now()
    entries = list(ExemptDocumentAccess.objects.order_by("document__position"))
    assert [entry.document_title for entry in entries] == ["Tender prices", "Evaluation scores"]
    for entry in entries:
        assert entry.person == member
        assert entry.pack_version == version and version.number == 1
        assert entry.item == meeting.items.get(exempt=True)
        assert before <= entry.opened_at <= after
    assert len({entry.opened_at for entry in entries}) == 1  # one download, one moment


def test_downloading_an_older_version_records_that_version(client, meeting, clerk, member):
    first = build(meeting, "confidential", clerk)
    Officer.objects.filter(user=clerk).update(phone="01632 960999")  # the front sheet changes
    second = build(meeting, "confidential", clerk)
    assert (first.number, second.number) == (1, 2)
    client.force_login(member)
    assert download(client, meeting, "confidential", number=1).status_code == 200
    assert {entry.pack_version for entry in ExemptDocumentAccess.objects.all()} == {first}
    ExemptDocumentAccess.objects.all().delete()
    assert download(client, meeting, "confidential").status_code == 200
    assert {entry.pack_version for entry in ExemptDocumentAccess.objects.all()} == {second}


def test_the_public_edition_records_nothing_and_is_served_as_stored(client, meeting, clerk, member):
    version = build(meeting, "public", clerk)
    for person in (None, member, clerk):
        client.logout()
        if person:
            client.force_login(person)
        response = download(client, meeting, "public")
        assert response.status_code == 200
        assert content_of(response) == stored_bytes(version)
    assert not ExemptDocumentAccess.objects.exists()


def test_a_person_refused_the_confidential_pack_records_nothing(client, meeting, clerk):
    build(meeting, "confidential", clerk)
    officer = OfficerFactory().user
    services.need_to_know_set(item=meeting.items.get(exempt=True), officers=[officer], by=clerk)
    other_clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", other_clerk, BodyFactory())
    assert download(client, meeting, "confidential").status_code == 302  # the public: sign in
    for person in (MemberFactory().user, officer, other_clerk):
        client.force_login(person)
        assert download(client, meeting, "confidential", number=1).status_code == 404
        assert download(client, meeting, "confidential").status_code == 404
    assert not ExemptDocumentAccess.objects.exists()


def test_a_supplements_confidential_pack_records_the_supplements_exempt_papers_only(client, meeting, clerk, member):
    chair = meeting.body.memberships.get(role=MembershipRole.CHAIR).person
    late = services.agenda_item_add(
        meeting=meeting, by=clerk, title="Pool plant failure", exempt=True, exempt_paragraph=3,
        public_interest_reason="Contract terms", urgent_reason="The plant failed on 3 December",
        urgency_agreed_by=chair, urgency_agreed_on=london(2026, 12, 4).date(), today=london(2026, 12, 4).date(),
    )  # fmt: skip
    services.document_add(item=late, upload=upload(text_pdf("Repair quotes")), title="Repair quotes",
                          kind="report", by=clerk)  # fmt: skip
    supplement = services.supplement_publish(meeting=meeting, by=clerk, today=london(2026, 12, 4).date())
    edition = f"supplement-{supplement.version}-confidential"
    version = build(meeting, edition, clerk)
    client.force_login(member)
    response = download(client, meeting, edition)
    assert response.status_code == 200
    texts = page_texts(content_of(response))
    assert [(e.document_title, e.pack_version) for e in ExemptDocumentAccess.objects.all()] == [
        ("Repair quotes", version)
    ]
    assert any("Downloaded by Sam McLain" in text and "Repair quotes" in text for text in texts)
    assert packs.in_words(edition) == "the members’ confidential pack of supplementary agenda 1"


def test_the_exempt_access_log_shows_pack_downloads_with_their_version(client, meeting, clerk, member):
    build(meeting, "confidential", clerk)
    client.force_login(member)
    download(client, meeting, "confidential")
    paper = meeting.items.get(exempt=True).documents.get(title="Tender prices")
    services.exempt_access_record(document=paper, by=member)  # opened on its own from the meeting page
    client.force_login(clerk)
    page = client.get(reverse("scrutiny:exempt-access", args=[meeting.pk])).content.decode()
    assert page.count("In the members’ confidential agenda pack, version 1") == 2
    assert page.count("Opened on its own") == 1
    assert page.count("Sam McLain") == 3


def test_the_exempt_access_log_takes_the_same_queries_for_few_and_many_entries(
    client, meeting, clerk, member, django_assert_num_queries
):
    version = build(meeting, "confidential", clerk)
    papers = list(meeting.items.get(exempt=True).documents.all())
    client.force_login(clerk)
    url = reverse("scrutiny:exempt-access", args=[meeting.pk])

    def record(times):
        for _ in range(times):
            services.exempt_pack_download_record(version=version, documents=papers, by=MemberFactory().user)
            services.exempt_access_record(document=papers[0], by=MemberFactory().user)

    record(1)
    client.get(url)  # the clerk's roles and permissions are read once, then kept for the request
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    record(8)
    with django_assert_num_queries(len(few)):
        client.get(url)


# --- The watermark --------------------------------------------------------------------------------


def test_each_exempt_page_names_the_recipient_and_the_time_and_no_other_page_does(client, meeting, clerk, member):
    version = build(meeting, "confidential", clerk)
    stored = stored_bytes(version)
    client.force_login(member)
    content = content_of(download(client, meeting, "confidential"))
    when = ExemptDocumentAccess.objects.first().opened_at
    line = stamp_line(member, when)
    marked = exempt_pages(stored)
    # The exempt item's cover page, the tender prices (2 pages) and the scores (1 page).
    assert len(marked) == 4
    texts = page_texts(content)
    assert len(texts) == version.pages
    for number, text in enumerate(texts, start=1):
        if number in marked:
            assert line in " ".join(text.split()), f"page {number} does not name its recipient"
        else:
            assert "Downloaded by" not in text, f"page {number} is not exempt"
    assert TENDER in "".join(texts)


def test_the_stored_version_stays_unwatermarked_with_its_sha256(client, meeting, clerk, member):
    version = build(meeting, "confidential", clerk)
    client.force_login(member)
    content = content_of(download(client, meeting, "confidential"))
    content_of(download(client, meeting, "confidential", number=1))
    stored = stored_bytes(version)
    version.refresh_from_db()
    assert hashlib.sha256(stored).hexdigest() == version.sha256
    assert content != stored
    assert "Downloaded by" not in "".join(page_texts(stored))
    assert PackVersion.objects.count() == 1


def test_the_version_records_its_exempt_pages(meeting, clerk):
    public = build(meeting, "public", clerk)
    confidential = build(meeting, "confidential", clerk)
    assert public.marked_pages == []
    marked = exempt_pages(stored_bytes(confidential))
    assert confidential.marked_pages == [[marked[0], marked[-1]]]
    assert confidential.marked_page_numbers() == marked


def test_a_version_built_before_exempt_pages_were_recorded_is_watermarked_on_every_page(client, meeting, clerk, member):
    version = build(meeting, "confidential", clerk)
    PackVersion.objects.filter(pk=version.pk).update(marked_pages=None)
    client.force_login(member)
    texts = page_texts(content_of(download(client, meeting, "confidential")))
    assert len(texts) == version.pages
    assert all("Downloaded by Sam McLain" in text for text in texts)


def _marked_content(pdf: pikepdf.Pdf, page: pikepdf.Page) -> list[tuple[str, list[str]]]:
    """(XObject name, the marked-content tags open around it) for each XObject the page draws."""
    drawn, open_tags = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BMC", "BDC"):
            open_tags.append(str(operands[0]))
        elif name == "EMC":
            open_tags.pop()
        elif name == "Do":
            drawn.append((str(operands[0]), list(open_tags)))
    assert open_tags == []
    return drawn


def test_the_watermark_is_an_artifact_and_the_tagging_and_title_are_kept(client, meeting, clerk, member):
    version = build(meeting, "confidential", clerk)
    stored = stored_bytes(version)
    client.force_login(member)
    content = content_of(download(client, meeting, "confidential"))
    with pikepdf.open(io.BytesIO(stored)) as before, pikepdf.open(io.BytesIO(content)) as after:
        assert str(after.docinfo.Title) == str(before.docinfo.Title)
        with after.open_metadata() as meta:
            assert meta.get("dc:title") == str(before.docinfo.Title)
        assert "/StructTreeRoot" in after.Root and str(after.Root.Lang) == "en-GB"
        for number in version.marked_page_numbers():
            page = after.pages[number - 1]
            watermarks = [(name, tags) for name, tags in _marked_content(after, page) if "Watermark" in name]
            assert len(watermarks) == 1, f"page {number}"
            assert watermarks[0][1] == ["/Artifact"], f"page {number}: the watermark is not an artifact"
            form = page.Resources.XObject[watermarks[0][0]]
            inside = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(form))
            assert b"/MCID" not in inside and b"BDC" not in inside  # nothing in it is tagged content
            # The page's own tagged content is as it was.
            mcids = [
                bytes(op)
                for op in pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page)).split(b"\n")
                if b"/MCID" in op
            ]
            stored_page = before.pages[number - 1]
            assert mcids == [
                bytes(op)
                for op in pikepdf.unparse_content_stream(pikepdf.parse_content_stream(stored_page)).split(b"\n")
                if b"/MCID" in op
            ]
        for number in set(range(1, version.pages + 1)) - set(version.marked_page_numbers()):
            assert not any("Watermark" in name for name, _ in _marked_content(after, after.pages[number - 1]))


def test_two_members_get_copies_naming_each_of_them(client, meeting, clerk, member):
    build(meeting, "confidential", clerk)
    chair = meeting.body.memberships.get(role=MembershipRole.CHAIR).person
    texts = {}
    for person in (member, chair):
        client.force_login(person)
        texts[person.pk] = "".join(page_texts(content_of(download(client, meeting, "confidential"))))
    assert "Downloaded by Sam McLain" in texts[member.pk] and "Downloaded by Alan Hughes" not in texts[member.pk]
    assert "Downloaded by Alan Hughes" in texts[chair.pk] and "Downloaded by Sam McLain" not in texts[chair.pk]


# --- What the download is served with ---------------------------------------------------------------


def test_pack_downloads_are_sandboxed_and_confidential_ones_not_cached(client, meeting, clerk, member):
    build(meeting, "public", clerk)
    build(meeting, "confidential", clerk)
    client.force_login(member)
    public = download(client, meeting, "public")
    assert public["Content-Security-Policy"] == SANDBOX
    assert public["X-Content-Type-Options"] == "nosniff"
    for response in (download(client, meeting, "confidential"), download(client, meeting, "confidential", 1)):
        assert response["Content-Security-Policy"] == SANDBOX
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "application/pdf"
        assert int(response["Content-Length"]) == len(content_of(response))


def test_the_versions_page_says_a_confidential_copy_is_personal(client, meeting, clerk, member):
    version = build(meeting, "confidential", clerk)
    build(meeting, "public", clerk)
    client.force_login(member)
    page = client.get(reverse("packs:versions", args=[packs.KIND, meeting.pk, "confidential"])).content.decode()
    assert "marked with the name of the person who downloaded it" in page
    assert version.sha256[:8] in page  # the stored version's fingerprint, as before
    page = client.get(reverse("packs:versions", args=[packs.KIND, meeting.pk, "public"])).content.decode()
    assert "marked with the name of the person who downloaded it" not in page


def test_the_work_plan_pack_has_no_exempt_edition_so_its_downloads_are_not_marked():
    """The work plan's editions (public and internal) carry no exempt information: nothing to log."""
    kind = get_kind("work-plan")
    assert kind.on_download(UserFactory(), None, "internal", None) is None
    assert not kind.watermarked("internal") and not kind.watermarked("public")
    assert get_kind(packs.KIND).watermarked("supplement-3-confidential")
    assert not get_kind(packs.KIND).watermarked("supplement-3-public")


def test_the_line_is_upright_on_landscape_and_rotated_pages_and_only_where_asked(tmp_path):
    from council.packs.watermark import stamp

    source = tmp_path / "source.pdf"
    html = (
        "<style>@page { size: A4 } @page wide { size: A4 landscape } .wide { page: wide }</style>"
        '<p>Portrait one</p><p class="wide" style="break-before: page">Landscape two</p>'
        '<p style="break-before: page">Rotated three</p><p style="break-before: page">Portrait four</p>'
    )
    with pikepdf.open(io.BytesIO(weasyprint.HTML(string=html).write_pdf())) as pdf:
        pdf.pages[2].rotate(90, relative=False)
        pdf.save(source)
    target = io.BytesIO()
    assert stamp(str(source), target, text="Downloaded by Zoë Łukasiewicz-Ó Dónaill", pages=[2, 3, 9]) == 2
    texts = page_texts(target.getvalue())
    assert ["Łukasiewicz" in text for text in texts] == [False, True, True, False]
    for index in (1, 2):
        assert "Downloaded by Zoë Łukasiewicz-Ó Dónaill" in " ".join(texts[index].split())
        # As the page is shown (the rotated one too): along its foot, left to right, in the left half.
        words = word_boxes(target.getvalue(), index + 1)
        width, height = 841.89, 595.28  # both are shown landscape
        line = [box for word, box in words if word in ("Downloaded", "by", "Zoë")]
        assert [round(box[1]) for box in line] == [round(line[0][1])] * 3, "not one horizontal line"
        assert [box[0] for box in line] == sorted(box[0] for box in line)
        assert all(box[3] > height - 30 and box[2] < width / 2 for box in line)


def word_boxes(content: bytes, page: int) -> list:
    """Each word of a page with its (xMin, yMin, xMax, yMax) as the page is shown, from its top left."""
    import re

    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"], input=content, capture_output=True,
        check=True,
    )  # fmt: skip
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        result.stdout.decode(),
    )
    return [(word, tuple(float(v) for v in box)) for *box, word in found]
