"""The agenda and its publication under the Local Government Act 1972 s.100B."""

import datetime

import pytest

from council.errors import RuleError
from members.models import MembershipRole
from scrutiny import services
from scrutiny.models import AgendaItem, ExemptParagraph, MeetingStatus, Publication
from tests.factories import MeetingFactory, MembershipFactory, UserFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def clerk():
    return UserFactory(first_name="Emma", last_name="Clarke")


@pytest.fixture
def meeting():
    # Thursday 10 December 2026: the last day to publish is Wednesday 2 December.
    return MeetingFactory(starts_at=london(2026, 12, 10, 18))


def add(meeting, clerk, title="Strategic Commissioning", **fields):
    return services.agenda_item_add(meeting=meeting, by=clerk, title=title, **fields)


def test_publishing_on_the_last_day_meets_the_deadline(meeting, clerk):
    add(meeting, clerk)
    publication = services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 2))
    assert publication.deadline_met is True
    assert publication.clear_working_days == 5
    assert publication.urgent_reason == ""
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED


def test_publishing_a_day_late_is_refused_without_a_reason_for_urgency(meeting, clerk):
    add(meeting, clerk)
    with pytest.raises(RuleError) as refused:
        services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 3))
    assert "at least 5 clear working days" in refused.value.message
    assert "The last day was Wednesday 2 December 2026" in refused.value.message
    assert refused.value.field == "urgent_reason"
    assert not Publication.objects.exists()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_late_publication_with_a_recorded_reason_is_marked_as_late(meeting, clerk):
    add(meeting, clerk)
    chair = UserFactory()
    MembershipFactory(body=meeting.body, person=chair, role=MembershipRole.CHAIR)
    with pytest.raises(RuleError) as no_chair:  # s.100B(4)(b): the Chair agrees it is urgent
        services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 3), urgent_reason="Late figures")
    assert no_chair.value.field == "urgency_agreed_by"
    publication = services.agenda_publish(
        meeting=meeting,
        by=clerk,
        today=D(2026, 12, 3),
        urgent_reason="Budget figures confirmed late by government",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 12, 3),
    )
    assert publication.urgency_agreed_by == chair
    assert publication.deadline_met is False
    assert publication.clear_working_days == 4
    assert publication.urgent_reason == "Budget figures confirmed late by government"


def test_three_clear_days_for_a_welsh_council(meeting, clerk, settings):
    settings.PUBLICATION_CLEAR_DAYS = 3
    add(meeting, clerk)
    assert services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 4)).deadline_met


def test_the_publication_record_is_evidence_that_cannot_be_changed(meeting, clerk):
    add(meeting, clerk)
    add(meeting, clerk, title="Contract award", exempt=True, exempt_paragraph=3, public_interest_reason="Tenders")
    publication = services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 11, 30))

    assert publication.published_by == clerk
    assert len(publication.sha256) == 64
    exclusion, exempt = publication.contents["items"][1:]
    assert exclusion["title"] == "Exclusion of the press and public" and exclusion["number"] == 2
    assert exempt == {
        "number": 3,
        "title": "Contract award",
        "kind": "report",
        "exempt_paragraph": 3,
        "urgent_reason": "",
        "documents": [],
    }
    publication.deadline_met = False
    with pytest.raises(RuleError):
        publication.save()
    with pytest.raises(RuleError):
        publication.delete()


def test_the_same_agenda_gives_the_same_fingerprint(clerk):
    first = MeetingFactory(starts_at=london(2026, 12, 10, 18), body__name="Cabinet")
    second = MeetingFactory(starts_at=london(2026, 12, 10, 18), body__name="Cabinet ")
    for meeting in (first, second):
        add(meeting, clerk)
    a = services.agenda_publish(meeting=first, by=clerk, today=D(2026, 12, 1))
    b = services.agenda_publish(meeting=second, by=clerk, today=D(2026, 12, 1))
    assert a.sha256 != b.sha256  # the committee's name differs
    assert a.contents["items"] == b.contents["items"]


def test_after_publication_short_notice_business_is_urgent_and_goes_in_a_supplement(meeting, clerk):
    first = add(meeting, clerk)
    services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))
    chair = UserFactory()
    MembershipFactory(body=meeting.body, person=chair, role=MembershipRole.CHAIR)

    with pytest.raises(RuleError) as refused:
        add(meeting, clerk, title="Flood recovery funding", today=D(2026, 12, 7))
    assert refused.value.field == "urgent_reason"
    late = add(
        meeting,
        clerk,
        title="Flood recovery funding",
        today=D(2026, 12, 7),
        urgent_reason="Grant deadline is 11 December",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2026, 12, 7),
    )
    with pytest.raises(RuleError):
        services.agenda_item_update(item=first, by=clerk, title="Changed after publication")

    supplement = services.supplement_publish(meeting=meeting, by=clerk, today=D(2026, 12, 7))
    assert supplement.kind == "supplement" and supplement.version == 2
    assert supplement.contents["items"][0]["number"] == 2
    assert "Grant deadline is 11 December" in supplement.urgent_reason
    late.refresh_from_db()
    assert late.published_in == supplement
    with pytest.raises(RuleError):
        services.supplement_publish(meeting=meeting, by=clerk, today=D(2026, 12, 7))


def test_an_exempt_item_needs_its_paragraph_and_the_public_interest_reason(meeting, clerk):
    with pytest.raises(RuleError) as no_paragraph:
        add(meeting, clerk, exempt=True)
    assert no_paragraph.value.field == "exempt_paragraph"
    with pytest.raises(RuleError) as no_reason:
        add(meeting, clerk, exempt=True, exempt_paragraph=ExemptParagraph.LEGAL_PRIVILEGE)
    assert no_reason.value.field == "public_interest_reason"
    assert not AgendaItem.objects.exists()


def test_standard_items_go_first_once_and_items_can_be_reordered(meeting, clerk):
    report = add(meeting, clerk)
    services.agenda_insert_standard_items(meeting=meeting, by=clerk)
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles == [*services.STANDARD_ITEMS, "Strategic Commissioning"]
    with pytest.raises(RuleError):
        services.agenda_insert_standard_items(meeting=meeting, by=clerk)

    services.agenda_item_move(item=report, direction="up", by=clerk)
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles[2:] == ["Strategic Commissioning", "Minutes of the previous meeting"]
    top = meeting.items.order_by("position").first()
    with pytest.raises(RuleError):
        services.agenda_item_move(item=top, direction="up", by=clerk)


def test_nothing_to_publish_and_past_meetings_are_refused(meeting, clerk):
    with pytest.raises(RuleError, match="Add at least one item"):
        services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 1))
    add(meeting, clerk)
    with pytest.raises(RuleError, match="date has passed"):
        services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 11))
