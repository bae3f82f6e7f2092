"""Agenda packs: what a meeting's packs contain, per edition, and who may build and download them.

The pack's content is read back with a real PDF reader (pikepdf for pages, outline and metadata;
poppler's pdftotext for the printed words and page numbers, page by page).
"""

import io
import re
import subprocess

import pikepdf
import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council import permissions
from council.roles import Role
from members.models import BodyKind, MembershipRole
from scrutiny import packs, services
from scrutiny.models import MeetingStatus
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

pytestmark = pytest.mark.django_db

EXEMPT_WORDS = "Tender prices from Aquaflow Leisure Limited"
EXEMPT_DOCUMENT = "Confidential appendix: bid evaluation scores"
REPORT_WORDS = "The move to strategic commissioning"


def text_pdf(*pages: str) -> bytes:
    """A PDF with one page per string, its words extractable (as a council's report would be)."""
    html = "".join(f'<p style="break-before: page">{words}</p>' for words in pages)
    return weasyprint.HTML(string=f"<html><body>{html}</body></html>").write_pdf()


def upload(content: bytes, name="report.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
def chair(body):
    member = MemberFactory(user__first_name="Alan", user__last_name="Hughes")
    MembershipFactory(body=body, person=member.user, role=MembershipRole.CHAIR)
    return member.user


@pytest.fixture
def committee_member(body, chair):
    vice = MemberFactory(user__first_name="Priya", user__last_name="Shah")
    MembershipFactory(body=body, person=vice.user, role=MembershipRole.VICE_CHAIR)
    member = MemberFactory(user__first_name="Sam", user__last_name="McLain")
    MembershipFactory(body=body, person=member.user)
    return member.user


@pytest.fixture
def meeting(body, clerk, committee_member):
    """The Strategic Commissioning meeting: two standing items, a report with two papers, and an
    exempt item with one paper; published on time."""
    meeting = MeetingFactory(body=body, starts_at=london(2026, 12, 10, 18))
    author = OfficerFactory(user__first_name="Ruth", user__last_name="Lang", job_title="Assistant Chief Executive")
    services.agenda_insert_standard_items(meeting=meeting, by=clerk)
    item = services.agenda_item_add(
        meeting=meeting,
        by=clerk,
        title="Strategic Commissioning",
        report_author=author.user,
        presenter=MemberFactory(user__first_name="Tom", user__last_name="Ford").user,
        minutes_allowed=30,
    )
    services.document_add(
        item=item,
        upload=upload(text_pdf(REPORT_WORDS, "Page two of the report", "Page three of the report")),
        title="Report of the Assistant Chief Executive",
        kind="report",
        by=clerk,
    )
    services.document_add(
        item=item, upload=upload(text_pdf("Appendix A text", "Appendix A, page 2")), title="Appendix A",
        kind="appendix", by=clerk,
    )  # fmt: skip
    exempt = services.agenda_item_add(
        meeting=meeting, by=clerk, title="Leisure contract award", exempt=True, exempt_paragraph=3,
        public_interest_reason="Tender prices would harm the council's negotiating position",
    )  # fmt: skip
    services.document_add(
        item=exempt, upload=upload(text_pdf(EXEMPT_WORDS)), title=EXEMPT_DOCUMENT, kind="appendix", by=clerk
    )
    services.agenda_publish(meeting=meeting, by=clerk, today=london(2026, 12, 1).date())
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def supplement(meeting, clerk):
    chair = meeting.body.memberships.get(role=MembershipRole.CHAIR).person
    late = services.agenda_item_add(
        meeting=meeting, by=clerk, title="Budget monitoring: quarter 2", urgent_reason="Figures arrived late",
        urgency_agreed_by=chair, urgency_agreed_on=london(2026, 12, 4).date(), today=london(2026, 12, 4).date(),
    )  # fmt: skip
    services.document_add(item=late, upload=upload(text_pdf("Late budget figures")), title="Budget report",
                          kind="report", by=clerk)  # fmt: skip
    return services.supplement_publish(meeting=meeting, by=clerk, today=london(2026, 12, 4).date())


def spec_text(spec) -> str:
    return repr(spec)


# --- Editions --------------------------------------------------------------------------------------


def test_a_published_agenda_with_exempt_business_has_a_public_and_a_confidential_edition(meeting):
    assert packs.editions(meeting) == ["public", "confidential"]
    assert packs.label("public") == "Agenda: public pack"
    assert packs.label("confidential") == "Agenda: members’ confidential pack"


def test_an_unpublished_agenda_has_no_pack(body, clerk):
    meeting = MeetingFactory(body=body)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    assert packs.editions(meeting) == []
    with pytest.raises(ValueError):
        packs.build_spec(meeting, "public")


def test_without_exempt_business_there_is_no_confidential_edition(body, clerk):
    meeting = MeetingFactory(body=body, starts_at=london(2026, 12, 10, 18))
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    services.agenda_publish(meeting=meeting, by=clerk, today=london(2026, 12, 1).date())
    assert packs.editions(meeting) == ["public"]


def test_each_supplement_has_its_own_editions(meeting, supplement):
    assert supplement.version == 2
    assert packs.editions(meeting) == ["public", "confidential", "supplement-2-public"]
    assert packs.label("supplement-2-public") == "Supplementary agenda 1: public pack"
    assert packs.parse_edition("supplement-2-confidential") == (2, "confidential")
    assert packs.parse_edition("supplement-x-public") is None


# --- What each edition contains (the description given to the engine) ----------------------------


def test_the_public_pack_front_sheet_membership_agenda_then_each_items_papers(meeting):
    spec = packs.build_spec(meeting, "public")
    keys = [part.key for part in spec.parts]
    item, exempt = meeting.items.get(title="Strategic Commissioning"), meeting.items.get(exempt=True)
    report, appendix = item.documents.order_by("position")
    # The standing items (apologies, declarations, minutes) have no papers, so no pages.
    assert keys == [
        "front", "membership", "agenda",
        f"item-{item.pk}", f"document-{report.pk}", f"document-{appendix.pk}",
        f"item-{exempt.pk}",
    ]  # fmt: skip
    assert spec.title == "Agenda: Overview and Scrutiny Committee, 10 December 2026"
    assert spec.author == "Northbridge Borough Council"
    assert spec.lang == "en-GB"
    assert spec.filename == "overview-and-scrutiny-committee-2026-12-10-agenda-public.pdf"
    parts = {part.key: part for part in spec.parts}
    assert parts["agenda"].needs_page_numbers
    document = parts[f"document-{report.pk}"]
    assert document.storage_name == report.file.name and document.sha256 == report.sha256
    assert document.name == "Report of the Assistant Chief Executive (item 4: Strategic Commissioning)"
    assert (document.bookmark, document.level) == ("Report of the Assistant Chief Executive", 1)
    assert (parts[f"item-{item.pk}"].bookmark, parts[f"item-{item.pk}"].level) == ("4. Strategic Commissioning", 0)
    assert not any(part.stamp for part in spec.parts)


def test_the_front_sheet_invites_to_a_committee_and_names_the_contact_officer(meeting):
    front = packs.build_spec(meeting, "public").parts[0].context
    assert front["council_name"] == "Northbridge Borough Council"
    assert front["body"] == "Overview and Scrutiny Committee"
    assert (front["date"], front["time"]) == ("Thursday 10 December 2026", "6pm")
    assert front["venue"] == "Council Chamber, Town Hall"
    assert front["invitation"].startswith("You are invited to attend a meeting of the Overview and Scrutiny Committee")
    assert front["contact"] == {
        "name": "Emma Clarke",
        "job_title": "Democratic Services Officer",
        "email": front["contact"]["email"],
        "phone": "01632 960123",
    }
    assert front["confidential_notice"] == ""


def test_council_members_are_summoned(clerk):
    council = BodyFactory(name="Council", slug="council", kind=BodyKind.COUNCIL)
    permissions.grant("members.change_body", clerk, council)
    meeting = MeetingFactory(body=council, starts_at=london(2026, 12, 10, 19))
    services.agenda_item_add(meeting=meeting, by=clerk, title="Budget")
    services.agenda_publish(meeting=meeting, by=clerk, today=london(2026, 12, 1).date())
    front = packs.build_spec(meeting, "public").parts[0].context
    assert front["invitation"].startswith("You are summoned to attend a meeting of Northbridge Borough Council")


def test_membership_lists_chair_and_vice_chair_first(meeting):
    membership = packs.build_spec(meeting, "public").parts[1].context["members"]
    assert membership[:3] == [
        {"name": "Councillor Alan Hughes", "role": "Chair"},
        {"name": "Councillor Priya Shah", "role": "Vice-Chair"},
        {"name": "Councillor Sam McLain", "role": ""},
    ]


def test_the_agenda_gives_numbers_times_presenters_and_the_part_where_papers_start(meeting):
    rows = packs.build_spec(meeting, "public").parts[2].context["rows"]
    item = meeting.items.get(title="Strategic Commissioning")
    assert [row["number"] for row in rows] == [1, 2, 3, 4, 5, 6]
    strategic = rows[3]
    assert strategic["title"] == "Strategic Commissioning"
    assert strategic["time"] == "6pm" and strategic["minutes_allowed"] == 30
    assert strategic["report_of"] == "Report of Ruth Lang, Assistant Chief Executive"  # the author one way everywhere
    assert strategic["presenter"] == "Councillor Tom Ford"
    assert strategic["part"] == f"item-{item.pk}"
    assert rows[0]["part"] == ""  # apologies: no papers
    # The resolution to exclude the press and public (LGA 1972 s.100A(4)) comes before the exempt item.
    assert rows[4]["title"] == "Exclusion of the press and public" and rows[4]["part"] == ""
    assert "section 100A(4)" in rows[4]["exclusion"] and "paragraph 3 of Part 1" in rows[4]["exclusion"]
    assert rows[5]["exempt_notice"] == (
        "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
    )


def test_the_public_pack_shows_an_exempt_item_by_title_and_paragraph_only(meeting):
    spec = packs.build_spec(meeting, "public")
    exempt = meeting.items.get(exempt=True)
    part = spec.parts[-1]
    assert part.template == "packs/agenda/exempt.html"
    assert part.context["item_title"] == "Leisure contract award"
    assert "paragraph 3 of Part 1 of Schedule 12A" in part.context["notice"]
    text = spec_text(spec)
    assert EXEMPT_DOCUMENT not in text
    assert "Tender prices would harm" not in text  # the public interest reason stays out too
    for document in exempt.documents.all():
        assert document.file.name not in text and document.sha256 not in text


def test_the_confidential_pack_carries_the_exempt_papers_stamped_exempt(meeting):
    spec = packs.build_spec(meeting, "confidential")
    exempt = meeting.items.get(exempt=True)
    document = exempt.documents.get()
    parts = {part.key: part for part in spec.parts}
    assert parts[f"item-{exempt.pk}"].template == "packs/agenda/item.html"
    assert parts[f"item-{exempt.pk}"].stamp == "Exempt"
    assert parts[f"document-{document.pk}"].stamp == "Exempt"
    assert parts[f"document-{document.pk}"].name == f"{EXEMPT_DOCUMENT} (item 6: Leisure contract award)"
    others = [p for p in spec.parts if p.key not in (f"item-{exempt.pk}", f"document-{document.pk}")]
    assert not any(p.stamp for p in others)
    assert parts["front"].context["confidential_notice"] == "Confidential: not for publication"
    assert spec.title.endswith("(confidential)")


def test_a_supplement_pack_has_its_own_front_sheet_and_only_its_items(meeting, supplement):
    spec = packs.build_spec(meeting, "supplement-2-public")
    late = meeting.items.get(published_in=supplement)
    assert [part.key for part in spec.parts][:2] == ["front", "agenda"]
    assert spec.parts[0].context["supplement"] is True
    assert spec.parts[0].bookmark == "Supplementary agenda"
    assert "Figures arrived late" in spec.parts[0].context["urgent_reason"]
    rows = spec.parts[1].context["rows"]
    assert [(row["number"], row["title"]) for row in rows] == [(7, "Budget monitoring: quarter 2")]
    assert spec.parts[2].key == f"item-{late.pk}"
    assert spec.title == "Supplementary agenda 1: Overview and Scrutiny Committee, 10 December 2026"


def test_building_the_description_takes_the_same_queries_for_few_and_many_items(body, clerk, django_assert_num_queries):
    def published(extra):
        meeting = MeetingFactory(body=body, starts_at=london(2026, 12, 10, 18))
        for n in range(extra):
            item = services.agenda_item_add(
                meeting=meeting,
                by=clerk,
                title=f"Item {n}",
                report_author=OfficerFactory().user,
                presenter=MemberFactory().user,
            )
            services.document_add(item=item, upload=upload(text_pdf("x")), title="Report", kind="report", by=clerk)
        services.agenda_publish(meeting=meeting, by=clerk, today=london(2026, 12, 1).date())
        return meeting

    few, many = published(1), published(6)
    with CaptureQueriesContext(connection) as queries:
        packs.build_spec(few, "public")
    with django_assert_num_queries(len(queries)):
        packs.build_spec(many, "public")


# --- Who may build and download -------------------------------------------------------------------


def test_who_may_build_the_clerk_of_the_body_and_administrators(meeting, clerk, committee_member):
    other_clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", other_clerk, BodyFactory())
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    for edition in ("public", "confidential"):
        assert packs.can_build(clerk, meeting, edition)
        assert packs.can_build(administrator, meeting, edition)
        assert not packs.can_build(other_clerk, meeting, edition)
        assert not packs.can_build(committee_member, meeting, edition)
    assert not packs.can_build(clerk, meeting, "supplement-2-public")  # not published


def may_download(person, meeting, edition) -> bool:
    """The kind's answer; a confidential pack someone signed in may not have is "not found"."""
    try:
        return packs.can_download(person, meeting, edition)
    except Http404:
        return False


def test_who_may_download_each_edition(meeting, clerk, committee_member):
    from django.contrib.auth.models import AnonymousUser

    outsider = MemberFactory().user  # a councillor not on the committee
    officer = OfficerFactory().user
    exempt = meeting.items.get(exempt=True)
    services.need_to_know_set(item=exempt, officers=[officer], by=clerk)
    public = AnonymousUser()
    assert all(may_download(p, meeting, "public") for p in (clerk, committee_member, outsider, officer, public))
    assert may_download(clerk, meeting, "confidential")
    assert may_download(committee_member, meeting, "confidential")
    assert may_download(UserFactory(roles=[Role.ADMINISTRATOR]), meeting, "confidential")
    # Need-to-know is granted on one item: it does not open the whole confidential pack.
    assert not may_download(officer, meeting, "confidential")
    assert not may_download(outsider, meeting, "confidential")
    assert not may_download(public, meeting, "confidential")


def test_a_former_member_loses_the_confidential_pack(meeting, body):
    import datetime

    former = MemberFactory().user
    MembershipFactory(
        body=body, person=former, start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2025, 5, 1)
    )
    assert not may_download(former, meeting, "confidential")


