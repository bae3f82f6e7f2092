"""The executive's dashboard panels: the clocks for Democratic Services and Administrators, and the
officer's own entries and decisions; who sees each, the days shown (on a frozen day), and queries
that do not grow with rows. And the clock behind "publish by": ``last_day_to_notice_key_decision``."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import calendar
from executive import services
from executive.models import EntryStatus, OfficerDecisionGround
from executive.selectors import panels
from tests.factories import CabinetFactory, ForwardPlanEntryFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)  # Thursday 3 December 2026, London
CLOCKS = "Key decisions to publish in the forward plan"
OWN = "Forward plan entries you drafted"


@pytest.fixture(autouse=True)
def _on_3_december_2026():
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        yield


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"])


# --- The clock ----------------------------------------------------------------------------------------


def test_the_last_day_to_notice_a_key_decision_leaves_28_clear_days():
    decision_day = D(2027, 1, 15)
    last = calendar.last_day_to_notice_key_decision(decision_day)
    assert last == D(2026, 12, 17)
    assert calendar.earliest_key_decision_day(last) == decision_day  # the last day still gives notice
    the_day_after = last + datetime.timedelta(days=1)
    assert calendar.earliest_key_decision_day(the_day_after) > decision_day  # the day after does not


def test_the_last_day_counts_calendar_days_across_christmas_and_the_clock_change():
    # Bank holidays and weekends count (reg 9 says clear days); the clocks go forward on 29 March 2026.
    assert calendar.last_day_to_notice_key_decision(D(2027, 1, 2)) == D(2026, 12, 4)
    assert calendar.last_day_to_notice_key_decision(D(2026, 4, 20)) == D(2026, 3, 22)


def test_the_last_day_follows_the_setting(settings):
    settings.KEY_DECISION_NOTICE_CLEAR_DAYS = 35
    assert calendar.last_day_to_notice_key_decision(D(2027, 1, 15)) == D(2026, 12, 10)


# --- Helpers ------------------------------------------------------------------------------------------


def _key_entry(**fields):
    return ForwardPlanEntryFactory(is_key=True, key_reason="expenditure", amount_pounds=900_000, **fields)


def _publish(clerk, entries, on):
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
    return services.forward_plan_publish(by=clerk, include=entries, now=moment)


NOVEMBER_2 = D(2026, 11, 2)


def _decision(clerk, *, title, decided_on=NOVEMBER_2, published_on=None):
    decision = services.decision_record(
        by=clerk,
        decision_maker=CabinetFactory(),
        decided_on=decided_on,
        title=title,
        decision="To do it.",
        reasons="Because.",
    )
    if published_on:
        decision = services.decision_notice_publish(decision=decision, by=clerk, on=published_on)
    return decision


def _officer_decision(clerk, officer, *, title="Award of the gritting contract", published=False):
    decision = services.officer_decision_record(
        by=clerk,
        officer=officer,
        title=title,
        ground=OfficerDecisionGround.CONTRACT,
        authority="Delegation H4",
        decided_on=D(2026, 11, 20),
        decision="To award it.",
        reasons="Best value.",
    )
    if published:
        decision = services.officer_decision_publish(decision=decision, by=clerk, on=D(2026, 11, 23))
    return decision


def _context(function, user):
    request = RequestFactory().get("/")
    request.user = user
    return function(request)


# --- The executive's clocks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "shown"),
    [
        (["Democratic Services"], True),
        (["Administrator"], True),
        (["Officer"], False),
        (["Commissioning Officer"], False),
        (["Cabinet Member"], False),
        (["Councillor"], False),
    ],
)
def test_the_clocks_are_for_democratic_services_and_administrators(client_for, roles, shown):
    page = client_for(UserFactory(roles=roles)).get(reverse("home")).content.decode()
    assert (CLOCKS in page) is shown


def test_the_public_has_no_dashboard(client):
    assert client.get(reverse("home")).status_code == 302


def test_drafts_are_due_from_fourteen_days_before_their_last_day_to_publish(client_for, clerk):
    _key_entry(title="Due on the margin", expected_decision_on=D(2027, 1, 15))  # last day 17 December
    _key_entry(title="Not yet due", expected_decision_on=D(2027, 1, 16))  # last day 18 December
    _key_entry(title="Already late", expected_decision_on=D(2026, 12, 31))  # last day 2 December
    ForwardPlanEntryFactory(title="Not a key decision", expected_decision_on=D(2026, 12, 20))
    context = _context(panels.clocks_panel, clerk)
    assert [row["entry"].title for row in context["due"]] == ["Already late", "Due on the margin"]
    assert [(row["last_day"], row["late"]) for row in context["due"]] == [
        (D(2026, 12, 2), True),
        (D(2026, 12, 17), False),
    ]
    page = client_for(clerk).get(reverse("home")).content.decode()
    assert "Publish by 17 December 2026" in page
    assert "The last day to publish it in time was 2 December 2026" in page


def test_published_key_decisions_wait_for_their_earliest_lawful_day(client_for, clerk):
    first = _key_entry(title="Noticed on 4 November")
    _publish(clerk, [first], on=D(2026, 11, 4))  # may be taken from 3 December: today
    second = _key_entry(title="Noticed on 5 November")
    _publish(clerk, [second], on=D(2026, 11, 5))  # the first is in this edition too: its first stays 4 November
    context = _context(panels.clocks_panel, clerk)
    assert [(row["entry"].title, row["earliest"]) for row in context["waiting"]] == [
        ("Noticed on 5 November", D(2026, 12, 4))
    ]
    assert "May be taken from 4 December 2026" in client_for(clerk).get(reverse("home")).content.decode()


def test_notices_to_publish_and_call_in_periods_running(client_for, clerk):
    _decision(clerk, title="Notice not published", decided_on=D(2026, 12, 1))
    _decision(clerk, title="Call-in running", decided_on=D(2026, 12, 1), published_on=D(2026, 12, 1))
    _decision(clerk, title="Call-in over", published_on=D(2026, 11, 3))
    _officer_decision(clerk, OfficerFactory(), title="Officer decision to publish")
    context = _context(panels.clocks_panel, clerk)
    assert [d.title for d in context["notices"]] == ["Notice not published"]
    assert [(d.title, d.call_in_ends_on) for d in context["call_ins"]] == [("Call-in running", D(2026, 12, 8))]
    assert [d.title for d in context["officer_decisions"]] == ["Officer decision to publish"]
    page = client_for(clerk).get(reverse("home")).content.decode()
    assert "May be called in until the end of 8 December 2026" in page
    assert reverse("executive:decision-publish", args=[context["notices"][0].pk]) in page
    assert "Call-in over" not in page


def test_the_clocks_make_as_many_queries_with_more_rows(clerk, django_assert_num_queries):
    def rows(n):
        for i in range(n):
            _key_entry(expected_decision_on=D(2027, 1, 1) + datetime.timedelta(days=i))
            _publish(clerk, [_key_entry()], on=D(2026, 11, 20))
            _decision(clerk, title=f"Unpublished {i}", decided_on=D(2026, 12, 1))
            _decision(clerk, title=f"Running {i}", decided_on=D(2026, 12, 1), published_on=D(2026, 12, 2))
            _officer_decision(clerk, OfficerFactory())

    rows(1)
    with django_assert_num_queries(5):
        few = _context(panels.clocks_panel, clerk)
    rows(4)
    with django_assert_num_queries(5):
        many = _context(panels.clocks_panel, clerk)
    assert len(many["due"]) > len(few["due"]) and len(many["call_ins"]) == 5


def test_the_dashboard_with_the_clocks_makes_as_many_queries_with_more_rows(
    client_for, clerk, django_assert_num_queries
):
    client = client_for(clerk)
    _key_entry(expected_decision_on=D(2027, 1, 1))
    _decision(clerk, title="Running", decided_on=D(2026, 12, 1), published_on=D(2026, 12, 2))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for i in range(4):
        _key_entry(expected_decision_on=D(2027, 1, 2) + datetime.timedelta(days=i))
        _publish(clerk, [_key_entry()], on=D(2026, 11, 20))
        _decision(clerk, title=f"Unpublished {i}", decided_on=D(2026, 12, 1))
        _decision(clerk, title=f"Running {i}", decided_on=D(2026, 12, 1), published_on=D(2026, 12, 2))
        _officer_decision(clerk, OfficerFactory())
    with django_assert_num_queries(len(few)):
        client.get(reverse("home"))


# --- The officer's own -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "shown"),
    [
        (["Officer"], True),
        (["Commissioning Officer"], True),
        (["Finance Officer"], True),
        (["Monitoring Officer"], True),
        (["Democratic Services"], False),
        (["Cabinet Member"], False),
        (["Councillor"], False),
    ],
)
def test_the_officers_panel_is_for_officers(client_for, roles, shown):
    page = client_for(UserFactory(roles=roles)).get(reverse("home")).content.decode()
    assert (OWN in page) is shown


def test_an_officer_sees_their_entries_with_the_earliest_lawful_day_and_their_decisions(client_for, clerk):
    officer = OfficerFactory()
    me = officer.user
    published = _key_entry(title="Published entry", drafted_by=me, expected_decision_on=D(2027, 1, 20))
    _publish(clerk, [published], on=D(2026, 11, 10))  # may be taken from 9 December
    _key_entry(title="Draft entry", drafted_by=me, expected_decision_on=D(2026, 12, 20))
    ForwardPlanEntryFactory(title="Not key", drafted_by=me, expected_decision_on=D(2027, 2, 1))
    ForwardPlanEntryFactory(title="Withdrawn entry", drafted_by=me, status=EntryStatus.WITHDRAWN)
    ForwardPlanEntryFactory(title="Someone else's entry")
    _officer_decision(clerk, officer, title="My gritting contract", published=True)
    _officer_decision(clerk, OfficerFactory(), title="Someone else's decision")
    context = _context(panels.officer_panel, me)
    assert [(row["entry"].title, row["earliest"], row["in_time"]) for row in context["entries"]] == [
        ("Draft entry", D(2027, 1, 1), False),  # published today, it could be taken from 1 January
        ("Published entry", D(2026, 12, 9), True),
        ("Not key", None, True),
    ]
    assert [d.title for d in context["officer_decisions"]] == ["My gritting contract"]
    page = client_for(me).get(reverse("home")).content.decode()
    assert "It may be taken from 9 December 2026" in page
    assert "Published today, it could be taken from 1 January 2027" in page
    assert "That is after the expected date" in page
    assert "Published 23 November 2026" in page
    assert "Someone else" not in page and "Withdrawn entry" not in page


def test_the_officers_panel_makes_as_many_queries_with_more_rows(clerk, django_assert_num_queries):
    officer = OfficerFactory()

    def rows(n):
        for _ in range(n):
            _publish(clerk, [_key_entry(drafted_by=officer.user)], on=D(2026, 11, 20))
            _key_entry(drafted_by=officer.user)
            _officer_decision(clerk, officer, published=True)

    rows(1)
    with django_assert_num_queries(2):
        _context(panels.officer_panel, officer.user)
    rows(4)
    with django_assert_num_queries(2):
        assert len(_context(panels.officer_panel, officer.user)["entries"]) == 10
