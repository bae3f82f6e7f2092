"""The public home at ``/``, and the dashboard's move to ``/dashboard/``."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from executive import services as executive_services
from members.models import BodyKind, ConsultationState
from record.selectors import home as selectors
from scrutiny.models import AgendaItem, MeetingStatus, MinutesConfirmation, Publication
from tests.factories import (
    BodyFactory,
    CabinetFactory,
    ConsultationFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

MARKER = "Zephyr-marker-9931"
# A Thursday: this week runs to Sunday 13 December, next week is 14 to 20 December 2026.
NOW = london(2026, 12, 10, 12)


@pytest.fixture(autouse=True)
def _on_10_december_2026():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"])


def _published(meeting, clerk, *, at=None):
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.save()
    return Publication.objects.create(
        meeting=meeting,
        kind="agenda",
        version=1,
        published_by=clerk,
        published_at=at or NOW - datetime.timedelta(days=1),
        contents={"items": []},
        sha256="0" * 64,
        clear_working_days=5,
        deadline_met=True,
    )


def _confirmed(meeting, clerk, *, at=None):
    meeting.status = MeetingStatus.MINUTES_CONFIRMED
    meeting.save()
    return MinutesConfirmation.objects.create(
        meeting=meeting,
        confirmed_at_meeting=MeetingFactory(
            body=meeting.body, starts_at=meeting.starts_at + datetime.timedelta(days=7)
        ),
        confirmed_by=clerk,
        confirmed_at=at or NOW - datetime.timedelta(days=2),
    )


def _decision(clerk, *, title, publish=True):
    decision = executive_services.decision_record(
        by=clerk,
        decision_maker=CabinetFactory(),
        decided_on=datetime.date(2026, 12, 1),
        title=title,
        decision="To name it Riverside Park.",
        reasons="The residents chose it.",
    )
    if publish:
        decision = executive_services.decision_notice_publish(
            decision=decision, by=clerk, on=datetime.date(2026, 12, 2)
        )
    return decision


# --- Attacker's test first: nothing that is not the public record ----------------------------------


def test_the_home_shows_no_exempt_title_draft_or_private_body(client, client_for, clerk):
    scrutiny = BodyFactory(name="Overview and Scrutiny Committee")
    private_body = BodyFactory(name=f"Working group {MARKER} body", kind=BodyKind.WORKING_GROUP)
    MeetingFactory(body=private_body, starts_at=london(2026, 12, 11))
    _published(MeetingFactory(body=private_body, starts_at=london(2026, 12, 1)), clerk)
    meeting = MeetingFactory(body=scrutiny, starts_at=london(2026, 12, 11))
    AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        title=f"Exempt {MARKER} item",
        exempt=True,
        exempt_paragraph=3,
        public_interest_reason="Tender prices.",
    )
    _published(meeting, clerk)
    _decision(clerk, title=f"Unpublished {MARKER} decision", publish=False)
    ConsultationFactory(title=f"Draft {MARKER} consultation", public=True, state=ConsultationState.DRAFT)
    ConsultationFactory(title=f"Members-only {MARKER} consultation", public=False)
    outsider = MemberFactory().user

    for asker in (client, client_for(outsider)):
        page = asker.get("/").content.decode()
        assert "Overview and Scrutiny Committee" in page
        assert MARKER not in page


def test_the_home_lists_the_next_meetings_this_week_and_next(client):
    body = BodyFactory(name="Planning Committee", kind=BodyKind.COMMITTEE)
    MeetingFactory(body=body, starts_at=london(2026, 12, 9), venue="Yesterday Hall")
    MeetingFactory(body=body, starts_at=london(2026, 12, 10, 19), venue="Tonight Hall")
    MeetingFactory(body=body, starts_at=london(2026, 12, 16), venue="Next Week Hall")
    MeetingFactory(body=body, starts_at=london(2026, 12, 21), venue="Far Hall")
    MeetingFactory(body=body, starts_at=london(2026, 12, 12), venue="Cancelled Hall", status=MeetingStatus.CANCELLED)

    this_week, next_week = selectors.next_meetings(today=datetime.date(2026, 12, 10))

    assert [m.venue for m in this_week.meetings] == ["Tonight Hall"]
    assert (this_week.first, this_week.last) == (datetime.date(2026, 12, 10), datetime.date(2026, 12, 13))
    assert [m.venue for m in next_week.meetings] == ["Next Week Hall"]
    assert (next_week.first, next_week.last) == (datetime.date(2026, 12, 14), datetime.date(2026, 12, 20))
    page = client.get(reverse("record:home")).content.decode()
    assert "Tonight Hall" in page and "Next Week Hall" in page
    assert "Far Hall" not in page and "Cancelled Hall" not in page and "Yesterday Hall" not in page


def test_the_home_lists_what_was_published_lately(client, clerk):
    body = BodyFactory(name="Audit Committee", kind=BodyKind.COMMITTEE)
    _published(MeetingFactory(body=body, starts_at=london(2026, 12, 17)), clerk)
    _confirmed(MeetingFactory(body=body, starts_at=london(2026, 11, 5)), clerk)
    decision = _decision(clerk, title="Name the new park")
    consultation = ConsultationFactory(title="The future of the libraries", public=True)
    ConsultationFactory(title="A closed one", public=True, state=ConsultationState.CLOSED)

    page = client.get("/").content.decode()

    assert "Agenda: Audit Committee, 17 December 2026" in page
    assert "Minutes: Audit Committee, 5 November 2026" in page
    assert decision.get_absolute_url() in page and "Name the new park" in page
    assert reverse("members:consultation-public", args=[consultation.pk]) in page
    assert "A closed one" not in page


def test_the_home_offers_search_and_sign_in(client, client_for):
    page = client.get("/").content.decode()
    assert 'action="/search/"' in page and 'name="q"' in page
    assert reverse("login") in page
    assert reverse("home") not in page  # the dashboard is for signed-in people

    page = client_for(MemberFactory().user).get("/").content.decode()
    assert "Go to your dashboard" in page and f'href="{reverse("home")}"' in page


def test_the_dashboard_moved_to_its_own_address(client, client_for):
    assert reverse("home") == "/dashboard/"
    assert client.get("/dashboard/").status_code == 302
    person = MemberFactory().user
    assert "Your dashboard" in client_for(person).get("/dashboard/").content.decode()


def test_signing_in_leads_to_the_dashboard(settings):
    assert reverse(settings.LOGIN_REDIRECT_URL) == "/dashboard/"


def test_the_home_takes_the_same_queries_however_many_rows(client, clerk, django_assert_num_queries):
    def add(n):
        for i in range(n):
            body = BodyFactory(kind=BodyKind.COMMITTEE)
            _published(MeetingFactory(body=body, starts_at=london(2026, 12, 11 + i % 7)), clerk)
            _confirmed(MeetingFactory(body=body, starts_at=london(2026, 11, 1 + i)), clerk)
            _decision(clerk, title=f"Decision {i}")
            ConsultationFactory(public=True)
            MembershipFactory(body=body)

    add(1)
    with django_assert_num_queries(5):
        client.get("/")
    add(6)
    with django_assert_num_queries(5):
        page = client.get("/").content.decode()
    assert page.count("Decision ") >= selectors.RECENT
