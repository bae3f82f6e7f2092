"""The minutes PDF: a meeting's minutes as a tagged, titled document from the pack engine, in its
draft, for-approval and confirmed editions, public and members' confidential; and the minutes
carried in the next meeting's agenda pack at its "Minutes of the previous meeting" item.

Read back with real PDF readers: poppler's pdftotext for the words, pikepdf for the structure.
"""

import io
import re
import subprocess

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council import permissions
from council.packs import services as pack_services
from council.roles import Role
from members.models import MembershipRole
from scrutiny import minutes_pack, packs, selectors, services
from scrutiny.models import AttendanceStatus, ExemptDocumentAccess, ItemKind
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, OfficerFactory, UserFactory
from tests.factories.council import authenticator_for
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

EXEMPT_MINUTE = "Aquaflow Leisure Limited bid 4.2 million pounds, the lowest of three tenders"
EXEMPT_RESOLUTION = "Resolved that the contract be awarded to Aquaflow Leisure Limited"
EXEMPT_INTEREST = "Director of Aquaflow Leisure Limited"
FAIR_SUMMARY = "The committee considered the tenders received for the leisure contract and agreed an award."
MINUTE = "The Assistant Chief Executive introduced the report on strategic commissioning."
RESOLUTION = "Resolved that the report be noted and a Commissioning work plan is brought back"


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
    OfficerFactory(user=person, job_title="Democratic Services Officer")
    permissions.grant("members.change_body", person, body)
    return person


@pytest.fixture
def chair(body):
    member = MemberFactory(user__first_name="Alan", user__last_name="Hughes")
    MembershipFactory(body=body, person=member.user, role=MembershipRole.CHAIR)
    return member.user


@pytest.fixture
def committee_member(body, chair):
    member = MemberFactory(user__first_name="Sam", user__last_name="McLain")
    MembershipFactory(body=body, person=member.user)
    return member.user


@pytest.fixture
def absent_member(body):
    member = MemberFactory(user__first_name="Priya", user__last_name="Shah")
    MembershipFactory(body=body, person=member.user)
    return member.user


def held_meeting(body, clerk, when, *, people=(), exempt=True, reports=1):
    """A published, held meeting of ``body`` with the standard items, ``reports`` reports and
    (``exempt``) an exempt item; ``people``: (person, attendance status) on its register."""
    meeting = MeetingFactory(body=body, starts_at=when, venue="Council Chamber, Town Hall")
    services.agenda_insert_standard_items(meeting=meeting, by=clerk)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning", minutes_allowed=30)
    for n in range(1, reports):
        services.agenda_item_add(meeting=meeting, by=clerk, title=f"Report {n}")
    if exempt:
        services.agenda_item_add(
            meeting=meeting, by=clerk, title="Leisure contract award", exempt=True, exempt_paragraph=3,
            public_interest_reason="Tender prices would harm the council's negotiating position",
        )  # fmt: skip
    services.agenda_publish(meeting=meeting, by=clerk, today=(when - _days(14)).date())
    services.meeting_mark_held(meeting=meeting, by=clerk, now=when + _days(0, hours=3))
    if people:
        services.attendance_record(
            meeting=meeting, entries=[(p, status, None, "") for p, status in people], by=clerk, today=when.date()
        )
    meeting.refresh_from_db()
    return meeting


def _days(days, hours=0):
    import datetime

    return datetime.timedelta(days=days, hours=hours)


