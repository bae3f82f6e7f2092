"""Urgency agreements asked of the O&S chair online (the 2012 Regulations regs 11 and 5(6)): who may
be asked, who answers (once, on the system's day), the email, and a decision under special urgency
or an urgent private notice relying on an agreed request only. Exempt information stays out."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.errors import RuleError
from executive import services
from executive.models import DecisionRoute, UrgencyAnswer, UrgencyPurpose, UrgencyRequest
from executive.selectors.call_in import chair_panel
from executive.selectors.urgency_requests import clerk_panel
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, MembershipFactory, UserFactory
from tests.factories.executive import CabinetMemberDecisionMakerFactory
from tests.private_meetings_kit import AGENDA_DAY, EXEMPT_TITLE, cabinet_meeting

pytestmark = pytest.mark.django_db

D = datetime.date
ASKED = D(2026, 11, 30)
INTENDED = D(2026, 12, 3)
FIELDS = {
    "decision": "To extend the temporary accommodation contract by six months.",
    "reasons": "The contract ends this month.",
}


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"], email="clerk@northbridge.example")


def _chair_of(kind, role=MembershipRole.CHAIR, **user):
    person = UserFactory(roles=["Councillor"], **user)
    MembershipFactory(person=person, body=BodyFactory(kind=kind), role=role)
    return person


@pytest.fixture
def chair():
    return _chair_of(BodyKind.OVERVIEW_SCRUTINY, email="chair@northbridge.example")


@pytest.fixture
def maker():
    return CabinetMemberDecisionMakerFactory()


def _ask(clerk, asked_of, maker, **overrides):
    values = {
        "by": clerk,
        "asked_of": asked_of,
        "purpose": UrgencyPurpose.SPECIAL_URGENCY,
        "matter": "Temporary accommodation contract extension",
        "decision_maker": maker,
        "intended_on": INTENDED,
        "reasons": "The contract expires before 28 clear days' notice could run.",
        "today": ASKED,
    }
    return services.urgency_request_ask(**values | overrides)


def _agreed(clerk, chair, maker, on=ASKED):
    request = _ask(clerk, chair, maker)
    return services.urgency_request_answer(request=request, by=chair, agree=True, reasons="It is urgent.", today=on)


def _record(clerk, maker, request, *, decided_on=INTENDED, **overrides):
    values = {
        "by": clerk,
        "decision_maker": maker,
        "decided_on": decided_on,
        "is_key": True,
        "route": DecisionRoute.SPECIAL_URGENCY,
        "title": "Temporary accommodation contract extension",
        "urgency_request": request,
        "today": decided_on,
    }
    return services.decision_record(**values | FIELDS | overrides)


# --- Who may be asked ------------------------------------------------------------------------------


def test_the_o_and_s_chair_is_asked_and_emailed(clerk, chair, maker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = _ask(clerk, chair, maker)
    assert request.asked_on == ASKED and request.answer == UrgencyAnswer.PENDING
    (message,) = mail.outbox
    assert message.to == ["chair@northbridge.example"]
    assert "Temporary accommodation contract extension" in message.body
    assert request.get_absolute_url() in message.body


def test_nothing_is_emailed_when_the_ask_is_refused(clerk, maker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuleError):
        _ask(clerk, UserFactory(roles=["Councillor"]), maker)
    assert mail.outbox == []


def test_a_councillor_who_chairs_no_o_and_s_committee_is_not_asked(clerk, chair, maker):
    member = _chair_of(BodyKind.OVERVIEW_SCRUTINY, role=MembershipRole.VICE_CHAIR)
    with pytest.raises(RuleError, match="Only the chair") as refused:
        _ask(clerk, member, maker)
    assert refused.value.field == "asked_of"


def test_when_no_o_and_s_committee_has_a_chair_the_chair_of_the_council_is_asked(clerk, maker):
    council_chair = _chair_of(BodyKind.COUNCIL)
    assert _ask(clerk, council_chair, maker).asked_of == council_chair


def test_the_chair_of_the_council_is_not_asked_while_there_is_an_o_and_s_chair(clerk, chair, maker):
    with pytest.raises(RuleError, match="Only the chair"):
        _ask(clerk, _chair_of(BodyKind.COUNCIL), maker)


def test_the_decision_maker_is_not_asked(clerk, maker):
    member = maker.portfolio.cabinet_member.user
    MembershipFactory(person=member, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), role=MembershipRole.CHAIR)
    with pytest.raises(RuleError, match="cannot be the decision maker"):
        _ask(clerk, member, maker)


def test_the_asker_is_not_asked(maker):
    both = UserFactory(roles=["Democratic Services", "Councillor"])
    MembershipFactory(person=both, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), role=MembershipRole.CHAIR)
    with pytest.raises(RuleError, match="cannot be the one asking"):
        _ask(both, both, maker)


def test_only_democratic_services_ask(chair, maker):
    with pytest.raises(RuleError, match="Only Democratic Services"):
        _ask(UserFactory(roles=["Officer"]), chair, maker)


def test_the_intended_date_may_be_today_not_before(clerk, chair, maker):
    assert _ask(clerk, chair, maker, intended_on=ASKED)
    with pytest.raises(RuleError, match="has passed") as refused:
        _ask(clerk, chair, maker, intended_on=ASKED - datetime.timedelta(days=1))
    assert refused.value.field == "intended_on"


# --- Who answers, and once -------------------------------------------------------------------------


def test_only_the_person_asked_answers(clerk, chair, maker):
    request = _ask(clerk, chair, maker)
    other_chair = _chair_of(BodyKind.OVERVIEW_SCRUTINY)
    for someone in (other_chair, clerk):
        with pytest.raises(RuleError, match="Only the person asked"):
            services.urgency_request_answer(request=request, by=someone, agree=True, reasons="Yes.", today=ASKED)


def test_the_answer_is_dated_by_the_system_and_given_once(clerk, chair, maker, django_capture_on_commit_callbacks):
    request = _ask(clerk, chair, maker)
    with django_capture_on_commit_callbacks(execute=True):
        answered = services.urgency_request_answer(
            request=request, by=chair, agree=False, reasons="It can wait for the next Cabinet.", today=ASKED
        )
    assert answered.answer == UrgencyAnswer.REFUSED and answered.answered_on == ASKED
    assert mail.outbox[-1].to == ["clerk@northbridge.example"]
    with pytest.raises(RuleError, match="already answered"):
        services.urgency_request_answer(request=request, by=chair, agree=True, reasons="On reflection.", today=ASKED)


def test_an_answer_needs_reasons(clerk, chair, maker):
    request = _ask(clerk, chair, maker)
    with pytest.raises(RuleError, match="Give your reasons") as refused:
        services.urgency_request_answer(request=request, by=chair, agree=True, reasons="  ", today=ASKED)
    assert refused.value.field == "reasons"


def test_agreement_on_the_intended_day_not_after(clerk, chair, maker):
    assert services.urgency_request_answer(
        request=_ask(clerk, chair, maker), by=chair, agree=True, reasons="Urgent.", today=INTENDED
    ).is_agreed
    with pytest.raises(RuleError, match="ask again"):
        services.urgency_request_answer(
            request=_ask(clerk, chair, maker),
            by=chair,
            agree=True,
            reasons="Urgent.",
            today=INTENDED + datetime.timedelta(days=1),
        )


# --- The decision relies on an agreed request ------------------------------------------------------


def test_a_decision_under_special_urgency_takes_the_agreement_from_the_request(clerk, chair, maker):
    request = _agreed(clerk, chair, maker)
    decision = _record(clerk, maker, request, urgency_agreed_by=clerk, urgency_agreed_on=D(2020, 1, 1))
    assert (decision.urgency_agreed_by, decision.urgency_agreed_on) == (chair, ASKED)
    assert decision.urgency_reasons == request.reasons
    request.refresh_from_db()
    assert request.decision == decision


@pytest.mark.parametrize("agree", [None, False])
def test_a_pending_or_refused_request_is_refused_when_recording(clerk, chair, maker, agree):
    request = _ask(clerk, chair, maker)
    if agree is not None:
        services.urgency_request_answer(request=request, by=chair, agree=agree, reasons="No.", today=ASKED)
    with pytest.raises(RuleError, match="waiting for an answer" if agree is None else "was refused") as refused:
        _record(clerk, maker, request)
    assert refused.value.field == "urgency_request"


def test_another_decisions_request_is_refused(clerk, chair, maker):
    request = _agreed(clerk, chair, maker)
    _record(clerk, maker, request)
    with pytest.raises(RuleError, match="another decision, already recorded"):
        _record(clerk, maker, request, title="Another contract")
    with pytest.raises(RuleError, match="another decision maker"):
        _record(clerk, CabinetMemberDecisionMakerFactory(), _agreed(clerk, chair, maker))


def test_the_agreement_is_before_or_on_the_decision_day(clerk, chair, maker):
    assert _record(clerk, maker, _agreed(clerk, chair, maker, on=INTENDED), decided_on=INTENDED)
    with pytest.raises(RuleError, match="on or before the day of the decision"):
        _record(clerk, maker, _agreed(clerk, chair, maker, on=INTENDED), decided_on=D(2026, 12, 2))


def test_a_request_is_only_relied_on_under_special_urgency(clerk, chair, maker):
    with pytest.raises(RuleError, match="only relied on under special urgency"):
        _record(clerk, maker, _agreed(clerk, chair, maker), route=DecisionRoute.NORMAL, is_key=False)


def test_the_typed_agreement_is_still_checked(clerk, chair, maker):
    with pytest.raises(RuleError, match="Only the chair"):
        _record(
            clerk,
            maker,
            None,
            urgency_agreed_by=UserFactory(roles=["Councillor"]),
            urgency_agreed_on=ASKED,
            urgency_reasons="Urgent.",
        )


# --- The private meeting's urgent route ------------------------------------------------------------


def _private_request(clerk, chair, item, **overrides):
    values = {
        "by": clerk,
        "asked_of": chair,
        "purpose": UrgencyPurpose.PRIVATE_MEETING,
        "matter": "Award of the leisure contract",
        "item": item,
        "reasons": "The bidders' offers lapse before 28 clear days' notice could run.",
        "today": AGENDA_DAY,
    }
    return services.urgency_request_ask(**values | overrides)


def test_the_urgent_private_notice_relies_on_the_agreed_request_for_its_item(clerk, chair):
    _, item = cabinet_meeting(clerk)
    request = _private_request(clerk, chair, item)
    with pytest.raises(RuleError, match="waiting for an answer"):
        services.private_notice_urgent(
            item=item, by=clerk, matter="Award", reasons="Prices.", urgency_request=request, today=AGENDA_DAY
        )
    services.urgency_request_answer(request=request, by=chair, agree=True, reasons="Agreed.", today=AGENDA_DAY)
    notice = services.private_notice_urgent(
        item=item, by=clerk, matter="Award", reasons="Prices.", urgency_request=request, today=AGENDA_DAY
    )
    assert notice.is_urgent and (notice.urgency_agreed_by, notice.urgency_agreed_on) == (chair, AGENDA_DAY)
    _, other_item = cabinet_meeting(clerk)
    with pytest.raises(RuleError, match="another agenda item"):
        services.private_notice_urgent(
            item=other_item, by=clerk, matter="Award", reasons="Prices.", urgency_request=request, today=AGENDA_DAY
        )


def test_the_exempt_items_title_never_reaches_the_person_asked(
    clerk, chair, client_for, django_capture_on_commit_callbacks
):
    _, item = cabinet_meeting(clerk)
    with pytest.raises(RuleError, match="without the exempt information"):
        _private_request(clerk, chair, item, matter=EXEMPT_TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        request = _private_request(clerk, chair, item)
    assert EXEMPT_TITLE not in mail.outbox[-1].body and EXEMPT_TITLE not in mail.outbox[-1].subject
    page = client_for(chair)
    for url in (
        request.get_absolute_url(),
        reverse("executive:urgency-request-answer", args=[request.pk]),
        reverse("history", args=["executive", "urgencyrequest", request.pk]),
        reverse("home"),
    ):
        response = page.get(url)
        assert response.status_code == 200, url
        assert EXEMPT_TITLE not in response.content.decode(), url
    assert EXEMPT_TITLE in client_for(clerk).get(request.get_absolute_url()).content.decode()


# --- Pages -----------------------------------------------------------------------------------------


def test_the_clerk_asks_through_the_form(clerk, chair, maker, client_for):
    response = client_for(clerk).post(
        reverse("executive:urgency-request-ask"),
        {
            "purpose": "special_urgency",
            "matter": "Temporary accommodation",
            "decision_maker": maker.pk,
            "intended_on": "2099-01-01",
            "reasons": "It cannot wait.",
            "asked_of": chair.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert UrgencyRequest.objects.get().asked_by == clerk


def test_the_ask_form_keeps_what_was_typed_and_shows_the_rule(clerk, maker, client_for):
    response = client_for(clerk).post(
        reverse("executive:urgency-request-ask"),
        {
            "purpose": "special_urgency",
            "matter": "Temporary accommodation",
            "decision_maker": maker.pk,
            "intended_on": "2099-01-01",
            "reasons": "It cannot wait.",
            "asked_of": UserFactory(roles=["Councillor"]).pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and "It cannot wait." in page


def test_the_person_asked_answers_online_and_others_do_not_find_it(clerk, chair, maker, client_for):
    request = _ask(clerk, chair, maker, intended_on=D(2099, 1, 1))
    url = reverse("executive:urgency-request-answer", args=[request.pk])
    for someone in (_chair_of(BodyKind.OVERVIEW_SCRUTINY), UserFactory(roles=["Cabinet Member"])):
        assert client_for(someone).post(url, {"agree": "yes", "reasons": "Yes."}).status_code == 404
        assert client_for(someone).get(request.get_absolute_url()).status_code == 404
    response = client_for(chair).post(url, {"agree": "yes", "reasons": "It is urgent."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.is_agreed and request.answered_on is not None
    monitoring = client_for(UserFactory(roles=["Monitoring Officer"]))
    assert monitoring.get(request.get_absolute_url()).status_code == 200
    assert monitoring.get(url).status_code == 404


def test_the_public_is_sent_to_sign_in(clerk, chair, maker, client):
    request = _ask(clerk, chair, maker)
    for url in (
        reverse("executive:urgency-request-ask"),
        request.get_absolute_url(),
        reverse("executive:urgency-request-answer", args=[request.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 404), url


def test_the_decision_form_records_with_the_request(clerk, chair, maker, client_for):
    request = _agreed(clerk, chair, maker)
    response = client_for(clerk).post(
        reverse("executive:decision-add"),
        {
            "decision_maker": maker.pk,
            "decided_on": INTENDED.isoformat(),
            "route": "special_urgency",
            "is_key": "on",
            "title": "Temporary accommodation contract extension",
            "urgency_request": request.pk,
            **FIELDS,
        },
    )
    assert response.status_code == 302, response.content.decode()
    request.refresh_from_db()
    assert request.decision.urgency_agreed_by == chair


# --- Panels: fixed queries however many requests ---------------------------------------------------


def test_the_panels_list_requests_in_a_fixed_number_of_queries(clerk, chair, maker, rf):
    def counts():
        request = rf.get("/")
        result = []
        for user, context in ((chair, chair_panel), (clerk, clerk_panel)):
            request.user = user
            with CaptureQueriesContext(connection) as queries:
                shown = context(request)
                rows = [
                    row
                    for key in ("urgency_waiting", "urgency_answered", "pending", "agreed")
                    for row in shown.get(key, [])
                ]
                for row in rows:  # what the templates read
                    row.asked_of.get_full_name(), str(row.decision_maker)
            result.append(len(queries))
        return result

    _ask(clerk, chair, maker)
    _agreed(clerk, chair, maker)
    few = counts()
    for _ in range(4):
        _ask(clerk, chair, maker)
        _agreed(clerk, chair, maker)
    assert counts() == few
    request = rf.get("/")
    request.user = chair
    shown = chair_panel(request)
    assert len(shown["urgency_waiting"]) == 5 and len(shown["urgency_answered"]) == 5


def test_the_chair_of_the_council_asked_sees_the_panel_other_councillors_do_not(clerk, maker, rf):
    council_chair = _chair_of(BodyKind.COUNCIL)
    request = rf.get("/")
    request.user = UserFactory(roles=["Councillor"])
    assert chair_panel(request) is None
    asked = _ask(clerk, council_chair, maker)
    request.user = council_chair
    assert chair_panel(request)["urgency_waiting"] == [asked]


def test_the_decision_page_links_the_request_for_those_who_may_read_it(clerk, chair, maker, client, client_for):
    decision = _record(clerk, maker, _agreed(clerk, chair, maker))
    services.decision_notice_publish(decision=decision, by=clerk, on=INTENDED)
    link = decision.urgency_request.get_absolute_url()
    for reader, sees in ((chair, True), (clerk, True), (UserFactory(roles=["Councillor"]), False)):
        assert (link in client_for(reader).get(decision.get_absolute_url()).content.decode()) is sees
    client.logout()
    assert link not in client.get(decision.get_absolute_url()).content.decode()
