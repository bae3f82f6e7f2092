"""The thread from a commissioning review to the executive (issue 14): drafting a forward plan entry
from a review, the review's decisions on its overview and timeline (never an exempt part, a draft
entry or an unpublished decision to those who may not read them), Cabinet's approval of the work
plan recorded as an executive decision under the 28 clear days rule, and the executive's pages
linking back to the review."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.models import (
    EngagementNote,
    ReviewDecision,
    WorkPlanEntry,
    WorkPlanState,
    WorkPlanVersion,
)
from commissioning.selectors.decisions import entry_prefill, next_decision
from commissioning.services import decisions as services
from commissioning.services import workplan as workplan_services
from council.errors import RuleError
from council.roles import Role
from executive import services as executive_services
from executive.models import EntryStatus, ExecutiveDecision, ForwardPlanEntry, KeyReason
from tests.factories import (
    CabinetFactory,
    MemberFactory,
    MembershipFactory,
    PortfolioFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    SavingLineFactory,
    UserFactory,
    WardFactory,
)
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def cabinet():
    return CabinetFactory()


@pytest.fixture
def clerk():
    return UserFactory(roles=[Role.DEMOCRATIC_SERVICES])


@pytest.fixture
def review():
    portfolio = PortfolioFactory(title="Children and Families")
    review = ReviewFactory(title="Home to School Transport", portfolios=[portfolio], stage="plan")
    return review


def _draft(review, by, cabinet, **fields):
    values = {"title": review.title, "decision_maker": cabinet, "expected_decision_on": D(2027, 3, 3)}
    return services.review_entry_draft(review=review, by=by, **(values | fields))


def _publish(entry, clerk, on: datetime.date):
    return executive_services.forward_plan_publish(by=clerk, include=[entry], now=london(on.year, on.month, on.day, 10))


# Pre-filled from the review.


def test_the_entry_starts_with_the_reviews_title_portfolio_wards_savings_and_report(review, cabinet, officer):
    north, south = WardFactory(name="North"), WardFactory(name="South")
    for ward in (north, south, north):
        EngagementNote.objects.create(
            review=review,
            stage="plan",
            member=MemberFactory(ward=ward),
            ward=ward,
            note="Ward need",
            recorded_by=officer,
        )
    SavingLineFactory(review=review, claimed=Decimal("350000.00"))
    SavingLineFactory(review=review, claimed=Decimal("250000.40"))
    initial = entry_prefill(review)
    assert initial["title"] == "Home to School Transport"
    assert initial["portfolio"] == review.portfolios.get().pk
    assert initial["decision_maker"] == cabinet.pk
    assert initial["wards"] == sorted([north.pk, south.pk]) and initial["wards_significant"] is True
    assert initial["amount_pounds"] == 600000  # whole pounds of the savings claimed: a key decision
    assert "Home to School Transport commissioning review" in initial["documents"]


def test_a_review_without_inputs_or_savings_leaves_them_for_the_officer(review, cabinet):
    initial = entry_prefill(review)
    assert initial["wards"] == [] and initial["wards_significant"] is False and initial["amount_pounds"] is None


# Drafting: through entry_draft, linked in the same transaction.


def test_drafting_from_a_review_assesses_the_entry_and_links_it(review, cabinet, officer):
    link = _draft(review, officer, cabinet, amount_pounds=600000)
    entry = link.entry
    assert (link.review, link.stage, link.linked_by) == (review, "plan", officer)
    assert entry.status == EntryStatus.DRAFT and entry.is_key and entry.key_reason == KeyReason.EXPENDITURE
    assert (
        link.history.get().history_change_reason
        == "Forward plan entry drafted from the review: Home to School Transport"
    )


def test_the_entry_and_the_link_are_one_transaction(review, cabinet, officer, monkeypatch):
    def refuse(*args, **kwargs):
        raise RuleError("The link could not be made")

    monkeypatch.setattr(services, "saved_by", refuse)
    before = ForwardPlanEntry.objects.count()
    with pytest.raises(RuleError):
        _draft(review, officer, cabinet)
    assert ForwardPlanEntry.objects.count() == before and not ReviewDecision.objects.exists()


def test_a_private_entry_without_its_reasons_is_refused_and_nothing_is_linked(review, cabinet, officer):
    with pytest.raises(RuleError, match="Schedule 12A paragraph and the reasons"):
        _draft(review, officer, cabinet, private=True)
    assert not ForwardPlanEntry.objects.exists() and not ReviewDecision.objects.exists()


@pytest.mark.parametrize(
    ("role", "seat", "allowed"),
    [
        (Role.COMMISSIONING_OFFICER, False, True),
        (Role.ADMINISTRATOR, False, True),
        (Role.OFFICER, True, True),  # drafts entries, and edits the review through a board seat
        (Role.OFFICER, False, False),  # drafts entries, but may not change this review
        (Role.DEMOCRATIC_SERVICES, False, False),
        (Role.FINANCE_OFFICER, True, False),  # changes the review, but drafts no entries
        (Role.CABINET_MEMBER, True, False),
        (Role.COUNCILLOR, True, False),
    ],
)
def test_who_drafts_an_entry_from_a_review(review, cabinet, role, seat, allowed):
    person = UserFactory(roles=[role])
    if seat:
        review.programme_board = ProgrammeBoardFactory()
        review.save()
        MembershipFactory(body=review.programme_board, person=person)
    assert services.may_draft_entry(person, review) is allowed
    if allowed:
        assert _draft(review, person, cabinet).entry.drafted_by == person
    else:
        with pytest.raises(PermissionDenied):
            _draft(review, person, cabinet)


def test_the_page_offers_the_prefilled_form_and_keeps_what_was_typed(client_for, review, cabinet, officer):
    client = client_for(officer)
    url = reverse("commissioning:review-entry-add", args=[review.pk])
    detail = client.get(review.get_absolute_url()).content.decode()
    assert url in detail and "The Plan gate leads to a decision" in detail
    page = client.get(url).content.decode()
    assert 'value="Home to School Transport"' in page
    response = client.post(url, {"title": "Typed by the officer", "decision_maker": cabinet.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and "Enter the expected decision date" in page
    assert 'value="Typed by the officer"' in page and not ForwardPlanEntry.objects.exists()
    response = client.post(
        url, {"title": "Typed by the officer", "decision_maker": cabinet.pk, "expected_decision_on": "2027-03-03"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#decisions")
    assert ReviewDecision.objects.get(review=review).entry.title == "Typed by the officer"


def test_the_page_is_refused_to_those_who_may_not(client, client_for, review, person_with_role):
    url = reverse("commissioning:review-entry-add", args=[review.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    for role in (Role.COUNCILLOR, Role.FINANCE_OFFICER, Role.DEMOCRATIC_SERVICES):
        assert client_for(person_with_role(role)).get(url).status_code == 403
    detail = client_for(person_with_role(Role.COUNCILLOR)).get(review.get_absolute_url()).content.decode()
    assert url not in detail


# The overview's next decision.


def test_the_overview_shows_the_next_decision_and_its_earliest_lawful_day(client_for, review, cabinet, officer, clerk):
    link = _draft(review, officer, cabinet, amount_pounds=600000)
    upcoming = next_decision(officer, review)
    assert upcoming.entry == link.entry and upcoming.earliest is None
    _publish(link.entry, clerk, D(2026, 11, 2))
    upcoming = next_decision(officer, review)
    assert upcoming.earliest == D(2026, 12, 1)  # 28 clear days after 2 November
    page = client_for(officer).get(review.get_absolute_url()).content.decode()
    assert "1 December 2026" in page and "3 March 2027" in page


def test_a_councillor_is_not_shown_a_draft_entry(client_for, review, cabinet, officer, person_with_role):
    _draft(review, officer, cabinet, title="A draft the public may not read yet")
    councillor = person_with_role(Role.COUNCILLOR)
    assert next_decision(councillor, review) is None
    for url in (review.get_absolute_url(), reverse("commissioning:review-timeline", args=[review.pk])):
        assert "A draft the public may not read yet" not in client_for(councillor).get(url).content.decode()


# The timeline: entries, editions, decisions; exempt parts only for those who may read them.

SECRET = "The bidder's price was £1.2m"


def _decided(review, cabinet, officer, clerk, *, exempt=True, title=None):
    link = _draft(review, officer, cabinet, amount_pounds=600000, title=title or review.title)
    _publish(link.entry, clerk, D(2026, 10, 1))
    decision = executive_services.decision_record(
        by=clerk,
        decision_maker=cabinet,
        decided_on=D(2026, 11, 2),
        entry=link.entry,
        decision="To award the contract.",
        reasons="Best value.",
        today=D(2026, 11, 2),
        **({"exempt_paragraph": 3, "exempt_part": SECRET} if exempt else {}),
    )
    return link, decision


def test_the_timeline_shows_the_thread_and_the_exempt_part_only_to_those_who_may_read_it(
    client_for, review, cabinet, officer, clerk, person_with_role
):
    link, decision = _decided(review, cabinet, officer, clerk)
    url = reverse("commissioning:review-timeline", args=[review.pk])
    page = client_for(clerk).get(url).content.decode()
    assert "Edition 1" in page and decision.get_absolute_url() in page
    assert "Notice not yet published" in page
    assert SECRET.replace("'", "&#x27;") in page  # Democratic Services read the exempt part
    executive_services.decision_notice_publish(decision=decision, by=clerk, on=D(2026, 11, 3))
    for role in (Role.COUNCILLOR, Role.OFFICER, Role.FINANCE_OFFICER):
        page = client_for(person_with_role(role)).get(url).content.decode()
        assert decision.get_absolute_url() in page and "Effective from 11 November 2026" in page
        assert "paragraph 3 of Schedule 12A" in page
        assert "1.2m" not in page
    for role in (Role.CABINET_MEMBER, Role.MONITORING_OFFICER):
        assert "1.2m" in client_for(person_with_role(role)).get(url).content.decode()


def test_an_unpublished_decision_is_not_shown_to_a_councillor(client_for, review, cabinet, officer, clerk):
    _, decision = _decided(review, cabinet, officer, clerk, exempt=False)
    councillor = MemberFactory().user
    page = client_for(councillor).get(reverse("commissioning:review-timeline", args=[review.pk])).content.decode()
    assert review.title in page and decision.get_absolute_url() not in page


def test_the_public_reads_no_review(client, review, cabinet, officer, clerk):
    _decided(review, cabinet, officer, clerk)
    response = client.get(reverse("commissioning:review-timeline", args=[review.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_timeline_makes_the_same_number_of_queries_as_decisions_grow(
    client_for, review, cabinet, officer, clerk, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("commissioning:review-timeline", args=[review.pk])
    client = client_for(clerk)
    _decided(review, cabinet, officer, clerk, title="First")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        link, decision = _decided(review, cabinet, officer, clerk, title=f"More {n}")
        executive_services.decision_notice_publish(decision=decision, by=clerk, on=D(2026, 11, 3))
    # The review's own history grows with the links' history: measure its part once, not per row.
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="govuk-summary-card__title"') == 5


# Cabinet's approval of the work plan is an executive decision (the 2012 Regulations reg 9).


@pytest.fixture
def version(officer):
    version = WorkPlanVersion.objects.create(number=1, prepared_by=officer)
    WorkPlanEntry.objects.create(
        version=version, review=ReviewFactory(title="A"), position=1, starts_on=D(2027, 4, 1), ends_on=D(2028, 3, 31)
    )
    return version


@pytest.fixture
def work_plan_entry(cabinet, officer, clerk, version):
    entry = executive_services.entry_draft(
        by=officer,
        title="Commissioning Work Plan 2027 to 2030",
        decision_maker=cabinet,
        expected_decision_on=D(2026, 12, 15),
        officer_key_reason="It sets the order in which every service is reviewed.",
    )
    _publish(entry, clerk, D(2026, 11, 2))
    services.workplan_entry_link(version=version, entry=entry, by=officer)
    return entry


def _approve(version, clerk, day, reference="Cabinet, minute 54"):
    return workplan_services.workplan_transition(
        version=version,
        to_state=WorkPlanState.CABINET_APPROVED,
        decided_on=day,
        reference=reference,
        by=clerk,
        today=D(2026, 12, 31),
    )


def test_approval_on_the_28th_clear_day_is_refused_and_on_the_29th_day_recorded(version, work_plan_entry, clerk):
    with pytest.raises(RuleError, match="may be taken from 1 December 2026") as error:
        _approve(version, clerk, D(2026, 11, 30))  # published 2 November: 27 clear days
    assert error.value.field == "decided_on"
    version.refresh_from_db()
    assert version.state == WorkPlanState.DRAFT and not ExecutiveDecision.objects.exists()
    transition = _approve(version, clerk, D(2026, 12, 1))  # 28 clear days: 3 to 30 November
    decision = transition.decision
    assert decision.entry == work_plan_entry and decision.is_key and decision.decided_on == D(2026, 12, 1)
    assert decision.title == "Commissioning Work Plan 2027 to 2030"
    assert decision.decision_maker.kind == "cabinet"
    work_plan_entry.refresh_from_db()
    assert work_plan_entry.status == EntryStatus.DECIDED


def test_the_day_before_the_boundary_is_refused_too(version, work_plan_entry, clerk):
    with pytest.raises(RuleError, match="first in the forward plan on 2 November 2026"):
        _approve(version, clerk, D(2026, 11, 29))


def test_without_a_forward_plan_entry_the_approval_is_a_decision_that_is_not_key(version, cabinet, clerk):
    transition = _approve(version, clerk, D(2026, 11, 2))
    assert transition.decision.entry is None and not transition.decision.is_key
    assert transition.decision.title == "Commissioning Work Plan, version 1"


def test_a_commissioning_officer_may_not_record_cabinets_approval(version, cabinet, officer):
    with pytest.raises(RuleError, match="Only Democratic Services record executive decisions"):
        _approve(version, officer, D(2026, 11, 2))
    version.refresh_from_db()
    assert version.state == WorkPlanState.DRAFT


def test_no_cabinet_decision_maker_no_approval(version, clerk):
    with pytest.raises(RuleError, match="list the Cabinet as a decision maker"):
        _approve(version, clerk, D(2026, 11, 2))


def test_the_page_refuses_a_too_early_approval_in_the_error_pattern_keeping_what_was_typed(
    client_for, version, work_plan_entry, clerk, officer
):
    url = reverse("commissioning:workplan-transition", args=[version.number])
    assert client_for(officer).get(url).status_code == 403  # Cabinet's decision is Democratic Services'
    client = client_for(clerk)
    response = client.post(
        url,
        {
            "to_state": "cabinet_approved",
            "decided_on": "2026-11-30",
            "reference": "Cabinet 30 November 2026, minute 12",
            "reasons": "Typed reasons",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "it may be taken from 1 December 2026" in page
    assert 'value="Cabinet 30 November 2026, minute 12"' in page and "Typed reasons" in page
    version.refresh_from_db()
    assert version.state == WorkPlanState.DRAFT


def test_the_decision_page_links_back_to_the_work_plan_and_the_review(
    client_for, review, version, work_plan_entry, cabinet, officer, clerk
):
    client = Client()  # the public: ``client_for`` signs in the ``client`` fixture
    transition = _approve(version, clerk, D(2026, 12, 1))
    executive_services.decision_notice_publish(decision=transition.decision, by=clerk, on=D(2026, 12, 2))
    page = client_for(officer).get(transition.decision.get_absolute_url()).content.decode()
    assert version.get_absolute_url() in page
    # The work plan version is not agreed by Council yet: the public is not shown it.
    assert version.get_absolute_url() not in client.get(transition.decision.get_absolute_url()).content.decode()
    _, decision = _decided(review, cabinet, officer, clerk, exempt=False)
    executive_services.decision_notice_publish(decision=decision, by=clerk, on=D(2026, 11, 3))
    for url in (decision.get_absolute_url(), decision.entry.get_absolute_url()):
        assert review.get_absolute_url() in client_for(officer).get(url).content.decode()
        public = client.get(url)
        assert public.status_code == 200 and review.get_absolute_url() not in public.content.decode()


def test_a_frozen_version_cannot_change_its_forward_plan_entry(version, work_plan_entry, clerk, officer):
    _approve(version, clerk, D(2026, 12, 1))
    with pytest.raises(RuleError, match="can no longer change"):
        services.workplan_entry_link(version=version, entry=None, by=officer)


def test_cabinets_approval_is_never_dated_after_the_day_it_is_recorded(version, cabinet, clerk):
    # A decision is never dated after the day it is recorded (``today=``), whatever the real date.
    with pytest.raises(RuleError, match="cannot be in the future"):
        workplan_services.workplan_transition(
            version=version,
            to_state=WorkPlanState.CABINET_APPROVED,
            decided_on=timezone.localdate() + datetime.timedelta(days=3),
            reference="x",
            by=clerk,
        )


def test_the_officer_names_the_versions_forward_plan_entry_on_its_page(client_for, version, cabinet, officer, clerk):
    entry = executive_services.entry_draft(
        by=officer,
        title="Commissioning Work Plan 2027 to 2030",
        decision_maker=cabinet,
        expected_decision_on=D(2027, 1, 5),
    )
    url = reverse("commissioning:workplan-forward-plan-entry", args=[version.number])
    assert client_for(clerk).post(url, {"entry": entry.pk}).status_code == 403
    client = client_for(officer)
    assert url in client.get(version.get_absolute_url()).content.decode()
    assert client.post(url, {"entry": entry.pk}).status_code == 302
    version.refresh_from_db()
    assert version.forward_plan_entry == entry
    assert entry.get_absolute_url() in client.get(version.get_absolute_url()).content.decode()


def test_the_links_history_is_not_a_way_round_the_executives_rules(
    client_for, review, version, work_plan_entry, cabinet, officer, clerk, person_with_role
):
    link = _draft(review, officer, cabinet, title="A draft not yet on the forward plan")
    url = reverse("history", args=["commissioning", "reviewdecision", link.pk])
    assert "A draft not yet on the forward plan" in client_for(officer).get(url).content.decode()
    councillor = client_for(person_with_role(Role.COUNCILLOR)).get(url)
    assert councillor.status_code in (403, 404)
    # A version's approval trail names its decision only to those who may read the decision.
    transition = _approve(version, clerk, D(2026, 12, 1))  # "Commissioning Work Plan 2027 to 2030"
    url = reverse("history", args=["commissioning", "workplantransition", transition.pk])
    assert transition.decision.title in client_for(clerk).get(url).content.decode()
    assert transition.decision.title not in client_for(person_with_role(Role.COUNCILLOR)).get(url).content.decode()