@pytest.fixture
def meeting(body, clerk, chair, committee_member, absent_member):
    """15 October 2026: the chair and a member present, one apology; the report minuted with a
    resolution; the exempt item minuted with a fair summary, the member declaring an interest in it."""
    meeting = held_meeting(
        body, clerk, london(2026, 10, 15, 18),
        people=[(chair, AttendanceStatus.PRESENT), (committee_member, AttendanceStatus.PRESENT),
                (absent_member, AttendanceStatus.APOLOGIES)],
    )  # fmt: skip
    report = meeting.items.get(title="Strategic Commissioning")
    exempt = meeting.items.get(exempt=True)
    minute = services.minute_write(item=report, text=MINUTE, by=clerk)
    services.resolution_add(minute=minute, text=RESOLUTION, by=clerk)
    secret = services.minute_write(item=exempt, text=EXEMPT_MINUTE, public_summary=FAIR_SUMMARY, by=clerk)
    services.resolution_add(minute=secret, text=EXEMPT_RESOLUTION, by=clerk)
    services.declaration_add(
        item=exempt, person=committee_member, kind="dpi", nature=EXEMPT_INTEREST, left_room=True, by=clerk
    )
    services.declaration_add(
        item=report,
        person=chair,
        kind="other_registrable",
        nature="Member of the Leisure Trust board",
        left_room=False,
        by=clerk,
    )
    for item in selectors.blank_items(meeting):  # minutes are confirmed only with every item minuted
        services.minute_noted(item=item, by=clerk)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def next_meeting(body, clerk):
    """19 November 2026: its agenda, with the minutes of the previous meeting, published."""
    later = MeetingFactory(body=body, starts_at=london(2026, 11, 19, 18), venue="Council Chamber, Town Hall")
    services.agenda_insert_standard_items(meeting=later, by=clerk)
    services.agenda_item_add(meeting=later, by=clerk, title="Budget monitoring", minutes_allowed=20)
    services.agenda_publish(meeting=later, by=clerk, today=london(2026, 11, 5).date())
    later.refresh_from_db()
    return later


@pytest.fixture
def confirmed(meeting, next_meeting, clerk):
    services.meeting_mark_held(meeting=next_meeting, by=clerk, now=london(2026, 11, 19, 21))
    services.minutes_confirm(meeting=meeting, confirmed_at_meeting=next_meeting, by=clerk)
    meeting.refresh_from_db()
    return meeting


def build(meeting, edition, by) -> bytes:
    done = pack_services.build_now(minutes_pack.KIND, meeting, edition, by=by)
    assert done.status == "done", done.error
    with done.version.file.open("rb") as stored:
        return stored.read()


