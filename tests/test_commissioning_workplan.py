"""The Commissioning Work Plan: versions, editing a draft, the approval trail, the difference from
the last version, bringing a version back to committee, and who may do each."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.models import (
    PriorityAssessment,
    ReviewStage,
    ReviewStatus,
    Stage,
    WorkPlanBringBack,
    WorkPlanEntry,
    WorkPlanState,
    WorkPlanVersion,
)
from commissioning.selectors.workplan import difference
from commissioning.services import workplan as services
from council import permissions
from council.errors import RuleError
from council.roles import Role
from executive.models import DecisionMaker, DecisionMakerKind
from members.models import BodyKind
from scrutiny.models import WorkProgrammeEntry, WorkProgrammeSource, WorkProgrammeStatus
from tests.factories import BodyFactory, CabinetFactory, MeetingFactory, ReviewFactory, UserFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2027, 1, 20)


def assess(review, score, by):
    return PriorityAssessment.objects.create(review=review, summary="Why", score=Decimal(score), assessed_by=by)


def plan(stage_dates: dict, **fields):
    review = ReviewFactory(**fields)
    for stage, (start, end) in stage_dates.items():
        ReviewStage.objects.filter(review=review, stage=stage).update(planned_start=start, planned_end=end)
    return review


def titles(version):
    return [e.review.title for e in version.entries.select_related("review").order_by("position")]


@pytest.fixture
def draft(officer):
    """A draft of three reviews A, B, C in that order."""
    version = WorkPlanVersion.objects.create(number=1, prepared_by=officer)
    for position, title in enumerate("ABC", start=1):
        WorkPlanEntry.objects.create(
            version=version,
            review=ReviewFactory(title=title),
            position=position,
            starts_on=D(2027, 4, 1),
            ends_on=D(2028, 3, 31),
        )
    return version


def cabinet_clerk():
    """Cabinet's approval is an executive decision, recorded by Democratic Services through the
    executive's ``decision_record`` with the Cabinet as decision maker (docs/decisions/0023)."""
    if not DecisionMaker.objects.filter(kind=DecisionMakerKind.CABINET).exists():
        CabinetFactory()
    return UserFactory(roles=[Role.DEMOCRATIC_SERVICES])


def approve_all(version, by, *, through=WorkPlanState.COUNCIL_AGREED):
    clerk = cabinet_clerk()
    days = {
        WorkPlanState.CABINET_APPROVED: D(2027, 1, 12),
        WorkPlanState.IN_CORPORATE_STRATEGY: D(2027, 1, 14),
        WorkPlanState.COUNCIL_AGREED: D(2027, 1, 19),
    }
    version.refresh_from_db()
    for state in WorkPlanState.values[WorkPlanState.values.index(version.state) + 1 :]:
        version.refresh_from_db()
        services.workplan_transition(
            version=version,
            to_state=state,
            decided_on=days[state],
            reference=f"Ref {state}",
            by=clerk if state == WorkPlanState.CABINET_APPROVED else by,
            today=TODAY,
        )
        if state == through:
            break
    version.refresh_from_db()
    return version


# A new draft from the schedule, or a copy of the latest version.


def test_a_new_draft_takes_open_reviews_by_priority_with_their_planned_dates(officer):
    high = plan({Stage.ANALYSE: (D(2027, 2, 1), D(2027, 4, 30)), Stage.REVIEW: (D(2027, 11, 1), D(2028, 1, 31))})
    assess(high, "82.5", officer)
    low = plan({Stage.PLAN: (D(2027, 5, 1), D(2027, 8, 31))})
    assess(low, "40", officer)
    unassessed = ReviewFactory(title="A review nobody has scored")
    ReviewFactory(status=ReviewStatus.COMPLETED)
    version = services.workplan_create(by=officer, today=TODAY)
    entries = list(version.entries.order_by("position"))
    assert [e.review for e in entries] == [high, low, unassessed]
    assert (entries[0].starts_on, entries[0].ends_on) == (D(2027, 2, 1), D(2028, 1, 31))
    # Falling back: the planned dates of any stage; then today and a year on.
    assert (entries[1].starts_on, entries[1].ends_on) == (D(2027, 5, 1), D(2027, 8, 31))
    assert entries[2].starts_on == TODAY and entries[2].ends_on == D(2028, 1, 19)
    assert version.state == WorkPlanState.DRAFT and version.based_on is None
    assert version.history.get().history_change_reason == "Version 1 drafted from the schedule of reviews"