def test_an_internal_bodys_public_pack_is_for_people_signed_in(clerk):
    from django.contrib.auth.models import AnonymousUser

    group = BodyFactory(kind=BodyKind.WORKING_GROUP)
    permissions.grant("members.change_body", clerk, group)
    meeting = MeetingFactory(body=group, starts_at=london(2026, 12, 10, 16))
    services.agenda_item_add(meeting=meeting, by=clerk, title="Member roles")
    services.agenda_publish(meeting=meeting, by=clerk, today=london(2026, 12, 1).date())
    assert not packs.can_download(AnonymousUser(), meeting, "public")
    assert packs.can_download(MemberFactory().user, meeting, "public")


# --- The built pack, read with a PDF reader ------------------------------------------------------


def build(meeting, edition, by):
    """Build through the engine's own code, at once; the version it stored."""
    from council.packs import services as pack_services

    done = pack_services.build_now(packs.KIND, meeting, edition, by=by)
    assert done.status == "done", done.error
    return done.version


def pdf_bytes_of(version) -> bytes:
    with version.file.open("rb") as stored:
        return stored.read()


def page_texts(content: bytes) -> list[str]:
    """The words printed on each page, as poppler reads them."""
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode().split("\f")[:-1]


def outline(content: bytes) -> list[tuple[int, str, int]]:
    """(level, title, page number from 1) of every bookmark, in order."""
    found = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        pages = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}

        def walk(items, level):
            for entry in items:
                destination = entry.destination
                page = destination[0] if isinstance(destination, pikepdf.Array) else None
                if page is None and entry.action is not None:
                    page = entry.action.D[0]
                found.append((level, entry.title, pages.get(page.objgen) if page is not None else None))
                walk(entry.children, level + 1)

        with pdf.open_outline() as tree:
            walk(tree.root, 0)
    return found


