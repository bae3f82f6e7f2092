"""Decisions the Cabinet takes at its meetings, recorded on the agenda item: the record goes through
``decision_record`` and its notice is published from the decision's page; an exempt item's title
and exempt part never reach the public."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.errors import RuleError
from executive import services
from executive.models import ExecutiveDecision
from members.models import BodyKind
from scrutiny import services as scrutiny_services
from tests.factories import BodyFactory, MeetingFactory, UserFactory
from tests.factories.scrutiny import london
from tests.private_meetings_kit import (
    EXEMPT_PART,
    EXEMPT_TITLE,
    LAST_FURTHER_DAY,
    MEETING_DAY,
    cabinet_meeting,
    clerk,
    notices_in_time,
    publish_agenda,
)

pytestmark = pytest.mark.django_db

D = datetime.date
FIELDS = {"decision": "To award the contract to the preferred bidder.", "reasons": "Best value."}


def _published_meeting(by, *, exempt=True):
    meeting, item = cabinet_meeting(by, exempt=exempt)
    if exempt:
        notices_in_time(item, by)
    publish_agenda(meeting, by, today=LAST_FURTHER_DAY)
    return meeting, item


def _open_item(meeting):
    return meeting.items.get(title="Leisure strategy")


# --- The attacker first: an exempt item's title and exempt part never reach the public --------------


def test_the_public_never_reads_the_exempt_items_title_or_exempt_part(client, client_for):
    by = clerk()
    meeting, item = _published_meeting(by)
    decision = services.decision_record_from_item(
        item=item, by=by, title="Award of the leisure contract", exempt_part=EXEMPT_PART, today=MEETING_DAY, **FIELDS
    )
    services.decision_notice_publish(decision=decision, by=by, on=MEETING_DAY)
    councillor = client_for(UserFactory(roles=["Councillor"]))
    for reader in (client, councillor):
        for url in (
            decision.get_absolute_url(),
            reverse("executive:decision-list"),
            reverse("history", args=["executive", "executivedecision", decision.pk]),
            reverse("executive:private-notice-list"),
        ):
            page = reader.get(url).content.decode()
            assert EXEMPT_TITLE not in page and EXEMPT_PART not in page, url
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "paragraph 3 of Schedule 12A" in page and meeting.get_absolute_url() in page


def test_the_public_matter_may_not_repeat_the_exempt_items_title():
    by = clerk()
    _, item = _published_meeting(by)
    with pytest.raises(RuleError, match="describe the matter") as refused:
        services.decision_record_from_item(item=item, by=by, title=EXEMPT_TITLE, today=MEETING_DAY, **FIELDS)
    assert refused.value.field == "title"


def test_the_exempt_items_paragraph_follows_into_the_record():
    by = clerk()
    _, item = _published_meeting(by)
    decision = services.decision_record_from_item(
        item=item, by=by, title="Award of the leisure contract", exempt_paragraph=None, today=MEETING_DAY, **FIELDS
    )
    assert decision.exempt_paragraph == 3


# --- The rules ----------------------------------------------------------------------------------


def test_a_decision_on_an_item_is_the_cabinets_on_the_meeting_day():
    by = clerk()
    meeting, _ = _published_meeting(by, exempt=False)
    decision = services.decision_record_from_item(item=_open_item(meeting), by=by, today=MEETING_DAY, **FIELDS)
    assert decision.title == "Leisure strategy" and decision.decided_on == MEETING_DAY
    assert decision.decision_maker.body == meeting.body and decision.agenda_item == _open_item(meeting)
    assert decision.notice_published_on is None  # Democratic Services publish it from its page


def test_a_decision_before_the_meeting_day_is_refused():
    by = clerk()
    meeting, _ = _published_meeting(by, exempt=False)
    with pytest.raises(RuleError, match="once the meeting has been held"):
        services.decision_record_from_item(item=_open_item(meeting), by=by, today=D(2027, 2, 3), **FIELDS)


def test_a_second_decision_on_the_item_is_refused():
    by = clerk()
    meeting, _ = _published_meeting(by, exempt=False)
    services.decision_record_from_item(item=_open_item(meeting), by=by, today=MEETING_DAY, **FIELDS)
    with pytest.raises(RuleError, match="already recorded"):
        services.decision_record_from_item(item=_open_item(meeting), by=by, today=MEETING_DAY, **FIELDS)


def test_an_item_of_a_committee_is_not_an_executive_decision():
    by = clerk()
    meeting = MeetingFactory(body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), starts_at=london(2027, 2, 4))
    item = scrutiny_services.agenda_item_add(meeting=meeting, by=by, title="Scrutiny of leisure", today=D(2027, 1, 20))
    with pytest.raises(RuleError, match="Only an item of a Cabinet meeting"):
        services.decision_record_from_item(item=item, by=by, today=MEETING_DAY, **FIELDS)


def test_an_unpublished_item_is_refused():
    by = clerk()
    meeting, _ = cabinet_meeting(by, exempt=False)
    with pytest.raises(RuleError, match="published agenda"):
        services.decision_record_from_item(item=_open_item(meeting), by=by, today=MEETING_DAY, **FIELDS)


def test_a_key_decision_still_needs_its_notice():
    by = clerk()
    meeting, _ = _published_meeting(by, exempt=False)
    with pytest.raises(RuleError, match="not been published in the forward plan"):
        services.decision_record_from_item(item=_open_item(meeting), by=by, is_key=True, today=MEETING_DAY, **FIELDS)
    assert not ExecutiveDecision.objects.exists()


# --- Pages --------------------------------------------------------------------------------------


def test_democratic_services_record_a_decision_from_the_meetings_decisions_page(client_for, monkeypatch):
    by = clerk()
    meeting, _ = _published_meeting(by, exempt=False)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: MEETING_DAY)
    client = client_for(by)
    page = client.get(reverse("executive:meeting-decisions", args=[meeting.pk])).content.decode()
    url = reverse("executive:meeting-decision-record", args=[_open_item(meeting).pk])
    assert url in page and "Leisure strategy" in client.get(url).content.decode()
    response = client.post(url, {"title": "", "route": "normal", **FIELDS})
    decision = ExecutiveDecision.objects.get()
    assert response.status_code == 302 and decision.agenda_item == _open_item(meeting)
    assert (
        decision.get_absolute_url()
        in client.get(reverse("executive:meeting-decisions", args=[meeting.pk])).content.decode()
    )


def test_a_refused_decision_comes_back_with_what_was_typed(client_for, monkeypatch):
    by = clerk()
    meeting, _ = _published_meeting(by, exempt=False)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2027, 2, 1))
    url = reverse("executive:meeting-decision-record", args=[_open_item(meeting).pk])
    response = client_for(by).post(url, {"title": "", "route": "normal", **FIELDS})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body and "preferred bidder" in body


@pytest.mark.parametrize("role", ["Councillor", "Officer", "Cabinet Member", "Monitoring Officer"])
def test_others_may_not_record_decisions_from_a_meeting(client_for, role):
    meeting, _ = _published_meeting(clerk(), exempt=False)
    client = client_for(UserFactory(roles=[role]))
    assert client.get(reverse("executive:meeting-decisions", args=[meeting.pk])).status_code == 403
    url = reverse("executive:meeting-decision-record", args=[_open_item(meeting).pk])
    assert client.post(url, {"title": "", "route": "normal", **FIELDS}).status_code == 403
    assert not ExecutiveDecision.objects.exists()


def test_a_committee_meeting_has_no_decisions_page(client_for):
    meeting = MeetingFactory(body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    assert client_for(clerk()).get(reverse("executive:meeting-decisions", args=[meeting.pk])).status_code == 404


def test_the_decisions_page_queries_do_not_grow_with_items_and_decisions(client_for, django_assert_num_queries):
    by = clerk()
    meeting, _ = _published_meeting(by, exempt=False)
    client = client_for(by)
    url = reverse("executive:meeting-decisions", args=[meeting.pk])
    client.get(url)  # the session and permissions, loaded once
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    items = [
        scrutiny_services.agenda_item_add(meeting=meeting, by=by, title=f"Item {n}", today=LAST_FURTHER_DAY)
        for n in range(4)
    ]
    scrutiny_services.supplement_publish(meeting=meeting, by=by, today=LAST_FURTHER_DAY)
    for item in [_open_item(meeting), *items]:
        services.decision_record_from_item(item=item, by=by, today=MEETING_DAY, **FIELDS)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_form_for_an_exempt_item_keeps_its_paragraph_and_asks_for_a_public_matter(client_for, monkeypatch):
    by = clerk()
    _, item = _published_meeting(by)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: MEETING_DAY)
    client = client_for(by)
    url = reverse("executive:meeting-decision-record", args=[item.pk])
    assert f'value="{EXEMPT_TITLE}"' not in client.get(url).content.decode()
    data = {"route": "normal", "exempt_part": EXEMPT_PART, **FIELDS}
    refused = client.post(url, {**data, "title": ""})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    response = client.post(url, {**data, "title": "Award of the leisure contract", "exempt_paragraph": "1"})
    decision = ExecutiveDecision.objects.get()
    assert response.status_code == 302 and decision.exempt_paragraph == 3 and decision.exempt_part == EXEMPT_PART


def test_an_open_items_decision_may_still_have_an_exempt_part_with_its_paragraph(client_for, monkeypatch):
    by = clerk()
    meeting, _ = _published_meeting(by, exempt=False)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: MEETING_DAY)
    url = reverse("executive:meeting-decision-record", args=[_open_item(meeting).pk])
    data = {"title": "", "route": "normal", "exempt_part": EXEMPT_PART, "exempt_paragraph": "3", **FIELDS}
    assert client_for(by).post(url, data).status_code == 302
    assert ExecutiveDecision.objects.get().exempt_paragraph == 3


def test_the_meeting_page_links_democratic_services_to_its_decisions_and_not_the_public(client, client_for):
    meeting, _ = _published_meeting(clerk(), exempt=False)
    decisions_url = reverse("executive:meeting-decisions", args=[meeting.pk])
    assert decisions_url not in client.get(meeting.get_absolute_url()).content.decode()
    councillor = client_for(UserFactory(roles=["Councillor"]))
    assert decisions_url not in councillor.get(meeting.get_absolute_url()).content.decode()
    assert decisions_url in client_for(clerk()).get(meeting.get_absolute_url()).content.decode()


def test_the_demo_cabinet_recorded_a_decision_on_an_agenda_item_with_its_notice(demo_council):
    decision = ExecutiveDecision.objects.select_related("agenda_item__meeting__body").get(agenda_item__isnull=False)
    assert decision.agenda_item.meeting.body.kind == BodyKind.CABINET
    assert decision.decided_on == decision.agenda_item.meeting.date and decision.notice_published_on


def test_the_public_meeting_page_links_the_published_decisions_taken_at_it(client):
    by = clerk()
    meeting, item = _published_meeting(by)
    decision = services.decision_record_from_item(
        item=item, by=by, title="Award of the leisure contract", exempt_part=EXEMPT_PART, today=MEETING_DAY, **FIELDS
    )
    assert decision.get_absolute_url() not in client.get(meeting.get_absolute_url()).content.decode()
    services.decision_notice_publish(decision=decision, by=by, on=MEETING_DAY)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert decision.get_absolute_url() in page and "Decision: Award of the leisure contract" in page
    assert EXEMPT_PART not in page