def test_a_copy_of_the_latest_version_is_based_on_it(officer, draft):
    approve_all(draft, officer)
    copy = services.workplan_create(by=officer, copy_latest=True)
    assert copy.number == 2 and copy.based_on == draft and copy.state == WorkPlanState.DRAFT
    assert titles(copy) == ["A", "B", "C"]


# Editing a draft; frozen once it leaves draft.


def test_a_draft_changes_add_remove_move_and_dates(officer, draft):
    d = ReviewFactory(title="D")
    services.workplan_entry_add(version=draft, review=d, starts_on=D(2027, 6, 1), ends_on=D(2027, 12, 1), by=officer)
    assert titles(draft) == ["A", "B", "C", "D"]
    with pytest.raises(RuleError, match="already in version 1"):
        services.workplan_entry_add(
            version=draft, review=d, starts_on=D(2027, 6, 1), ends_on=D(2027, 12, 1), by=officer
        )
    b = draft.entries.get(review__title="B")
    services.workplan_entry_remove(entry=b, by=officer)
    assert titles(draft) == ["A", "C", "D"]
    assert list(draft.entries.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
    d_entry = draft.entries.get(review=d)
    services.workplan_entry_move(entry=d_entry, direction="up", by=officer)
    assert titles(draft) == ["A", "D", "C"]
    with pytest.raises(RuleError, match="already first"):
        services.workplan_entry_move(entry=draft.entries.get(review__title="A"), direction="up", by=officer)
    with pytest.raises(RuleError, match="already last"):
        services.workplan_entry_move(entry=draft.entries.get(review__title="C"), direction="down", by=officer)
    with pytest.raises(RuleError, match="end must be the same as or after the start") as error:
        services.workplan_entry_dates(entry=d_entry, starts_on=D(2027, 6, 1), ends_on=D(2027, 5, 31), by=officer)
    assert error.value.field == "ends_on"
    services.workplan_entry_dates(entry=d_entry, starts_on=D(2027, 6, 1), ends_on=D(2027, 6, 1), by=officer)
    d_entry.refresh_from_db()
    assert d_entry.ends_on == D(2027, 6, 1)
    reasons = list(d_entry.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == [
        "Review added to the work plan",
        "Moved up: a review above it was removed",
        "Moved up",
        "Dates changed",
    ]


def test_a_version_is_frozen_once_it_leaves_draft(officer, draft):
    approve_all(draft, officer, through=WorkPlanState.CABINET_APPROVED)
    entry = draft.entries.first()
    frozen = "Version 1 is approved by Cabinet, so it can no longer change. To change the work plan, make a new version"
    for attempt in (
        lambda: services.workplan_entry_add(
            version=draft, review=ReviewFactory(), starts_on=TODAY, ends_on=TODAY, by=officer
        ),
        lambda: services.workplan_entry_remove(entry=entry, by=officer),
        lambda: services.workplan_entry_move(entry=entry, direction="down", by=officer),
        lambda: services.workplan_entry_dates(entry=entry, starts_on=TODAY, ends_on=TODAY, by=officer),
    ):
        with pytest.raises(RuleError) as error:
            attempt()
        assert str(error.value) == frozen
    assert titles(draft) == ["A", "B", "C"]


# The approval trail.


def test_transitions_go_one_step_at_a_time_and_record_who_when_and_the_reference(officer, draft):
    with pytest.raises(RuleError, match="must first be approved by Cabinet: no step can be skipped"):
        services.workplan_transition(
            version=draft, to_state=WorkPlanState.COUNCIL_AGREED, decided_on=TODAY, reference="Council", by=officer
        )
    with pytest.raises(RuleError, match="cannot be in the future") as error:
        services.workplan_transition(
            version=draft,
            to_state=WorkPlanState.CABINET_APPROVED,
            decided_on=TODAY + datetime.timedelta(days=1),
            reference="Cabinet",
            by=officer,
            today=TODAY,
        )
    assert error.value.field == "decided_on"
    with pytest.raises(RuleError, match="Enter the decision reference"):
        services.workplan_transition(
            version=draft, to_state=WorkPlanState.CABINET_APPROVED, decided_on=TODAY, reference=" ", by=officer
        )
    cabinet = BodyFactory(kind=BodyKind.CABINET)
    council = BodyFactory(kind=BodyKind.COUNCIL)
    meeting = MeetingFactory(body=cabinet, starts_at=london(2027, 1, 12, 10))
    with pytest.raises(RuleError, match="Choose a meeting of Cabinet"):
        services.workplan_transition(
            version=draft,
            to_state=WorkPlanState.CABINET_APPROVED,
            decided_on=D(2027, 1, 12),
            reference="x",
            meeting=MeetingFactory(body=council, starts_at=london(2027, 1, 12, 10)),
            by=officer,
            today=TODAY,
        )
    with pytest.raises(RuleError, match="The meeting was on 12 January 2027"):
        services.workplan_transition(
            version=draft,
            to_state=WorkPlanState.CABINET_APPROVED,
            decided_on=D(2027, 1, 13),
            reference="x",
            meeting=meeting,
            by=officer,
            today=TODAY,
        )
    clerk = cabinet_clerk()  # Cabinet's approval is an executive decision (docs/decisions/0023)
    transition = services.workplan_transition(
        version=draft,
        to_state=WorkPlanState.CABINET_APPROVED,
        decided_on=D(2027, 1, 12),
        reference="Cabinet 12 January 2027, minute 54",
        meeting=meeting,
        by=clerk,
        today=TODAY,
    )
    draft.refresh_from_db()
    assert draft.state == WorkPlanState.CABINET_APPROVED
    assert (transition.from_state, transition.to_state, transition.recorded_by, transition.meeting) == (
        WorkPlanState.DRAFT,
        WorkPlanState.CABINET_APPROVED,
        clerk,
        meeting,
    )
    assert transition.decision.decision_maker.kind == DecisionMakerKind.CABINET
    assert draft.history.first().history_change_reason == "Approved by Cabinet (Cabinet 12 January 2027, minute 54)"
    with pytest.raises(RuleError, match="already approved by Cabinet"):
        services.workplan_transition(
            version=draft, to_state=WorkPlanState.CABINET_APPROVED, decided_on=TODAY, reference="x", by=officer
        )
    with pytest.raises(RuleError, match="before the previous step, on 12 January 2027"):
        services.workplan_transition(
            version=draft,
            to_state=WorkPlanState.IN_CORPORATE_STRATEGY,
            decided_on=D(2027, 1, 11),
            reference="x",
            by=officer,
            today=TODAY,
        )
    approve_all(draft, officer)
    assert draft.state == WorkPlanState.COUNCIL_AGREED
    assert list(draft.transitions.values_list("to_state", flat=True)) == STATES_AFTER_DRAFT
    with pytest.raises(RuleError, match="agreed by Council: it is final"):
        services.workplan_transition(
            version=draft, to_state=WorkPlanState.COUNCIL_AGREED, decided_on=TODAY, reference="x", by=officer
        )


STATES_AFTER_DRAFT = [WorkPlanState.CABINET_APPROVED, WorkPlanState.IN_CORPORATE_STRATEGY, WorkPlanState.COUNCIL_AGREED]


def test_an_empty_draft_does_not_go_forward_and_an_overtaken_version_does_not_either(officer, draft):
    empty = WorkPlanVersion.objects.create(number=2, prepared_by=officer)
    with pytest.raises(RuleError, match="Add at least one review"):
        services.workplan_transition(
            version=empty, to_state=WorkPlanState.CABINET_APPROVED, decided_on=TODAY, reference="x", by=officer
        )
    later = services.workplan_create(by=officer, copy_latest=True)  # version 3, a copy of the empty version 2
    services.workplan_entry_add(version=later, review=ReviewFactory(), starts_on=TODAY, ends_on=TODAY, by=officer)
    approve_all(later, officer)
    with pytest.raises(RuleError, match="Version 3, a later version, has already been agreed by Council"):
        services.workplan_transition(
            version=draft, to_state=WorkPlanState.CABINET_APPROVED, decided_on=TODAY, reference="x", by=officer
        )


def test_a_new_agreed_version_supersedes_the_last_one(officer, draft, client_for, person_with_role):
    approve_all(draft, officer)
    second = services.workplan_create(by=officer, copy_latest=True)
    assert WorkPlanVersion.objects.current_agreed() == draft
    approve_all(second, officer)
    assert WorkPlanVersion.objects.current_agreed() == second
    page = client_for(person_with_role(Role.COUNCILLOR)).get(reverse("commissioning:workplan-list")).content.decode()
    assert "Current agreed version" in page and "Agreed by Council, superseded" in page


# The difference from the version it is based on.


APRIL, MARCH = D(2027, 4, 1), D(2028, 3, 31)


class _E:
    """An entry without the database: the review is its title."""

    def __init__(self, review, position, starts_on=APRIL, ends_on=MARCH):
        self.review, self.review_id, self.position = review, review, position
        self.starts_on, self.ends_on = starts_on, ends_on


def _entries(*titles, **dates):
    return [_E(t, n, *dates.get(t, ())) for n, t in enumerate(titles, start=1)]


def test_the_difference_names_reviews_added_removed_moved_and_dates_changed():
    base = _entries("A", "B", "C", "D")
    new = _entries("E", "A", "C", "B", C=(D(2027, 5, 1), D(2028, 3, 31)))
    diff = difference(new, base)
    assert diff.added == ["Added: E at number 1, from 1 April 2027 to 31 March 2028."]
    assert diff.removed == ["Removed: D (was number 4)."]
    # Only the one that moved is named, not every review shifted by the addition.
    assert diff.moved == ["Moved up: C, now number 3, ahead of B (was number 3)."]
    assert diff.dates == ["Dates changed: C, start from 1 April 2027 to 1 May 2027."]


def test_moving_one_review_to_the_top_names_only_that_review():
    diff = difference(_entries("C", "A", "B"), _entries("A", "B", "C"))
    assert diff.moved == ["Moved up: C, now number 1, ahead of A (was number 3)."]
    down = difference(_entries("B", "C", "A"), _entries("A", "B", "C"))
    assert down.moved == ["Moved down: A, now number 3, behind C (was number 1)."]
    assert not diff.added and not diff.removed and not diff.dates
    assert not difference(_entries("A", "B"), _entries("A", "B"))


def test_the_version_page_shows_the_difference_and_the_trail(officer, draft, client_for):
    approve_all(draft, officer)
    copy = services.workplan_create(by=officer, copy_latest=True)
    services.workplan_entry_move(entry=copy.entries.get(review__title="C"), direction="up", by=officer)
    page = client_for(officer).get(copy.get_absolute_url()).content.decode()
    assert "Changes from version 1" in page and "Moved up: C, now number 2, ahead of B (was number 3)." in page
    page = client_for(officer).get(draft.get_absolute_url()).content.decode()
    assert "Ref council_agreed" in page and "19 January 2027" in page and "Sarah Whitfield" in page


def test_the_version_page_makes_as_many_queries_with_many_reviews(officer, client_for, django_assert_num_queries):
    cabinet = BodyFactory(kind=BodyKind.CABINET)
    committee = BodyFactory()
    version = WorkPlanVersion.objects.create(number=1, prepared_by=officer)
    client = client_for(officer)

    def grow(n):
        start = version.entries.count()
        for position in range(start + 1, start + n + 1):
            WorkPlanEntry.objects.create(
                version=version, review=ReviewFactory(), position=position, starts_on=TODAY, ends_on=TODAY
            )

    grow(1)
    url = version.get_absolute_url()
    services.workplan_bring_back(version=version, body=committee, by=officer)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow(8)
    MeetingFactory(body=cabinet, starts_at=london(2027, 1, 12, 10))
    services.workplan_bring_back(version=version, body=BodyFactory(), by=officer)
    approve_all(version, officer)
    with django_assert_num_queries(len(few)):
        client.get(url)


# Bringing a version back to committee.


def test_bring_back_answers_the_committees_open_work_plan_action_else_adds_a_subject(officer, draft):
    committee = BodyFactory(name="Overview and Scrutiny Committee")
    action_entry = WorkProgrammeEntry.objects.create(
        body=committee,
        title="Bring the Commissioning work plan back to the committee",
        source=WorkProgrammeSource.ACTION,
    )
    WorkProgrammeEntry.objects.create(body=committee, title="Performance report", source=WorkProgrammeSource.ACTION)
    bring_back = services.workplan_bring_back(version=draft, body=committee, answering=action_entry, by=officer)
    assert bring_back.entry == action_entry
    with pytest.raises(RuleError, match="already on the work programme of Overview and Scrutiny Committee"):
        services.workplan_bring_back(version=draft, body=committee, by=officer)
    # A second version, or a committee without such an action, gets a new subject.
    later = services.workplan_create(by=officer, copy_latest=True)
    new = services.workplan_bring_back(version=later, body=committee, by=officer).entry
    assert (new.title, new.source, new.status) == (
        "Commissioning Work Plan, version 2",
        WorkProgrammeSource.COMMISSIONING,
        WorkProgrammeStatus.PROPOSED,
    )
    assert new.history.get().history_change_reason == "Added to the work programme"
    with pytest.raises(RuleError, match="overview and scrutiny committee"):
        services.workplan_bring_back(version=draft, body=BodyFactory(kind=BodyKind.WORKING_GROUP), by=officer)


def test_an_action_whose_wording_mentions_the_work_plan_is_answered_only_when_chosen(officer, draft):
    committee = BodyFactory()
    unrelated = WorkProgrammeEntry.objects.create(
        body=committee, title="Review how the highways work plan is consulted on", source=WorkProgrammeSource.ACTION
    )
    entry = services.workplan_bring_back(version=draft, body=committee, by=officer).entry
    assert entry != unrelated and entry.source == WorkProgrammeSource.COMMISSIONING
    assert not hasattr(WorkProgrammeEntry.objects.get(pk=unrelated.pk), "work_plan_bring_back")


def test_only_an_open_action_of_the_same_committee_can_be_answered(officer, draft):
    committee, other = BodyFactory(), BodyFactory()
    theirs = WorkProgrammeEntry.objects.create(body=other, title="Bring it back", source=WorkProgrammeSource.ACTION)
    done = WorkProgrammeEntry.objects.create(
        body=committee, title="Bring it back", source=WorkProgrammeSource.ACTION, status="done"
    )
    request = WorkProgrammeEntry.objects.create(
        body=committee, title="Bring it back", source=WorkProgrammeSource.MEMBER_REQUEST
    )
    for action in (theirs, done, request):
        with pytest.raises(RuleError, match="still on the work programme of .* and not yet answered"):
            services.workplan_bring_back(version=draft, body=committee, answering=action, by=officer)
    assert not WorkPlanBringBack.objects.exists()


def test_a_committee_that_has_ended_cannot_take_the_work_plan(officer, draft):
    ended = BodyFactory(name="Environment Overview and Scrutiny Committee", end_date=D(2026, 5, 31))
    with pytest.raises(RuleError, match="ended on 31 May 2026: choose a committee that still meets"):
        services.workplan_bring_back(version=draft, body=ended, by=officer)
    assert not WorkPlanBringBack.objects.exists()


def test_a_done_action_is_not_answered_again(officer, draft):
    committee = BodyFactory()
    WorkProgrammeEntry.objects.create(
        body=committee, title="Commissioning work plan", source=WorkProgrammeSource.ACTION, status="done"
    )
    entry = services.workplan_bring_back(version=draft, body=committee, by=officer).entry
    assert entry.source == WorkProgrammeSource.COMMISSIONING


def test_the_version_page_links_to_the_committees_work_programme(officer, draft, client_for):
    committee = BodyFactory(slug="environment-overview-and-scrutiny-committee")
    services.workplan_bring_back(version=draft, body=committee, by=officer)
    page = client_for(officer).get(draft.get_absolute_url()).content.decode()
    assert reverse("scrutiny:work-programme", args=[committee.slug]) in page


# Who may do what.


def test_the_public_reads_only_versions_agreed_by_council(client, officer, draft):
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 404
    assert "Version 1" not in client.get(reverse("commissioning:workplan-list")).content.decode()
    approve_all(draft, officer)
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and "A" in page and "Ref council_agreed" in page
    assert "Current stage" not in page and "Sarah Whitfield" not in page  # management detail is for officers
    assert "Version 1" in client.get(reverse("commissioning:workplan-list")).content.decode()
    assert client.get(reverse("commissioning:workplan-add"))["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.COMMISSIONING_OFFICER, True),
        (Role.DEMOCRATIC_SERVICES, False),
        (Role.FINANCE_OFFICER, False),
        (Role.OFFICER, False),
        (Role.CABINET_MEMBER, False),
        (Role.COUNCILLOR, False),
    ],
)
def test_who_manages_the_work_plan(client_for, person_with_role, draft, role, allowed):
    client = client_for(person_with_role(role))
    entry = draft.entries.get(review__title="B")
    responses = [
        client.post(reverse("commissioning:workplan-add"), {"start_from": "schedule"}),
        client.post(reverse("commissioning:workplan-entry-move", args=[1, entry.pk]), {"direction": "up"}),
        client.post(
            reverse("commissioning:workplan-entry-dates", args=[1, entry.pk]),
            {"starts_on": "2027-04-01", "ends_on": "2027-09-30"},
        ),
    ]
    # Recording Cabinet's approval is Democratic Services' (tests/test_commissioning_decisions.py).
    assert [r.status_code for r in responses] == ([302, 302, 302] if allowed else [403] * 3)
    assert client.get(draft.get_absolute_url()).status_code == 200  # everyone signed in reads it


def test_changing_a_frozen_version_is_refused_with_a_clear_message(client_for, officer, draft):
    approve_all(draft, officer, through=WorkPlanState.CABINET_APPROVED)
    client = client_for(officer)
    entry = draft.entries.get(review__title="B")
    response = client.post(
        reverse("commissioning:workplan-entry-move", args=[1, entry.pk]), {"direction": "up"}, follow=True
    )
    assert "can no longer change. To change the work plan, make a new version" in response.content.decode()
    response = client.get(reverse("commissioning:workplan-entry-add", args=[1]), follow=True)
    assert "can no longer change" in response.content.decode()
    assert titles(draft) == ["A", "B", "C"]


def test_recording_a_decision_through_the_page(client_for, officer, draft):
    client = client_for(cabinet_clerk())  # Cabinet's approval is an executive decision
    url = reverse("commissioning:workplan-transition", args=[1])
    response = client.post(url, {"to_state": "council_agreed", "decided_on": "2026-01-12", "reference": "Council"})
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page and "no step can be skipped" in page
    response = client.post(
        url, {"to_state": "cabinet_approved", "decided_on": "2026-01-12", "reference": "Cabinet 12 January 2026"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == WorkPlanState.CABINET_APPROVED


def test_a_clerk_brings_back_to_their_own_committee_only(client_for, person_with_role, draft):
    clerk = person_with_role(Role.DEMOCRATIC_SERVICES)
    theirs, others = BodyFactory(), BodyFactory()
    permissions.grant("members.change_body", clerk, theirs)
    client = client_for(clerk)
    url = reverse("commissioning:workplan-bring-back", args=[1])
    assert client.post(url, {"committee": others.pk}).status_code == 403
    assert client.post(url, {"committee": theirs.pk}).status_code == 302
    assert WorkPlanBringBack.objects.get().entry.body == theirs
    # A councillor, or a clerk of no committee, may not.
    assert client_for(person_with_role(Role.COUNCILLOR)).get(url).status_code == 403
    assert client_for(person_with_role(Role.DEMOCRATIC_SERVICES)).get(url).status_code == 403


def test_the_person_bringing_back_chooses_the_action_it_answers(client_for, officer, draft):
    committee, other = BodyFactory(name="Overview and Scrutiny Committee"), BodyFactory()
    action = WorkProgrammeEntry.objects.create(
        body=committee, title="Bring the Commissioning work plan back", source=WorkProgrammeSource.ACTION
    )
    elsewhere = WorkProgrammeEntry.objects.create(body=other, title="See the plan", source=WorkProgrammeSource.ACTION)
    client = client_for(officer)
    url = reverse("commissioning:workplan-bring-back", args=[1])
    page = client.get(url).content.decode()
    assert "Overview and Scrutiny Committee: Bring the Commissioning work plan back" in page
    response = client.post(url, {"committee": committee.pk, "action": elsewhere.pk})
    assert response.status_code == 200 and "Choose an action of Overview and Scrutiny Committee, or none" in (
        response.content.decode()
    )
    assert client.post(url, {"committee": committee.pk, "action": action.pk}).status_code == 302
    assert WorkPlanBringBack.objects.get().entry == action


def test_the_work_plan_list_makes_as_many_queries_with_many_versions(
    officer, client_for, django_assert_num_queries, draft
):
    client = client_for(officer)
    url = reverse("commissioning:workplan-list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    approve_all(draft, officer)
    for _ in range(5):
        services.workplan_create(by=officer, copy_latest=True)
    with django_assert_num_queries(len(few)):
        client.get(url)


# The demo.


def test_the_demo_work_plan_loads_once(officer):
    from commissioning.demo import workplan as demo_workplan

    os = BodyFactory(slug="overview-and-scrutiny-committee", name="Overview and Scrutiny Committee")
    action = WorkProgrammeEntry.objects.create(
        body=os, title="Bring the Commissioning work plan back to the committee", source=WorkProgrammeSource.ACTION
    )
    for title in ("Day Opportunities for Adults", "Customer Contact and Digital Services"):
        ReviewFactory(title=title)
    ReviewFactory(title="Public Health Lifestyle Services", status=ReviewStatus.ON_HOLD)
    cabinet_clerk()
    UserFactory(first_name="Emma", last_name="Clarke", roles=[Role.DEMOCRATIC_SERVICES])
    demo_workplan.load()
    demo_workplan.load()
    first, second = WorkPlanVersion.objects.order_by("number")
    assert first.state == WorkPlanState.COUNCIL_AGREED and first.transitions.count() == 3
    assert second.state == WorkPlanState.DRAFT and second.based_on == first
    assert "Public Health Lifestyle Services" not in titles(first)
    assert titles(second)[-1] == "Public Health Lifestyle Services"
    assert WorkPlanBringBack.objects.get().entry == action
    assert WorkPlanVersion.objects.count() == 2