@pytest.fixture
def built(meeting, clerk):
    version = build(meeting, "public", clerk)
    return pdf_bytes_of(version)


def test_the_public_pack_pages_bookmarks_and_page_numbers(meeting, built):
    texts = page_texts(built)
    # Front sheet, membership, agenda, the item's cover page, report (3) and appendix (2), the exempt page.
    assert len(texts) == 1 + 1 + 1 + 1 + 3 + 2 + 1
    for number, text in enumerate(texts, start=1):
        assert re.search(rf"\b{number}\b", text.strip().splitlines()[-1]), f"page {number} has no number"
    marks = outline(built)
    assert [(level, title) for level, title, _ in marks] == [
        (0, "Front sheet"),
        (0, "Membership"),
        (0, "Agenda"),
        (0, "4. Strategic Commissioning"),
        (1, "Report of the Assistant Chief Executive"),
        (1, "Appendix A"),
        (0, "6. Leisure contract award"),
    ]
    assert [page for _, _, page in marks] == [1, 2, 3, 4, 5, 8, 10]
    assert REPORT_WORDS in texts[4]


def test_the_agenda_points_at_the_pages_where_each_items_papers_start(built):
    texts = page_texts(built)
    agenda = texts[2]
    assert re.search(r"4\.\s*Strategic Commissioning\s+4\b", agenda)
    assert re.search(r"6\.\s*Leisure contract award\s+10\b", agenda)
    assert "Strategic Commissioning" in texts[3] and "Leisure contract award" in texts[9]


