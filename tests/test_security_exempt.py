"""Exempt information (LGA 1972 s.100A(4), s.100C(2), Schedule 12A) flows to everything derived from
an exempt item; draft minutes stay with the committee; the exclusion of the press and public is on
the agenda; exempt papers' titles are for those who may open them (issue 11, findings 3 and 4)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.services.workplan import workplan_bring_back
from council.errors import RuleError
from scrutiny import access, services
from scrutiny.models import ItemKind, Minute, Recommendation, WorkProgrammeEntry
from tests.exempt_scenario import EXEMPT_TITLE, FAIR_SUMMARY, PREFIX, marker, plant
from tests.factories import MeetingFactory, OfficerFactory
from tests.factories.commissioning import WorkPlanVersionFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def s():
    return plant()


def page(client, person, url) -> str:
    client.logout()
    if person is not None:
        client.force_login(person)
    response = client.get(url)
    return response.content.decode() if response.status_code == 200 else ""


def outsiders(s):
    return {
        "the public": None,
        "a councillor off the committee": s.outsider,
        "another committee's clerk": s.other_clerk,
    }


# --- Finding 3: what is derived from an exempt item ----------------------------------------------


def test_the_work_programme_and_the_tracker_keep_what_an_exempt_item_resolved_from_outsiders(client, s):
    s.confirm()
    urls = [
        reverse("scrutiny:work-programme", args=[s.body.slug]),
        reverse("scrutiny:recommendations"),
        reverse("scrutiny:recommendations") + f"?committee={s.body.slug}",
    ]
    for who, person in outsiders(s).items():
        for url in urls:
            assert PREFIX not in page(client, person, url), f"{who} read exempt content on {url}"
    for person in (s.member, s.clerk):
        work_programme = page(client, person, urls[0])
        assert marker("action") in work_programme and marker("recommendation") in work_programme
        assert marker("response") in page(client, person, urls[1])


def test_draft_minutes_reach_the_work_programme_and_tracker_only_for_the_committee(client, s):
    minute = Minute.objects.get(item=s.item)
    resolution = services.resolution_add(minute=minute, text="Resolved to look again.", by=s.clerk)
    services.action_add(
        resolution=resolution,
        description="Bus subsidy review",
        owner_text="Cabinet",
        when_available=True,
        bring_back_to=s.body,
        by=s.clerk,
    )
    services.recommendation_add(
        resolution=resolution, text="Publish the bus figures", to_whom="Cabinet", made_on=s.meeting.date, by=s.clerk
    )
    work_programme = reverse("scrutiny:work-programme", args=[s.body.slug])
    tracker = reverse("scrutiny:recommendations")
    for who, person in outsiders(s).items():
        assert "Bus subsidy review" not in page(client, person, work_programme), who
        assert "Publish the bus figures" not in page(client, person, tracker), who
    assert "Bus subsidy review" in page(client, s.member, work_programme)
    assert "Publish the bus figures" in page(client, s.member, tracker)
    s.confirm()
    assert "Bus subsidy review" in page(client, None, work_programme)
    assert "Publish the bus figures" in page(client, None, tracker)


def test_the_public_reads_the_fair_summary_of_an_exempt_minute_and_nothing_more(client, s):
    minutes = reverse("scrutiny:minutes", args=[s.meeting.pk])
    assert FAIR_SUMMARY not in page(client, None, minutes)  # a draft: not yet public
    s.confirm()
    for who, person in outsiders(s).items():
        text = page(client, person, minutes)
        assert FAIR_SUMMARY in text, who
        assert f"{EXEMPT_TITLE}" in text and "Exempt item (paragraph 3 of Part 1 of Schedule 12A" in text
        assert PREFIX not in text, who
        assert "The report was introduced and noted." in text  # the open business is all there
    for person in (s.member, s.clerk):
        text = page(client, person, minutes)
        assert marker("corrected minute") in text and marker("resolution") in text and marker("action") in text


def test_an_officer_with_need_to_know_reads_the_exempt_minute_once_confirmed(client, s):
    officer = OfficerFactory().user
    services.need_to_know_set(item=s.exempt_item, officers=[officer], by=s.clerk)
    minutes = reverse("scrutiny:minutes", args=[s.meeting.pk])
    assert marker("minute") not in page(client, officer, minutes)  # drafts are for the committee
    s.confirm()
    assert marker("corrected minute") in page(client, officer, minutes)
    assert access.may_see_exempt_content(officer, s.exempt_item)
    assert not access.may_see_exempt_content(s.outsider, s.exempt_item)


def test_the_read_rule_answers_for_each_derived_record(s):
    s.confirm()
    derived = [s.minute, s.resolution, s.action, s.recommendation, s.entry, s.declaration, s.document, s.correction]
    for record in derived:
        assert access.may_see(s.member, record), record
        assert access.may_see(s.clerk, record), record
        for who, person in outsiders(s).items():
            assert not access.may_see(person or _anonymous(), record), (who, record)
    for person in (None, s.outsider, s.other_clerk):
        assert not access.visible(person or _anonymous(), Recommendation.objects.all()).exists()
        assert not access.visible(person or _anonymous(), WorkProgrammeEntry.objects.all()).exists()


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_the_clerk_writes_a_fair_summary_for_an_exempt_minute_only(client, s):
    client.force_login(s.clerk)
    exempt = reverse("scrutiny:minute-write", args=[s.meeting.pk, s.exempt_item.pk])
    assert "Fair summary for the public" in client.get(exempt).content.decode()
    ordinary = reverse("scrutiny:minute-write", args=[s.meeting.pk, s.item.pk])
    assert "Fair summary for the public" not in client.get(ordinary).content.decode()
    client.post(exempt, {"text": "Members questioned the scores.", "public_summary": "Members discussed a tender."})
    minute = Minute.objects.get(item=s.exempt_item)
    assert (minute.text, minute.public_summary) == ("Members questioned the scores.", "Members discussed a tender.")
    assert minute.history.latest().public_summary == "Members discussed a tender."


def test_an_interest_declared_in_an_exempt_item_shows_who_and_what_kind_but_not_its_nature(client, s):
    url = s.meeting.get_absolute_url()
    for who, person in outsiders(s).items():
        text = page(client, person, url)
        assert PREFIX not in text, who
        if person is not None:  # the register of declarations is for those signed in
            assert "non-registrable interest." in text
    assert marker("declaration") in page(client, s.member, url)


def test_the_commissioning_work_plan_never_answers_an_exempt_action(s):
    bring_back = workplan_bring_back(version=WorkPlanVersionFactory(), body=s.body, by=s.clerk)
    assert bring_back.entry != s.entry
    assert PREFIX not in bring_back.entry.title


# --- The exclusion of the press and public (s.100A(4)) --------------------------------------------


def order(meeting) -> list[str]:
    return [item.title for item in meeting.items.order_by("position")]


def test_the_agenda_puts_the_exclusion_before_the_first_exempt_item_and_keeps_it_there(person_with_role):
    from council import permissions

    meeting = MeetingFactory(starts_at=london(2027, 3, 10))
    clerk = person_with_role("Democratic Services")
    permissions.grant("members.change_body", clerk, meeting.body)
    exempt = {"exempt": True, "public_interest_reason": "Commercially sensitive"}
    a = services.agenda_item_add(meeting=meeting, by=clerk, title="A")
    assert not meeting.items.filter(kind=ItemKind.EXCLUSION).exists()
    e = services.agenda_item_add(meeting=meeting, by=clerk, title="E", exempt_paragraph=3, **exempt)
    b = services.agenda_item_add(meeting=meeting, by=clerk, title="B")
    exclusion = "Exclusion of the press and public"
    assert order(meeting) == ["A", exclusion, "E", "B"]

    services.agenda_item_update(item=b, by=clerk, title="B", kind="report", exempt_paragraph=1, **exempt)
    services.agenda_item_move(item=b, direction="up", by=clerk)
    assert order(meeting) == ["A", exclusion, "B", "E"]
    services.agenda_item_move(item=b, direction="up", by=clerk)
    assert order(meeting) == [exclusion, "B", "A", "E"]
    services.agenda_insert_standard_items(meeting=meeting, by=clerk)
    assert order(meeting)[3:] == [exclusion, "B", "A", "E"]

    services.agenda_item_update(item=b, by=clerk, title="B", kind="report", exempt=False)
    assert order(meeting)[3:] == ["B", "A", exclusion, "E"]
    services.agenda_item_update(item=e, by=clerk, title="E", kind="report", exempt=False)
    assert exclusion not in order(meeting)  # no exempt business, no exclusion
    assert a.pk in meeting.items.values_list("pk", flat=True)


def test_the_exclusion_names_the_paragraphs_and_is_on_the_agenda_pages_and_minutable(client, s):
    wording = "under section 100A(4) of the Local Government Act 1972 the press and public be excluded"
    assert wording in page(client, None, s.meeting.get_absolute_url())
    assert "paragraph 3 of Part 1 of Schedule 12A" in page(client, None, s.meeting.get_absolute_url())
    client.force_login(s.clerk)
    form = client.get(reverse("scrutiny:minute-write", args=[s.meeting.pk, s.exclusion.pk])).content.decode()
    assert "Resolved that under section 100A(4)" not in form  # a minute exists already: it is shown instead
    Minute.objects.filter(item=s.exclusion).delete()
    form = client.get(reverse("scrutiny:minute-write", args=[s.meeting.pk, s.exclusion.pk])).content.decode()
    assert "Resolved that under section 100A(4)" in form and "paragraph 3 of Part 1" in form


def test_the_exclusion_is_the_agendas_own_not_the_clerks(s, person_with_role):
    meeting = MeetingFactory(body=s.body, starts_at=timezone.now() + datetime.timedelta(days=40))
    with pytest.raises(RuleError):
        services.agenda_item_add(meeting=meeting, by=s.clerk, title="Exclusion", kind=ItemKind.EXCLUSION)
    services.agenda_item_add(
        meeting=meeting, by=s.clerk, title="E", exempt=True, exempt_paragraph=1, public_interest_reason="Personal"
    )
    exclusion = meeting.items.get(kind=ItemKind.EXCLUSION)
    with pytest.raises(RuleError):
        services.agenda_item_update(item=exclusion, by=s.clerk, title="Something else")
    with pytest.raises(RuleError):
        services.agenda_item_move(item=exclusion, direction="down", by=s.clerk)


# --- Finding 4: exempt papers' titles, sizes and pages --------------------------------------------


def test_exempt_papers_are_listed_only_for_those_who_may_open_them(client, s):
    officer = OfficerFactory().user
    url = s.meeting.get_absolute_url()
    open_url = reverse("scrutiny:document-open", args=[s.meeting.pk, s.document.pk])
    for who, person in {**outsiders(s), "an officer without need-to-know": officer}.items():
        text = page(client, person, url)
        assert EXEMPT_TITLE in text and "paragraph 3 of Part 1 of Schedule 12A" in text, who
        assert marker("document title") not in text and open_url not in text, who
        assert "Report on commissioning" in text  # the open paper is listed for everyone
        assert text.count("1 page") == 1, who  # only the open paper's page count
    services.need_to_know_set(item=s.exempt_item, officers=[officer], by=s.clerk)
    for person in (s.member, s.clerk, officer):
        text = page(client, person, url)
        assert marker("document title") in text and open_url in text
        assert text.count("1 page") == 2


def test_the_rule_says_which_fields_of_a_record_a_history_page_may_show(s):
    from django.contrib.auth.models import AnonymousUser

    assert access.readable_fields(s.member, s.minute) is None  # everything, for the committee
    for person in (AnonymousUser(), s.outsider, s.other_clerk):
        assert access.readable_fields(person, s.minute) == set()  # a draft: nothing
        assert access.readable_fields(person, s.resolution) == set()
        item_fields = access.readable_fields(person, s.exempt_item)
        assert "title" in item_fields and "exempt_paragraph" in item_fields
        assert "public_interest_reason" not in item_fields
        assert "nature" not in access.readable_fields(person, s.declaration)
        assert access.readable_fields(person, s.document) == set()
    s.confirm()
    for person in (AnonymousUser(), s.outsider, s.other_clerk):
        assert access.readable_fields(person, s.minute) == {"id", "item", "public_summary"}
        assert access.readable_fields(person, s.correction) == set()
        assert access.readable_fields(person, s.item) is None  # open business: all of it


def test_exempt_business_after_publication_gets_its_exclusion_in_the_supplement(person_with_role):
    from council import permissions

    meeting = MeetingFactory(starts_at=london(2027, 3, 10))
    clerk = person_with_role("Democratic Services")
    permissions.grant("members.change_body", clerk, meeting.body)
    services.agenda_item_add(meeting=meeting, by=clerk, title="A")
    services.agenda_publish(meeting=meeting, by=clerk, today=datetime.date(2027, 2, 20))
    services.agenda_item_add(
        meeting=meeting,
        by=clerk,
        title="Redundancy terms",
        exempt=True,
        exempt_paragraph=4,
        public_interest_reason="Negotiations continue",
        today=datetime.date(2027, 2, 22),
    )
    assert order(meeting) == ["A", "Exclusion of the press and public", "Redundancy terms"]
    supplement = services.supplement_publish(meeting=meeting, by=clerk, today=datetime.date(2027, 2, 22))
    assert [row["title"] for row in supplement.contents["items"]] == [
        "Exclusion of the press and public",
        "Redundancy terms",
    ]


def _grow_exempt(s, n):
    """``n`` more published exempt items, each minuted with a resolution, an action brought back and a
    recommendation."""
    from scrutiny.models import AgendaItem

    publication = s.meeting.publications.first()
    start = s.meeting.items.count()
    for i in range(n):
        item = AgendaItem.objects.create(
            meeting=s.meeting,
            position=start + i + 1,
            title=f"Exempt {i}",
            exempt=True,
            exempt_paragraph=1 + i % 7,
            public_interest_reason="Personal information",
            published_in=publication,
        )
        minute = services.minute_write(item=item, text=f"Minute {i}.", public_summary=f"Summary {i}.", by=s.clerk)
        resolution = services.resolution_add(minute=minute, text=f"Resolved {i}.", by=s.clerk)
        services.action_add(
            resolution=resolution,
            description=f"Action {i}",
            owner_text="Cabinet",
            when_available=True,
            bring_back_to=s.body,
            by=s.clerk,
        )
        services.recommendation_add(
            resolution=resolution, text=f"Recommendation {i}", to_whom="Cabinet", made_on=s.meeting.date, by=s.clerk
        )


def test_pages_that_apply_the_rule_keep_a_constant_number_of_queries(client, s, django_assert_num_queries):
    urls = [
        reverse("scrutiny:minutes", args=[s.meeting.pk]),
        reverse("scrutiny:work-programme", args=[s.body.slug]),
        reverse("scrutiny:recommendations"),
        s.meeting.get_absolute_url(),
    ]
    officer = OfficerFactory().user
    services.need_to_know_set(item=s.exempt_item, officers=[officer], by=s.clerk)
    people = [None, s.outsider, s.other_clerk, s.member, officer, s.clerk]

    def sign_in(person):
        client.logout()
        if person is not None:
            client.force_login(person)

    few = {}
    for person in people:
        sign_in(person)
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            few[person, url] = len(queries)
    _grow_exempt(s, 8)
    for person in people:
        sign_in(person)
        for url in urls:
            with django_assert_num_queries(few[person, url], info=f"{url} as {person}"):
                client.get(url)


def test_the_public_record_of_publication_fingerprints_exempt_papers_without_naming_them(s):
    import json

    contents = json.dumps([publication.contents for publication in s.meeting.publications.all()])
    assert s.document.sha256 in contents
    assert PREFIX not in contents
