"""The publication clock without holes (LGA 1972 s.100B): a moved meeting, late items, urgency
with the Chair's agreement, minutes only of published business, and a record nobody can rewrite."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from council import calendar, permissions
from council.errors import RuleError
from council.roles import Role
from members.models import BodyKind, MembershipRole
from scrutiny import packs, services
from scrutiny.models import MeetingDateChange, MeetingStatus, Minute, Publication
from scrutiny.services.agenda import record_bytes
from tests.factories import MeetingFactory, MembershipFactory, UserFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date
SIX_PM = datetime.time(18)


@pytest.fixture
def clerk():
    return UserFactory(first_name="Emma", last_name="Clarke", roles=[Role.DEMOCRATIC_SERVICES])


@pytest.fixture
def meeting():
    # Thursday 10 December 2026.
    return MeetingFactory(starts_at=london(2026, 12, 10, 18))


@pytest.fixture
def chair(meeting):
    person = UserFactory(first_name="Ruth", last_name="Pennington")
    MembershipFactory(body=meeting.body, person=person, role=MembershipRole.CHAIR)
    return person


def add(meeting, clerk, title="Strategic Commissioning", **fields):
    return services.agenda_item_add(meeting=meeting, by=clerk, title=title, **fields)


def publish(meeting, clerk, on, **kwargs):
    add(meeting, clerk)
    return services.agenda_publish(meeting=meeting, by=clerk, today=on, **kwargs)


def move(meeting, clerk, day, today, **urgency):
    return services.meeting_reschedule(
        meeting=meeting, day=day, start_time=SIX_PM, venue="Council Chamber", by=clerk, today=today, **urgency
    )


# --- A change of date re-checks the clock -----------------------------------------------------


def test_moving_a_published_meeting_to_one_clear_day_away_is_refused(meeting, clerk):
    publish(meeting, clerk, D(2026, 12, 2))  # five clear working days before 10 December
    with pytest.raises(RuleError) as refused:
        move(meeting, clerk, D(2026, 12, 4), today=D(2026, 12, 2))
    assert refused.value.field == "urgent_reason"
    assert "would give 1 clear working day" in refused.value.message
    meeting.refresh_from_db()
    assert meeting.date == D(2026, 12, 10)
    assert not MeetingDateChange.objects.exists()


def test_a_move_that_leaves_exactly_five_clear_working_days_needs_no_urgency(meeting, clerk):
    publish(meeting, clerk, D(2026, 12, 1))
    move(meeting, clerk, D(2026, 12, 9), today=D(2026, 12, 1))  # 2, 3, 4, 7, 8 December
    change = MeetingDateChange.objects.get()
    assert change.notice[0]["clear_working_days"] == 5
    assert change.urgent_reason == ""


def test_a_move_that_leaves_four_clear_working_days_needs_urgency(meeting, clerk):
    publish(meeting, clerk, D(2026, 12, 2))
    with pytest.raises(RuleError):
        move(meeting, clerk, D(2026, 12, 9), today=D(2026, 12, 2))  # 3, 4, 7, 8 December


def test_bank_holidays_are_not_clear_working_days_when_a_meeting_moves(clerk):
    meeting = MeetingFactory(starts_at=london(2027, 1, 7, 18))
    publish(meeting, clerk, D(2026, 12, 23))
    # 24, 29, 30, 31 December and 4 January: Christmas, the Boxing Day holiday and New Year skipped.
    move(meeting, clerk, D(2027, 1, 5), today=D(2026, 12, 23))
    with pytest.raises(RuleError) as refused:
        move(meeting, clerk, D(2027, 1, 4), today=D(2026, 12, 23))
    assert "would give 4 clear working days" in refused.value.message


def test_an_urgent_move_records_the_reason_the_chair_and_the_notice_actually_given(meeting, clerk, chair, client):
    publish(meeting, clerk, D(2026, 12, 2))
    with pytest.raises(RuleError) as no_chair:
        move(meeting, clerk, D(2026, 12, 4), today=D(2026, 12, 2), urgent_reason="Council deadline")
    assert no_chair.value.field == "urgency_agreed_by"
    someone = UserFactory()
    with pytest.raises(RuleError) as not_the_chair:
        move(
            meeting,
            clerk,
            D(2026, 12, 4),
            today=D(2026, 12, 2),
            urgent_reason="Council deadline",
            urgency_agreed_by=someone,
            urgency_agreed_on=D(2026, 12, 2),
        )
    assert "was not the Chair or Vice-Chair" in not_the_chair.value.message

    move(
        meeting,
        clerk,
        D(2026, 12, 4),
        today=D(2026, 12, 2),
        urgent_reason="The grant offer must be accepted by 7 December",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 12, 2),
    )
    change = MeetingDateChange.objects.get()
    assert change.urgency_agreed_by == chair
    assert change.notice == [
        {
            "kind": "agenda",
            "version": 1,
            "published_on": "2026-12-02",
            "clear_working_days": 1,
            "before": 5,
        }
    ]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "1 clear working day" in page
    assert "On time." not in page
    assert "The grant offer must be accepted by 7 December" in page
    assert "The Chair, Ruth Pennington, agreed on 2 December 2026" in page


def test_each_supplement_is_checked_as_well_as_the_agenda(meeting, clerk):
    publish(meeting, clerk, D(2026, 12, 1))
    add(meeting, clerk, title="Flood recovery funding", today=D(2026, 12, 2))
    supplement = services.supplement_publish(meeting=meeting, by=clerk, today=D(2026, 12, 2))
    assert supplement.deadline_met and supplement.clear_working_days == 5
    # The agenda would still give five clear days on 9 December; the supplement only four.
    with pytest.raises(RuleError) as refused:
        move(meeting, clerk, D(2026, 12, 9), today=D(2026, 12, 2))
    assert "the supplementary agenda 1 published on 2 December 2026 would give 4" in refused.value.message


# --- An item added after publication is urgent only when the days are short -----------------


def test_an_item_added_with_fifteen_clear_working_days_left_is_ordinary_business(clerk, client):
    meeting = MeetingFactory(starts_at=london(2027, 1, 14, 18))
    publish(meeting, clerk, D(2026, 11, 30))
    late = add(meeting, clerk, title="Flood recovery funding", today=D(2026, 12, 1))
    assert late.urgent_reason == ""
    supplement = services.supplement_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))
    assert supplement.deadline_met
    assert supplement.urgent_reason == ""
    front = packs.build_spec(meeting, "supplement-2-public").parts[0].context
    assert front["urgent_reason"] == ""
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Urgent business" not in page
    assert "On time." in page


def test_an_item_added_with_exactly_five_clear_working_days_left_needs_no_urgency(meeting, clerk):
    publish(meeting, clerk, D(2026, 11, 30))
    assert add(meeting, clerk, title="Flood recovery funding", today=D(2026, 12, 2)).urgent_reason == ""


def test_an_item_added_with_four_clear_working_days_left_needs_the_reason_and_the_chair(meeting, clerk, chair):
    publish(meeting, clerk, D(2026, 11, 30))
    with pytest.raises(RuleError) as no_reason:
        add(meeting, clerk, title="Flood recovery funding", today=D(2026, 12, 3))
    assert no_reason.value.field == "urgent_reason"
    assert "4 clear working days" in no_reason.value.message
    with pytest.raises(RuleError) as no_chair:
        add(meeting, clerk, title="Flood recovery funding", today=D(2026, 12, 3), urgent_reason="Grant deadline")
    assert no_chair.value.field == "urgency_agreed_by"
    late = add(
        meeting,
        clerk,
        title="Flood recovery funding",
        today=D(2026, 12, 3),
        urgent_reason="Grant deadline",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 12, 3),
    )
    supplement = services.supplement_publish(meeting=meeting, by=clerk, today=D(2026, 12, 3))
    assert not supplement.deadline_met
    assert supplement.contents["items"][0]["urgency_agreed_by"] == "Ruth Pennington"
    late.refresh_from_db()
    assert late.published_in == supplement


def test_a_supplement_published_once_the_days_run_short_needs_each_items_urgency(meeting, clerk, chair):
    publish(meeting, clerk, D(2026, 11, 30))
    late = add(meeting, clerk, title="Flood recovery funding", today=D(2026, 12, 1))
    with pytest.raises(RuleError) as refused:
        services.supplement_publish(meeting=meeting, by=clerk, today=D(2026, 12, 4))
    assert "“Flood recovery funding” can now only be taken as urgent business" in refused.value.message
    services.agenda_item_update(
        item=late,
        by=clerk,
        today=D(2026, 12, 4),
        urgent_reason="Grant deadline",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 12, 4),
    )
    assert not services.supplement_publish(meeting=meeting, by=clerk, today=D(2026, 12, 4)).deadline_met


# --- Only published business is minuted, and urgency is in the minutes --------------------------


def held(meeting, clerk):
    services.meeting_mark_held(meeting=meeting, by=clerk, now=london(2026, 12, 10, 21))


def test_an_item_never_published_cannot_be_minuted(meeting, clerk, chair, client):
    publish(meeting, clerk, D(2026, 12, 1))
    unpublished = add(
        meeting,
        clerk,
        title="Flood recovery funding",
        today=D(2026, 12, 8),
        urgent_reason="Grant deadline",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 12, 8),
    )
    held(meeting, clerk)
    with pytest.raises(RuleError) as refused:
        services.minute_write(item=unpublished, text="Considered as urgent business.", by=clerk)
    assert "was never published" in refused.value.message
    assert not Minute.objects.exists()

    client.force_login(clerk)
    permissions.grant("members.change_body", clerk, meeting.body)
    url = reverse("scrutiny:minute-write", args=[meeting.pk, unpublished.pk])
    page = client.post(url, {"text": "Considered as urgent business."}).content.decode()
    assert "was never published in the agenda or a supplement" in page


def test_the_chairs_agreement_to_urgent_business_appears_in_the_minutes(meeting, clerk, chair, client):
    publish(meeting, clerk, D(2026, 12, 1))
    add(
        meeting,
        clerk,
        title="Flood recovery funding",
        today=D(2026, 12, 7),
        urgent_reason="The grant offer lapses on 11 December",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 12, 7),
    )
    services.supplement_publish(meeting=meeting, by=clerk, today=D(2026, 12, 7))
    held(meeting, clerk)
    item = meeting.items.get(title="Flood recovery funding")
    services.minute_write(item=item, text="The committee considered the grant offer.", by=clerk)
    permissions.grant("members.change_body", clerk, meeting.body)
    client.force_login(clerk)
    page = client.get(reverse("scrutiny:minutes", args=[meeting.pk])).content.decode()
    assert "considered at the meeting as a matter of urgency" in page
    assert "Ruth Pennington" in page and "7 December 2026" in page
    assert "The grant offer lapses on 11 December" in page


# --- The record cannot be rewritten, and anyone can check a file against it ---------------------


def test_the_database_refuses_to_change_or_delete_a_publication_record(meeting, clerk):
    publication = publish(meeting, clerk, D(2026, 12, 1))
    assert Publication._meta.db_table == "scrutiny_publication"
    for sql in (
        "UPDATE scrutiny_publication SET deadline_met = false WHERE id = %s",
        "DELETE FROM scrutiny_publication WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [publication.pk])
    assert Publication.objects.get(pk=publication.pk).deadline_met is True


def test_the_meeting_page_shows_the_fingerprint_and_anyone_can_check_a_file(meeting, clerk, client):
    publication = publish(meeting, clerk, D(2026, 12, 1))
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<wbr>".join(publication.sha256_chunks) in page  # wraps between groups of eight
    download = reverse("scrutiny:publication-record", args=[meeting.pk, publication.version])
    assert download in page
    assert reverse("scrutiny:publication-check") in page

    record = client.get(download)
    assert hashlib.sha256(record.content).hexdigest() == publication.sha256
    assert record.content == record_bytes(publication)

    check = reverse("scrutiny:publication-check")
    matched = client.post(check, {"file": SimpleUploadedFile("agenda.json", record.content)}).content.decode()
    assert "matches" in matched and f"Agenda, {meeting}" in matched
    tampered = client.post(check, {"file": SimpleUploadedFile("agenda.json", record.content + b" ")})
    assert "does not match" in tampered.content.decode()
    pasted = client.post(check, {"sha256": publication.sha256.upper()}).content.decode()
    assert "matches" in pasted


def test_an_exempt_papers_title_is_not_in_the_public_record(meeting, clerk):
    add(meeting, clerk, title="Contract award", exempt=True, exempt_paragraph=3, public_interest_reason="Tenders")
    item = meeting.items.get(exempt=True)  # after the exclusion of the press and public
    services.document_add(
        item=item,
        upload=SimpleUploadedFile("t.csv", b"a,b\n1,2\n", content_type="text/csv"),
        title="Tender evaluation scores",
        kind="appendix",
        by=clerk,
    )
    publication = services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))
    assert b"Tender evaluation scores" not in record_bytes(publication)


def test_the_record_is_dated_the_day_the_clear_days_are_counted_from(meeting, clerk):
    publication = publish(meeting, clerk, D(2026, 12, 1))
    assert publication.published_at.date() == D(2026, 12, 1)
    assert meeting.publications.get().clear_working_days == 6


def test_the_status_stays_published_after_an_urgent_move(meeting, clerk, chair):
    publish(meeting, clerk, D(2026, 12, 2))
    move(
        meeting,
        clerk,
        D(2026, 12, 4),
        today=D(2026, 12, 2),
        urgent_reason="Deadline",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 12, 2),
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert meeting.date == D(2026, 12, 4)


# --- Through the pages --------------------------------------------------------------------------


@pytest.fixture
def clerked(clerk, client):
    def sign_in(meeting):
        permissions.grant("members.change_body", clerk, meeting.body)
        client.force_login(clerk)
        return client

    return sign_in


def test_the_item_form_asks_for_urgency_only_when_the_days_are_short(clerk, clerked):
    today = timezone.localdate()
    far = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=40))
    publish(far, clerk, today)
    client = clerked(far)
    url = reverse("scrutiny:item-add", args=[far.pk])
    assert "special circumstances" not in client.get(url).content.decode()
    client.post(url, {"title": "Flood recovery funding", "kind": "report"})
    assert far.items.get(title="Flood recovery funding").urgent_reason == ""

    near = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=2))
    publish(near, clerk, today - datetime.timedelta(days=14))
    client = clerked(near)
    url = reverse("scrutiny:item-add", args=[near.pk])
    assert "special circumstances" in client.get(url).content.decode()
    refused = client.post(url, {"title": "Flood recovery funding", "kind": "report"}).content.decode()
    assert "Enter the special circumstances that make it urgent" in refused
    assert 'value="Flood recovery funding"' in refused  # what was typed is kept


def test_the_meeting_form_demands_urgency_for_a_short_notice_move(clerk, clerked):
    today = timezone.localdate()
    meeting = MeetingFactory(starts_at=timezone.now() + datetime.timedelta(days=30))
    publish(meeting, clerk, today)
    client = clerked(meeting)
    url = reverse("scrutiny:meeting-edit", args=[meeting.pk])
    tomorrow = today + datetime.timedelta(days=1)
    page = client.post(
        url, {"day": tomorrow.isoformat(), "start_time": "18:00", "venue": "Council Chamber"}
    ).content.decode()
    assert "Choose another date, or enter why the change is urgent" in page
    meeting.refresh_from_db()
    assert meeting.date != tomorrow


def test_who_may_use_the_record_and_check_pages(meeting, clerk, client):
    publication = publish(meeting, clerk, D(2026, 12, 1))
    assert client.get(reverse("scrutiny:publication-check")).status_code == 200
    record = reverse("scrutiny:publication-record", args=[meeting.pk, publication.version])
    assert client.get(record).status_code == 200
    assert client.get(reverse("scrutiny:publication-record", args=[meeting.pk, 9])).status_code == 404
    private = MeetingFactory(starts_at=london(2026, 12, 10, 18), body__kind=BodyKind.WORKING_GROUP)
    hidden = publish(private, clerk, D(2026, 12, 1))
    assert client.get(reverse("scrutiny:publication-record", args=[private.pk, 1])).status_code == 404
    # A private meeting's record is not confirmed to someone who may not see the meeting.
    page = client.post(reverse("scrutiny:publication-check"), {"sha256": hidden.sha256}).content.decode()
    assert "does not match" in page


def test_the_demo_records_publication_before_each_meeting(demo_council):
    publications = list(Publication.objects.select_related("meeting"))
    assert publications
    for publication in publications:
        published_on = timezone.localtime(publication.published_at).date()
        given = calendar.clear_working_days(published_on, publication.meeting.date)
        assert given == publication.clear_working_days
        assert given >= 5 or publication.urgent_reason, publication
        assert published_on < publication.meeting.date


def test_a_downloaded_public_pack_can_be_checked_but_not_a_confidential_one(meeting, clerk, client, tmp_path, settings):
    from council.packs import services as pack_services

    settings.MEDIA_ROOT = tmp_path / "media"
    add(meeting, clerk, title="Contract award", exempt=True, exempt_paragraph=3, public_interest_reason="Tenders")
    publish(meeting, clerk, D(2026, 12, 1))
    check = reverse("scrutiny:publication-check")
    for edition, matches in (("public", True), ("confidential", False)):
        version = pack_services.build_now(packs.KIND, meeting, edition, by=clerk).version
        with version.file.open("rb") as stored:
            content = stored.read()
        page = client.post(check, {"file": SimpleUploadedFile("pack.pdf", content)}).content.decode()
        assert ("The file matches" in page) is matches, edition
        if matches:
            assert "Agenda: public pack, version 1" in page


def test_a_late_agenda_and_an_urgent_move_are_specified_in_the_minutes(meeting, clerk, chair, client):
    add(meeting, clerk)
    services.agenda_publish(
        meeting=meeting,
        by=clerk,
        today=D(2026, 12, 4),
        urgent_reason="The auditor's letter arrived on 3 December",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 12, 4),
    )
    move(
        meeting,
        clerk,
        D(2026, 12, 8),
        today=D(2026, 12, 4),
        urgent_reason="The chamber is needed on 10 December",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 12, 4),
    )
    services.meeting_mark_held(meeting=meeting, by=clerk, now=london(2026, 12, 8, 21))
    permissions.grant("members.change_body", clerk, meeting.body)
    client.force_login(clerk)
    page = client.get(reverse("scrutiny:minutes", args=[meeting.pk])).content.decode()
    assert "Urgent business (the agenda was published late): the Chair, Ruth Pennington" in page
    assert "The auditor's letter arrived on 3 December" in page.replace("&#x27;", "'")
    assert "moved from 10 December 2026 to 8 December 2026" in page
    assert "The chamber is needed on 10 December" in page
