"""Call-in pages: the allowed and the denied for each, the attacker's attempts, the decision and list
pages the public reads, the dashboards, and query counts that do not grow with rows."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from executive import services
from executive.models import CallIn, CallInOutcome, CallInSignature, DecisionRoute
from members.models import BodyKind, MembershipRole
from scrutiny.models import AgendaItem
from tests.factories import (
    BodyFactory,
    CabinetFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    PortfolioFactory,
    UserFactory,
)
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date
PUBLISHED = D(2026, 12, 1)  # a Tuesday: the period runs to the end of Tuesday 8 December
LAST_DAY = D(2026, 12, 8)
EXEMPT = "The preferred bidder's price is 4.2 million pounds."


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture(autouse=True)
def _on_3_december_2026():
    with mock.patch("django.utils.timezone.now", return_value=_at(D(2026, 12, 3))):
        yield


def on(day: datetime.date, hour: int = 12):
    return mock.patch("django.utils.timezone.now", return_value=_at(day, hour))


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"])


@pytest.fixture
def scrutiny():
    return BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY, name="Overview and Scrutiny Committee")


def _councillor(body=None, role=MembershipRole.MEMBER):
    person = MemberFactory().user
    person.groups.add(*UserFactory(roles=["Councillor"]).groups.all())
    if body is not None:
        MembershipFactory(person=person, body=body, role=role)
    return person


def _decision(clerk, title="Close the Riverside depot", **fields):
    decision = services.decision_record(
        by=clerk,
        decision_maker=CabinetFactory(),
        decided_on=D(2026, 11, 30),
        title=title,
        decision="To close the depot.",
        reasons="It is under-used.",
        today=D(2026, 11, 30),
        **fields,
    )
    return services.decision_notice_publish(decision=decision, by=clerk, on=PUBLISHED)


@pytest.fixture
def decision(clerk):
    return _decision(clerk)


def _request_url(decision):
    return reverse("executive:call-in-request", args=[decision.pk])


REASONS = {"reasons": "The staff were not consulted.", "outcome_sought": "referred_back"}


# --- Calling in: allowed and denied --------------------------------------------------------------


def test_an_o_and_s_councillor_sees_the_button_and_calls_the_decision_in(client, decision, scrutiny):
    member = _councillor(scrutiny)
    client.force_login(member)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Call in this decision" in page
    assert client.get(_request_url(decision)).status_code == 200
    response = client.post(_request_url(decision), REASONS)
    assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()
    assert CallInSignature.objects.get().member == member


def test_the_form_keeps_what_was_typed_and_shows_the_error_summary(client, decision, scrutiny):
    client.force_login(_councillor(scrutiny))
    response = client.post(_request_url(decision), {"reasons": "Not consulted."})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Choose what you want the committee to do" in page and "Not consulted." in page
    assert not CallIn.objects.exists()


def test_others_add_their_names_with_the_reasons_given(client, decision, scrutiny):
    services.call_in_request(decision=decision, by=_councillor(scrutiny), today=D(2026, 12, 2), **REASONS)
    second = _councillor(scrutiny)
    client.force_login(second)
    assert "Add your name to the call-in" in client.get(decision.get_absolute_url()).content.decode()
    response = client.post(_request_url(decision), {"supports_reasons_given": "on"})
    assert response.status_code == 302
    assert CallInSignature.objects.get(member=second).supports_reasons_given


@pytest.mark.parametrize("roles", [["Democratic Services"], ["Officer"], ["Monitoring Officer"], ["Administrator"]])
def test_officers_may_not_call_in_even_with_a_seat(client, decision, scrutiny, roles):
    officer = UserFactory(roles=roles)
    MembershipFactory(person=officer, body=scrutiny)
    client.force_login(officer)
    assert client.get(_request_url(decision)).status_code == 403
    assert client.post(_request_url(decision), REASONS).status_code == 403
    assert not CallIn.objects.exists()


def test_attacker_a_councillor_not_on_o_and_s_posts_directly(client, decision):
    client.force_login(_councillor(BodyFactory(kind=BodyKind.COMMITTEE)))
    assert "Call in this decision" not in client.get(decision.get_absolute_url()).content.decode()
    assert client.post(_request_url(decision), REASONS).status_code == 403
    assert not CallIn.objects.exists()


def test_attacker_a_cabinet_member_posts_directly(client, decision, scrutiny):
    cabinet_member = _councillor(scrutiny)  # a seat from before the portfolio
    cabinet_member.groups.add(*UserFactory(roles=["Cabinet Member"]).groups.all())
    PortfolioFactory(cabinet_member=cabinet_member.member)
    client.force_login(cabinet_member)
    assert client.post(_request_url(decision), REASONS).status_code == 403
    assert not CallIn.objects.exists()


def test_attacker_the_public_posts_directly(client, decision):
    response = client.post(_request_url(decision), REASONS)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not CallIn.objects.exists()


def test_attacker_calls_in_the_day_after_the_period(client, decision, scrutiny):
    with on(LAST_DAY, hour=23):  # 23:00 UTC on 8 December is still 8 December in London
        client.force_login(_councillor(scrutiny))
        response = client.post(_request_url(decision), REASONS)
        assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()
    with on(LAST_DAY + datetime.timedelta(days=1), hour=0):
        client.force_login(_councillor(scrutiny))
        response = client.post(_request_url(decision), REASONS)
    assert response.status_code == 200
    assert "The call-in period ended on 8 December 2026" in response.content.decode()
    assert CallInSignature.objects.count() == 1


def test_the_button_is_not_offered_after_the_period(client, decision, scrutiny):
    client.force_login(_councillor(scrutiny))
    with on(LAST_DAY + datetime.timedelta(days=1)):
        assert "Call in this decision" not in client.get(decision.get_absolute_url()).content.decode()


def test_an_exempt_urgent_decision_says_why_and_refuses(client, clerk, scrutiny):
    chair = _councillor(scrutiny, MembershipRole.CHAIR)
    decision = _decision(
        clerk,
        route=DecisionRoute.SPECIAL_URGENCY,
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 11, 30),
        urgency_reasons="The lease ends on 31 December.",
        call_in_exempt_reason="the lease would otherwise renew",
    )
    client.force_login(_councillor(scrutiny))
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Call in this decision" not in page and "the lease would otherwise renew" in page
    response = client.post(_request_url(decision), REASONS)
    assert "not subject to call-in" in response.content.decode()
    assert not CallIn.objects.exists()


def test_attacker_an_unpublished_decision_is_not_found(client, clerk, scrutiny):
    decision = services.decision_record(
        by=clerk,
        decision_maker=CabinetFactory(),
        decided_on=D(2026, 11, 30),
        title="Secret plan",
        decision="To do it.",
        reasons="Because.",
        today=D(2026, 12, 3),
    )
    client.force_login(_councillor(scrutiny))
    assert client.post(_request_url(decision), REASONS).status_code == 404


# --- Democratic Services: placing and the outcome ----------------------------------------------


@pytest.fixture
def called_in(decision, scrutiny):
    chair = _councillor(scrutiny, MembershipRole.CHAIR)
    return services.call_in_request(decision=decision, by=chair, today=D(2026, 12, 2), **REASONS)


def test_a_clerk_places_the_call_in_on_an_o_and_s_meeting(client, clerk, called_in, scrutiny):
    meeting = MeetingFactory(body=scrutiny, starts_at=london(2026, 12, 15))
    MeetingFactory(body=BodyFactory(kind=BodyKind.CABINET), starts_at=london(2026, 12, 14))
    late = MeetingFactory(body=scrutiny, starts_at=london(2026, 12, 30))  # after the 15 working days
    client.force_login(clerk)
    url = reverse("executive:call-in-place", args=[called_in.decision_id])
    page = client.get(url).content.decode()
    assert str(meeting) in page and str(late) not in page
    response = client.post(url, {"meeting": meeting.pk})
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    page = client.get(called_in.decision.get_absolute_url()).content.decode()
    assert meeting.get_absolute_url() in page and item.title in page


@pytest.mark.parametrize("name", ["call-in-place", "call-in-outcome", "call-in-response"])
def test_a_councillor_may_not_manage_the_call_in(client, called_in, scrutiny, name):
    client.force_login(_councillor(scrutiny, MembershipRole.VICE_CHAIR))
    url = reverse(f"executive:{name}", args=[called_in.decision_id])
    assert client.get(url).status_code == 403
    assert client.post(url, {"outcome": "no_further_action", "on": "2026-12-03"}).status_code == 403


@pytest.mark.parametrize("name", ["call-in-place", "call-in-outcome", "call-in-response"])
def test_the_public_is_sent_to_sign_in(client, called_in, name):
    response = client.post(reverse(f"executive:{name}", args=[called_in.decision_id]), {})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_decision_without_a_call_in_has_nothing_to_manage(client, clerk, decision):
    client.force_login(clerk)
    assert client.get(reverse("executive:call-in-place", args=[decision.pk])).status_code == 404


TODAY = D(2026, 12, 3)


def _placed(called_in, clerk, scrutiny, day=TODAY):
    meeting = MeetingFactory(body=scrutiny, starts_at=london(day.year, day.month, day.day))
    return services.call_in_place(call_in=called_in, meeting=meeting, by=clerk, today=day)


def test_the_clerk_records_referred_back_and_the_public_sees_it(client, clerk, called_in, scrutiny):
    placed = _placed(called_in, clerk, scrutiny)
    client.force_login(clerk)
    url = reverse("executive:call-in-outcome", args=[placed.decision_id])
    refused = client.post(url, {"outcome": "referred_back", "on": "2026-12-03"})
    assert "Enter the committee" in refused.content.decode()
    response = client.post(url, {"outcome": "referred_back", "on": "2026-12-03", "concerns": "Consult the staff."})
    assert response.status_code == 302
    client.logout()
    page = client.get(placed.decision.get_absolute_url()).content.decode()
    assert "Called in: referred back to the decision maker" in page and "Consult the staff." in page
    listing = client.get(reverse("executive:decision-list"), {"call_in": "called_in"}).content.decode()
    assert "Close the Riverside depot" in listing and "referred back" in listing


def test_the_response_makes_the_decision_effective(client, clerk, called_in, scrutiny):
    placed = _placed(called_in, clerk, scrutiny)
    services.call_in_outcome_record(
        call_in=placed, outcome=CallInOutcome.REFERRED_TO_COUNCIL, by=clerk, on=D(2026, 12, 3), concerns="Budget."
    )
    client.force_login(clerk)
    response = client.post(
        reverse("executive:call-in-response", args=[placed.decision_id]), {"response": "confirmed", "on": "2026-12-03"}
    )
    assert response.status_code == 302
    client.logout()
    assert "Effective from 3 December 2026" in client.get(placed.decision.get_absolute_url()).content.decode()


# --- What the public reads, and the exempt part ------------------------------------------------


def test_the_public_decision_page_shows_the_call_in_and_its_members(client, called_in):
    page = client.get(called_in.decision.get_absolute_url()).content.decode()
    assert "Called in" in page and "The staff were not consulted." in page
    assert called_in.signatures.get().member.get_full_name() in page
    assert "Call in this decision" not in page


def test_attacker_the_exempt_part_never_shows_with_the_call_in(client, clerk, scrutiny):
    decision = _decision(clerk, exempt_paragraph=3, exempt_part=EXEMPT)
    chair = _councillor(scrutiny, MembershipRole.CHAIR)
    services.call_in_request(decision=decision, by=chair, today=D(2026, 12, 2), **REASONS)
    call_in = CallIn.objects.get()
    for person in (None, chair, _councillor(scrutiny)):
        if person is not None:
            client.force_login(person)
        for url in (
            decision.get_absolute_url(),
            _request_url(decision),
            reverse("history", args=["executive", "callin", call_in.pk]),
            reverse("history", args=["executive", "callinsignature", call_in.signatures.get().pk]),
            reverse("home"),
        ):
            response = client.get(url)
            assert "4.2 million" not in response.content.decode(), url


# --- Query counts -------------------------------------------------------------------------------


def _called_in_decisions(clerk, n):
    chair = _councillor(BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), MembershipRole.CHAIR)
    for i in range(n):
        decision = _decision(clerk, title=f"Decision {i}")
        services.call_in_request(decision=decision, by=chair, today=D(2026, 12, 2), **REASONS)


def _queries(client, url, params=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_the_decisions_list_does_not_grow_with_call_ins(client, clerk, django_assert_num_queries):
    url = reverse("executive:decision-list")
    _called_in_decisions(clerk, 2)
    few = _queries(client, url)
    _called_in_decisions(clerk, 12)
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(few):
        assert "Decision 11" in client.get(url, {"call_in": "called_in"}).content.decode()


def test_the_chairs_dashboard_does_not_grow_with_rows(client, clerk, scrutiny, django_assert_num_queries):
    chair = _councillor(scrutiny, MembershipRole.CHAIR)
    client.force_login(chair)
    _called_in_decisions(clerk, 2)
    _decision(clerk, title="Open to call-in")
    few = _queries(client, reverse("home"))
    _called_in_decisions(clerk, 10)
    for i in range(5):
        _decision(clerk, title=f"Also open {i}")
    with django_assert_num_queries(few):
        assert "Also open 4" in client.get(reverse("home")).content.decode()


# --- Dashboards ---------------------------------------------------------------------------------


def test_the_o_and_s_chair_sees_their_notices_urgency_agreements_and_call_ins(client, clerk, called_in):
    chair = _councillor(BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), MembershipRole.CHAIR)
    services.decision_record(
        by=clerk,
        decision_maker=CabinetFactory(),
        decided_on=D(2026, 11, 30),
        title="Replace the boilers",
        decision="To replace them.",
        reasons="They failed.",
        route=DecisionRoute.SPECIAL_URGENCY,
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 11, 30),
        urgency_reasons="Winter.",
        today=D(2026, 12, 3),
    )
    client.force_login(chair)
    page = client.get(reverse("home")).content.decode()
    assert "As chair of overview and scrutiny" in page
    assert "Replace the boilers" in page and "Close the Riverside depot" in page
    assert "Awaiting a meeting" in page


def test_an_o_and_s_member_sees_what_they_may_call_in_but_not_the_chairs_panel(client, decision, scrutiny):
    client.force_login(_councillor(scrutiny))
    page = client.get(reverse("home")).content.decode()
    assert "As chair of overview and scrutiny" not in page
    assert "Decisions you may call in" in page and "Tuesday 8 December 2026" in page


def test_a_councillor_not_on_o_and_s_sees_neither_panel(client, decision):
    client.force_login(_councillor())
    page = client.get(reverse("home")).content.decode()
    assert "As chair of overview and scrutiny" not in page and "Decisions you may call in" not in page


def test_democratic_services_see_call_ins_to_place(client, clerk, called_in):
    client.force_login(clerk)
    page = client.get(reverse("home")).content.decode()
    assert "Call-ins" in page and "Awaiting a meeting" in page


def test_the_meeting_page_links_the_item_back_to_the_decision(client, clerk, called_in, scrutiny):
    from council import permissions

    placed = _placed(called_in, clerk, scrutiny, day=D(2026, 12, 10))
    permissions.grant("members.change_body", clerk, scrutiny)  # the committee's clerk sees its draft agenda
    client.force_login(clerk)
    page = client.get(placed.item.meeting.get_absolute_url()).content.decode()
    assert "The decision called in: Close the Riverside depot" in page
    assert placed.decision.get_absolute_url() in page