def pdftotext(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def text_of(content: bytes) -> str:
    """The words printed, in reading order, each run of spaces and line ends as one space."""
    return " ".join(pdftotext(content).split())


def page_texts(content: bytes) -> list[str]:
    return pdftotext(content).split("\f")[:-1]


# --- Editions, as the minutes move on -------------------------------------------------------------


def test_the_editions_follow_the_minutes_from_draft_to_confirmed(meeting, body, clerk):
    assert minutes_pack.editions(meeting) == ["draft", "draft-confidential"]
    later = MeetingFactory(body=body, starts_at=london(2026, 11, 19, 18))
    services.agenda_insert_standard_items(meeting=later, by=clerk)
    assert minutes_pack.editions(meeting) == ["draft", "draft-confidential"]  # the next agenda not yet published
    services.agenda_publish(meeting=later, by=clerk, today=london(2026, 11, 5).date())
    assert minutes_pack.editions(meeting) == ["for-approval", "for-approval-confidential"]
    services.meeting_mark_held(meeting=later, by=clerk, now=london(2026, 11, 19, 21))
    services.minutes_confirm(meeting=meeting, confirmed_at_meeting=later, by=clerk)
    meeting.refresh_from_db()
    assert minutes_pack.editions(meeting) == [
        "confirmed", "confirmed-confidential", "for-approval", "for-approval-confidential",
    ]  # fmt: skip
    assert minutes_pack.label("confirmed") == "Confirmed minutes: public edition"
    assert minutes_pack.label("for-approval-confidential") == "Minutes for approval: members’ confidential edition"


def test_no_minutes_pdf_before_the_meeting_is_held_nor_a_confidential_one_without_exempt_business(body, clerk):
    meeting = MeetingFactory(body=body, starts_at=london(2026, 10, 15, 18))
    assert minutes_pack.editions(meeting) == []
    held = held_meeting(body, clerk, london(2026, 9, 10, 18), exempt=False)
    assert minutes_pack.editions(held) == ["draft"]


def test_the_standard_minutes_item_is_of_its_own_kind(next_meeting):
    item = next_meeting.items.get(title="Minutes of the previous meeting")
    assert item.kind == ItemKind.MINUTES


# --- What each edition prints ---------------------------------------------------------------------


def test_the_draft_prints_heading_present_apologies_declarations_and_numbered_minutes(meeting, clerk):
    text = text_of(build(meeting, "draft", clerk))
    assert "Draft" in text
    assert re.search(
        r"Minutes of the meeting of the Overview and Scrutiny Committee held on\s+Thursday 15 October 2026", text
    )
    assert re.search(r"Present\s+Councillor Alan Hughes \(Chair\), Councillor Sam McLain", text)
    assert re.search(r"Apologies\s+Councillor Priya Shah", text)
    assert re.search(r"Councillor Alan Hughes declared an other registrable interest in minute OSC 4/26", text)
    assert "Member of the Leisure Trust board" in text
    # Numbered when the meeting was held, in the council's style: apologies 1, declarations 2, minutes 3.
    assert re.search(r"OSC 4/26\s+Strategic Commissioning", text)
    assert MINUTE in text and RESOLUTION in text
    assert "Chair ......" not in text  # signed only once confirmed


def test_a_substitute_is_printed_once_as_such_and_the_clerks_notes_with_each_name(
    body, clerk, chair, committee_member, absent_member
):
    # Found by the end-to-end journey: "Councillor Ravi Patel (Substitute) (substitute for Priya Shah)",
    # and a late arrival noted on the register (and the web minutes) missing from the PDF.
    substitute = MemberFactory(user__first_name="Ravi", user__last_name="Patel").user
    MembershipFactory(body=body, person=substitute, role=MembershipRole.SUBSTITUTE)
    meeting = held_meeting(body, clerk, london(2026, 10, 15, 18), exempt=False)
    services.attendance_record(
        meeting=meeting,
        entries=[
            (chair, AttendanceStatus.PRESENT, None, "Left at 8pm"),
            (committee_member, AttendanceStatus.PRESENT, None, "Arrived at 6.20pm"),
            (absent_member, AttendanceStatus.APOLOGIES, None, "Unwell"),
            (substitute, AttendanceStatus.PRESENT, absent_member, ""),
        ],
        by=clerk,
        today=meeting.date,
    )
    text = text_of(build(meeting, "draft", clerk))
    assert re.search(
        r"Present\s+Councillor Alan Hughes \(Chair; Left at 8pm\), Councillor Sam McLain \(Arrived at 6.20pm\), "
        r"Councillor Ravi Patel \(substitute for Priya Shah\)",
        text,
    )
    assert re.search(r"Apologies\s+Councillor Priya Shah \(Unwell\)", text)


def test_the_edition_for_approval_says_where_it_will_be_confirmed(meeting, next_meeting, clerk):
    text = text_of(build(meeting, "for-approval", clerk))
    assert "For approval" in text
    at = "at the meeting of the Overview and Scrutiny Committee on Thursday 19 November 2026"
    assert f"For approval: to be confirmed as a correct record {at}" in text
    assert MINUTE in text


def test_the_confirmed_edition_has_the_confirmed_date_and_the_chairs_signature_line(confirmed, clerk):
    text = text_of(build(confirmed, "confirmed", clerk))
    assert "Confirmed" in text
    at = "at the meeting of the Overview and Scrutiny Committee on Thursday 19 November 2026"
    assert f"Confirmed as a correct record {at}" in text
    assert re.search(r"Chair \.{10,}\s+Date \.{10,}", text)
    assert MINUTE in text and RESOLUTION in text


def test_minute_numbers_are_printed_when_given(meeting, clerk, monkeypatch):
    report = meeting.items.get(title="Strategic Commissioning")
    monkeypatch.setattr(minutes_pack, "minute_numbers", lambda m: {report.pk: "OSC 12/26"})
    text = text_of(build(meeting, "draft", clerk))
    assert re.search(r"OSC 12/26\s+Strategic Commissioning", text)
    assert re.search(r"in minute OSC 12/26", text)  # the declaration on it names the minute


def test_a_vote_is_minuted_with_its_counts_and_a_recorded_vote_by_name(meeting, clerk, chair, committee_member):
    resolution = meeting.items.get(title="Strategic Commissioning").minute.resolutions.get()
    services.vote_record(
        resolution=resolution, result="carried", votes_for=1, votes_against=0, abstentions=1, by=clerk,
        named={chair: "for", committee_member: "abstain"},
    )  # fmt: skip
    text = text_of(build(meeting, "draft", clerk))
    assert re.search(re.escape(RESOLUTION) + r"\s+Carried \(1 for, 0 against, 1 abstention\)\.", text)
    assert "For: Councillor Alan Hughes." in text
    assert "Abstained: Councillor Sam McLain." in text


# --- The exempt rule (the attacker's test first) ---------------------------------------------------


def assert_nothing_exempt(text: str):
    assert "Leisure contract award" in text
    assert "paragraph 3 of Part 1 of Schedule 12A" in text
    assert FAIR_SUMMARY in text
    for secret in (EXEMPT_MINUTE, EXEMPT_RESOLUTION, EXEMPT_INTEREST, "Aquaflow"):
        assert secret not in text
    assert "Councillor Sam McLain declared a disclosable pecuniary interest in minute OSC 6/26" in text


def test_exempt_minutes_never_reach_a_public_edition(meeting, next_meeting, clerk):
    """At every stage the public edition holds the exempt item's title, paragraph and fair summary,
    and nothing of its minute, its resolution or the nature of an interest declared in it."""
    draft = text_of(build(meeting, "draft", clerk)) if "draft" in minutes_pack.editions(meeting) else None
    assert draft is None  # the next agenda is published: the draft has become the edition for approval
    assert_nothing_exempt(text_of(build(meeting, "for-approval", clerk)))
    services.meeting_mark_held(meeting=next_meeting, by=clerk, now=london(2026, 11, 19, 21))
    services.minutes_confirm(meeting=meeting, confirmed_at_meeting=next_meeting, by=clerk)
    meeting.refresh_from_db()
    assert_nothing_exempt(text_of(build(meeting, "confirmed", clerk)))


def test_the_public_draft_holds_nothing_exempt_either(meeting, clerk):
    assert_nothing_exempt(text_of(build(meeting, "draft", clerk)))


def test_the_public_edition_never_loads_the_exempt_minute(meeting):
    """Not only unprinted: the public edition's description holds none of it."""
    spec = minutes_pack.build_spec(meeting, "draft")
    described = repr(spec)
    assert FAIR_SUMMARY in described
    for secret in (EXEMPT_MINUTE, EXEMPT_RESOLUTION, EXEMPT_INTEREST):
        assert secret not in described
    with CaptureQueriesContext(connection) as queries:
        minutes_pack.build_spec(meeting, "draft")
    assert not any(secret in q["sql"] for q in queries.captured_queries for secret in ("Aquaflow",))


def test_the_confidential_edition_carries_the_exempt_minutes_on_pages_stamped_exempt(meeting, clerk):
    pages = page_texts(build(meeting, "draft-confidential", clerk))
    text = "\n".join(pages)
    assert "Confidential: not for publication" in pages[0]
    assert EXEMPT_MINUTE in text and EXEMPT_RESOLUTION in text and EXEMPT_INTEREST in text
    exempt_pages = [n for n, page in enumerate(pages) if EXEMPT_MINUTE in page]
    assert exempt_pages and all("Exempt" in pages[n] for n in exempt_pages)
    assert MINUTE in pages[0] and not re.search(r"^\s*Exempt\s*$", pages[0], re.M)  # the public minutes: no stamp


def test_the_pdf_is_titled_tagged_and_in_english(confirmed, clerk):
    content = build(confirmed, "confirmed", clerk)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        with pdf.open_metadata() as meta:
            assert meta.get("dc:title") == "Minutes: Overview and Scrutiny Committee, 15 October 2026 (confirmed)"
        assert str(pdf.docinfo["/Title"]) == "Minutes: Overview and Scrutiny Committee, 15 October 2026 (confirmed)"
        assert str(pdf.Root.Lang) == "en-GB"


def test_the_same_minutes_give_the_same_version(meeting, clerk):
    first = pack_services.build_now(minutes_pack.KIND, meeting, "draft", by=clerk)
    again = pack_services.build_now(minutes_pack.KIND, meeting, "draft", by=clerk)
    assert again.version_id == first.version_id
    minute = meeting.items.get(title="Strategic Commissioning").minute
    services.minute_write(item=minute.item, text=MINUTE + " Members asked about savings.", by=clerk)
    changed = pack_services.build_now(minutes_pack.KIND, meeting, "draft", by=clerk)
    assert changed.version.number == 2


def test_describing_the_minutes_takes_the_same_queries_for_few_and_many_items(
    body, clerk, chair, committee_member, django_assert_num_queries
):
    present = [(chair, AttendanceStatus.PRESENT), (committee_member, AttendanceStatus.PRESENT)]

    def minuted(when, reports):
        held = held_meeting(body, clerk, when, people=present, reports=reports)
        for item in held.items.exclude(kind=ItemKind.EXCLUSION):
            minute = services.minute_write(
                item=item, text=f"Minute of {item.title}", public_summary="Summary", by=clerk
            )
            resolution = services.resolution_add(minute=minute, text="Resolved that it be noted", by=clerk)
            services.vote_record(
                resolution=resolution, result="carried", votes_for=2, votes_against=0, abstentions=0, by=clerk,
                named={chair: "for", committee_member: "for"},
            )  # fmt: skip
            services.declaration_add(
                item=item, person=chair, kind="other_registrable", nature="A governor", left_room=False, by=clerk
            )
        return held

    few, many = minuted(london(2026, 9, 10, 18), 1), minuted(london(2026, 10, 15, 18), 8)
    for edition in ("draft", "draft-confidential"):
        with CaptureQueriesContext(connection) as queries:
            minutes_pack.build_spec(few, edition)
        with django_assert_num_queries(len(queries)):
            minutes_pack.build_spec(many, edition)


# --- In the next meeting's agenda pack, at the minutes item ----------------------------------------


def build_agenda(meeting, edition, by) -> bytes:
    done = pack_services.build_now(packs.KIND, meeting, edition, by=by)
    assert done.status == "done", done.error
    with done.version.file.open("rb") as stored:
        return stored.read()


def test_the_next_agenda_pack_carries_the_minutes_for_approval_at_the_minutes_item(meeting, next_meeting, clerk):
    spec = packs.build_spec(next_meeting, "public")
    item = next_meeting.items.get(kind=ItemKind.MINUTES)
    parts = {part.key: part for part in spec.parts}
    assert parts[f"item-{item.pk}"].template == minutes_pack.TEMPLATE
    assert parts[f"item-{item.pk}"].bookmark == "3. Minutes of the previous meeting"
    agenda_row = next(row for row in parts["agenda"].context["rows"] if row["number"] == 3)
    assert agenda_row["part"] == f"item-{item.pk}"  # the agenda gives the page where the minutes start

    text = text_of(build_agenda(next_meeting, "public", clerk))
    assert "For approval" in text
    assert "Minutes of the meeting of the Overview and Scrutiny Committee held on Thursday 15 October 2026" in text
    assert MINUTE in text and RESOLUTION in text
    assert_nothing_exempt(text)


def test_the_members_confidential_agenda_pack_carries_the_exempt_minutes_stamped(meeting, body, clerk):
    later = MeetingFactory(body=body, starts_at=london(2026, 11, 19, 18))
    services.agenda_insert_standard_items(meeting=later, by=clerk)
    services.agenda_item_add(
        meeting=later, by=clerk, title="Leisure contract: mobilisation", exempt=True, exempt_paragraph=3,
        public_interest_reason="Commercial terms",
    )  # fmt: skip
    services.agenda_publish(meeting=later, by=clerk, today=london(2026, 11, 5).date())
    pages = page_texts(build_agenda(later, "confidential", clerk))
    with_minute = [page for page in pages if EXEMPT_MINUTE in " ".join(page.split())]
    assert with_minute and all("Exempt" in page for page in with_minute)
    assert EXEMPT_MINUTE not in text_of(build_agenda(later, "public", clerk))


def test_without_a_held_previous_meeting_the_minutes_item_has_no_pages(body, clerk):
    first = MeetingFactory(body=body, starts_at=london(2026, 11, 19, 18))
    services.agenda_insert_standard_items(meeting=first, by=clerk)
    services.agenda_publish(meeting=first, by=clerk, today=london(2026, 11, 5).date())
    keys = [part.key for part in packs.build_spec(first, "public").parts]
    assert keys == ["front", "membership", "agenda"]


# --- Who may build and download each edition ------------------------------------------------------


def download(client, meeting, edition):
    return client.get(reverse("packs:download", args=[minutes_pack.KIND, meeting.pk, edition]))


@pytest.fixture
def outsiders(body):
    other_clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", other_clerk, BodyFactory())
    return {"another committee's member": MemberFactory().user, "another committee's clerk": other_clerk}


def test_the_draft_is_for_the_bodys_clerks_only(client, meeting, clerk, committee_member, outsiders):
    build(meeting, "draft", clerk)
    build(meeting, "draft-confidential", clerk)
    authenticator_for(committee_member)
    for edition in ("draft", "draft-confidential"):
        assert download(client, meeting, edition).status_code == 302  # the public: asked to sign in
    for person in (committee_member, *outsiders.values()):
        client.force_login(person)
        for edition in ("draft", "draft-confidential"):
            assert download(client, meeting, edition).status_code == 404
    client.force_login(clerk)
    for edition in ("draft", "draft-confidential"):
        response = download(client, meeting, edition)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_public_editions_are_for_everyone_the_confidential_ones_for_the_committee(
    client, confirmed, clerk, committee_member, outsiders
):
    for edition in ("confirmed", "confirmed-confidential", "for-approval", "for-approval-confidential"):
        build(confirmed, edition, clerk) if edition.startswith("confirmed") else None
    authenticator_for(committee_member)
    assert download(client, confirmed, "confirmed").status_code == 200  # the public
    assert download(client, confirmed, "confirmed-confidential").status_code == 302
    for person in outsiders.values():
        client.force_login(person)
        assert download(client, confirmed, "confirmed").status_code == 200
        assert download(client, confirmed, "confirmed-confidential").status_code == 404
    for person in (committee_member, clerk):
        client.force_login(person)
        assert download(client, confirmed, "confirmed").status_code == 200
        response = download(client, confirmed, "confirmed-confidential")
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_the_edition_for_approval_is_public_once_the_next_agenda_is(client, meeting, next_meeting, clerk):
    build(meeting, "for-approval", clerk)
    assert download(client, meeting, "for-approval").status_code == 200
    assert download(client, meeting, "draft").status_code == 404  # no longer an edition


def test_each_confidential_copy_names_who_downloaded_it_on_the_exempt_pages(client, meeting, clerk):
    build(meeting, "draft-confidential", clerk)
    client.force_login(clerk)
    response = download(client, meeting, "draft-confidential")
    pages = page_texts(b"".join(response.streaming_content))
    exempt = [page for page in pages if EXEMPT_MINUTE in " ".join(page.split())]
    assert exempt and all("Downloaded by Emma Clarke" in page for page in exempt)
    assert "Downloaded by" not in pages[0]
    # The Monitoring Officer's record: who took the exempt minute, in which edition and version.
    logged = ExemptDocumentAccess.objects.get()
    assert (logged.person, logged.item.title, logged.pack_version.edition) == (
        clerk,
        "Leisure contract award",
        "draft-confidential",
    )
    page = client.get(reverse("scrutiny:exempt-access", args=[meeting.pk])).content.decode()
    assert "In the members’ confidential edition of the draft minutes, version 1" in page


def test_a_public_edition_download_records_nothing(client, meeting, next_meeting, clerk):
    build(meeting, "for-approval", clerk)
    assert download(client, meeting, "for-approval").status_code == 200
    assert not ExemptDocumentAccess.objects.exists()


@pytest.mark.real_two_factor
def test_a_confidential_edition_never_opens_on_a_password_alone(client, meeting, clerk):
    build(meeting, "draft-confidential", clerk)
    authenticator_for(clerk)
    client.force_login(clerk)  # the password step only: the session is the public's
    response = download(client, meeting, "draft-confidential")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_only_the_bodys_clerks_build_and_not_the_edition_for_approval_once_confirmed(
    client, confirmed, clerk, committee_member, outsiders
):
    def post(edition):
        return client.post(reverse("packs:build", args=[minutes_pack.KIND, confirmed.pk, edition]))

    for person in (committee_member, outsiders["another committee's clerk"]):
        client.force_login(person)
        assert post("confirmed").status_code == 403
    client.force_login(clerk)
    assert post("confirmed").status_code == 302
    assert post("for-approval").status_code == 403  # the record of what the agenda published
    assert post("draft").status_code == 404


# --- The meeting page and the minutes page ---------------------------------------------------------


def test_the_meeting_and_minutes_pages_link_each_edition_the_person_may_download(
    client, confirmed, clerk, committee_member
):
    build(confirmed, "confirmed", clerk)
    confirmed_url = reverse("packs:download", args=[minutes_pack.KIND, confirmed.pk, "confirmed"])
    confidential_url = reverse("packs:download", args=[minutes_pack.KIND, confirmed.pk, "confirmed-confidential"])
    minutes_url = reverse("scrutiny:minutes", args=[confirmed.pk])
    for url in (confirmed.get_absolute_url(), minutes_url):
        page = client.get(url).content.decode()
        assert "Minutes as a PDF" in page and confirmed_url in page
        assert "Confirmed minutes: members’ confidential edition" not in page
        assert "Rebuild" not in page
    client.force_login(committee_member)
    page = client.get(confirmed.get_absolute_url()).content.decode()
    assert "Confirmed minutes: members’ confidential edition" in page and "Rebuild" not in page
    client.force_login(clerk)
    page = client.get(confirmed.get_absolute_url()).content.decode()
    assert reverse("packs:build", args=[minutes_pack.KIND, confirmed.pk, "confirmed-confidential"]) in page
    assert reverse("packs:build", args=[minutes_pack.KIND, confirmed.pk, "for-approval"]) not in page
    assert f'href="{confidential_url}"' not in page  # not built yet


def test_once_confirmed_an_edition_for_approval_never_built_is_not_listed_as_not_built_yet(
    client, meeting, next_meeting, clerk
):
    # Found by the end-to-end journey: the public saw "Minutes for approval: public edition – Not
    # built yet" beside the confirmed minutes, an edition nobody may build once they are confirmed.
    build(meeting, "for-approval", clerk)  # the public one went out with the next agenda
    services.meeting_mark_held(meeting=next_meeting, by=clerk, now=london(2026, 11, 19, 21))
    services.minutes_confirm(meeting=meeting, confirmed_at_meeting=next_meeting, by=clerk)
    meeting.refresh_from_db()
    build(meeting, "confirmed", clerk)
    box = client.get(meeting.get_absolute_url()).content.decode().split('id="minutes-pdf"')[1]
    assert "Minutes for approval: public edition" in box  # the record of what was published
    assert "Not built yet" not in box
    client.force_login(clerk)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Minutes for approval: public edition" in page
    assert "Minutes for approval: members’ confidential edition" not in page  # never built, never will be
    assert "Confirmed minutes: members’ confidential edition" in page  # not built yet, but the clerk may


def test_the_draft_is_listed_for_the_clerks_only(client, meeting, clerk, committee_member):
    client.force_login(committee_member)
    assert "Minutes as a PDF" not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(clerk)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Draft minutes: public edition" in page
    assert reverse("packs:build", args=[minutes_pack.KIND, meeting.pk, "draft"]) in page


def test_the_minutes_box_adds_no_queries_per_item(body, clerk, django_assert_num_queries):
    from scrutiny.selectors.packs import meeting_minutes_box

    few = held_meeting(body, clerk, london(2026, 9, 10, 18), reports=1)
    many = held_meeting(body, clerk, london(2026, 10, 15, 18), reports=8)
    meeting_minutes_box(clerk, few)  # the person's roles and permissions are read once, then kept
    with CaptureQueriesContext(connection) as queries:
        meeting_minutes_box(clerk, few)
    with django_assert_num_queries(len(queries)):
        meeting_minutes_box(clerk, many)


def test_the_demo_builds_the_source_meetings_minutes_pdf(demo_council, settings):
    settings.DEMO_BUILD_PACKS = True  # as in `make run`
    from council.packs.models import PackVersion
    from scrutiny import demo

    demo.packs.load()
    meeting = demo.packs.demo_meetings()[0]
    versions = {v.edition: v for v in PackVersion.objects.filter(kind=minutes_pack.KIND, object_id=str(meeting.pk))}
    assert versions and sorted(versions) == sorted(minutes_pack.editions(meeting))
    with next(iter(versions.values())).file.open("rb") as stored:
        text = text_of(stored.read())
    assert "Resolved that the report be noted and a Commissioning work plan is brought back" in text
