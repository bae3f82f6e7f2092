"""Open data downloads: the attacker's test first (markers planted in exempt information never reach
a file), then what each file holds, its licence, and its query count."""

import csv
import datetime
import io
import json
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from executive import services as executive_services
from record.selectors import open_data
from scrutiny.models import Attendance, AttendanceStatus, MeetingStatus
from tests.exempt_scenario import EXEMPT_TITLE, PREFIX, plant
from tests.factories import (
    BodyFactory,
    CabinetFactory,
    ForwardPlanEntryFactory,
    MeetingFactory,
    MemberFactory,
    UserFactory,
)
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date
DOWNLOADS = [(slug, fmt) for slug in open_data.DATASETS for fmt in ("csv", "json")]
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def download(client, slug, fmt) -> str:
    response = client.get(reverse(f"record:open-data-{slug}-{fmt}"))
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _decision(clerk, **fields):
    fields.setdefault("decision_maker", CabinetFactory())
    fields.setdefault("decided_on", D(2026, 11, 2))
    fields.setdefault("title", "Name the new park")
    fields.setdefault("decision", "To name it Riverside Park.")
    fields.setdefault("reasons", "The residents chose it.")
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)):
        decision = executive_services.decision_record(by=clerk, **fields)
        return executive_services.decision_notice_publish(decision=decision, by=clerk, on=fields["decided_on"])


def test_nothing_exempt_reaches_any_open_data_file(client):
    scenario = plant().confirm()
    clerk = UserFactory(roles=["Democratic Services"])
    _decision(
        clerk, title="Award the leisure contract", exempt_paragraph=3, exempt_part=f"{PREFIX} the tendered prices"
    )
    _decision(clerk, title="Name the new park")
    for slug, fmt in DOWNLOADS:
        text = download(client, slug, fmt)
        assert PREFIX not in text, (slug, fmt)
        # No agenda item's title (exempt or not) is in the files: they hold meetings, not business.
        assert EXEMPT_TITLE not in text, (slug, fmt)
    meetings = json.loads(download(client, "meetings", "json"))["records"]
    assert scenario.meeting.pk in [record["id"] for record in meetings]
    decisions = json.loads(download(client, "decisions", "json"))["records"]
    assert {record["matter"] for record in decisions} == {"Award the leisure contract", "Name the new park"}


def test_a_signed_in_member_downloads_the_same_public_files(client_for):
    scenario = plant().confirm()
    signed_in = client_for(scenario.member)
    for slug, fmt in DOWNLOADS:
        assert PREFIX not in download(signed_in, slug, fmt)


def test_meetings_are_public_bodies_published_or_held_only(client):
    public = BodyFactory(name="Planning Committee", kind="committee")
    internal = BodyFactory(name="Budget Working Group", kind="working_group")
    shown = MeetingFactory(body=public, status=MeetingStatus.AGENDA_PUBLISHED, starts_at=london(2026, 1, 5))
    MeetingFactory(body=public, status=MeetingStatus.SCHEDULED)
    MeetingFactory(body=public, status=MeetingStatus.CANCELLED)
    MeetingFactory(body=internal, status=MeetingStatus.MINUTES_CONFIRMED)
    records = json.loads(download(client, "meetings", "json"))["records"]
    assert [(record["id"], record["committee"], record["date"]) for record in records] == [
        (shown.pk, "Planning Committee", "2026-01-05")
    ]


def test_attendance_is_one_line_per_person_per_held_public_meeting(client):
    public = BodyFactory(name="Planning Committee", kind="committee")
    internal = BodyFactory(kind="working_group")
    meeting = MeetingFactory(body=public, status=MeetingStatus.HELD, starts_at=london(2026, 1, 5))
    hidden = MeetingFactory(body=internal, status=MeetingStatus.HELD, starts_at=london(2026, 1, 6))
    anne = MemberFactory(user__first_name="Anne", user__last_name="Cole")
    ravi = MemberFactory(user__first_name="Ravi", user__last_name="Patel")
    Attendance.objects.create(meeting=meeting, person=anne.user, status=AttendanceStatus.APOLOGIES)
    Attendance.objects.create(
        meeting=meeting, person=ravi.user, status=AttendanceStatus.PRESENT, substitute_for=anne.user
    )
    Attendance.objects.create(meeting=hidden, person=anne.user, status=AttendanceStatus.PRESENT)
    rows = list(csv.reader(io.StringIO(download(client, "attendance", "csv"))))
    assert rows == [
        ["Meeting ID", "Committee", "Date", "Person", "Councillor ID", "Attendance", "Substitute for"],
        [str(meeting.pk), "Planning Committee", "2026-01-05", "Anne Cole", str(anne.pk), "Apologies", ""],
        [str(meeting.pk), "Planning Committee", "2026-01-05", "Ravi Patel", str(ravi.pk), "Present", "Anne Cole"],
    ]


