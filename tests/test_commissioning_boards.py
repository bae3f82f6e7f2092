"""Programme boards (seats grant editing and gate decisions on the review; ending a seat takes them
back), the decisions log, the Cabinet Working Group, and the dashboard panel."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning import access
from commissioning.models import BoardDecision, WorkingGroupNote
from commissioning.selectors import reviews as selectors
from commissioning.services import reviews as services
from commissioning.services.boards import sync_all_board_grants
from commissioning.tasks import sync_board_grants
from council.errors import RuleError
from council.roles import Role
from members.models import Body, BodyKind, Membership
from tests.factories import (
    BodyFactory,
    MemberFactory,
    MembershipFactory,
    OfficerFactory,
    PortfolioFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def review():
    return ReviewFactory(title="Leisure Centres Management")


def seat(review, person, by, start=None):
    return services.board_seat_add(
        review=review, by=by, person=person, role="member", start_date=start or TODAY() - DAY * 30
    )


def test_an_officer_sets_up_the_programme_board_as_a_body(client, officer, review):
    client.force_login(officer)
    page = client.get(reverse("commissioning:review-board", args=[review.pk])).content.decode()
    assert "The review has no programme board yet." in page
    response = client.post(reverse("commissioning:board-create", args=[review.pk]))
    assert response.status_code == 302
    review.refresh_from_db()
    board = review.programme_board
    assert (board.name, board.kind) == ("Leisure Centres Management Programme Board", BodyKind.PROGRAMME_BOARD)
    assert review.history.first().history_change_reason == "Programme board set up"
    with pytest.raises(RuleError, match="already has a programme board"):
        services.board_create(review=review, by=officer)


def test_a_seat_grants_editing_and_gate_decisions_on_that_review_only(officer, review):
    services.board_create(review=review, by=officer)
    person = UserFactory(roles=[Role.OFFICER])
    other = ReviewFactory()
    assert not access.can_edit(person, review)

    seat(review, person, officer)
    person = type(person).objects.get(pk=person.pk)  # a fresh permission cache
    assert access.can_edit(person, review)
    assert access.gate_capacity(person, review) == "programme_board"
    assert not access.can_edit(person, other)
    assert access.gate_capacity(person, other) is None


def test_ending_a_seat_takes_the_grants_back_once_it_has_ended(officer, review):
    services.board_create(review=review, by=officer)
    person = UserFactory(roles=[Role.FINANCE_OFFICER])
    membership = seat(review, person, officer)

    # A seat lasts to the end of its last day: ended today, the grants stay until tonight.
    services.board_seat_end(review=review, by=officer, membership=membership, end_date=TODAY())
    person = type(person).objects.get(pk=person.pk)
    assert access.can_edit(person, review)

    # The nightly task, run the day after, takes them back.
    sync_all_board_grants(on=TODAY() + DAY)
    person = type(person).objects.get(pk=person.pk)
    assert not access.can_edit(person, review)
    assert access.gate_capacity(person, review) is None


def test_ending_a_seat_on_an_earlier_day_takes_the_grants_back_at_once(officer, review):
    services.board_create(review=review, by=officer)
    person = UserFactory(roles=[Role.OFFICER])
    membership = seat(review, person, officer)
    services.board_seat_end(review=review, by=officer, membership=membership, end_date=TODAY() - DAY)
    person = type(person).objects.get(pk=person.pk)
    assert not access.can_edit(person, review)


def test_a_seat_from_a_later_date_grants_nothing_until_it_starts(officer, review):
    services.board_create(review=review, by=officer)
    person = UserFactory(roles=[Role.OFFICER])
    seat(review, person, officer, start=TODAY() + DAY)
    assert not access.can_edit(type(person).objects.get(pk=person.pk), review)
    sync_all_board_grants(on=TODAY() + DAY)
    assert access.can_edit(type(person).objects.get(pk=person.pk), review)


def test_the_nightly_task_and_command_are_safe_to_run_twice(officer, review):
    services.board_create(review=review, by=officer)
    seat(review, UserFactory(roles=[Role.OFFICER]), officer)
    assert sync_board_grants.delay().get() == 1
    call_command("sync_board_grants")
    assert sync_all_board_grants() == 1


def test_the_board_page_labels_cabinet_member_lead_officer_and_finance_officer(client, officer):
    cabinet_member = MemberFactory(user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]).user
    review = ReviewFactory(portfolios=[PortfolioFactory(cabinet_member=cabinet_member.member)])
    finance = OfficerFactory(user__roles=[Role.FINANCE_OFFICER], job_title="Finance Business Partner").user
    services.board_create(review=review, by=officer)
    for person in (cabinet_member, review.lead_officer, finance):
        seat(review, person, officer)

    labels = {s.membership.person: s.labels for s in selectors.board_seats(review)}
    assert labels[cabinet_member] == ["Accountable Cabinet Member"]
    assert labels[review.lead_officer] == ["Lead officer"]
    assert labels[finance] == ["Finance officer"]

    client.force_login(officer)
    body = client.get(reverse("commissioning:review-board", args=[review.pk])).content.decode()
    assert "Accountable Cabinet Member" in body and "Finance Business Partner" in body


def test_seats_are_added_and_ended_through_the_board_page(client, officer, review):
    services.board_create(review=review, by=officer)
    person = UserFactory(roles=[Role.OFFICER])
    client.force_login(officer)
    response = client.post(
        reverse("commissioning:board-seat-add", args=[review.pk]),
        {"person": person.pk, "role": "member", "start_date": (TODAY() - DAY * 10).isoformat()},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(person=person)
    again = client.post(
        reverse("commissioning:board-seat-add", args=[review.pk]),
        {"person": person.pk, "role": "member", "start_date": TODAY().isoformat()},
    )
    assert "is already a member of" in again.content.decode()
    ended = client.post(
        reverse("commissioning:board-seat-end", args=[review.pk, membership.pk]),
        {"end_date": (TODAY() - DAY).isoformat()},
    )
    assert ended.status_code == 302
    assert not access.can_edit(type(person).objects.get(pk=person.pk), review)


def test_board_decisions_are_logged_newest_first(client, officer, review):
    services.board_create(review=review, by=officer)
    client.force_login(officer)
    for day, text in (("2026-01-12", "Options appraisal agreed"), ("2026-02-09", "Market engagement to begin")):
        response = client.post(
            reverse("commissioning:board-decision-add", args=[review.pk]),
            {"decision": text, "decided_on": day, "decided_by": "The programme board"},
        )
        assert response.status_code == 302
    assert BoardDecision.objects.count() == 2
    body = client.get(reverse("commissioning:review-board", args=[review.pk])).content.decode()
    assert body.index("Market engagement to begin") < body.index("Options appraisal agreed")
    future = client.post(
        reverse("commissioning:board-decision-add", args=[review.pk]),
        {"decision": "x", "decided_on": (TODAY() + DAY).isoformat(), "decided_by": "Board"},
    )
    assert "cannot be in the future" in future.content.decode()


def test_a_review_without_a_board_has_no_decisions_log(officer, review):
    with pytest.raises(RuleError, match="programme board first"):
        services.board_decision_add(review=review, by=officer, decision="x", decided_on=TODAY(), decided_by="Board")


def test_a_cabinet_working_group_is_linked_or_set_up_with_its_members_and_notes(client, officer, review):
    group = BodyFactory(name="Commissioning Cabinet Working Group", kind=BodyKind.CABINET_WORKING_GROUP)
    councillor = MemberFactory(user__first_name="Rachel", user__last_name="Gibbs").user
    MembershipFactory(body=group, person=councillor)
    client.force_login(officer)

    committee = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY)
    wrong = client.post(reverse("commissioning:working-group", args=[review.pk]), {"body": committee.pk})
    assert wrong.status_code == 200  # not offered: only Cabinet Working Groups are
    assert client.post(reverse("commissioning:working-group", args=[review.pk]), {"body": group.pk}).status_code == 302
    review.refresh_from_db()
    assert review.working_group == group

    response = client.post(
        reverse("commissioning:working-group-note-add", args=[review.pk]),
        {"met_on": "2026-03-02", "note": "The group walked through the options with the lead officer."},
    )
    assert response.status_code == 302
    assert WorkingGroupNote.objects.get().met_on == datetime.date(2026, 3, 2)
    body = client.get(reverse("commissioning:review-board", args=[review.pk])).content.decode()
    assert "Rachel Gibbs" in body and "walked through the options" in body

    other = ReviewFactory()
    services.working_group_link(review=other, by=officer, name="Early Help Cabinet Working Group")
    assert Body.objects.get(name="Early Help Cabinet Working Group").kind == BodyKind.CABINET_WORKING_GROUP


def test_the_working_group_page_starts_from_the_group_that_supports_the_review(client, officer, review):
    group = BodyFactory(name="Commissioning Cabinet Working Group", kind=BodyKind.CABINET_WORKING_GROUP)
    services.working_group_link(review=review, by=officer, body=group)
    client.force_login(officer)
    page = client.get(reverse("commissioning:working-group", args=[review.pk])).content.decode()
    assert f'<option value="{group.pk}" selected>Commissioning Cabinet Working Group' in page


def test_board_pages_are_for_those_who_edit_the_review(client, review, officer):
    services.board_create(review=review, by=officer)
    client.force_login(UserFactory(roles=[Role.COUNCILLOR]))
    for name in ("board-seat-add", "board-decision-add", "working-group", "working-group-note-add"):
        assert client.get(reverse(f"commissioning:{name}", args=[review.pk])).status_code == 403
    assert client.post(reverse("commissioning:board-create", args=[review.pk])).status_code == 403


def test_the_dashboard_shows_the_reviews_a_cabinet_member_answers_for_and_the_gates_awaiting(client, officer):
    cabinet_member = MemberFactory(user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]).user
    mine = ReviewFactory(title="Waste Collection", portfolios=[PortfolioFactory(cabinet_member=cabinet_member.member)])
    ReviewFactory(title="Someone else’s review")
    client.force_login(cabinet_member)
    body = client.get(reverse("home")).content.decode()
    assert "Waste Collection" in body
    assert "Someone else’s review" not in body
    assert reverse("commissioning:gate-pass", args=[mine.pk]) in body
    # The gate's link names the review once, read aloud or seen.
    link = re.search(
        r'href="{}">(.*?)</a>(.*?)</li>'.format(reverse("commissioning:gate-pass", args=[mine.pk])), body, re.S
    )
    said = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", link.group(1) + link.group(2))).strip()
    assert said == "Analyse gate of Waste Collection"


def test_the_dashboard_panel_makes_as_many_queries_with_many_reviews(rf, django_assert_num_queries):
    person = UserFactory(roles=[Role.COMMISSIONING_OFFICER])

    def request_with_more_reviews():
        for _ in range(4):
            ReviewFactory(lead_officer=person)
        request = rf.get("/")
        request.user = type(person).objects.get(pk=person.pk)
        return request

    request = request_with_more_reviews()
    with CaptureQueriesContext(connection) as few:
        selectors.reviews_panel(request)
    request = request_with_more_reviews()
    with django_assert_num_queries(len(few)):
        selectors.reviews_panel(request)


def test_the_board_and_working_group_changes_are_in_the_review_timeline_with_who_and_why(officer, review):
    services.board_create(review=review, by=officer)
    person = UserFactory(first_name="Nadia", last_name="Hussain", roles=[Role.FINANCE_OFFICER])
    seat(review, person, officer)
    services.board_decision_add(
        review=review, by=officer, decision="Options agreed", decided_on=TODAY(), decided_by="The board"
    )
    services.working_group_link(review=review, by=officer, name="Leisure Cabinet Working Group")
    services.working_group_note_add(review=review, by=officer, met_on=TODAY(), note="Visited the pools")

    events = {(e.heading, e.subject): e.who for e in selectors.review_timeline(review)}
    for entry in (
        ("Programme board set up", "Review"),
        ("Membership added", "Programme board seat: Nadia Hussain"),
        ("Board decision recorded", "Programme board decision"),
        ("Supported by Leisure Cabinet Working Group", "Review"),
        ("Working group note added", "Cabinet Working Group note"),
    ):
        assert events[entry] == officer.get_full_name()