def test_nothing_of_the_exempt_item_is_in_the_public_pack(built):
    text = "\n".join(page_texts(built))
    assert "Leisure contract award" in text
    assert "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A" in text
    assert EXEMPT_WORDS not in text
    assert EXEMPT_DOCUMENT not in text
    assert "Tender prices would harm" not in text
    assert EXEMPT_DOCUMENT not in [title for _, title, _ in outline(built)]


def test_the_confidential_pack_marks_every_exempt_page(meeting, clerk):
    content = pdf_bytes_of(build(meeting, "confidential", clerk))
    texts = page_texts(content)
    assert "Confidential: not for publication" in texts[0]
    exempt_pages = [n for n, text in enumerate(texts) if "Leisure contract award" in text and n > 2]
    assert exempt_pages, "the exempt item's cover page is in the members' pack"
    start = exempt_pages[0]
    assert EXEMPT_WORDS in texts[start + 1]
    for text in texts[start:]:
        assert "Exempt" in text
    for text in texts[3:start]:
        assert "Exempt" not in text


def test_the_pack_is_titled_tagged_and_a4(meeting, built):
    with pikepdf.open(io.BytesIO(built)) as pdf:
        with pdf.open_metadata() as meta:
            assert meta.get("dc:title") == "Agenda: Overview and Scrutiny Committee, 10 December 2026"
        assert str(pdf.Root.Lang) == "en-GB"
        assert "/StructTreeRoot" in pdf.Root  # the generated pages are tagged
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (595, 842)
    info = subprocess.run(["pdfinfo", "-"], input=built, capture_output=True, check=True).stdout.decode()
    assert "Northbridge Borough Council" in info  # the author


