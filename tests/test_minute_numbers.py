"""Minutes with minute numbers and votes; confirming minutes (issue 16): numbers continuous through
the municipal year per body and stable once given; no confirming with a blank item; recorded votes
at the budget meeting; declarations and the exclusion of the press and public in minutes of their
own; the confirming page that leads on to the next meeting; the confirming meeting's minute."""

import datetime

import pytest
from django.urls import reverse

from council.errors import RuleError
from council.roles import Role
from members.models import BodyKind, MembershipRole
from scrutiny import services
from scrutiny.models import AgendaItem, DeclarationKind, ItemKind, MeetingStatus, Minute, MinuteNumber
from scrutiny.selectors.minute_numbers import minute_numbers
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

EXEMPT = {"exempt": True, "exempt_paragraph": 3, "public_interest_reason": "Commercial terms still being negotiated."}


@pytest.fixture
def body():
    return BodyFactory(name="Overview and Scrutiny Committee", slug="overview-and-scrutiny-committee")


@pytest.fixture
def clerk(body, clerk_of):
    return clerk_of(body, first_name="Emma", last_name="Clarke")


def meeting_of(body, when, clerk, items=(("Strategic Commissioning", {}),), *, standard=False, mark_held=True):
    """A meeting whose agenda has been published on time and which has been held (unless not)."""
    meeting = MeetingFactory(body=body, starts_at=when)
    if standard:
        services.agenda_insert_standard_items(meeting=meeting, by=clerk)
    for title, fields in items:
        services.agenda_item_add(meeting=meeting, by=clerk, title=title, **fields)
    services.agenda_publish(meeting=meeting, by=clerk, today=when.date() - datetime.timedelta(days=14))
    if mark_held:
        services.meeting_mark_held(meeting=meeting, by=clerk, now=when + datetime.timedelta(hours=3))
    meeting.refresh_from_db()
    return meeting


def labels(meeting) -> list[str]:
    numbers = minute_numbers(meeting)
    return [numbers[pk] for pk in meeting.items.order_by("position").values_list("pk", flat=True)]


def minute_all(meeting, clerk):
    for item in meeting.items.filter(minute__isnull=True).exclude(kind=ItemKind.DECLARATIONS):
        services.minute_write(item=item, text="The committee considered the report.", by=clerk)


# --- Numbers ---------------------------------------------------------------------------------------


def test_a_body_without_a_code_is_known_by_its_initials():
    assert BodyFactory(name="Overview and Scrutiny Committee").short_code == "OSC"
    assert BodyFactory(name="Social and Community Overview & Scrutiny Committee").short_code == "SCOSC"
    assert BodyFactory(name="Cabinet").short_code == "CAB"
    assert BodyFactory(name="Audit and Governance", code="A&G").short_code == "A&G"


def test_minutes_are_numbered_when_held_continuously_through_the_municipal_year_per_body(body, clerk, clerk_of):
    two = (("Strategic Commissioning", {}), ("Forward plan", {}))
    june = meeting_of(body, london(2026, 6, 10, 18), clerk, two)
    september = meeting_of(body, london(2026, 9, 9, 18), clerk, two)
    april = meeting_of(body, london(2027, 4, 14, 18), clerk)
    may = meeting_of(body, london(2027, 5, 12, 18), clerk)  # a new municipal year starts on 1 May
    cabinet = BodyFactory(name="Cabinet")
    cabinet_meeting = meeting_of(cabinet, london(2026, 9, 16, 18), clerk_of(cabinet))
    assert labels(june) == ["OSC 1/26", "OSC 2/26"]
    assert labels(september) == ["OSC 3/26", "OSC 4/26"]
    assert labels(april) == ["OSC 5/26"]
    assert labels(may) == ["OSC 1/27"]
    assert labels(cabinet_meeting) == ["CAB 1/26"]
    number = MinuteNumber.objects.get(label="OSC 3/26")
    assert number.history.first().history_change_reason == "Minute numbered"


def test_numbers_follow_the_councils_style_and_stay_as_given(body, clerk, settings):
    settings.MINUTE_NUMBER_STYLE = "{n}."
    june = meeting_of(body, london(2026, 6, 10, 18), clerk)
    assert labels(june) == ["1."]
    settings.MINUTE_NUMBER_STYLE = "{body_code} {n}/{yy}"
    body.code = "O&S"
    body.save()
    # A changed style or code numbers the next minutes, never those already given.
    september = meeting_of(body, london(2026, 9, 9, 18), clerk)
    assert labels(june) == ["1."] and labels(september) == ["O&S 2/26"]


