"""Cabinet business taken in private (the 2012 Regulations reg 5): the clocks, the notices, the
urgent route, and the refusal when a Cabinet agenda with an exempt item is published without them."""

import datetime

import pytest
from django.urls import reverse

from council import calendar
from council.errors import RuleError
from executive import services
from executive.models import PrivateMeetingNotice
from members.models import BodyKind, MembershipRole
from scrutiny import services as scrutiny_services
from scrutiny.models import MeetingStatus
from tests.factories import BodyFactory, MeetingFactory, MembershipFactory, UserFactory
from tests.factories.scrutiny import london
from tests.private_meetings_kit import (
    AGENDA_DAY,
    EXEMPT_TITLE,
    LAST_FURTHER_DAY,
    LAST_INTENTION_DAY,
    cabinet_meeting,
    clerk,
    notices_in_time,
    publish_agenda,
)

pytestmark = pytest.mark.django_db

D = datetime.date


# --- The clocks ---------------------------------------------------------------------------------


def test_the_notice_of_intention_needs_28_clear_calendar_days():
    assert calendar.last_day_for_private_notice(D(2027, 2, 4)) == D(2027, 1, 6)
    assert calendar.earliest_private_meeting_day(D(2027, 1, 6)) == D(2027, 2, 4)
    assert calendar.earliest_private_meeting_day(D(2027, 1, 7)) == D(2027, 2, 5)


def test_the_28_days_are_calendar_days_across_the_clock_change():
    # British Summer Time starts on Sunday 28 March 2027: days, not hours, are counted.
    assert calendar.earliest_private_meeting_day(D(2027, 3, 10)) == D(2027, 4, 8)
    assert calendar.last_day_for_private_notice(D(2027, 4, 8)) == D(2027, 3, 10)


def test_the_further_notice_needs_5_clear_working_days_at_both_boundaries():
    assert calendar.last_day_for_further_private_notice(D(2027, 2, 4)) == D(2027, 1, 27)
    assert calendar.further_private_notice_given(D(2027, 1, 27), D(2027, 2, 4))
    assert not calendar.further_private_notice_given(D(2027, 1, 28), D(2027, 2, 4))


def test_the_further_notice_skips_the_christmas_bank_holidays():
    # 25 and 28 December 2026 and 1 January 2027 are bank holidays.
    assert calendar.last_day_for_further_private_notice(D(2027, 1, 5)) == D(2026, 12, 23)
    assert not calendar.further_private_notice_given(D(2026, 12, 24), D(2027, 1, 5))


# --- The notices --------------------------------------------------------------------------------


def test_the_notice_of_intention_on_its_last_day_is_given_with_the_items_paragraph():
    by = clerk()
    _, item = cabinet_meeting(by)
    notice = services.private_notice_give(
        item=item,
        by=by,
        matter="Award of the leisure contract",
        reasons="Prices are commercially sensitive.",
        published_on=LAST_INTENTION_DAY,
        today=LAST_INTENTION_DAY,
    )
    assert notice.exempt_paragraph == 3 and notice.earliest_meeting_day == D(2027, 2, 4)


def test_the_notice_of_intention_a_day_late_is_refused_with_the_earliest_lawful_day():
    by = clerk()
    _, item = cabinet_meeting(by)
    with pytest.raises(RuleError, match="last day was Wednesday 6 January 2027.*from Friday 5 February 2027"):
        services.private_notice_give(
            item=item, by=by, matter="Award", reasons="Prices.", published_on=D(2027, 1, 7), today=D(2027, 1, 7)
        )


def test_a_notice_is_only_for_an_exempt_item_of_a_cabinet_meeting():
    by = clerk()
    meeting, _ = cabinet_meeting(by, exempt=False)
    with pytest.raises(RuleError, match="Only exempt business"):
        services.private_notice_give(item=meeting.items.first(), by=by, matter="A", reasons="B", today=D(2027, 1, 1))
    committee = MeetingFactory(body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), starts_at=london(2027, 2, 4))
    item = scrutiny_services.agenda_item_add(
        meeting=committee, by=by, title="Exempt", exempt=True, exempt_paragraph=1, public_interest_reason="Named."
    )
    with pytest.raises(RuleError, match="Cabinet meeting"):
        services.private_notice_give(item=item, by=by, matter="A", reasons="B", today=D(2027, 1, 1))


def test_a_councillor_cannot_give_a_notice():
    _, item = cabinet_meeting(clerk())
    with pytest.raises(RuleError, match="Only Democratic Services"):
        services.private_notice_give(
            item=item, by=UserFactory(roles=["Councillor"]), matter="A", reasons="B", today=D(2027, 1, 1)
        )


def _intention(item, by):
    return services.private_notice_give(
        item=item, by=by, matter="Award", reasons="Prices.", published_on=D(2027, 1, 4), today=D(2027, 1, 4)
    )