def test_a_supplement_pack_is_numbered_from_one(meeting, supplement, clerk):
    content = pdf_bytes_of(build(meeting, "supplement-2-public", clerk))
    texts = page_texts(content)
    assert "Supplementary agenda 1" in texts[0]
    assert len(texts) == 1 + 1 + 1 + 1  # front, agenda, the item's cover page, its report
    assert re.search(r"\b1\b", texts[0].strip().splitlines()[-1])
    assert "Strategic Commissioning" not in "\n".join(texts)


# --- Pages: the meeting page's packs box, downloads, and the agenda on the web ---------------------


def test_the_meeting_page_offers_each_edition_the_person_may_download(client, meeting, clerk, committee_member, built):
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Agenda: public pack" in page and "members’ confidential pack" not in page
    assert reverse("packs:download", args=["agenda", meeting.pk, "public"]) in page
    assert "Build the pack" not in page and "Rebuild" not in page

    client.force_login(committee_member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Agenda: members’ confidential pack" in page and "Rebuild" not in page

    client.force_login(clerk)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("packs:build", args=["agenda", meeting.pk, "public"]) in page
    assert reverse("packs:build", args=["agenda", meeting.pk, "confidential"]) in page
    assert "Rebuild" in page and "Build the pack" in page  # public built, confidential not yet
    assert reverse("packs:versions", args=["agenda", meeting.pk, "public"]) in page


def test_the_meeting_page_offers_building_only_to_the_bodys_own_clerks(client, meeting, clerk, body, built):
    outsider = MemberFactory().user
    other_clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", other_clerk, BodyFactory())
    for person in (outsider, other_clerk):
        client.force_login(person)
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert reverse("packs:download", args=["agenda", meeting.pk, "public"]) in page
        assert reverse("packs:build", args=["agenda", meeting.pk, "public"]) not in page
        assert "members’ confidential pack" not in page
        assert "Rebuild" not in page and "Build the pack" not in page


def test_the_packs_box_adds_no_queries_per_item(client, body, clerk, django_assert_num_queries):
    def meeting_with(extra):
        meeting = MeetingFactory(body=body, starts_at=london(2026, 12, 10, 18))
        for n in range(extra):
            services.agenda_item_add(meeting=meeting, by=clerk, title=f"Item {n}", exempt=n == 0,
                                     exempt_paragraph=1 if n == 0 else None,
                                     public_interest_reason="A named person" if n == 0 else "")  # fmt: skip
        services.agenda_publish(meeting=meeting, by=clerk, today=london(2026, 12, 1).date())
        return meeting

    from scrutiny.selectors.packs import meeting_packs_box

    few, many = meeting_with(1), meeting_with(8)
    meeting_packs_box(clerk, few)  # the person's roles and permissions are read once, then kept for the request
    with CaptureQueriesContext(connection) as queries:
        meeting_packs_box(clerk, few)
    with django_assert_num_queries(len(queries)):
        meeting_packs_box(clerk, many)


def download(client, meeting, edition):
    return client.get(reverse("packs:download", args=["agenda", meeting.pk, edition]))


def test_downloads_by_role(client, meeting, clerk, committee_member, body):
    build(meeting, "public", clerk)
    build(meeting, "confidential", clerk)
    outsider = MemberFactory().user
    other_clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", other_clerk, BodyFactory())

    authenticator_for(committee_member)  # the confidential pack needs a session verified with two factors
    assert download(client, meeting, "public").status_code == 200  # the public
    assert download(client, meeting, "confidential").status_code == 302  # sent to sign in
    for person, confidential in [(clerk, 200), (committee_member, 200), (outsider, 404)]:
        client.force_login(person)
        assert download(client, meeting, "public").status_code == 200
        assert download(client, meeting, "confidential").status_code == confidential
    client.force_login(other_clerk)
    assert download(client, meeting, "public").status_code == 200
    assert download(client, meeting, "confidential").status_code == 404
    response = client.post(reverse("packs:build", args=["agenda", meeting.pk, "public"]))
    assert response.status_code == 403  # another committee's meeting: not theirs to build


def test_a_committee_member_cannot_build(client, meeting, committee_member):
    client.force_login(committee_member)
    response = client.post(reverse("packs:build", args=["agenda", meeting.pk, "public"]))
    assert response.status_code in (403, 404)


def test_the_agenda_on_the_web_before_a_pack_is_built(client, meeting):
    response = client.get(reverse("scrutiny:agenda-print", args=[meeting.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The agenda pack has not been built yet" in page
    assert "Strategic Commissioning" in page
    assert "Not for publication by virtue of paragraph 3" in page
    assert EXEMPT_DOCUMENT not in page
    assert 'class="app-agenda-print__page"' not in page


def test_the_agenda_on_the_web_gives_the_pdfs_page_numbers(client, meeting, built):
    page = client.get(reverse("scrutiny:agenda-print", args=[meeting.pk])).content.decode()
    shown = dict(re.findall(r'data-item="([^"]+)"[^>]*>\s*Page (\d+)', page))
    texts = page_texts(built)
    assert shown, "page references are shown once the pack is built"
    for title, number in shown.items():
        assert title in texts[int(number) - 1], f"{title} is not on page {number}"
    assert shown["Strategic Commissioning"] == "4"


def test_the_agenda_on_the_web_is_not_shown_before_publication(client, body, clerk):
    meeting = MeetingFactory(body=body)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Draft business")
    assert client.get(reverse("scrutiny:agenda-print", args=[meeting.pk])).status_code == 404
    client.force_login(clerk)
    assert client.get(reverse("scrutiny:agenda-print", args=[meeting.pk])).status_code == 404


def test_a_held_meetings_agenda_remains_on_the_web(client, meeting):
    meeting.status = MeetingStatus.HELD
    meeting.save()
    assert client.get(reverse("scrutiny:agenda-print", args=[meeting.pk])).status_code == 200


def test_the_meeting_page_links_each_supplements_pack(client, meeting, supplement, clerk):
    client.force_login(clerk)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Supplementary agenda 1: public pack" in page
    assert reverse("packs:build", args=["agenda", meeting.pk, "supplement-2-public"]) in page
    assert "Supplementary agenda 1: members’ confidential pack" not in page  # nothing exempt in it


def test_times_are_the_councils_either_side_of_the_clock_change(body, clerk):
    """British Summer Time ends on 25 October 2026: a 6pm meeting is 6pm on both sides."""
    for day in (22, 29):
        meeting = MeetingFactory(body=body, starts_at=london(2026, 10, day, 18))
        services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning", minutes_allowed=30)
        services.agenda_item_add(meeting=meeting, by=clerk, title="Work programme")
        services.agenda_publish(meeting=meeting, by=clerk, today=london(2026, 10, day - 9).date())
        spec = packs.build_spec(meeting, "public")
        assert spec.parts[0].context["time"] == "6pm"
        assert [row["time"] for row in spec.parts[2].context["rows"]] == ["6pm", "6:30pm"]


def test_the_demo_builds_the_strategic_commissioning_meetings_two_editions_once(demo_council, settings):
    """The demo's packs (built by load_demo after the meetings) leave the source meeting's public and
    confidential packs ready to download, the exempt report only in the confidential one; loading
    again builds nothing new."""
    settings.DEMO_BUILD_PACKS = True  # as in `make run` (the tests turn it off elsewhere)
    from council.packs.models import PackVersion
    from scrutiny import demo

    demo.packs.load()
    meeting = demo.packs.demo_meetings()[0]
    assert meeting.items.filter(title="Strategic Commissioning").exists()
    versions = {v.edition: v for v in PackVersion.objects.filter(kind=packs.KIND, object_id=str(meeting.pk))}
    assert sorted(versions) == ["confidential", "public"]
    assert {v.number for v in versions.values()} == {1}
    public = "".join(page_texts(versions["public"].file.open("rb").read()))
    confidential = "".join(page_texts(versions["confidential"].file.open("rb").read()))
    assert "Strategic Commissioning" in public and "member roles in" in public  # the report's own pages
    assert "pool plant replacement" in confidential
    assert "pool plant replacement" not in public
    others = PackVersion.objects.filter(kind=packs.KIND).exclude(object_id=str(meeting.pk))
    assert others.filter(edition="public").count() == len(demo.packs.OTHER_BODIES)
    demo.packs.load()
    assert PackVersion.objects.filter(kind=packs.KIND, object_id=str(meeting.pk)).count() == 2


def test_the_clerk_sees_on_the_meeting_page_that_the_last_build_failed(client, meeting, clerk, committee_member):
    from django.core.files.storage import default_storage

    from council.packs import services as pack_services
    from scrutiny.models import SupportingDocument

    appendix = SupportingDocument.objects.get(item__meeting=meeting, title="Appendix A")
    with default_storage.open(appendix.file.name, "wb") as file:
        file.write(b"%PDF-1.7\nthis is not a PDF any more")
    failed = pack_services.build_now(packs.KIND, meeting, "public", by=clerk)
    assert failed.status == "failed"

    client.force_login(clerk)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "The last build failed" in page
    assert reverse("packs:build-status", args=[failed.pk]) in page

    client.force_login(committee_member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "The last build failed" not in page
    assert reverse("packs:build-status", args=[failed.pk]) not in page
