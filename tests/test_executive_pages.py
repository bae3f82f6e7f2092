"""The executive's pages: the forward plan and its editions, decisions and their notices."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from executive import history_rules, services
from executive.models import DecisionRoute, ExecutiveDecision
from tests.factories import (
    CabinetFactory,
    CabinetMemberDecisionMakerFactory,
    ForwardPlanEntryFactory,
    UserFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
EXEMPT = "The preferred bidder price is 4.2 million pounds."


# These tests use the dates of one winter (decisions taken in November 2026, a call-in period to 7
# December, entries expected in 2027), so they run on one day of it, whatever the day they run.
TODAY = datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _on_3_december_2026():
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        yield


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"])


def _entries(n, **fields):
    return [ForwardPlanEntryFactory(**fields) for _ in range(n)]


NOVEMBER_2 = D(2026, 11, 2)


def _publish(clerk, entries, on=NOVEMBER_2):
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(9)))
    return services.forward_plan_publish(by=clerk, include=entries, now=moment)


def _decision(clerk, *, published=True, **fields):
    fields.setdefault("decision_maker", CabinetFactory())
    fields.setdefault("decided_on", D(2026, 11, 2))
    fields.setdefault("title", "Name the new park")
    fields.setdefault("decision", "To name it Riverside Park.")
    fields.setdefault("reasons", "The residents chose it.")
    decision = services.decision_record(by=clerk, **fields)
    if published:
        decision = services.decision_notice_publish(decision=decision, by=clerk, on=fields["decided_on"])
    return decision


# --- The forward plan ------------------------------------------------------------------------------


def test_the_public_read_the_current_edition_with_its_fingerprint(client, clerk):
    published = ForwardPlanEntryFactory(
        title="Re-commission home care", private=True, exempt_paragraph=3, private_reasons="Tender prices"
    )
    draft = ForwardPlanEntryFactory(title="Close the depot")
    edition = _publish(clerk, [published])
    page = client.get(reverse("executive:forward-plan")).content.decode()
    assert "Re-commission home care" in page and "Close the depot" not in page
    assert edition.sha256[:8] in page and "Edition 1" in page
    assert "Tender prices" in page
    assert client.get(draft.get_absolute_url()).status_code == 404
    edition_page = client.get(edition.get_absolute_url()).content.decode()
    assert "Re-commission home care" in edition_page and edition.sha256[8:16] in edition_page
    assert "Edition 1" in client.get(reverse("executive:edition-list")).content.decode()


def test_officers_see_drafts_on_the_forward_plan(client_for, clerk):
    ForwardPlanEntryFactory(title="Close the depot")
    page = client_for(UserFactory(roles=["Officer"])).get(reverse("executive:forward-plan")).content.decode()
    assert "Close the depot" in page and "Draft an entry" in page and "Publish the forward plan" not in page


def test_an_officer_drafts_an_entry_and_is_told_it_is_key(client_for):
    officer = UserFactory(roles=["Officer"])
    wards = WardFactory.create_batch(2)
    response = client_for(officer).post(
        reverse("executive:entry-add"),
        {
            "title": "Change the bin collection rounds",
            "decision_maker": CabinetFactory().pk,
            "expected_decision_on": "2027-03-03",
            "wards_significant": "on",
            "wards": [w.pk for w in wards],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "significant in its effects on communities in two or more wards" in page
    assert "Yes: significant in its effects" in page


def test_a_private_entry_without_reasons_comes_back_with_the_error(client_for):
    response = client_for(UserFactory(roles=["Officer"])).post(
        reverse("executive:entry-add"),
        {
            "title": "Sell the depot",
            "decision_maker": CabinetFactory().pk,
            "expected_decision_on": "2027-03-03",
            "private": "on",
            "exempt_paragraph": "3",
        },
    )
    assert response.status_code == 200 and b"govuk-error-summary" in response.content


def test_the_forward_plan_makes_as_many_queries_with_more_entries(client, client_for, clerk, django_assert_num_queries):
    officer = UserFactory(roles=["Officer"])
    _publish(clerk, _entries(1))
    ForwardPlanEntryFactory()
    url = reverse("executive:forward-plan")
    for who in (client, client_for(officer)):
        with CaptureQueriesContext(connection) as few:
            who.get(url)
        _publish(clerk, _entries(6, wards=WardFactory.create_batch(2)))
        _entries(4)
        with django_assert_num_queries(len(few)):
            who.get(url)


# --- Decisions -------------------------------------------------------------------------------------


def test_a_key_decision_too_early_is_refused_on_the_form(client_for, clerk):
    entry = ForwardPlanEntryFactory(amount_pounds=900_000)
    entry = services.entry_update(entry=entry, by=clerk)
    _publish(clerk, [entry], on=D(2026, 12, 1))
    response = client_for(clerk).post(
        reverse("executive:decision-add"),
        {
            "entry": entry.pk,
            "decision_maker": entry.decision_maker_id,
            "decided_on": "2026-12-29",
            "route": DecisionRoute.NORMAL,
            "decision": "Award it.",
            "reasons": "Best value.",
        },
    )
    assert response.status_code == 200
    assert "may be taken from 30 December 2026" in response.content.decode()
    assert not ExecutiveDecision.objects.exists()


def test_the_exempt_part_of_a_decision_is_withheld_from_those_not_allowed(client, client_for, clerk):
    decision = _decision(clerk, exempt_paragraph=3, exempt_part=EXEMPT)
    url = decision.get_absolute_url()
    for person in (None, UserFactory(roles=["Councillor"]), UserFactory(roles=["Officer"])):
        page = (client_for(person) if person else client).get(url).content.decode()
        assert EXEMPT not in page and "paragraph" in page and "is not published" in page
    for role in ("Democratic Services", "Cabinet Member", "Monitoring Officer", "Administrator"):
        assert EXEMPT in client_for(UserFactory(roles=[role])).get(url).content.decode()


def test_the_decision_history_withholds_the_exempt_part(client_for, clerk):
    decision = _decision(clerk, exempt_paragraph=3, exempt_part=EXEMPT)
    url = reverse("history", args=["executive", "executivedecision", decision.pk])
    councillor_page = client_for(UserFactory(roles=["Councillor"])).get(url)
    assert councillor_page.status_code == 200 and EXEMPT not in councillor_page.content.decode()
    assert history_rules._decision_withheld(UserFactory(roles=["Councillor"]), decision) == ("exempt_part",)
    assert history_rules._decision_withheld(clerk, decision) == ()


def test_the_decisions_list_says_subject_to_call_in_or_effective(client, clerk):
    today = timezone.localdate()
    _decision(clerk, title="Old decision", decided_on=today - datetime.timedelta(days=60))
    _decision(clerk, title="New decision", decided_on=today)
    page = client.get(reverse("executive:decision-list")).content.decode()
    assert "Old decision" in page and "Effective from" in page
    assert "New decision" in page and "Subject to call-in until" in page
    subject = client.get(reverse("executive:decision-list"), {"call_in": "subject_to_call_in"}).content.decode()
    assert "New decision" in subject and "Old decision" not in subject


def test_the_decisions_list_filters(client, clerk):
    member_maker = CabinetMemberDecisionMakerFactory()
    _decision(clerk, title="By the Cabinet", decided_on=D(2026, 10, 1))
    _decision(clerk, title="By the Cabinet Member", decision_maker=member_maker, decided_on=D(2026, 11, 10))
    _decision(clerk, title="Not yet published", published=False)
    url = reverse("executive:decision-list")
    page = client.get(url).content.decode()
    assert "By the Cabinet" in page and "Not yet published" not in page
    page = client.get(url, {"decision_maker": member_maker.pk}).content.decode()
    assert "By the Cabinet Member" in page and "By the Cabinet<" not in page
    page = client.get(url, {"portfolio": member_maker.portfolio_id}).content.decode()
    assert "By the Cabinet Member" in page and "By the Cabinet<" not in page
    page = client.get(url, {"decided_from": "2026-11-01"}).content.decode()
    assert "By the Cabinet Member" in page and "By the Cabinet<" not in page
    page = client.get(url, {"key": "yes"}).content.decode()
    assert "No decisions match" in page


def test_the_decisions_list_makes_as_many_queries_with_more_decisions(
    client, client_for, clerk, django_assert_num_queries
):
    _decision(clerk)
    url = reverse("executive:decision-list")
    for who in (client, client_for(clerk)):
        with CaptureQueriesContext(connection) as few:
            who.get(url)
        for _ in range(4):
            _decision(clerk, decision_maker=CabinetMemberDecisionMakerFactory())
            _decision(clerk, published=False)
        with django_assert_num_queries(len(few)):
            who.get(url)


def test_democratic_services_publish_a_notice_and_see_the_call_in_period(client_for, clerk):
    decision = _decision(clerk, published=False, decided_on=D(2026, 11, 30))
    client = client_for(clerk)
    assert "Publish the decision notice" in client.get(decision.get_absolute_url()).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=timezone.make_aware(datetime.datetime(2026, 11, 30, 10))):
        response = client.post(reverse("executive:decision-publish", args=[decision.pk]), follow=True)
    decision.refresh_from_db()
    assert decision.call_in_ends_on == D(2026, 12, 7)
    assert "7 December 2026" in response.content.decode()


def test_the_record_form_opens_from_an_entry(client_for, clerk):
    entry = ForwardPlanEntryFactory(title="Re-commission home care")
    _publish(clerk, [entry])
    page = client_for(clerk).get(reverse("executive:decision-add"), {"entry": entry.pk}).content.decode()
    assert "Re-commission home care" in page and "Record the decision" in page


def test_the_demo_puts_the_commissioning_work_plan_on_the_forward_plan(demo_council, client):
    from executive.demo import WORK_PLAN

    page = client.get(reverse("executive:forward-plan")).content.decode()
    assert WORK_PLAN in page and "Marked key by the officer" in page
    page = client.get(reverse("executive:decision-list")).content.decode()
    # Called in by three O&S members and referred back to the Cabinet Member (executive/demo/call_in.py).
    assert "Opening hours of the customer service centre" in page and "referred back to the decision maker" in page


def test_the_calendar_feed_has_the_published_expected_dates_only(client, clerk):
    published = ForwardPlanEntryFactory(
        title="Re-commission home care", summary="Line one\nBEGIN:VEVENT", expected_decision_on=D(2027, 2, 10)
    )
    ForwardPlanEntryFactory(title="Close the depot")
    _publish(clerk, [published])
    response = client.get(reverse("executive:forward-plan-feed"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert "DTSTART;VALUE=DATE:20270210" in text and "DTEND;VALUE=DATE:20270211" in text
    assert "Decision: Re-commission home care (Cabinet)" in text
    assert "Close the depot" not in text
    assert text.count("\r\nBEGIN:VEVENT\r\n") == 1  # a summary cannot start an event of its own
    assert f"/executive/forward-plan/entries/{published.pk}/" in text


def test_the_quarterly_special_urgency_report(client_for, clerk):
    from members.models import BodyKind, MembershipRole
    from tests.factories import BodyFactory, MembershipFactory

    chair = UserFactory(roles=["Councillor"])
    MembershipFactory(person=chair, role=MembershipRole.CHAIR, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    _decision(
        clerk,
        title="Emergency repairs to the leisure centre roof",
        is_key=True,
        decided_on=D(2026, 11, 20),
        route=DecisionRoute.SPECIAL_URGENCY,
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 11, 19),
        urgency_reasons="The roof is unsafe.",
    )
    url = reverse("executive:urgency-report")
    page = client_for(clerk).get(url, {"year": 2026, "quarter": 4}).content.decode()
    assert "Emergency repairs to the leisure centre roof" in page and "The roof is unsafe." in page
    assert chair.get_full_name() in page and "October to December 2026" in page
    page = client_for(clerk).get(url, {"year": 2026, "quarter": 3}).content.decode()
    assert "No decision was taken under special urgency" in page


def test_officers_change_an_entry_and_its_history_keeps_the_old_date(client_for, clerk):
    officer = UserFactory(roles=["Officer"])
    entry = ForwardPlanEntryFactory(title="Re-commission home care", expected_decision_on=D(2027, 2, 10))
    url = reverse("executive:entry-edit", args=[entry.pk])
    assert client_for(UserFactory(roles=["Councillor"])).get(url).status_code in (403, 404)
    response = client_for(officer).post(
        url,
        {
            "title": "Re-commission home care",
            "decision_maker": entry.decision_maker_id,
            "expected_decision_on": "2027-03-10",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.expected_decision_on == D(2027, 3, 10)
    assert entry.history.last().expected_decision_on == D(2027, 2, 10)
    services.entry_withdraw(entry=entry, by=clerk)
    assert client_for(officer).get(url).status_code == 403


def test_democratic_services_add_an_officer_under_delegation(client_for, clerk):
    from executive.models import DecisionMaker
    from tests.factories import OfficerFactory

    officer = OfficerFactory(job_title="Director of Place")
    url = reverse("executive:decision-maker-add")
    client = client_for(clerk)
    response = client.post(url, {"kind": "officer", "officer": officer.pk})
    assert response.status_code == 200 and "Give the delegation" in response.content.decode()
    response = client.post(url, {"kind": "officer", "officer": officer.pk, "delegation": "Highways, para 4.2"})
    assert response.status_code == 302
    maker = DecisionMaker.objects.get(officer=officer)
    assert maker.delegation == "Highways, para 4.2"
    assert "Director of Place" in client.get(reverse("executive:decision-maker-list")).content.decode()
    response = client.post(url, {"kind": "officer", "officer": officer.pk, "delegation": "Again"})
    assert "already listed" in response.content.decode()
