"""The ModernGov-compatible web service (/mgWebService.asmx/<Method>): ModernGov's shapes, ids that
stay ModernGov's for what was imported, only what the public may read, ASMX-like errors, and queries
that do not grow with the rows."""

import datetime
from unittest import mock
from xml.etree import ElementTree as ET

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Body, BodyKind, Member
from moderngov.models import ExternalRef
from moderngov.selectors.webservice import OFFSET
from moderngov.services.parsing import Source, read
from moderngov.services.runs import import_sources
from scrutiny import services
from scrutiny.models import AttendanceStatus, Meeting
from tests.exempt_scenario import EXEMPT_TITLE, FAIR_SUMMARY, PREFIX, plant, upload
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory, WardFactory
from tests.factories.members import PartyFactory
from tests.factories.scrutiny import london
from tests.moderngov_kit import generated

pytestmark = pytest.mark.django_db

BASE = "/mgWebService.asmx/"


@pytest.fixture(autouse=True)
def now():
    """1 June 2026, noon: nothing here depends on the day the tests run."""
    with mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(datetime.datetime(2026, 6, 1, 12))):
        yield


def call(client, method: str, method_kind: str = "get", **params) -> ET.Element:
    response = getattr(client, method_kind)(BASE + method, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def texts(element: ET.Element, path: str) -> list[str]:
    return [(found.text or "").strip() for found in element.findall(path)]


def publish(meeting, clerk, *titles, **item_fields):
    items = [services.agenda_item_add(meeting=meeting, by=clerk, title=title, **item_fields) for title in titles]
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    return items


@pytest.fixture
def clerk():
    return UserFactory(roles=["Administrator"])


def test_get_committees_lists_public_bodies_by_name_with_ids_clear_of_modernGov_ids(client):
    audit = BodyFactory(name="Audit Committee", kind=BodyKind.COMMITTEE)
    old = BodyFactory(name="Appointments Panel", kind=BodyKind.COMMITTEE, end_date=datetime.date(2020, 5, 1))
    BodyFactory(name="Leader's Working Group", kind=BodyKind.WORKING_GROUP)  # not public
    root = call(client, "GetCommittees")
    assert root.tag == "committees"
    assert root.findtext("committeescount") == " 2"
    assert [child.tag for child in root.find("committee")] == [
        "committeeid",
        "committeetitle",
        "committeedeleted",
        "committeeexpired",
        "committeecategory",
    ]
    assert texts(root, "committee/committeetitle") == ["Appointments Panel", "Audit Committee"]
    assert texts(root, "committee/committeeid") == [str(OFFSET + old.pk), str(OFFSET + audit.pk)]
    assert texts(root, "committee/committeeexpired") == ["True", "False"]
    assert texts(root, "committee/committeedeleted") == ["False", "False"]


def test_get_meetings_between_two_days_in_modernGov_formats(client, clerk):
    body = BodyFactory(name="Audit Committee", kind=BodyKind.COMMITTEE)
    first = MeetingFactory(body=body, starts_at=london(2026, 1, 13, 10, 0))
    second = MeetingFactory(body=body, starts_at=london(2026, 2, 10, 18, 30))
    services.meeting_cancel(meeting=first, reason="No business", by=clerk)
    MeetingFactory(body=body, starts_at=london(2026, 4, 1))  # after the range
    root = call(client, "GetMeetings", lCommitteeId=OFFSET + body.pk, sFromDate="01/01/2026", sToDate="10/02/2026")
    assert root.tag == "getmeetings"
    assert [child.tag for child in root] == ["meetingscount", "committeescount", "committee"]
    assert (root.findtext("meetingscount"), root.findtext("committeescount")) == (" 2", " 1")
    committee = root.find("committee")
    assert [child.tag for child in committee] == [
        "committeeid",
        "committeetitle",
        "committeemeetingcount",
        "committeemeetings",
    ]
    meetings = committee.findall("committeemeetings/meeting")
    assert [[(c.tag, c.text) for c in m] for m in meetings] == [
        [
            ("meetingid", str(OFFSET + first.pk)),
            ("meetingdate", "13/01/2026"),
            ("meetingstatus", "Cancelled"),
            ("meetingtime", "10.00 am"),
            ("iswebcast", "False"),
        ],
        [
            ("meetingid", str(OFFSET + second.pk)),
            ("meetingdate", "10/02/2026"),
            ("meetingstatus", "Confirmed"),
            ("meetingtime", "6.30 pm"),
            ("iswebcast", "False"),
        ],
    ]


def test_get_meetings_of_a_private_or_unknown_body_is_empty(client):
    private = BodyFactory(kind=BodyKind.WORKING_GROUP)
    MeetingFactory(body=private, starts_at=london(2026, 1, 13))
    for committee_id in (OFFSET + private.pk, 4, private.pk):
        root = call(client, "GetMeetings", lCommitteeId=committee_id, sFromDate="01/01/2026", sToDate="31/12/2026")
        assert (root.findtext("meetingscount"), root.findtext("committeescount")) == (" 0", " 0")
        assert root.find("committee") is None


def test_get_all_meetings_by_date_lists_every_public_body(client):
    audit = BodyFactory(kind=BodyKind.COMMITTEE)
    scrutiny = BodyFactory()
    private = BodyFactory(kind=BodyKind.PROGRAMME_BOARD)
    later = MeetingFactory(body=audit, starts_at=london(2026, 3, 2))
    earlier = MeetingFactory(body=scrutiny, starts_at=london(2026, 3, 1, 9, 0))
    MeetingFactory(body=private, starts_at=london(2026, 3, 1))
    root = call(client, "GetAllMeetingsByDate", sFromDate="01/03/2026", sToDate="31/03/2026")
    assert root.tag == "getmeetingsbydate"
    assert root.findtext("meetingscount") == " 2"
    assert [child.tag for child in root.find("meetings/meeting")] == [
        "meetingid",
        "meetingdate",
        "meetingstatus",
        "meetingtime",
        "committeeid",
    ]
    assert texts(root, "meetings/meeting/meetingid") == [str(OFFSET + earlier.pk), str(OFFSET + later.pk)]
    assert texts(root, "meetings/meeting/committeeid") == [str(OFFSET + scrutiny.pk), str(OFFSET + audit.pk)]
    assert texts(root, "meetings/meeting/meetingtime") == ["9.00 am", "6.00 pm"]
    newest_first = call(
        client, "GetAllMeetingsByDate", sFromDate="01/03/2026", sToDate="31/03/2026", bIsAscendingDateOrder="false"
    )
    assert texts(newest_first, "meetings/meeting/meetingid") == [str(OFFSET + later.pk), str(OFFSET + earlier.pk)]
    one = call(
        client, "GetAllMeetingsByDate", sFromDate="01/03/2026", sToDate="31/03/2026", lCommitteeId=OFFSET + audit.pk
    )
    assert texts(one, "meetings/meeting/meetingid") == [str(OFFSET + later.pk)]


def test_get_meeting_gives_the_published_agenda_papers_and_register(client, clerk, settings):
    settings.SITE_URL = "https://democracy.example.gov.uk"
    body = BodyFactory(name="Audit Committee", kind=BodyKind.COMMITTEE)
    chair = MemberFactory(party=PartyFactory(name="Labour", abbreviation="LAB"), ward=WardFactory(name="Castle"))
    MembershipFactory(body=body, person=chair.user, role="chair")
    meeting = MeetingFactory(
        body=body, starts_at=london(2030, 2, 10, 10, 0), ends_at=london(2030, 2, 10, 14, 0), venue="Council Chamber"
    )
    minutes, report = publish(meeting, clerk, "Minutes", "Work Programme & Risks")
    services.agenda_item_add(meeting=meeting, by=clerk, title="Not yet published")
    root = call(client, "GetMeeting", lMeetingId=OFFSET + meeting.pk)
    assert [child.tag for child in root] == [
        "meetingid",
        "meetingdate",
        "meetingstatus",
        "isdisplayallowed",
        "meetingtime",
        "meetingactualstarttime",
        "meetingplannedfinishtime",
        "meetingactualfinishtime",
        "meetinglocation",
        "iswebcast",
        "agendaid",
        "agendapublished",
        "decisionpublished",
        "minutepublished",
        "meetingroom",
        "agendaitems",
        "attendees",
    ]
    assert root.findtext("meetingdate") == "10/02/2030"
    assert root.findtext("meetingplannedfinishtime") == "2.00 pm"
    assert root.findtext("meetinglocation") == "Council Chamber"
    assert (root.findtext("agendapublished"), root.findtext("minutepublished")) == ("True", "False")
    assert texts(root, "agendaitems/agendaitem/agendaitemtitle") == ["Minutes", "Work Programme & Risks"]
    assert texts(root, "agendaitems/agendaitem/agendaitemid") == [str(OFFSET + minutes.pk), str(OFFSET + report.pk)]
    assert texts(root, "agendaitems/agendaitem/fulldisplaynumberformat") == ["1.", "2."]
    assert texts(root, "agendaitems/agendaitem/isrestricted") == ["False", "False"]
    attendee = root.find("attendees/attendee")
    assert attendee.attrib == {
        "membertype": "U",
        "memberid": str(OFFSET + chair.pk),
        "name": f"Councillor {chair.user.get_full_name()}",
        "roledescription": "Chair",
        "attendance": "Expected",
        "politicalparty": "LAB",
        "ward": "Castle",
    }
    assert attendee.findtext("url") == f"https://democracy.example.gov.uk/councillors/{chair.pk}/"


def test_get_meeting_of_a_private_or_unknown_meeting_is_an_empty_meeting(client):
    private = MeetingFactory(body=BodyFactory(kind=BodyKind.WORKING_GROUP))
    for meeting_id in (OFFSET + private.pk, 77):
        root = call(client, "GetMeeting", lMeetingId=meeting_id)
        assert root.tag == "meeting" and len(root) == 0


def test_get_councillors_by_ward_gives_serving_public_councillors(client, settings):
    castle = WardFactory(name="Castle")
    abbey = WardFactory(name="Abbey")
    WardFactory(name="Old Ward", retired_on=datetime.date(2020, 1, 1))
    jones = MemberFactory(
        ward=castle,
        user__first_name="Ann",
        user__last_name="Jones",
        party=PartyFactory(name="Green Party"),
        public_email="ann.jones@council.example",
        postal_address="Town Hall\nHigh Street",
        term_starts_on=datetime.date(2023, 5, 8),
        term_ends_on=datetime.date(2027, 5, 9),
    )
    MemberFactory(ward=castle, user__last_name="Adams", is_public=False)
    MemberFactory(ward=castle, user__last_name="Brown", term_ends_on=datetime.date(2020, 5, 1))  # former
    root = call(client, "GetCouncillorsByWard")
    assert root.tag == "councillorsbyward"
    assert texts(root, "wards/ward/wardtitle") == ["Abbey", "Castle"]
    ward = root.findall("wards/ward")[1]
    assert ward.findtext("councillors/councillorcount") == " 1"
    councillor = ward.find("councillors/councillor")
    assert [child.tag for child in councillor] == [
        "councillorid",
        "fullusername",
        "photosmallurl",
        "photobigurl",
        "politicalpartytitle",
        "districttitle",
        "representing",
        "keyposts",
        "workaddress",
        "homeaddress",
        "termsofoffice",
    ]
    assert councillor.findtext("councillorid") == str(OFFSET + jones.pk)
    assert councillor.findtext("fullusername") == "Councillor Ann Jones"
    assert councillor.findtext("politicalpartytitle") == "Green Party"
    assert [(c.tag, c.text) for c in councillor.find("workaddress")] == [
        ("line1", "Town Hall"),
        ("line2", "High Street"),
        ("email", "ann.jones@council.example"),
    ]
    assert len(councillor.find("homeaddress")) == 0 and not (councillor.findtext("homeaddress") or "").strip()
    assert [(c.tag, c.text) for c in councillor.find("termsofoffice/termofoffice")] == [
        ("startdate", "08/05/2023"),
        ("enddate", "09/05/2027"),
    ]
    one = call(client, "GetCouncillorsByWardId", lWardId=OFFSET + abbey.pk)
    assert texts(one, "wards/ward/wardtitle") == ["Abbey"]
    assert one.findtext("wards/ward/councillors/councillorcount") == " 0"
    assert call(client, "GetCouncillorsByWardId", lWardId=3).find("wards/ward") is None


def test_post_form_encoded_answers_as_get_without_a_csrf_token(clerk):
    body = BodyFactory(kind=BodyKind.COMMITTEE)
    MeetingFactory(body=body, starts_at=london(2026, 1, 13))
    strict = Client(enforce_csrf_checks=True)
    params = {"lCommitteeId": OFFSET + body.pk, "sFromDate": "01/01/2026", "sToDate": "31/01/2026"}
    posted = strict.post(BASE + "GetMeetings", params)
    assert posted.status_code == 200
    assert posted.content == strict.get(BASE + "GetMeetings", params).content
    # Parameter and method names are matched without regard to case, as ASMX matches them.
    lower = strict.get(
        BASE + "getmeetings", {"lcommitteeid": OFFSET + body.pk, "sfromdate": "1/1/2026", "stodate": "31/1/2026"}
    )
    assert lower.content == posted.content


@pytest.mark.parametrize(
    ("method", "params", "status", "message"),
    [
        ("GetAgenda", {}, 404, "Request format is unrecognized for URL unexpectedly ending in '/GetAgenda'."),
        ("GetMeeting", {}, 400, "Missing parameter: lMeetingId."),
        ("GetMeeting", {"lMeetingId": "abc"}, 400, "Cannot convert abc to System.Int32."),
        ("GetMeetings", {"lCommitteeId": "1", "sToDate": "01/01/2026"}, 400, "Missing parameter: sFromDate."),
        (
            "GetMeetings",
            {"lCommitteeId": "1", "sFromDate": "2026-01-01", "sToDate": "x"},
            400,
            "Cannot convert 2026-01-01",
        ),
        ("GetAllMeetingsByDate", {"sFromDate": "31/02/2026", "sToDate": "01/03/2026"}, 400, "System.DateTime"),
        ("GetCouncillorsByWardId", {}, 400, "Missing parameter: lWardId."),
        ("GetMeeting", {"lMeetingId": "9999999999"}, 400, "Value was either too large or too small for an Int32."),
        ("GetAllMeetingsByDate", {"sFromDate": "01/01/0001", "sToDate": "31/12/9999"}, 400, "System.DateTime"),
        (
            "GetAllMeetingsByDate",
            {"sFromDate": "01/01/2026", "sToDate": "01/02/2026", "bIsAscendingDateOrder": "1"},
            400,
            "System.Boolean",
        ),
    ],
)
def test_unknown_methods_and_bad_parameters_are_refused_in_plain_text(client, method, params, status, message):
    response = client.get(BASE + method, params)
    assert response.status_code == status
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


def test_only_read_methods_are_allowed(client):
    assert client.put(BASE + "GetCommittees").status_code == 405
    assert client.delete(BASE + "GetCommittees").status_code == 405


def test_a_signed_in_clerk_is_answered_as_the_public(client, clerk):
    body = BodyFactory(kind=BodyKind.COMMITTEE)
    meeting = MeetingFactory(body=body, starts_at=london(2030, 2, 10))
    services.agenda_item_add(meeting=meeting, by=clerk, title="A draft the clerk may see")
    client.force_login(clerk)
    root = call(client, "GetMeeting", lMeetingId=OFFSET + meeting.pk)
    assert root.find("agendaitems/agendaitem") is None
    assert root.findtext("agendapublished") == "False"


def test_attendance_is_given_once_recorded(client, clerk):
    body = BodyFactory(kind=BodyKind.COMMITTEE)
    member = MemberFactory()
    MembershipFactory(body=body, person=member.user)
    meeting = MeetingFactory(body=body, starts_at=london(2026, 2, 10))
    services.attendance_record(
        meeting=meeting, entries=[(member.user, AttendanceStatus.APOLOGIES, None, "")], by=clerk, today=meeting.date
    )
    root = call(client, "GetMeeting", lMeetingId=OFFSET + meeting.pk)
    assert root.find("attendees/attendee").get("attendance") == "Apologies"
    assert root.find("attendees/attendee").get("roledescription") == "Committee Member"


# --- Exempt information: the attacker's test ------------------------------------------------------------


def every_call(s) -> list[tuple[str, dict]]:
    day = s.meeting.date
    around = {
        "sFromDate": f"{day - datetime.timedelta(days=60):%d/%m/%Y}",
        "sToDate": f"{day + datetime.timedelta(days=60):%d/%m/%Y}",
    }
    meetings = [s.meeting, *([s.later] if s.later else [])]
    wards = {m.ward_id for m in Member.objects.all()}
    return [
        ("GetCommittees", {}),
        ("GetMeetings", {"lCommitteeId": OFFSET + s.body.pk, **around}),
        ("GetAllMeetingsByDate", around),
        ("GetAllMeetingsByDate", {"lCommitteeId": OFFSET + s.body.pk, **around}),
        *(("GetMeeting", {"lMeetingId": OFFSET + meeting.pk}) for meeting in meetings),
        ("GetCouncillorsByWard", {}),
        *(("GetCouncillorsByWardId", {"lWardId": OFFSET + ward}) for ward in wards),
    ]


@pytest.mark.parametrize("confirmed", [False, True], ids=["draft minutes", "confirmed minutes"])
def test_no_method_gives_exempt_content_to_anyone(client, confirmed):
    s = plant()
    if confirmed:
        s.confirm()
    # The public, a councillor off the committee, and even its own member and clerk: the web service
    # answers everyone as the public.
    for person in (None, s.outsider, s.member, s.clerk):
        client.logout()
        if person is not None:
            client.force_login(person)
        for method, params in every_call(s):
            for send in (client.get, client.post):
                response = send(BASE + method, params)
                assert response.status_code == 200, (method, response.content)
                assert PREFIX not in response.content.decode(), (method, params, person)
    client.logout()
    root = call(client, "GetMeeting", lMeetingId=OFFSET + s.meeting.pk)
    items = {item.findtext("agendaitemtitle"): item for item in root.findall("agendaitems/agendaitem")}
    exempt = items[EXEMPT_TITLE]  # the title and that it is exempt are public by law
    assert exempt.findtext("isrestricted") == "True"
    assert exempt.find("linkeddocuments/linkeddoc") is None
    assert (exempt.findtext("minutesnonemptyhtmlbody") or "").strip() == (f"<p>{FAIR_SUMMARY}</p>" if confirmed else "")
    public = items["Strategic Commissioning"]
    assert public.findtext("isrestricted") == "False"
    assert (public.findtext("minutesnonemptyhtmlbody") or "").strip() == (
        "<p>The report was introduced and noted.</p>" if confirmed else ""
    )
    assert root.findtext("minutepublished") == ("True" if confirmed else "False")
    (paper,) = public.findall("linkeddocuments/linkeddoc")
    assert paper.findtext("title") == "Report on commissioning"
    address = paper.findtext("url")
    assert address.startswith(settings.SITE_URL)
    assert client.get(address.removeprefix(settings.SITE_URL)).status_code == 200  # the public may open it


# --- Queries that do not grow with the rows --------------------------------------------------------------


def _queries(client, method, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        call(client, method, **params)
    return len(queries)


def _council(clerk, size: int):
    body = BodyFactory(kind=BodyKind.COMMITTEE)
    for _ in range(size):
        member = MemberFactory()
        MembershipFactory(body=body, person=member.user)
    meetings = [MeetingFactory(body=body, starts_at=london(2030, 1 + n % 12, 1 + n % 27)) for n in range(size)]
    meeting = meetings[0]
    for n in range(size):
        item = services.agenda_item_add(meeting=meeting, by=clerk, title=f"Report {n}")
        services.document_add(item=item, upload=upload("report.pdf"), title=f"Paper {n}", kind="report", by=clerk)
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    return body, meeting


def test_queries_do_not_grow_with_meetings_items_papers_or_councillors(client, clerk, django_assert_num_queries):
    small_body, small_meeting = _council(clerk, 1)
    calls = lambda body, meeting: [  # noqa: E731
        ("GetCommittees", {}),
        ("GetMeetings", {"lCommitteeId": OFFSET + body.pk, "sFromDate": "01/01/2030", "sToDate": "31/12/2030"}),
        ("GetAllMeetingsByDate", {"sFromDate": "01/01/2030", "sToDate": "31/12/2030"}),
        ("GetMeeting", {"lMeetingId": OFFSET + meeting.pk}),
        ("GetCouncillorsByWard", {}),
    ]
    counts = [_queries(client, method, **params) for method, params in calls(small_body, small_meeting)]
    big_body, big_meeting = _council(clerk, 12)
    for (method, params), count in zip(calls(big_body, big_meeting), counts, strict=True):
        with django_assert_num_queries(count):
            root = call(client, method, **params)
        if method == "GetMeetings":
            assert root.findtext("meetingscount") == " 12"
        if method == "GetMeeting":
            assert len(root.findall("agendaitems/agendaitem/linkeddocuments/linkeddoc")) == 12
            assert len(root.findall("attendees/attendee")) == 12


# --- Ids: ModernGov's for what was imported, ours (clear of them) for the rest -----------------------------


def test_imported_records_answer_to_modernGov_ids_and_only_to_them(client, clerk):
    import_sources(sources=generated(1))  # committee 1, its meetings 101 and 102, items 1010-1012 and 1020-1022
    imported = Body.objects.get(name="Committee 1")
    imported.kind = BodyKind.COMMITTEE  # the import guessed "committee" already; said here so the test reads
    imported.save()
    ours = BodyFactory(name="Planning Committee", kind=BodyKind.COMMITTEE)
    root = call(client, "GetCommittees")
    assert texts(root, "committee/committeeid") == ["1", str(OFFSET + ours.pk)]
    dates = {"sFromDate": "01/01/2030", "sToDate": "31/12/2030"}
    by_modern_gov_id = call(client, "GetMeetings", lCommitteeId=1, **dates)
    assert texts(by_modern_gov_id, "committee/committeemeetings/meeting/meetingid") == ["101", "102"]
    # One id per record: an imported committee is not found by its id here as well.
    by_our_id = call(client, "GetMeetings", lCommitteeId=OFFSET + imported.pk, **dates)
    assert by_our_id.find("committee") is None
    meeting = Meeting.objects.get(pk=ExternalRef.objects.get(kind="meeting", external_id="101").object_id)
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    detail = call(client, "GetMeeting", lMeetingId=101)
    assert texts(detail, "agendaitems/agendaitem/agendaitemid") == ["1010", "1011", "1012"]
    assert texts(detail, "agendaitems/agendaitem/linkeddocuments/linkeddoc/attachmentid") == ["10100", "10110", "10120"]
    assert {a.get("memberid") for a in detail.findall("attendees/attendee")} == {"1003", "1004"}
    assert call(client, "GetMeeting", lMeetingId=OFFSET + meeting.pk).find("meetingid") is None
    # A record made here later is answered with its own id, and found by it.
    later = MeetingFactory(body=imported, starts_at=london(2030, 6, 1))
    assert texts(
        call(client, "GetMeetings", lCommitteeId=1, **dates), "committee/committeemeetings/meeting/meetingid"
    ) == [
        "101",
        "102",
        str(OFFSET + later.pk),
    ]
    assert call(client, "GetMeeting", lMeetingId=OFFSET + later.pk).findtext("meetingid") == str(OFFSET + later.pk)


def test_text_is_escaped_and_characters_xml_cannot_carry_are_left_out(client, clerk):
    body = BodyFactory(name="Audit & <Risk> Committee", kind=BodyKind.COMMITTEE)
    meeting = MeetingFactory(body=body, starts_at=london(2030, 2, 10), venue='Room "A" \x0b& <b>Hall</b>')
    publish(meeting, clerk, "Fees &amp; charges <script>alert(1)</script>\x07")
    response = client.get(BASE + "GetMeeting", {"lMeetingId": OFFSET + meeting.pk})
    assert b"<script>" not in response.content and b"\x07" not in response.content and b"\x0b" not in response.content
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    item = root.find("agendaitems/agendaitem")
    assert item.findtext("agendaitemtitle") == "Fees &amp; charges <script>alert(1)</script>"
    assert item.findtext("refertocommittee") == "Audit & <Risk> Committee"
    assert root.findtext("meetinglocation") == 'Room "A" & <b>Hall</b>'


def test_a_modernGov_reader_reads_what_is_served(client, clerk):
    """The import is itself a reader of ModernGov's XML: it reads every answer of a council made here."""
    body = BodyFactory(name="Audit Committee", kind=BodyKind.COMMITTEE)
    member = MemberFactory(ward=WardFactory(name="Castle"), party=PartyFactory(name="Labour", abbreviation="LAB"))
    MembershipFactory(body=body, person=member.user, role="chair")
    meeting = MeetingFactory(body=body, starts_at=london(2030, 2, 10, 10, 0), ends_at=london(2030, 2, 10, 12, 0))
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Internal audit plan")
    services.document_add(item=item, upload=upload("plan.pdf"), title="Plan", kind="report", by=clerk)
    services.agenda_publish(meeting=meeting, by=clerk, today=datetime.date(2030, 1, 20))
    dates = {"sFromDate": "01/01/2030", "sToDate": "31/12/2030"}
    answers = {
        "committees.xml": client.get(BASE + "GetCommittees").content,
        "meetings.xml": client.get(BASE + "GetMeetings", {"lCommitteeId": OFFSET + body.pk, **dates}).content,
        "by-date.xml": client.get(BASE + "GetAllMeetingsByDate", dates).content,
        "meeting.xml": client.get(BASE + "GetMeeting", {"lMeetingId": OFFSET + meeting.pk}).content,
        "wards.xml": client.get(BASE + "GetCouncillorsByWard").content,
    }
    snapshot = read(Source(name, content) for name, content in answers.items())
    assert [c.title for c in snapshot.committees.values()] == ["Audit Committee"]
    (summary,) = snapshot.meetings.values()
    assert (summary.date, summary.time, summary.status) == (datetime.date(2030, 2, 10), datetime.time(10), "Confirmed")
    (detail,) = snapshot.details.values()
    assert detail.planned_finish == datetime.time(12) and detail.location == meeting.venue
    assert [i.title for i in detail.items] == ["Internal audit plan"]
    assert [d.title for d in detail.items[0].documents] == ["Plan"]
    assert [(a.name, a.role, a.party_code, a.ward) for a in detail.attendees] == [
        (f"Councillor {member.user.get_full_name()}", "Chair", "LAB", "Castle")
    ]
    assert [(c.name, c.party) for c in snapshot.wards["Castle"].councillors] == [
        (f"Councillor {member.user.get_full_name()}", "Labour")
    ]
