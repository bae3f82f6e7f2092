"""Consultations shown to the public: the owner's choice, the public list and page, and what never
reaches them (responses, who responded, drafts, consultations not shown)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from council.roles import Role
from members.consultations import services
from members.models import ConsultationState
from tests.factories import ConsultationFactory, MemberFactory, QuestionFactory, ResponseFactory

pytestmark = pytest.mark.django_db

MARKER = "Quokka-marker-4471"


@pytest.fixture
def officer(person_with_role):
    return person_with_role(Role.OFFICER, first_name="Priya", last_name="Shah")


def _public_url(consultation):
    return reverse("members:consultation-public", args=[consultation.pk])


# Attacker's tests first ----------------------------------------------------------------------------


def test_the_public_never_see_a_draft_or_a_consultation_not_shown_to_them(client, client_for):
    draft = ConsultationFactory(title=f"Draft {MARKER}", public=True, state=ConsultationState.DRAFT)
    members_only = ConsultationFactory(title=f"Members only {MARKER}", public=False)
    outsider = MemberFactory().user

    for asker in (client, client_for(outsider)):
        for consultation in (draft, members_only):
            assert asker.get(_public_url(consultation)).status_code == 404
        page = asker.get(reverse("members:consultation-public-list")).content.decode()
        assert MARKER not in page


def test_the_public_page_never_shows_responses_or_who_responded(client):
    consultation = ConsultationFactory(title="The future of the libraries", public=True)
    question = QuestionFactory(consultation=consultation, text=f"Question {MARKER}?")
    member = MemberFactory(user__first_name="Ravi", user__last_name=f"Respondent{MARKER}")
    response = ResponseFactory(consultation=consultation, member=member)
    response.answers.create(question=question, text=f"Answer {MARKER}")

    page = client.get(_public_url(consultation)).content.decode()

    assert "The future of the libraries" in page
    assert MARKER not in page


# What the public read ---------------------------------------------------------------------------


def test_the_public_read_a_public_consultation_with_its_dates_and_state(client):
    consultation = ConsultationFactory(
        title="The future of the libraries", purpose="Which branches to keep open late.", public=True
    )
    response = client.get(_public_url(consultation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The future of the libraries" in page and "Which branches to keep open late." in page
    assert ">Open<" in page and "Closes" in page
    assert "The outcome will be published here" in page


def test_the_published_outcome_is_shown_once_published(client, officer):
    consultation = ConsultationFactory(owner=officer, public=True, state=ConsultationState.CLOSED)
    assert "Closed" in client.get(_public_url(consultation)).content.decode()
    services.consultation_report(consultation=consultation, outcome="We kept two branches open late.", by=officer)

    page = client.get(_public_url(consultation)).content.decode()

    assert "You said, we did" in page and "We kept two branches open late." in page
    assert "Outcome published" in page


def test_the_public_list_shows_open_ones_first_then_closed(client):
    ConsultationFactory(title="Open one", public=True)
    ConsultationFactory(title="Closed one", public=True, state=ConsultationState.CLOSED)
    page = client.get(reverse("members:consultation-public-list")).content.decode()
    assert page.index("Open one") < page.index("Closed one")


def test_an_open_consultation_past_its_closing_time_reads_closed(client):
    consultation = ConsultationFactory(
        public=True,
        opens_at=timezone.now() - datetime.timedelta(days=3),
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert ">Closed<" in client.get(_public_url(consultation)).content.decode()


def test_the_public_list_takes_the_same_queries_however_many(client, django_assert_num_queries):
    ConsultationFactory(public=True)
    with django_assert_num_queries(1):
        client.get(reverse("members:consultation-public-list"))
    for _ in range(5):
        ConsultationFactory(public=True)
    with django_assert_num_queries(1):
        client.get(reverse("members:consultation-public-list"))


# The owner's choice -------------------------------------------------------------------------------


def test_the_owner_ticks_shown_to_the_public_on_the_draft_form(client_for, officer):
    opens = timezone.localtime(timezone.now() + datetime.timedelta(days=2))
    closes = opens + datetime.timedelta(days=14)
    data = {
        "title": "Member roles in commissioning",
        "purpose": "How you want to take part.",
        "owner": officer.pk,
        "opens_day": opens.date().isoformat(),
        "opens_time": "09:00",
        "closes_day": closes.date().isoformat(),
        "closes_time": "17:00",
        "audience": "all",
        "public": "on",
    }
    client = client_for(officer)
    assert "Show this consultation to the public" in client.get(reverse("members:consultation-add")).content.decode()
    assert client.post(reverse("members:consultation-add"), data).status_code == 302
    consultation = officer.owned_consultations.get()
    assert consultation.public and consultation.state == ConsultationState.DRAFT
    assert client.get(_public_url(consultation)).status_code == 404  # not until it opens

    edit = reverse("members:consultation-edit", args=[consultation.pk])
    assert client.post(edit, {k: v for k, v in data.items() if k != "public"}).status_code == 302
    consultation.refresh_from_db()
    assert not consultation.public


def test_the_owner_may_show_an_open_consultation_to_the_public_later(client_for, officer):
    consultation = ConsultationFactory(owner=officer, public=False)
    closes = timezone.localtime(consultation.closes_at) + datetime.timedelta(days=1)  # whole minutes, later
    data = {
        "title": consultation.title,
        "purpose": consultation.purpose,
        "closes_day": closes.date().isoformat(),
        "closes_time": closes.strftime("%H:%M"),
        "public": "on",
    }
    response = client_for(officer).post(reverse("members:consultation-correct", args=[consultation.pk]), data)
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.public
    assert consultation.history.first().history_change_reason == "Closing time moved later; Shown to the public"
    detail = client_for(officer).get(consultation.get_absolute_url()).content.decode()
    assert _public_url(consultation) in detail
