"""A councillor's "My meetings" (issue 16): the bodies they sit on, their next meetings with the
summons, packs and the papers they may open, and apologies sent in one click. The attacker first."""

import datetime
from datetime import UTC
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.errors import RuleError
from council.roles import Role
from members.models import MembershipRole
from scrutiny import services
from scrutiny.models import Attendance, AttendanceStatus, MeetingStatus, Summons, SupportingDocument
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 2, 22, 10, tzinfo=UTC)  # a Monday
MEETING_AT = datetime.datetime(2027, 3, 10, 18, tzinfo=UTC)
SECRET = "ZEBRA-7 leisure tender prices"
URL = "/my-meetings/"


@pytest.fixture(autouse=True)
def clock():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def seat(body, role=MembershipRole.MEMBER, **names):
    person = MemberFactory(**{f"user__{field}": value for field, value in names.items()}).user
    MembershipFactory(body=body, person=person, role=role)
    return person


def paper(item, title, clerk):
    return SupportingDocument.objects.create(
        item=item, title=title, file="documents/x.pdf", filename="x.pdf", kind="report",
        content_type="application/pdf", size=10, sha256="0" * 64, original_sha256="0" * 64,
        uploaded_by=clerk, position=SupportingDocument.objects.filter(item=item).count() + 1,
    )  # fmt: skip


def published_meeting(body, clerk, callbacks, *, at=MEETING_AT, exempt_title="Leisure contract"):
    meeting = MeetingFactory(body=body, starts_at=at, venue="Council Chamber")
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    exempt = services.agenda_item_add(
        meeting=meeting, by=clerk, title=exempt_title, exempt=True, exempt_paragraph=3,
        public_interest_reason="Tender prices would harm the council's negotiating position",
    )  # fmt: skip
    paper(item, "Commissioning report", clerk)
    paper(exempt, f"{SECRET} {meeting.pk}", clerk)
    with callbacks(execute=True):
        services.agenda_publish(meeting=meeting, by=clerk)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def council(clerk_of, django_capture_on_commit_callbacks):
    scrutiny = BodyFactory(name="Overview and Scrutiny Committee")
    planning = BodyFactory(name="Planning Committee")
    clerk = clerk_of(scrutiny, first_name="Emma", last_name="Clarke")
    planning_clerk = clerk_of(planning)
    ravi = seat(scrutiny, first_name="Ravi", last_name="Patel")
    other = seat(planning, first_name="Jo", last_name="Baines")  # sits on planning only
    sam = seat(scrutiny, MembershipRole.SUBSTITUTE, first_name="Sam", last_name="Ortiz")
    meeting = published_meeting(scrutiny, clerk, django_capture_on_commit_callbacks)
    planning_meeting = published_meeting(
        planning, planning_clerk, django_capture_on_commit_callbacks, exempt_title="Site values"
    )
    return {
        "scrutiny": scrutiny, "planning": planning, "clerk": clerk, "ravi": ravi, "other": other, "sam": sam,
        "meeting": meeting, "planning_meeting": planning_meeting, "callbacks": django_capture_on_commit_callbacks,
    }  # fmt: skip


# --- The attacker first -----------------------------------------------------------------------------


def test_no_one_sees_an_exempt_paper_they_may_not_open_nor_sends_anothers_apologies(council, client):
    c = council
    # A councillor off the committee sees neither its meeting nor its exempt paper.
    client.force_login(c["other"])
    page = client.get(URL).content.decode()
    assert "Planning Committee" in page
    assert f"{SECRET} {c['planning_meeting'].pk}" in page  # their own committee's: they may open it
    assert f"{SECRET} {c['meeting'].pk}" not in page and "Overview and Scrutiny Committee" not in page
    # Nor can they send apologies for it, nor for anyone else (there is no one to choose).
    apologies = reverse("scrutiny:my-apologies", args=[c["meeting"].pk])
    assert client.post(apologies, {"person": c["ravi"].pk}).status_code == 404
    assert not Attendance.objects.filter(meeting=c["meeting"]).exists()
    # Nor open another member's summons.
    summons = Summons.objects.get(meeting=c["meeting"], recipient=c["ravi"])
    assert client.get(reverse("scrutiny:my-summons", args=[summons.pk])).status_code == 404

    # A member who has left the committee no longer sees its exempt papers, nor its meeting.
    c["ravi"].memberships.update(end_date=datetime.date(2027, 2, 1))
    client.force_login(c["ravi"])
    assert SECRET not in client.get(URL).content.decode()

    # An unpublished exempt paper is for the clerks only, even for a member.
    client.force_login(c["sam"])
    later = MeetingFactory(body=c["scrutiny"], starts_at=MEETING_AT + datetime.timedelta(days=30))
    item = services.agenda_item_add(
        meeting=later, by=c["clerk"], title="Unpublished", exempt=True, exempt_paragraph=1,
        public_interest_reason="An individual",
    )  # fmt: skip
    paper(item, "UNPUBLISHED-MARKER", c["clerk"])
    page = client.get(URL).content.decode()
    assert "UNPUBLISHED-MARKER" not in page
    assert f"{SECRET} {c['meeting'].pk}" in page  # published and theirs to open


def test_only_councillors_have_my_meetings(council, client):
    assert client.get(URL)["Location"].startswith(reverse("login"))
    client.force_login(c_officer := UserFactory(roles=[Role.OFFICER]))
    assert client.get(URL).status_code == 403
    assert client.post(reverse("scrutiny:my-apologies", args=[council["meeting"].pk])).status_code == 403
    assert not Attendance.objects.filter(person=c_officer).exists()
    client.force_login(council["ravi"])
    assert client.get(URL).status_code == 200
    assert client.get(reverse("scrutiny:my-apologies", args=[council["meeting"].pk])).status_code == 405