def test_the_further_notice_on_its_last_day_is_published_and_a_day_later_refused():
    by = clerk()
    _, item = cabinet_meeting(by)
    notice = _intention(item, by)
    with pytest.raises(RuleError, match="last day was Wednesday 27 January 2027"):
        services.private_further_notice_publish(
            notice=notice, by=by, representations_received=False, published_on=D(2027, 1, 28), today=D(2027, 1, 28)
        )
    notice = services.private_further_notice_publish(
        notice=notice, by=by, representations_received=False, published_on=LAST_FURTHER_DAY, today=LAST_FURTHER_DAY
    )
    assert notice.further_notice_published_on == LAST_FURTHER_DAY


def test_representations_received_need_the_response():
    by = clerk()
    _, item = cabinet_meeting(by)
    notice = _intention(item, by)
    with pytest.raises(RuleError, match="response") as refused:
        services.private_further_notice_publish(
            notice=notice,
            by=by,
            representations_received=True,
            representations="The public should hear the price.",
            today=D(2027, 1, 20),
        )
    assert refused.value.field == "response"


# --- Refused at publication, with each missing part --------------------------------------------


def test_a_cabinet_agenda_with_an_exempt_item_and_no_notice_is_refused_naming_the_item():
    by = clerk()
    meeting, _ = cabinet_meeting(by)
    with pytest.raises(RuleError) as refused:
        publish_agenda(meeting, by)
    message = refused.value.message
    assert EXEMPT_TITLE in message and "no notice of intention" in message
    assert "Wednesday 6 January 2027" in message and "Thursday 18 February 2027" in message
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and not meeting.publications.exists()


def test_a_late_notice_of_intention_is_refused_at_publication_with_the_earliest_lawful_day():
    by = clerk()
    meeting, item = cabinet_meeting(by)
    notices_in_time(item, by, intention_published_on=D(2027, 1, 7))
    with pytest.raises(RuleError, match="fewer than 28 clear days.*Friday 5 February 2027"):
        publish_agenda(meeting, by)


def test_the_agenda_is_refused_without_the_further_notice():
    by = clerk()
    meeting, item = cabinet_meeting(by)
    notices_in_time(item, by, further_notice_published_on=None)
    with pytest.raises(RuleError, match="further notice.*has not been published: publish it by Wednesday 27 January"):
        publish_agenda(meeting, by)


def test_a_late_further_notice_is_what_is_missing_from_a_late_agenda():
    # A further notice published late can only meet a late (urgent) agenda: the check says so.
    by = clerk()
    _, item = cabinet_meeting(by)
    notice = notices_in_time(item, by, further_notice_published_on=D(2027, 1, 28))
    missing = services.private_meetings.reg5_missing(notice, D(2027, 2, 4), D(2027, 1, 28))
    assert "fewer than 5 clear working days" in missing
    notice.further_notice_published_on = LAST_FURTHER_DAY
    assert services.private_meetings.reg5_missing(notice, D(2027, 2, 4), LAST_FURTHER_DAY) == ""


def test_with_both_notices_in_time_the_agenda_is_published():
    by = clerk()
    meeting, item = cabinet_meeting(by)
    notices_in_time(item, by)
    with pytest.raises(RuleError, match="has not been published"):
        publish_agenda(meeting, by, today=D(2027, 1, 26))  # the further notice is dated the 27th
    publication = publish_agenda(meeting, by, today=LAST_FURTHER_DAY)
    assert publication.items.filter(pk=item.pk).exists()


def test_a_supplement_with_an_exempt_item_needs_its_notices_too():
    by = clerk()
    meeting, _ = cabinet_meeting(by, exempt=False)
    publish_agenda(meeting, by)
    scrutiny_services.agenda_item_add(
        meeting=meeting,
        by=by,
        title="Staffing restructure",
        exempt=True,
        exempt_paragraph=4,
        public_interest_reason="Consultation with the unions is open.",
        today=AGENDA_DAY,
    )
    with pytest.raises(RuleError, match="Staffing restructure.*reg 5"):
        scrutiny_services.supplement_publish(meeting=meeting, by=by, today=AGENDA_DAY)


def test_a_committee_agenda_with_an_exempt_item_needs_no_executive_notice():
    by = clerk()
    meeting = MeetingFactory(body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), starts_at=london(2027, 2, 4))
    scrutiny_services.agenda_item_add(
        meeting=meeting, by=by, title="Exempt", exempt=True, exempt_paragraph=1, public_interest_reason="Named."
    )
    assert publish_agenda(meeting, by)


# --- The urgent route ---------------------------------------------------------------------------


