"""Consultations at a glance: an officer's own consultations on their dashboard, a closing day that
is not a working day flagged when it is set, and "None of these" chosen only on its own."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from members.consultations.selectors.deadlines import closing_day_flag
from members.consultations.selectors.responses import Given
from members.consultations.services.responses import AnswersInvalid, response_submit
from members.models import ConsultationState, QuestionKind
from tests.factories import (
    ConsultationFactory,
    MemberFactory,
    OfficerFactory,
    QuestionFactory,
    QuestionOptionFactory,
)

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_an_officer_who_owns_a_consultation_sees_it_on_their_dashboard(client):
    officer = OfficerFactory(user__roles=["Commissioning Officer"]).user
    ConsultationFactory(owner=officer, title="Leisure Centres: what matters in your ward")
    ConsultationFactory(owner=officer, title="Closed, report due", state=ConsultationState.CLOSED)
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    assert "Leisure Centres: what matters in your ward" in page
    assert "Closed, report due" in page
    assert "You are not running any consultations." not in page


def test_someone_who_runs_none_is_told_so(client):
    officer = OfficerFactory(user__roles=["Commissioning Officer"]).user
    ConsultationFactory(title="Someone else's")
    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()
    assert "You are not running any consultations." in page and "Someone else's" not in page


@pytest.mark.parametrize(
    ("closes", "flag"),
    [
        (
            datetime.datetime(2026, 12, 25, 17, 0, tzinfo=LONDON),
            "Friday 25 December 2026, a bank holiday (Christmas Day)",
        ),
        (datetime.datetime(2026, 12, 27, 17, 0, tzinfo=LONDON), "Sunday 27 December 2026, a weekend"),
        (datetime.datetime(2026, 12, 29, 17, 0, tzinfo=LONDON), ""),
    ],
)
def test_a_closing_day_on_a_bank_holiday_or_weekend_is_flagged(closes, flag):
    found = closing_day_flag(ConsultationFactory.build(closes_at=closes))
    assert (flag in found) if flag else found == ""


def test_the_owner_sees_the_flag_on_the_consultation(client):
    officer = OfficerFactory(user__roles=["Commissioning Officer"]).user
    consultation = ConsultationFactory(
        owner=officer, state=ConsultationState.DRAFT, closes_at=datetime.datetime(2099, 12, 25, 17, 0, tzinfo=LONDON)
    )
    client.force_login(officer)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "It closes on Friday 25 December 2099, a bank holiday (Christmas Day)" in page


def test_none_of_these_is_chosen_on_its_own():
    member = MemberFactory()
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation, kind=QuestionKind.MULTIPLE_CHOICE)
    board = QuestionOptionFactory(question=question, label="Sitting on a programme board")
    none = QuestionOptionFactory(question=question, label="None of these")
    with pytest.raises(AnswersInvalid) as refused:
        response_submit(
            consultation=consultation,
            member=member,
            answers={question.pk: Given(options=(board.pk, none.pk))},
            based_on_version=consultation.version if hasattr(consultation, "version") else 0,
        )
    assert "Select “None of these” on its own, or the other answers to question 1, not both" in str(
        refused.value.errors
    )
    alone = response_submit(
        consultation=consultation,
        member=member,
        answers={question.pk: Given(options=(none.pk,))},
        based_on_version=consultation.version if hasattr(consultation, "version") else 0,
    )
    assert alone.pk


def test_the_none_of_these_checkbox_unticks_the_others_when_javascript_runs(client):
    member = MemberFactory()
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation, kind=QuestionKind.MULTIPLE_CHOICE)
    QuestionOptionFactory(question=question, label="Sitting on a programme board")
    none = QuestionOptionFactory(question=question, label="None of these")
    client.force_login(member.user)
    page = client.get(reverse("members:consultation-respond", args=[consultation.pk])).content.decode()
    assert page.count('data-behaviour="exclusive"') == 1
    assert f'value="{none.pk}"' in page.split('data-behaviour="exclusive"')[0][-400:]