# --- The page ---------------------------------------------------------------------------------------


def test_the_page_lists_bodies_meetings_summons_packs_and_papers(council, client):
    c = council
    client.force_login(c["ravi"])
    page = client.get(URL).content.decode()
    assert "Overview and Scrutiny Committee</a>: Member" in page
    assert "Wednesday 10 March 2027" in page
    summons = Summons.objects.get(meeting=c["meeting"], recipient=c["ravi"])
    assert reverse("scrutiny:my-summons", args=[summons.pk]) in page
    assert "Agenda: public pack: not built yet" in page
    assert "Agenda: members’ confidential pack: not built yet" in page  # a member: entitled
    assert "Commissioning report" in page and f"{SECRET} {c['meeting'].pk}" in page
    assert "Send apologies" in page
    # A summons as it was sent, to its recipient.
    sent = client.get(reverse("scrutiny:my-summons", args=[summons.pk])).content.decode()
    assert "You are summoned to attend the meeting of Overview and Scrutiny Committee" in sent
    assert "Leisure contract" in sent  # a member may read the exempt item's title


def test_a_substitute_is_not_expected_so_sends_no_apologies(council, client):
    client.force_login(council["sam"])
    page = client.get(URL).content.decode()
    assert "Substitute: you attend if a member sends apologies" in page and "Send apologies" not in page
    with pytest.raises(RuleError, match="You are not a member of Overview and Scrutiny Committee"):
        services.attendance_send_apologies(meeting=council["meeting"], by=council["sam"])


def test_apologies_in_one_click_are_recorded_with_history_and_the_clerk_sees_them(council, client):
    c = council
    client.force_login(c["ravi"])
    response = client.post(reverse("scrutiny:my-apologies", args=[c["meeting"].pk]), follow=True)
    page = response.content.decode()
    assert "Your apologies for" in page and "Apologies sent" in page and "Send apologies" not in page
    line = Attendance.objects.get(meeting=c["meeting"], person=c["ravi"])
    assert line.status == AttendanceStatus.APOLOGIES
    latest = line.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (c["ravi"], "Apologies sent by the member")
    # Twice changes nothing.
    client.post(reverse("scrutiny:my-apologies", args=[c["meeting"].pk]))
    assert line.history.count() == 1

    client.force_login(c["clerk"])
    meeting_page = client.get(c["meeting"].get_absolute_url()).content.decode()
    assert "Apologies" in meeting_page and "Ravi Patel" in meeting_page.split("Apologies</dt>")[1].split("</dd>")[0]


def test_apologies_only_before_the_meeting_and_not_for_a_cancelled_one(council):
    c = council
    with pytest.raises(RuleError, match="The meeting has started"):
        services.attendance_send_apologies(meeting=c["meeting"], by=c["ravi"], now=MEETING_AT)
    c["meeting"].status = MeetingStatus.CANCELLED
    c["meeting"].save()
    with pytest.raises(RuleError, match="cancelled"):
        services.attendance_send_apologies(meeting=c["meeting"], by=c["ravi"])
    assert not Attendance.objects.exists()


def test_the_page_keeps_a_constant_number_of_queries(council, client, django_assert_num_queries):
    c = council
    client.force_login(c["ravi"])
    services.attendance_send_apologies(meeting=c["meeting"], by=c["ravi"])
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(1, 6):
        meeting = published_meeting(
            c["scrutiny"], c["clerk"], c["callbacks"], at=MEETING_AT + datetime.timedelta(days=7 * n)
        )
        services.attendance_send_apologies(meeting=meeting, by=c["ravi"])
    with django_assert_num_queries(len(few), info="my meetings"):
        page = client.get(URL).content.decode()
    assert page.count("Apologies sent") == 6


def _stored(meeting, edition, clerk):
    """A stored version of one of the meeting's packs (rows only: what the page lists)."""
    from council.packs.models import PackBuild, PackVersion
    from scrutiny import packs

    build = PackBuild.objects.create(
        kind=packs.KIND, object_id=str(meeting.pk), edition=edition, requested_by=clerk, status="done"
    )
    return PackVersion.objects.create(
        kind=packs.KIND, object_id=str(meeting.pk), edition=edition, number=1, file="packs/x.pdf",
        filename="x.pdf", title="Pack", sha256="0" * 64, size=10, pages=12, inputs_hash="0" * 64,
        built_from=build, created_by=clerk,
    )  # fmt: skip


def test_built_packs_are_links_and_the_confidential_one_asks_for_a_second_factor(council, client):
    c = council
    for edition in ("public", "confidential"):
        _stored(c["meeting"], edition, c["clerk"])
    public = reverse("packs:download", args=["agenda", c["meeting"].pk, "public"])
    confidential = reverse("packs:download", args=["agenda", c["meeting"].pk, "confidential"])
    client.force_login(c["ravi"])
    page = client.get(URL).content.decode()
    assert public in page and confidential in page
    response = client.get(confidential)  # signed in with a password only
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-setup"))

    # A member who has left the committee: neither the meeting nor its confidential pack.
    c["ravi"].memberships.update(end_date=datetime.date(2027, 2, 1))
    page = client.get(URL).content.decode()
    assert confidential not in page and public not in page