def test_an_item_never_published_has_no_number(body, clerk):
    meeting = meeting_of(body, london(2026, 6, 10, 18), clerk, mark_held=False)
    AgendaItem.objects.create(meeting=meeting, position=9, title="Never published")
    services.meeting_mark_held(meeting=meeting, by=clerk, now=london(2026, 6, 10, 21))
    assert list(minute_numbers(meeting).values()) == ["OSC 1/26"]


def test_the_minutes_page_shows_the_numbers(client, body, clerk):
    meeting = meeting_of(body, london(2026, 6, 10, 18), clerk, (("Strategic Commissioning", {}), ("Forward plan", {})))
    client.force_login(clerk)
    text = client.get(reverse("scrutiny:minutes", args=[meeting.pk])).content.decode()
    assert "OSC 1/26</span> Strategic Commissioning" in text
    assert "OSC 2/26</span> Forward plan" in text


# --- No blank item ---------------------------------------------------------------------------------


def test_minutes_cannot_be_confirmed_with_an_item_without_a_minute_until_it_is_noted(body, clerk):
    items = (("Strategic Commissioning", {}), ("Forward plan", {}), ("Work programme", {}))
    june = meeting_of(body, london(2026, 6, 10, 18), clerk, items)
    july = meeting_of(body, london(2026, 7, 8, 18), clerk)
    first, forward_plan, work_programme = june.items.order_by("position")
    services.minute_write(item=first, text="The Assistant Chief Executive introduced the report.", by=clerk)
    with pytest.raises(RuleError) as refused:
        services.minutes_confirm(meeting=june, confirmed_at_meeting=july, by=clerk)
    assert refused.value.message == (
        "2 items have no minute: OSC 2/26 Forward plan; OSC 3/26 Work programme. Write their minutes, or record "
        "them as noted, before confirming the minutes"
    )
    services.minute_noted(item=forward_plan, by=clerk)
    services.minute_noted(item=work_programme, by=clerk)
    assert Minute.objects.get(item=forward_plan).text == "Noted."
    services.minutes_confirm(meeting=june, confirmed_at_meeting=july, by=clerk)
    june.refresh_from_db()
    assert june.status == MeetingStatus.MINUTES_CONFIRMED


def test_the_confirm_page_refuses_a_blank_item_in_the_govuk_error_pattern(client, body, clerk):
    june = meeting_of(body, london(2026, 6, 10, 18), clerk, (("Strategic Commissioning", {}), ("Forward plan", {})))
    july = meeting_of(body, london(2026, 7, 8, 18), clerk)
    services.minute_write(item=june.items.get(position=1), text="Introduced.", by=clerk)
    client.force_login(clerk)
    url = reverse("scrutiny:minutes-confirm", args=[june.pk])
    page = client.get(url).content.decode()
    assert "Items with no minute" in page and "OSC 2/26 Forward plan" in page
    response = client.post(url, {"confirmed_at_meeting": july.pk})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in text and "govuk-error-summary" in text
    assert "OSC 2/26 Forward plan has no minute. Write its minute, or record it as noted" in text


def test_record_as_noted_is_for_the_bodys_clerks(client, body, clerk, clerk_of):
    june = meeting_of(body, london(2026, 6, 10, 18), clerk)
    item = june.items.get()
    url = reverse("scrutiny:minute-noted", args=[june.pk, item.pk])
    assert client.post(url).status_code == 302 and not Minute.objects.exists()  # to sign in
    client.force_login(MemberFactory().user)
    assert client.post(url).status_code == 403
    client.force_login(clerk_of(BodyFactory(name="Licensing Committee")))
    assert client.post(url).status_code == 404
    client.force_login(clerk)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response.url.endswith(f"#item-{item.pk}")
    assert Minute.objects.get(item=item).text == "Noted."


# --- Declarations and the exclusion of the press and public -----------------------------------------


