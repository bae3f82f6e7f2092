"""Minutes, resolutions, actions, recommendations and the work programme: the rules, then the pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import permissions
from council.errors import RuleError
from council.history import timeline
from council.roles import Role
from members.models import BodyKind
from scrutiny import services
from scrutiny.models import (
    Action,
    ActionStatus,
    AgendaItem,
    MeetingStatus,
    MinuteCorrection,
    Recommendation,
    WorkProgrammeEntry,
    WorkProgrammeStatus,
)
from scrutiny.models.minutes import response_due_on
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date
RESOLUTION = (
    "Resolved that the report be noted and a Commissioning work plan is brought back to this committee "
    "as soon as it is available."
)


@pytest.fixture
def clerk():
    return UserFactory(first_name="Emma", last_name="Clarke", roles=[Role.DEMOCRATIC_SERVICES])


@pytest.fixture
def body(clerk):
    body = BodyFactory(name="Overview and Scrutiny Committee", slug="overview-and-scrutiny-committee")
    permissions.grant("members.change_body", clerk, body)
    return body


def published(body, when, title="Strategic Commissioning"):
    """A meeting whose agenda (one item) has been published."""
    meeting = MeetingFactory(body=body, starts_at=when)
    AgendaItem.objects.create(meeting=meeting, position=1, title=title)
    # Only published business is minuted: publish it, on time, as a clerk would have.
    services.agenda_publish(meeting=meeting, by=UserFactory(), today=when.date() - datetime.timedelta(days=14))
    meeting.refresh_from_db()
    return meeting


def held(body, when, clerk):
    meeting = published(body, when)
    return services.meeting_mark_held(meeting=meeting, by=clerk, now=when + datetime.timedelta(hours=3))


def minuted(meeting, clerk, text="The Assistant Chief Executive introduced the report."):
    return services.minute_write(item=meeting.items.get(), text=text, by=clerk)


@pytest.fixture
def february(body, clerk):
    return held(body, london(2027, 2, 24), clerk)


@pytest.fixture
def march(body, clerk):
    return held(body, london(2027, 3, 24), clerk)


# Holding the meeting and writing the minutes.


def test_a_meeting_is_marked_held_only_once_it_has_started_and_its_agenda_was_published(body, clerk):
    meeting = published(body, london(2027, 2, 24))
    with pytest.raises(RuleError, match="has not started yet"):
        services.meeting_mark_held(meeting=meeting, by=clerk, now=london(2027, 2, 24, 17))
    scheduled = MeetingFactory(body=body, starts_at=london(2027, 1, 20))
    with pytest.raises(RuleError, match="agenda has been published"):
        services.meeting_mark_held(meeting=scheduled, by=clerk, now=london(2027, 2, 24, 20))

    services.meeting_mark_held(meeting=meeting, by=clerk, now=london(2027, 2, 24, 18))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    with pytest.raises(RuleError, match="already been marked as held"):
        services.meeting_mark_held(meeting=meeting, by=clerk, now=london(2027, 2, 24, 20))


def test_minutes_are_written_after_the_meeting_and_make_a_draft(body, clerk):
    meeting = published(body, london(2027, 2, 24))
    with pytest.raises(RuleError, match="marked as held"):
        minuted(meeting, clerk)
    services.meeting_mark_held(meeting=meeting, by=clerk, now=london(2027, 2, 24, 21))
    with pytest.raises(RuleError, match="Enter the minute"):
        minuted(meeting, clerk, text="   ")
    minute = minuted(meeting, clerk)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFTED
    # Rewriting a draft changes the same minute.
    again = minuted(meeting, clerk, text="The Assistant Chief Executive introduced the report.\n\nIt was noted.")
    assert again.pk == minute.pk and "It was noted." in again.text


# Confirmation at the next meeting, and read-only afterwards.


def test_minutes_are_confirmed_at_the_next_meeting_of_the_same_body_once_it_is_held(body, clerk, february, march):
    minuted(february, clerk)
    other = held(BodyFactory(), london(2027, 3, 10), clerk)
    not_yet = published(body, london(2027, 4, 21))

    with pytest.raises(RuleError, match="not another committee"):
        services.minutes_confirm(meeting=february, confirmed_at_meeting=other, by=clerk)
    with pytest.raises(RuleError, match="later meeting"):
        services.minutes_confirm(meeting=february, confirmed_at_meeting=february, by=clerk)
    with pytest.raises(RuleError, match="21 April 2027 has not been marked as held"):
        services.minutes_confirm(meeting=february, confirmed_at_meeting=not_yet, by=clerk)

    services.minutes_confirm(meeting=february, confirmed_at_meeting=march, by=clerk)
    february.refresh_from_db()
    assert february.status == MeetingStatus.MINUTES_CONFIRMED
    assert february.minutes_confirmation.confirmed_by == clerk


def test_minutes_cannot_skip_the_next_meeting_but_a_cancelled_one_does_not_count(body, clerk, february, march):
    minuted(february, clerk)
    april = held(body, london(2027, 4, 21), clerk)
    with pytest.raises(RuleError, match="next meeting of Overview and Scrutiny Committee, which was on 24 March 2027"):
        services.minutes_confirm(meeting=february, confirmed_at_meeting=april, by=clerk)

    march.status = MeetingStatus.CANCELLED
    march.save()
    services.minutes_confirm(meeting=february, confirmed_at_meeting=april, by=clerk)


def test_minutes_without_a_draft_cannot_be_confirmed(body, clerk, february, march):
    with pytest.raises(RuleError, match="Write the minutes"):
        services.minutes_confirm(meeting=february, confirmed_at_meeting=march, by=clerk)


def test_confirmed_minutes_are_read_only(body, clerk, february, march):
    minute = minuted(february, clerk)
    resolution = services.resolution_add(minute=minute, text="Resolved that the report be noted.", by=clerk)
    services.minutes_confirm(meeting=february, confirmed_at_meeting=march, by=clerk)

    message = (
        "The minutes were confirmed as a correct record on 24 March 2027 and cannot be changed. "
        "Record a correction with the resolution that authorises it"
    )
    with pytest.raises(RuleError) as refused:
        minuted(february, clerk, text="Something else")
    assert refused.value.message == message
    for attempt in (
        lambda: services.resolution_add(minute=minute, text="Resolved again.", by=clerk),
        lambda: services.action_add(
            resolution=resolution, description="Late", owner_text="Cabinet", when_available=True, by=clerk
        ),  # fmt: skip
        lambda: services.recommendation_add(
            resolution=resolution, text="Late", to_whom="Cabinet", made_on=D(2027, 2, 24), by=clerk
        ),
        lambda: services.minutes_confirm(meeting=february, confirmed_at_meeting=march, by=clerk),
    ):
        with pytest.raises(RuleError, match="confirmed as a correct record on 24 March 2027"):
            attempt()
    minute.refresh_from_db()
    assert minute.text == "The Assistant Chief Executive introduced the report."


def test_a_correction_needs_its_authority_and_shows_in_the_history(body, clerk, february, march):
    minute = minuted(february, clerk, text="Councillor McClain spoke in support.")
    with pytest.raises(RuleError, match="still a draft"):
        services.minute_correct(minute=minute, new_text="Councillor McLain spoke in support.", authority="x", by=clerk)
    services.minutes_confirm(meeting=february, confirmed_at_meeting=march, by=clerk)
    with pytest.raises(RuleError) as no_authority:
        services.minute_correct(minute=minute, new_text="Councillor McLain spoke in support.", authority=" ", by=clerk)
    assert no_authority.value.field == "authority"
    with pytest.raises(RuleError, match="the same as the confirmed one"):
        services.minute_correct(minute=minute, new_text=minute.text, authority="Minute 5 of 24 March 2027", by=clerk)

    correction = services.minute_correct(
        minute=minute, new_text="Councillor McLain spoke in support.", authority="Minute 5 of 24 March 2027", by=clerk
    )
    assert correction.old_text == "Councillor McClain spoke in support."
    assert correction.new_text == "Councillor McLain spoke in support."
    assert correction.corrected_by == clerk
    minute.refresh_from_db()
    assert minute.text == "Councillor McLain spoke in support."

    latest = timeline(minute)[0]
    assert latest.reason == "Corrected on the authority of Minute 5 of 24 March 2027"
    assert latest.who == "Emma Clarke"
    assert [(c.label, c.old, c.new) for c in latest.changes] == [
        ("Minute", "Councillor McClain spoke in support.", "Councillor McLain spoke in support.")
    ]
    assert MinuteCorrection.objects.filter(minute=minute).count() == 1


# Actions and the work programme.


def test_an_action_needs_an_owner_and_a_due_date_or_when_available(body, clerk, february):
    resolution = services.resolution_add(minute=minuted(february, clerk), text=RESOLUTION, by=clerk)
    with pytest.raises(RuleError) as no_date:
        services.action_add(
            resolution=resolution, description="Bring back the work plan", owner_text="Cabinet", by=clerk
        )
    assert no_date.value.field == "due_date"
    with pytest.raises(RuleError) as no_owner:
        services.action_add(
            resolution=resolution, description="Bring back the work plan", due_date=D(2027, 6, 1), by=clerk
        )
    assert no_owner.value.field == "owner"
    assert not Action.objects.exists()


def test_a_bring_back_action_stays_on_the_work_programme_until_scheduled_and_done(body, clerk, february):
    resolution = services.resolution_add(minute=minuted(february, clerk), text=RESOLUTION, by=clerk)
    action = services.action_add(
        resolution=resolution,
        description="Commissioning work plan",
        owner_text="Cabinet",
        when_available=True,
        bring_back_to=body,
        by=clerk,
    )
    entry = WorkProgrammeEntry.objects.get(action=action)
    assert (entry.body, entry.status, entry.source) == (body, WorkProgrammeStatus.PROPOSED, "action")
    assert list(WorkProgrammeEntry.objects.filter(body=body).outstanding()) == [entry]

    with pytest.raises(RuleError, match="Schedule the subject"):
        services.work_programme_done(entry=entry, by=clerk)
    elsewhere = MeetingFactory(starts_at=london(2027, 6, 9))
    with pytest.raises(RuleError, match="Choose a meeting of Overview and Scrutiny Committee"):
        services.work_programme_schedule(entry=entry, meeting=elsewhere, by=clerk, now=london(2027, 3, 1))
    with pytest.raises(RuleError, match="Choose a future meeting"):
        services.work_programme_schedule(entry=entry, meeting=february, by=clerk, now=london(2027, 3, 1))

    june = published(body, london(2027, 6, 16))
    services.work_programme_schedule(entry=entry, meeting=june, by=clerk, now=london(2027, 3, 1))
    entry.refresh_from_db()
    assert entry.status == WorkProgrammeStatus.SCHEDULED and entry.target_meeting == june
    assert list(WorkProgrammeEntry.objects.filter(body=body).outstanding()) == [entry]
    with pytest.raises(RuleError, match="16 June 2027 has not been held yet"):
        services.work_programme_done(entry=entry, by=clerk)

    services.meeting_mark_held(meeting=june, by=clerk, now=london(2027, 6, 16, 21))
    services.work_programme_done(entry=entry, by=clerk, today=D(2027, 6, 16))
    assert not WorkProgrammeEntry.objects.filter(body=body).outstanding().exists()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_on == D(2027, 6, 16)


def test_an_action_is_completed_once(body, clerk, february):
    resolution = services.resolution_add(minute=minuted(february, clerk), text="Resolved.", by=clerk)
    action = services.action_add(
        resolution=resolution, description="Circulate the figures", owner=clerk, due_date=D(2027, 3, 10), by=clerk
    )
    assert not WorkProgrammeEntry.objects.exists()
    services.action_complete(action=action, by=clerk)
    with pytest.raises(RuleError, match="already done"):
        services.action_complete(action=action, by=clerk)


# Recommendations to the executive: two months to respond (LGA 2000 s.9FE).


@pytest.mark.parametrize(
    ("received_on", "due"),
    [
        (D(2026, 12, 31), D(2027, 2, 28)),  # February is short: the last day of the month
        (D(2027, 12, 31), D(2028, 2, 29)),  # a leap year
        (D(2026, 11, 30), D(2027, 1, 29)),  # the day received counts as the first day
        (D(2027, 8, 31), D(2027, 10, 30)),
        (D(2027, 2, 24), D(2027, 4, 23)),
    ],
)
def test_a_response_is_due_two_months_after_the_executive_receives_the_recommendation(received_on, due):
    assert response_due_on(received_on) == due


def test_a_recommendation_is_overdue_from_the_day_after_it_is_due(body, clerk, february):
    resolution = services.resolution_add(minute=minuted(february, clerk), text="Resolved to recommend.", by=clerk)
    recommendation = services.recommendation_add(
        resolution=resolution,
        text="Publish a schedule of commissioning reviews with the rationale for priorities",
        to_whom="Cabinet",
        made_on=D(2027, 2, 24),
        by=clerk,
    )
    assert recommendation.response_due is None  # the clock starts when the executive receives it
    recommendation = services.recommendation_received(
        recommendation=recommendation, received_on=D(2027, 2, 25), responder=clerk, by=clerk, today=D(2027, 2, 25)
    )
    assert recommendation.response_due == D(2027, 4, 24)
    assert not recommendation.is_overdue(D(2027, 4, 24))
    assert recommendation.is_overdue(D(2027, 4, 25))
    assert not Recommendation.objects.overdue(D(2027, 4, 24)).exists()
    assert list(Recommendation.objects.overdue(D(2027, 4, 25))) == [recommendation]

    with pytest.raises(RuleError, match="accepted, partly accepted or rejected"):
        services.recommendation_respond(
            recommendation=recommendation, response="none_yet", response_text="", responded_on=D(2027, 4, 1), by=clerk
        )
    with pytest.raises(RuleError, match="before the recommendation was made"):
        services.recommendation_respond(
            recommendation=recommendation, response="accepted", response_text="Agreed", responded_on=D(2027, 1, 1),
            by=clerk,
        )  # fmt: skip
    services.recommendation_respond(
        recommendation=recommendation,
        response="partly_accepted",
        response_text="A schedule will come with the Corporate Strategy.",
        responded_on=D(2027, 4, 20),
        by=clerk,
    )
    recommendation.refresh_from_db()
    assert not recommendation.is_overdue(D(2027, 5, 1))
    assert not Recommendation.objects.overdue(D(2027, 5, 1)).exists()


def test_a_recommendation_is_not_made_before_its_meeting(body, clerk, february):
    resolution = services.resolution_add(minute=minuted(february, clerk), text="Resolved.", by=clerk)
    with pytest.raises(RuleError) as refused:
        services.recommendation_add(resolution=resolution, text="R", to_whom="Cabinet", made_on=D(2027, 2, 1), by=clerk)
    assert refused.value.field == "made_on"


# The pages.


def past_published(body, days_ago=7):
    when = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) - datetime.timedelta(days=days_ago)
    return published(body, when)


def test_only_the_bodys_clerks_write_minutes(client, body, clerk):
    meeting = past_published(body)
    services.meeting_mark_held(meeting=meeting, by=clerk)
    item = meeting.items.get()
    url = reverse("scrutiny:minute-write", args=[meeting.pk, item.pk])

    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(MemberFactory().user)
    assert client.get(url).status_code == 403
    other_clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", other_clerk, BodyFactory())
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": ""})
    assert "Enter the minute" in response.content.decode()
    assert 'href="#id_text"' in response.content.decode()
    assert client.post(url, {"text": "The report was introduced."}).status_code == 302


def test_draft_minutes_are_for_clerks_and_members_and_confirmed_minutes_are_public(client, body, clerk):
    meeting = past_published(body, days_ago=40)
    next_meeting = past_published(body, days_ago=10)
    services.meeting_mark_held(meeting=meeting, by=clerk)
    services.minute_write(
        item=meeting.items.get(), text="<script>alert(1)</script>First paragraph.\n\nSecond paragraph.", by=clerk
    )
    url = reverse("scrutiny:minutes", args=[meeting.pk])

    public = client.get(url).content.decode()
    assert "First paragraph" not in public
    assert "will be published once" in public

    member = MembershipFactory(body=body).person
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Draft: not yet confirmed" in page
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;First paragraph.</p>" in page
    assert "<p>Second paragraph.</p>" in page
    client.force_login(UserFactory(roles=[Role.OFFICER]))
    assert "First paragraph" not in client.get(url).content.decode()

    services.meeting_mark_held(meeting=next_meeting, by=clerk)
    services.minutes_confirm(meeting=meeting, confirmed_at_meeting=next_meeting, by=clerk)
    client.logout()
    page = client.get(url).content.decode()
    assert "Second paragraph." in page and "Draft: not yet confirmed" not in page
    assert "Confirmed as a correct record" in page


def test_clerk_records_the_bring_back_action_and_it_appears_on_the_work_programme(client, body, clerk):
    meeting = past_published(body)
    services.meeting_mark_held(meeting=meeting, by=clerk)
    minute = services.minute_write(item=meeting.items.get(), text="The report was introduced.", by=clerk)
    resolution = services.resolution_add(minute=minute, text=RESOLUTION, by=clerk)
    client.force_login(clerk)
    url = reverse("scrutiny:action-add", args=[meeting.pk, resolution.pk])

    refused = client.post(url, {"description": "Commissioning work plan", "owner_text": "Cabinet"}).content.decode()
    assert "Enter the date it is due, or say it is due as soon as it is available" in refused
    client.post(
        url,
        {"description": "Commissioning work plan", "owner_text": "Cabinet", "when_available": "on", "bring_back": "on"},
    )
    work_programme = reverse("scrutiny:work-programme", args=[body.slug])
    page = client.get(work_programme).content.decode()
    assert "Commissioning work plan" in page
    assert "As soon as it is available." in page
    # The minutes are a draft: what they resolved reaches the public once the committee confirms them.
    client.logout()
    assert "Commissioning work plan" not in client.get(work_programme).content.decode()
    later = past_published(body, days_ago=1)
    services.meeting_mark_held(meeting=later, by=clerk)
    services.minutes_confirm(meeting=meeting, confirmed_at_meeting=later, by=clerk)
    assert "Commissioning work plan" in client.get(work_programme).content.decode()


def test_the_work_programme_of_an_internal_body_is_not_public(client):
    body = BodyFactory(kind=BodyKind.WORKING_GROUP)
    url = reverse("scrutiny:work-programme", args=[body.slug])
    assert client.get(url).status_code in (302, 404)
    client.force_login(UserFactory(roles=[Role.COUNCILLOR]))
    assert client.get(url).status_code == 200


def test_overdue_recommendations_are_flagged_on_the_work_programme(client, body, clerk):
    meeting = past_published(body, days_ago=100)
    later = past_published(body, days_ago=70)
    services.meeting_mark_held(meeting=meeting, by=clerk)
    minute = services.minute_write(item=meeting.items.get(), text="Discussed.", by=clerk)
    resolution = services.resolution_add(minute=minute, text="Resolved to recommend.", by=clerk)
    recommendation = services.recommendation_add(
        resolution=resolution, text="Name an owner for each saving", to_whom="Cabinet", made_on=meeting.date, by=clerk
    )
    services.recommendation_received(recommendation=recommendation, received_on=meeting.date, responder=clerk, by=clerk)
    services.meeting_mark_held(meeting=later, by=clerk)
    services.minutes_confirm(meeting=meeting, confirmed_at_meeting=later, by=clerk)
    page = client.get(reverse("scrutiny:work-programme", args=[body.slug])).content.decode()
    assert "Name an owner for each saving" in page
    assert "govuk-tag--red" in page and "Response overdue" in page
    tracker = client.get(reverse("scrutiny:recommendations")).content.decode()
    assert "Responses overdue (1)" in tracker


def _grow(body, clerk, meeting, n):
    """Add ``n`` items with a minute, resolution, action (brought back) and recommendation each."""
    start = meeting.items.count()
    for i in range(n):
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=start + i + 1,
            title=f"Item {start + i}",
            published_in=meeting.publications.first(),  # only published business is minuted
        )
        minute = services.minute_write(item=item, text=f"Minute {i}.\n\nMore.", by=clerk)
        resolution = services.resolution_add(minute=minute, text=f"Resolved {i}.", by=clerk)
        services.action_add(
            resolution=resolution, description=f"Action {i}", owner=clerk, when_available=True, bring_back_to=body,
            by=clerk,
        )  # fmt: skip
        services.recommendation_add(
            resolution=resolution, text=f"Recommendation {i}", to_whom="Cabinet", made_on=meeting.date, by=clerk
        )


def test_minutes_work_programme_and_tracker_keep_a_constant_number_of_queries(
    client, body, clerk, django_assert_num_queries
):
    meeting = past_published(body)
    services.meeting_mark_held(meeting=meeting, by=clerk)
    future = MeetingFactory(body=body)
    client.force_login(clerk)
    urls = [
        reverse("scrutiny:minutes", args=[meeting.pk]),
        reverse("scrutiny:work-programme", args=[body.slug]),
        reverse("scrutiny:recommendations"),
    ]
    _grow(body, clerk, meeting, 2)
    entry = WorkProgrammeEntry.objects.first()
    services.work_programme_schedule(entry=entry, meeting=future, by=clerk)
    few = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        few.append(len(queries))
    _grow(body, clerk, meeting, 12)
    for entry in WorkProgrammeEntry.objects.filter(status="proposed")[:5]:
        services.work_programme_schedule(entry=entry, meeting=future, by=clerk)
    for url, count in zip(urls, few, strict=True):
        with django_assert_num_queries(count, info=url):
            client.get(url)


def test_clerk_confirms_corrects_and_records_responses_through_the_pages(client, body, clerk):
    meeting = past_published(body, days_ago=40)
    later = past_published(body, days_ago=10)
    services.meeting_mark_held(meeting=meeting, by=clerk)
    minute = services.minute_write(item=meeting.items.get(), text="Councillor McClain spoke.", by=clerk)
    resolution = services.resolution_add(minute=minute, text="Resolved to recommend.", by=clerk)
    client.force_login(clerk)

    add_url = reverse("scrutiny:recommendation-add", args=[meeting.pk, resolution.pk])
    assert client.get(add_url).status_code == 200
    client.post(add_url, {"text": "Publish the schedule", "to_whom": "Cabinet", "made_on": meeting.date.isoformat()})
    recommendation = Recommendation.objects.get()
    respond_url = reverse("scrutiny:recommendation-respond", args=[meeting.pk, recommendation.pk])
    assert "Select whether the recommendation" in client.post(respond_url, {}).content.decode()
    client.post(
        respond_url,
        {
            "response": "accepted",
            "response_text": "Agreed.",
            "responded_on": timezone.localdate().isoformat(),
            "implementation": "in_progress",
        },
    )
    recommendation.refresh_from_db()
    assert recommendation.response == "accepted"

    confirm_url = reverse("scrutiny:minutes-confirm", args=[meeting.pk])
    services.meeting_mark_held(meeting=later, by=clerk)
    assert client.post(confirm_url, {}).status_code == 200
    client.post(confirm_url, {"confirmed_at_meeting": later.pk})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_CONFIRMED

    write_url = reverse("scrutiny:minute-write", args=[meeting.pk, minute.item_id])
    refused = client.post(write_url, {"text": "Rewritten"}).content.decode()
    assert "Record a correction with the resolution that authorises it" in refused
    correct_url = reverse("scrutiny:minute-correct", args=[meeting.pk, minute.item_id])
    client.post(correct_url, {"authority": "Minute 3 of the next meeting", "new_text": "Councillor McLain spoke."})
    page = client.get(reverse("scrutiny:minutes", args=[meeting.pk])).content.decode()
    assert "Councillor McLain spoke." in page
    assert "on the authority of Minute 3 of the next meeting" in page
    history = client.get(reverse("history", args=["scrutiny", "minute", minute.pk])).content.decode()
    assert "Corrected on the authority of Minute 3 of the next meeting" in history
    client.force_login(MemberFactory().user)
    assert client.get(reverse("history", args=["scrutiny", "minute", minute.pk])).status_code == 404


def test_clerk_adds_and_schedules_a_subject_on_the_work_programme(client, body, clerk):
    future = MeetingFactory(body=body)
    client.force_login(clerk)
    client.post(
        reverse("scrutiny:work-programme-add", args=[body.slug]),
        {"title": "Savings from commissioning: who realises them", "source": "member_request"},
    )
    entry = WorkProgrammeEntry.objects.get()
    schedule_url = reverse("scrutiny:work-programme-schedule", args=[body.slug, entry.pk])
    assert client.get(schedule_url).status_code == 200
    client.post(schedule_url, {"meeting": future.pk})
    entry.refresh_from_db()
    assert entry.target_meeting == future
    page = client.get(reverse("scrutiny:work-programme", args=[body.slug])).content.decode()
    assert "Coming up" in page and "Savings from commissioning" in page
    assert client.get(reverse("scrutiny:work-programme-add", args=[BodyFactory().slug])).status_code == 404


def test_the_minutes_of_the_demo_load_once(body, clerk):
    from scrutiny.demo.minutes import RESOLUTION as SOURCE_RESOLUTION
    from scrutiny.demo.minutes import load_minutes

    meeting = published(body, london(2026, 10, 22))
    services.meeting_mark_held(meeting=meeting, by=clerk, now=london(2026, 10, 22, 21))
    for _ in range(2):
        minute = load_minutes(meeting, clerk=clerk)
    assert "Councillor McLain spoke in support of an overarching scrutiny committee" in minute.text
    assert [r.text for r in minute.resolutions.all()] == [SOURCE_RESOLUTION]
    action = Action.objects.get()
    assert action.when_available and action.bring_back_to == body
    assert WorkProgrammeEntry.objects.filter(body=body, action=action).count() == 1