def test_decisions_are_published_notices_only():
    clerk = UserFactory(roles=["Democratic Services"])
    _decision(clerk, title="Name the new park")
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)):
        executive_services.decision_record(
            by=clerk,
            decision_maker=CabinetFactory(),
            decided_on=D(2026, 11, 3),
            title="Not yet published",
            decision="To wait.",
            reasons="Not yet.",
        )
    matters = [record["matter"] for record in open_data.DATASETS["decisions"].records()]
    assert matters == ["Name the new park"]


def test_the_forward_plan_is_the_latest_edition_as_published(client):
    clerk = UserFactory(roles=["Democratic Services"])
    first = ForwardPlanEntryFactory(title="Re-commission home care")
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)):
        from executive.services import forward_plan_publish

        forward_plan_publish(by=clerk, include=[first])
        second = ForwardPlanEntryFactory(title="Close the depot")
        forward_plan_publish(by=clerk, include=[second])
    ForwardPlanEntryFactory(title="A draft nobody has seen")
    document = json.loads(download(client, "forward-plan", "json"))
    assert sorted((record["edition"], record["matter"]) for record in document["records"]) == [
        (2, "Close the depot"),
        (2, "Re-commission home care"),
    ]
    assert "A draft nobody has seen" not in download(client, "forward-plan", "csv")


def test_every_file_names_the_open_government_licence(client):
    for slug in open_data.DATASETS:
        document = json.loads(download(client, slug, "json"))
        assert document["licence"] == {"name": "Open Government Licence v3.0", "url": OGL}
        response = client.get(reverse(f"record:open-data-{slug}-csv"))
        assert response["Link"] == f'<{OGL}>; rel="license"'
        assert response["Content-Type"] == "text/csv; charset=utf-8"
    page = client.get(reverse("record:open-data")).content.decode()
    assert "Open Government Licence v3.0" in page and OGL in page
    for slug in open_data.DATASETS:
        assert reverse(f"record:open-data-{slug}-csv") in page


def test_an_unknown_dataset_is_not_found(client):
    assert client.get("/open-data/nothing.csv").status_code == 404
    assert client.get("/open-data/meetings.xml").status_code == 404


def test_csv_cells_cannot_run_as_formulas(client):
    body = BodyFactory(name="=HYPERLINK(1)", kind="committee")
    MeetingFactory(body=body, status=MeetingStatus.AGENDA_PUBLISHED)
    assert "'=HYPERLINK(1)" in download(client, "meetings", "csv")


def test_each_file_is_a_fixed_number_of_queries(client, django_assert_num_queries):
    public = BodyFactory(kind="committee")
    clerk = UserFactory(roles=["Democratic Services"])

    def grow():
        meeting = MeetingFactory(body=public, status=MeetingStatus.HELD, starts_at=timezone.now())
        Attendance.objects.create(meeting=meeting, person=MemberFactory().user, status=AttendanceStatus.PRESENT)
        _decision(clerk, title=f"Decision {meeting.pk}")

    grow()
    counts = {}
    for slug, fmt in DOWNLOADS:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        download(client, slug, fmt)  # warm the caches first
        with CaptureQueriesContext(connection) as queries:
            download(client, slug, fmt)
        counts[(slug, fmt)] = len(queries)
    for _ in range(4):
        grow()
    for slug, fmt in DOWNLOADS:
        with django_assert_num_queries(counts[(slug, fmt)]):
            download(client, slug, fmt)