def test_declarations_have_their_own_numbered_minute(client, body, clerk):
    member = MemberFactory(user__first_name="Ravi", user__last_name="Patel").user
    MembershipFactory(body=body, person=member, role=MembershipRole.MEMBER, start_date=datetime.date(2024, 5, 1))
    june = meeting_of(body, london(2026, 6, 10, 18), clerk, (("Leisure contract", {}),), standard=True)
    declarations_item = june.items.get(kind=ItemKind.DECLARATIONS)
    leisure = june.items.get(title="Leisure contract")
    services.attendance_record(meeting=june, entries=[(member, "present", None, "")], by=clerk, today=june.date)
    client.force_login(clerk)
    url = reverse("scrutiny:minutes", args=[june.pk])
    assert "No declarations of interest were made." in client.get(url).content.decode()
    services.declaration_add(
        item=leisure,
        person=member,
        kind=DeclarationKind.OTHER_REGISTRABLE,
        nature="Trustee of the leisure trust",
        left_room=False,
        by=clerk,
    )
    text = client.get(url).content.decode()
    numbers = minute_numbers(june)
    assert numbers[declarations_item.pk] == "OSC 2/26" and numbers[leisure.pk] == "OSC 4/26"
    assert (
        "Ravi Patel declared an other registrable interest in minute OSC 4/26 (Leisure contract): "
        "Trustee of the leisure trust." in " ".join(text.split())
    )
    # The declarations are the minute: the item is not blank.
    minute_all(june, clerk)
    july = meeting_of(body, london(2026, 7, 8, 18), clerk)
    services.minutes_confirm(meeting=june, confirmed_at_meeting=july, by=clerk)


def test_the_exclusion_of_the_press_and_public_is_minuted_before_the_exempt_items(client, body, clerk):
    items = (
        ("Strategic Commissioning", {}),
        ("Leisure contract award", EXEMPT),
        ("Legal advice", {**EXEMPT, "exempt_paragraph": 5}),
    )
    june = meeting_of(body, london(2026, 6, 10, 18), clerk, items)
    titles = list(june.items.order_by("position").values_list("title", flat=True))
    assert titles == ["Strategic Commissioning", "Exclusion of the press and public", *titles[2:]]
    exclusion = june.items.get(kind=ItemKind.EXCLUSION)
    assert minute_numbers(june)[exclusion.pk] == "OSC 2/26"
    minute = Minute.objects.get(item=exclusion)
    assert minute.text.startswith("Resolved that under section 100A(4) of the Local Government Act 1972")
    assert "paragraphs 3 and 5 of Part 1 of Schedule 12A" in minute.text
    # The public read it in the confirmed minutes, before the exempt items' titles.
    minute_all(june, clerk)
    july = meeting_of(body, london(2026, 7, 8, 18), clerk)
    services.minutes_confirm(meeting=june, confirmed_at_meeting=july, by=clerk)
    client.logout()
    text = client.get(reverse("scrutiny:minutes", args=[june.pk])).content.decode()
    assert text.index("paragraphs 3 and 5 of Part 1") < text.index("Leisure contract award")


# --- The budget meeting ----------------------------------------------------------------------------


@pytest.fixture
def council_body():
    return BodyFactory(name="Council", kind=BodyKind.COUNCIL)


def test_only_a_meeting_of_council_can_be_the_budget_meeting(body, clerk):
    with pytest.raises(RuleError) as refused:
        services.meeting_schedule(
            body=body,
            day=datetime.date(2027, 2, 24),
            start_time=datetime.time(18),
            venue="Council Chamber",
            budget_meeting=True,
            by=clerk,
        )
    assert refused.value.field == "budget_meeting"
    assert "cannot be the budget meeting" in refused.value.message


def test_every_vote_at_the_budget_meeting_is_a_recorded_vote(client, council_body, clerk_of):
    clerk = clerk_of(council_body)
    people = []
    for first, last in (("Alice", "Ward"), ("Ben", "Cole"), ("Jo", "Baines")):
        person = MemberFactory(user__first_name=first, user__last_name=last).user
        MembershipFactory(body=council_body, person=person, start_date=datetime.date(2024, 5, 1))
        people.append(person)
    meeting = services.meeting_schedule(
        body=council_body,
        day=datetime.date(2027, 2, 24),
        start_time=datetime.time(18),
        venue="Council Chamber",
        budget_meeting=True,
        by=clerk,
    )
    services.agenda_item_add(meeting=meeting, by=clerk, title="Budget and council tax 2027/28")
    services.agenda_publish(meeting=meeting, by=clerk, today=datetime.date(2027, 2, 10))
    services.meeting_mark_held(meeting=meeting, by=clerk, now=london(2027, 2, 24, 21))
    services.attendance_record(
        meeting=meeting, entries=[(p, "present", None, "") for p in people], by=clerk, today=datetime.date(2027, 2, 24)
    )
    minute = services.minute_write(item=meeting.items.get(), text="The Leader moved the budget.", by=clerk)
    resolution = services.resolution_add(minute=minute, text="Resolved that the budget be approved.", by=clerk)
    counts = {"result": "carried", "votes_for": 2, "votes_against": 1, "abstentions": 0}
    with pytest.raises(RuleError) as refused:
        services.vote_record(resolution=resolution, by=clerk, **counts)
    assert refused.value.field == "recorded"
    assert "budget meeting, where every vote is a recorded vote" in refused.value.message
    # The form says so and shows the error in the GOV.UK pattern.
    client.force_login(clerk)
    url = reverse("scrutiny:vote-record", args=[meeting.pk, resolution.pk])
    response = client.post(url, {"result": "carried", "votes_for": "2", "votes_against": "1", "abstentions": "0"})
    text = response.content.decode()
    assert "<title>Error: " in text and "every vote is a recorded vote" in text
    named = dict(zip(people, ("for", "for", "against"), strict=True))
    vote = services.vote_record(resolution=resolution, by=clerk, named=named, **counts)
    assert vote.recorded and vote.member_votes.count() == 3


