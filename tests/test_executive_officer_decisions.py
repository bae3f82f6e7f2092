"""Officer decisions (the Openness of Local Government Bodies Regulations 2014, regs 7-8): the
attacker's tests first (exempt information and unpublished records never reach the public), then
who records and publishes, the particulars the service insists on, and the public register."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.errors import RuleError
from executive import services
from executive.models import OfficerDecision, OfficerDecisionGround
from tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)  # 3 December 2026, London
MARKER = "PINKPAPER"


@pytest.fixture(autouse=True)
def _on_3_december_2026():
    with mock.patch("django.utils.timezone.now", return_value=TODAY):
        yield


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"])


@pytest.fixture
def officer():
    return OfficerFactory(directorate="Place", job_title="Head of Highways")


def _record(by, officer, **fields):
    fields.setdefault("title", "Award of the winter gritting contract")
    fields.setdefault("ground", OfficerDecisionGround.CONTRACT)
    fields.setdefault("authority", "Constitution, Part 3, delegation H4 to the Director of Place")
    fields.setdefault("decided_on", D(2026, 11, 20))
    fields.setdefault("decision", "To award the contract to Northbridge Highways Ltd.")
    fields.setdefault("reasons", "The most economically advantageous tender.")
    return services.officer_decision_record(by=by, officer=officer, **fields)


def _published(clerk, officer, **fields):
    decision = _record(clerk, officer, **fields)
    return services.officer_decision_publish(decision=decision, by=clerk, on=D(2026, 11, 23))


def _everywhere_public(client, decision) -> list[str]:
    """Every page a member of the public could read an officer decision on."""
    searched = client.get(reverse("executive:officer-decision-list"), {"keyword": MARKER}).content.decode()
    return [
        client.get(reverse("executive:officer-decision-list")).content.decode(),
        searched.replace(f'value="{MARKER}"', ""),  # the search box keeps what was typed
        client.get(decision.get_absolute_url()).content.decode(),
    ]


# --- The attacker's tests ---------------------------------------------------------------------------


def test_an_unpublished_record_with_a_marker_in_every_field_reaches_no_public_page(client, clerk, officer):
    text = {
        name: f"{MARKER} {name}"
        for name in (
            "title",
            "authority",
            "decision",
            "reasons",
            "alternatives_rejected",
            "background_papers",
            "exempt_part",
        )
    }
    decision = _record(
        clerk,
        officer,
        ground=OfficerDecisionGround.EXPRESS_AUTHORISATION,
        conflicts_declared=f"{MARKER} conflicts",
        dispensations=f"{MARKER} dispensations",
        exempt_paragraph=3,
        **text,
    )
    assert client.get(decision.get_absolute_url()).status_code == 404
    for page in _everywhere_public(client, decision):
        assert MARKER not in page
    councillor = UserFactory(roles=["Councillor"])
    signed_in = client.__class__()
    signed_in.force_login(councillor)
    assert signed_in.get(decision.get_absolute_url()).status_code == 404
    history = signed_in.get(reverse("history", args=["executive", "officerdecision", decision.pk]))
    assert MARKER not in history.content.decode()


def test_the_exempt_part_never_reaches_the_public_nor_a_search(client, client_for, clerk, officer):
    decision = _published(clerk, officer, exempt_paragraph=3, exempt_part=f"{MARKER} the tendered prices")
    pages = _everywhere_public(client, decision)
    assert "paragraph 3 of Schedule 12A" in pages[2]
    for page in pages:
        assert MARKER not in page
    assert "No officer decisions match" in pages[1]  # the search does not look in the exempt part
    reader = client_for(UserFactory(roles=["Officer"]))
    assert MARKER not in reader.get(decision.get_absolute_url()).content.decode()
    history = reader.get(reverse("history", args=["executive", "officerdecision", decision.pk]))
    assert history.status_code == 200 and MARKER not in history.content.decode()


def test_the_exempt_part_is_for_democratic_services_and_the_officer_who_took_it(client_for, clerk, officer):
    decision = _published(clerk, officer, exempt_paragraph=3, exempt_part=f"{MARKER} the tendered prices")
    assert MARKER in client_for(clerk).get(decision.get_absolute_url()).content.decode()
    assert MARKER in client_for(officer.user).get(decision.get_absolute_url()).content.decode()
    assert MARKER not in client_for(OfficerFactory().user).get(decision.get_absolute_url()).content.decode()


def test_a_typed_script_is_shown_as_text(client, clerk, officer):
    decision = _published(clerk, officer, decision="<script>alert(1)</script>")
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- Who records and publishes ------------------------------------------------------------------


def test_an_officer_records_their_own_decision(officer):
    decision = _record(officer.user, None)
    assert decision.officer == officer and decision.recorded_by == officer.user
    assert decision.published_on is None
    assert decision.history.first().history_change_reason == "Officer decision recorded"


def test_an_officer_may_not_record_another_officers_decision(officer):
    with pytest.raises(RuleError, match="Officers record their own decisions") as refused:
        _record(officer.user, OfficerFactory())
    assert refused.value.field == "officer"


def test_a_person_with_the_role_but_no_officer_record_may_not_record(officer):
    with pytest.raises(RuleError, match="Choose the officer"):
        _record(UserFactory(roles=["Officer"]), None)


def test_an_officer_who_has_left_may_not_record(officer):
    officer.retired_on = D(2026, 11, 1)
    officer.save()
    with pytest.raises(RuleError):
        _record(officer.user, officer)


def test_democratic_services_record_on_an_officers_behalf(clerk, officer):
    decision = _record(clerk, officer)
    assert decision.officer == officer and decision.recorded_by == clerk


def test_a_councillor_may_not_record(officer):
    with pytest.raises(RuleError):
        _record(UserFactory(roles=["Councillor"]), officer)


def test_only_democratic_services_publish_and_only_once(clerk, officer):
    decision = _record(officer.user, None)
    with pytest.raises(RuleError, match="Only Democratic Services"):
        services.officer_decision_publish(decision=decision, by=officer.user)
    published = services.officer_decision_publish(decision=decision, by=clerk, on=D(2026, 11, 20))
    assert published.published_on == D(2026, 11, 20) and published.published_by == clerk
    assert published.available_until == D(2032, 11, 20)  # reg 8: six years
    with pytest.raises(RuleError, match="already published"):
        services.officer_decision_publish(decision=decision, by=clerk)


def test_publication_is_on_or_after_the_day_of_the_decision_and_never_in_the_future(clerk, officer):
    decision = _record(clerk, officer, decided_on=D(2026, 11, 20))
    with pytest.raises(RuleError, match="before it is taken"):
        services.officer_decision_publish(decision=decision, by=clerk, on=D(2026, 11, 19))
    with pytest.raises(RuleError, match="not on a future day"):
        services.officer_decision_publish(decision=decision, by=clerk, on=D(2026, 12, 4))
    assert services.officer_decision_publish(decision=decision, by=clerk, on=D(2026, 12, 3)).published_on


def test_six_years_from_29_february_ends_on_28_february():
    assert OfficerDecision(published_on=D(2028, 2, 29)).available_until == D(2034, 2, 28)


# --- The particulars (reg 7(3)) --------------------------------------------------------------------


def test_a_decision_is_recorded_once_taken_today_at_the_latest(clerk, officer):
    assert _record(clerk, officer, decided_on=D(2026, 12, 3)).pk
    with pytest.raises(RuleError, match="cannot be in the future") as refused:
        _record(clerk, officer, decided_on=D(2026, 12, 4))
    assert refused.value.field == "decided_on"


@pytest.mark.parametrize("name", ["title", "authority", "decision", "reasons"])
def test_each_required_particular_is_asked_for(clerk, officer, name):
    with pytest.raises(RuleError) as refused:
        _record(clerk, officer, **{name: "  "})
    assert refused.value.field == name


def test_members_conflicts_belong_to_a_decision_under_an_express_authorisation(clerk, officer):
    with pytest.raises(RuleError, match="express authorisation") as refused:
        _record(clerk, officer, conflicts_declared="Councillor Ann Jones (a tenant of the site)")
    assert refused.value.field == "conflicts_declared"
    decision = _record(
        clerk,
        officer,
        ground=OfficerDecisionGround.EXPRESS_AUTHORISATION,
        conflicts_declared="Councillor Ann Jones (a tenant of the site)",
        dispensations="None",
    )
    assert decision.conflicts_declared.startswith("Councillor Ann Jones")


def test_a_dispensation_needs_the_conflict_it_was_granted_for(clerk, officer):
    with pytest.raises(RuleError, match="dispensation"):
        _record(clerk, officer, ground=OfficerDecisionGround.EXPRESS_AUTHORISATION, dispensations="Granted 1 May")


def test_an_exempt_part_needs_its_paragraph_and_a_paragraph_its_part(clerk, officer):
    with pytest.raises(RuleError, match="Schedule 12A paragraph") as refused:
        _record(clerk, officer, exempt_part="The tendered prices")
    assert refused.value.field == "exempt_paragraph"
    with pytest.raises(RuleError, match="Enter the exempt part") as refused:
        _record(clerk, officer, exempt_paragraph=3)
    assert refused.value.field == "exempt_part"


# --- The pages ---------------------------------------------------------------------------------------


def test_the_public_register_shows_published_records_only(client, clerk, officer):
    _published(clerk, officer, title="Grant to the food bank")
    _record(clerk, officer, title="Unpublished award")
    page = client.get(reverse("executive:officer-decision-list")).content.decode()
    assert "Grant to the food bank" in page and "Unpublished award" not in page
    assert "Record an officer decision" not in page


def test_officers_see_unpublished_records_in_the_register(client_for, clerk, officer):
    _record(clerk, officer, title="Unpublished award")
    page = client_for(UserFactory(roles=["Officer"])).get(reverse("executive:officer-decision-list"))
    assert "Unpublished award" in page.content.decode() and "Not yet published" in page.content.decode()


def test_the_register_filters_by_date_range_both_ends_included(client, clerk, officer):
    for day in (19, 20, 21, 22):
        _published(clerk, officer, title=f"Decided on day {day}", decided_on=D(2026, 11, day))
    page = client.get(
        reverse("executive:officer-decision-list"), {"decided_from": "2026-11-20", "decided_to": "2026-11-21"}
    ).content.decode()
    assert "Decided on day 20" in page and "Decided on day 21" in page
    assert "Decided on day 19" not in page and "Decided on day 22" not in page


def test_the_register_filters_by_officer_directorate_and_keyword(client, clerk, officer):
    other = OfficerFactory(directorate="People")
    _published(clerk, officer, title="Gritting contract")
    _published(clerk, other, title="Grant to the food bank", reasons="Hardship in Riverside ward")
    url = reverse("executive:officer-decision-list")
    by_officer = client.get(url, {"officer": officer.pk}).content.decode()
    assert "Gritting contract" in by_officer and "Grant to the food bank" not in by_officer
    by_directorate = client.get(url, {"directorate": "People"}).content.decode()
    assert "Grant to the food bank" in by_directorate and "Gritting contract" not in by_directorate
    by_keyword = client.get(url, {"keyword": "riverside"}).content.decode()
    assert "Grant to the food bank" in by_keyword and "Gritting contract" not in by_keyword


def test_the_register_is_paginated(client, clerk, officer):
    for n in range(27):
        _published(clerk, officer, title=f"Decision number {n:02d}", decided_on=D(2026, 10, 1) + datetime.timedelta(n))
    url = reverse("executive:officer-decision-list")
    first = client.get(url).content.decode()
    assert "27 officer decisions" in first and "Page 1 of 2" in first
    assert "Decision number 26" in first and "Decision number 01" not in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Decision number 01" in second and "Decision number 00" in second


def test_the_register_makes_as_many_queries_with_more_decisions(
    client, client_for, clerk, officer, django_assert_num_queries
):
    _published(clerk, officer)
    url = reverse("executive:officer-decision-list")
    for who in (client, client_for(UserFactory(roles=["Officer"]))):
        with CaptureQueriesContext(connection) as few:
            who.get(url, {"keyword": "contract"})
        for _ in range(3):
            other = OfficerFactory(directorate="People")
            _published(clerk, other)
            _record(clerk, other)
        with django_assert_num_queries(len(few)):
            who.get(url, {"keyword": "contract"})


def test_an_officer_records_a_decision_in_the_browser(client_for, officer):
    client = client_for(officer.user)
    url = reverse("executive:officer-decision-add")
    form = client.get(url).content.decode()
    assert 'name="officer"' not in form  # their own: they do not choose
    response = client.post(
        url,
        {
            "title": "Grant to the food bank",
            "ground": "expenditure",
            "authority": "Delegation P2",
            "decided_on": "2026-11-30",
            "decision": "To grant £20,000.",
            "reasons": "Hardship.",
        },
    )
    decision = OfficerDecision.objects.get(title="Grant to the food bank")
    assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()
    assert decision.officer == officer


def test_a_refused_record_comes_back_with_what_was_typed(client_for, clerk, officer):
    response = client_for(clerk).post(
        reverse("executive:officer-decision-add"),
        {
            "officer": officer.pk,
            "title": "Grant to the food bank",
            "ground": "expenditure",
            "authority": "Delegation P2",
            "decided_on": "2026-12-24",
            "decision": "To grant £20,000.",
            "reasons": "Hardship.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "the date cannot be in the future" in page and "Grant to the food bank" in page
    assert not OfficerDecision.objects.exists()


def test_democratic_services_publish_in_the_browser(client_for, clerk, officer):
    decision = _record(officer.user, None)
    client = client_for(clerk)
    assert "Publish the officer decision" in client.get(decision.get_absolute_url()).content.decode()
    url = reverse("executive:officer-decision-publish", args=[decision.pk])
    assert client.post(url, {"published_on": "2026-12-01"}).status_code == 302
    decision.refresh_from_db()
    assert decision.published_on == D(2026, 12, 1)
    assert client_for(officer.user).get(url).status_code == 403


def test_the_decision_makers_page_links_an_officer_to_their_decisions(client, clerk, officer):
    services.decision_maker_add(by=clerk, kind="officer", officer=officer, delegation="Delegation H4")
    page = client.get(reverse("executive:decision-maker-list")).content.decode()
    assert f"{reverse('executive:officer-decision-list')}?officer={officer.pk}" in page


# --- The demo -------------------------------------------------------------------------------------------


def test_the_demo_has_a_contract_award_and_a_grant_and_loads_again_without_change(demo_council, client):
    from executive.demo import officer_decisions as demo

    decisions = OfficerDecision.objects.order_by("decided_on")
    assert [(d.ground, d.officer.user.get_full_name()) for d in decisions] == [
        ("contract", "Sarah Whitfield"),
        ("expenditure", "David Okonjo"),
    ]
    assert all(d.published_on for d in decisions)
    contract = decisions[0]
    assert contract.exempt_paragraph == 3
    assert contract.exempt_part not in client.get(contract.get_absolute_url()).content.decode()
    demo.load()
    assert OfficerDecision.objects.count() == 2


def test_the_decisions_page_links_to_the_register(client):
    page = client.get(reverse("executive:decision-list")).content.decode()
    assert reverse("executive:officer-decision-list") in page