@pytest.fixture
def scrutiny_chair():
    chair = UserFactory(roles=["Councillor"])
    MembershipFactory(person=chair, role=MembershipRole.CHAIR, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    return chair


def _urgent(item, by, agreed_by, *, on=AGENDA_DAY):
    return services.private_notice_urgent(
        item=item,
        by=by,
        matter="Award of the leisure contract",
        reasons="Prices are commercially sensitive.",
        agreed_by=agreed_by,
        agreed_on=on,
        urgency_reasons="The current contract ends on 28 February.",
        published_on=on,
        today=on,
    )


def test_the_scrutiny_chairs_agreement_lets_the_agenda_be_published(scrutiny_chair):
    by = clerk()
    meeting, item = cabinet_meeting(by)
    notice = _urgent(item, by, scrutiny_chair)
    assert notice.is_urgent and notice.urgency_agreed_by == scrutiny_chair
    assert publish_agenda(meeting, by)


def test_only_a_scrutiny_chair_may_agree(scrutiny_chair):
    by = clerk()
    _, item = cabinet_meeting(by)
    with pytest.raises(RuleError, match="Only the chair of an overview and scrutiny committee"):
        _urgent(item, by, UserFactory(roles=["Councillor"]))


def test_the_person_agreeing_cannot_be_the_one_recording(scrutiny_chair):
    scrutiny_chair.groups.add(*UserFactory(roles=["Democratic Services"]).groups.all())
    _, item = cabinet_meeting(clerk())
    with pytest.raises(RuleError, match="cannot be the one recording"):
        _urgent(item, scrutiny_chair, scrutiny_chair)


def test_the_urgent_route_is_refused_while_28_days_notice_can_still_be_given(scrutiny_chair):
    by = clerk()
    _, item = cabinet_meeting(by)
    with pytest.raises(RuleError, match="still time"):
        _urgent(item, by, scrutiny_chair, on=LAST_INTENTION_DAY)
    assert _urgent(item, by, scrutiny_chair, on=D(2027, 1, 7))


# --- Pages --------------------------------------------------------------------------------------


def test_the_public_reads_the_notices_with_their_meeting_but_not_the_item(client):
    by = clerk()
    meeting, item = cabinet_meeting(by)
    notices_in_time(item, by)
    page = client.get(reverse("executive:private-notice-list")).content.decode()
    assert "Award of the leisure contract" in page and meeting.get_absolute_url() in page
    assert "Paragraph 3" in page and EXEMPT_TITLE not in page


def test_the_notices_list_is_one_query_however_many(client, django_assert_num_queries):
    by = clerk()
    _, item = cabinet_meeting(by)
    notices_in_time(item, by)
    with django_assert_num_queries(1):
        client.get(reverse("executive:private-notice-list"))
    for day in (D(2027, 2, 11), D(2027, 2, 18), D(2027, 2, 25)):
        _, other = cabinet_meeting(by, day=day)
        notices_in_time(other, by)
    with django_assert_num_queries(1):
        client.get(reverse("executive:private-notice-list"))


def test_democratic_services_give_notice_from_the_meetings_page(client_for, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2026, 12, 6))
    by = clerk()
    meeting, item = cabinet_meeting(by)
    client = client_for(by)
    page = client.get(reverse("executive:meeting-private", args=[meeting.pk]))
    assert page.status_code == 200 and EXEMPT_TITLE in page.content.decode()
    response = client.post(
        reverse("executive:private-notice-give", args=[item.pk]),
        {"matter": "Award of the leisure contract", "reasons": "Prices.", "published_on": "2026-12-01"},
    )
    assert response.status_code == 302 and PrivateMeetingNotice.objects.filter(item=item).exists()


def test_a_late_notice_comes_back_on_the_form_with_what_was_typed(client_for, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2026, 12, 6))
    by = clerk()
    _, item = cabinet_meeting(by, day=D(2026, 12, 30))
    response = client_for(by).post(
        reverse("executive:private-notice-give", args=[item.pk]),
        {"matter": "Award of the leisure contract", "reasons": "Prices.", "published_on": "2026-12-05"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body and "Award of the leisure contract" in body


@pytest.mark.parametrize("role", ["Councillor", "Officer", "Cabinet Member"])
def test_others_may_not_manage_the_notices(client_for, role):
    meeting, item = cabinet_meeting(clerk())
    client = client_for(UserFactory(roles=[role]))
    assert client.get(reverse("executive:meeting-private", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("executive:private-notice-give", args=[item.pk])).status_code == 403


def test_the_public_is_sent_to_sign_in_for_the_management_page(client):
    meeting, _ = cabinet_meeting(clerk())
    response = client.get(reverse("executive:meeting-private", args=[meeting.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_cabinet_meeting_page_links_to_its_notices(client):
    meeting, _ = cabinet_meeting(clerk())
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("executive:private-notice-list") + f"?meeting={meeting.pk}" in page