# --- Confirming at the next meeting ----------------------------------------------------------------


def test_with_no_later_meeting_held_the_confirm_page_offers_the_next_one(client, body, clerk):
    june = meeting_of(body, london(2026, 6, 10, 18), clerk)
    minute_all(june, clerk)
    client.force_login(clerk)
    url = reverse("scrutiny:minutes-confirm", args=[june.pk])
    text = " ".join(client.get(url).content.decode().split())
    assert "No later meeting of Overview and Scrutiny Committee has been held or scheduled" in text
    assert reverse("scrutiny:meeting-schedule") + "?committee=overview-and-scrutiny-committee" in text
    july = MeetingFactory(body=body, starts_at=london(2026, 7, 8, 18))
    text = " ".join(client.get(url).content.decode().split())
    assert "No later meeting of Overview and Scrutiny Committee has been held yet" in text
    assert "on Wednesday 8 July 2026, once that meeting has been marked as held" in text
    assert july.get_absolute_url() in text and "<select" not in text and "Confirm minutes</button>" not in text


def test_the_confirming_meetings_minute_names_the_minutes_it_confirmed(body, clerk):
    june = meeting_of(body, london(2026, 6, 10, 18), clerk, (("Strategic Commissioning", {}),), standard=True)
    minute_all(june, clerk)
    july = meeting_of(body, london(2026, 7, 8, 18), clerk, (("Forward plan", {}),), standard=True)
    services.minutes_confirm(meeting=june, confirmed_at_meeting=july, by=clerk)
    item = july.items.get(kind=ItemKind.MINUTES)
    assert Minute.objects.get(item=item).text == (
        "Resolved that the minutes of the meeting held on 10 June 2026 (minutes OSC 1/26 to OSC 4/26) be "
        "confirmed as a correct record and signed by the Chair."
    )
    july.refresh_from_db()
    assert july.status == MeetingStatus.MINUTES_DRAFTED


def test_a_clerks_own_minute_of_the_previous_minutes_keeps_its_words(body, clerk):
    june = meeting_of(body, london(2026, 6, 10, 18), clerk, standard=True)
    minute_all(june, clerk)
    july = meeting_of(body, london(2026, 7, 8, 18), clerk, standard=True)
    item = july.items.get(kind=ItemKind.MINUTES)
    services.minute_write(item=item, text="Councillor Ward asked about minute OSC 3/26.", by=clerk)
    services.minutes_confirm(meeting=june, confirmed_at_meeting=july, by=clerk)
    text = Minute.objects.get(item=item).text
    assert text.startswith("Councillor Ward asked about minute OSC 3/26.\n\nResolved that the minutes")


def test_only_democratic_services_reach_the_confirm_page(client, body, clerk):
    june = meeting_of(body, london(2026, 6, 10, 18), clerk)
    url = reverse("scrutiny:minutes-confirm", args=[june.pk])
    client.force_login(UserFactory(roles=[Role.OFFICER]))
    assert client.get(url).status_code == 403
    client.force_login(clerk)
    assert client.get(url).status_code == 200


def test_the_clerk_sets_the_committees_short_code_on_its_edit_page(client, body, clerk):
    client.force_login(clerk)
    url = reverse("members:body-edit", args=[body.slug])
    assert "Short code" in client.get(url).content.decode()
    response = client.post(url, {"name": body.name, "code": "O&S", "kind": body.kind})
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.code == "O&S" and body.short_code == "O&S"
    june = meeting_of(body, london(2026, 6, 10, 18), clerk)
    assert labels(june) == ["O&S 1/26"]
