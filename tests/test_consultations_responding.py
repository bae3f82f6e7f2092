"""Members respond online: drafts, submission, changes until the deadline, the deadline itself
(Europe/London, across the clock change), the confirmation email, the pages and who may use them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from council.roles import Role
from members.consultations.mine import my_consultations
from members.consultations.responding import (
    AnswersInvalid,
    ConsultationClosed,
    Given,
    closes_in,
    closing_phrase,
    is_accepting,
    response_save_draft,
    response_submit,
    saved_answers,
)
from members.models import (
    AudienceKind,
    ConsultationDocument,
    ConsultationState,
    QuestionKind,
    Response,
    ResponseState,
)
from tests.factories import (
    ConsultationFactory,
    MemberFactory,
    QuestionFactory,
    QuestionOptionFactory,
    UserFactory,
    WardFactory,
)
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def member():
    return MemberFactory(user__first_name="Priya", user__last_name="Shah", user__email="priya.shah@northbridge.example")


@pytest.fixture
def consultation():
    """Every kind of question: free text with a limit, single and multiple choice, the agree scale
    and ward feedback; the last two optional."""
    consultation = ConsultationFactory(title="How members take part in commissioning")
    QuestionFactory(
        consultation=consultation,
        position=1,
        kind=QuestionKind.FREE_TEXT,
        text="What should members do in a commissioning review?",
        help_text="For example, sit on the programme board.",
        max_length=20,
    )
    single = QuestionFactory(consultation=consultation, position=2, kind=QuestionKind.SINGLE_CHOICE, text="When?")
    for position, label in enumerate(["At Analyse", "At Plan"], start=1):
        QuestionOptionFactory(question=single, position=position, label=label)
    multiple = QuestionFactory(consultation=consultation, position=3, kind=QuestionKind.MULTIPLE_CHOICE, text="How?")
    for position, label in enumerate(["Workshops", "Email", "Visits"], start=1):
        QuestionOptionFactory(question=multiple, position=position, label=label)
    QuestionFactory(
        consultation=consultation, position=4, kind=QuestionKind.AGREE_SCALE, text="Members are heard.", required=False
    )
    QuestionFactory(
        consultation=consultation,
        position=5,
        kind=QuestionKind.WARD_FEEDBACK,
        text="What does your ward need?",
        required=False,
    )
    return consultation


def qs(consultation):
    return list(consultation.questions.order_by("position"))


def complete_answers(consultation):
    text, single, multiple, scale, ward = qs(consultation)
    return {
        text.pk: Given(text="Sit on boards"),
        single.pk: Given(options=(single.options.first().pk,)),
        multiple.pk: Given(options=tuple(multiple.options.values_list("pk", flat=True)[:2])),
        scale.pk: Given(scale=4),
    }


def reasons(response):
    return list(response.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True))


# Drafts, submission and changes.


def test_a_draft_needs_no_answers_but_keeps_the_limits(consultation, member):
    text = qs(consultation)[0]
    response = response_save_draft(
        consultation=consultation, member=member, answers={text.pk: Given(text="Half a thought")}, based_on_version=0
    )
    assert response.state == ResponseState.DRAFT
    assert response.submitted_at is None
    assert saved_answers(response) == {text.pk: Given(text="Half a thought")}

    with pytest.raises(AnswersInvalid) as raised:
        response_save_draft(
            consultation=consultation, member=member, answers={text.pk: Given(text="x" * 21)}, based_on_version=1
        )
    assert raised.value.errors == {text.pk: "Your answer to question 1 must be 20 characters or less"}
    assert saved_answers(Response.objects.get()) == {text.pk: Given(text="Half a thought")}
    assert reasons(Response.objects.get()) == ["Draft saved"]


def test_submitting_needs_every_required_answer(consultation, member):
    text, single, multiple, *_ = qs(consultation)
    with pytest.raises(AnswersInvalid) as raised:
        response_submit(consultation=consultation, member=member, answers={}, based_on_version=0)
    assert raised.value.errors == {
        text.pk: "Enter your answer to question 1",
        single.pk: "Select an answer to question 2",
        multiple.pk: "Select at least one answer to question 3",
    }
    assert not Response.objects.exists()


def test_a_submitted_response_is_recorded_with_its_time_and_history(consultation, member):
    now = timezone.now()
    draft = response_save_draft(consultation=consultation, member=member, answers={}, based_on_version=0)
    response = response_submit(
        consultation=consultation,
        member=member,
        answers=complete_answers(consultation),
        based_on_version=draft.version,
        now=now,
    )
    assert response.state == ResponseState.SUBMITTED
    assert response.submitted_at == now
    assert saved_answers(response) == complete_answers(consultation)
    assert reasons(response) == ["Draft saved", "Response submitted"]
    answer = response.answers.get(question=qs(consultation)[0])
    assert answer.history.get().history_change_reason == "Response submitted"
    assert answer.history.get().history_user == member.user


def test_changing_a_submitted_response_before_the_deadline_keeps_it_submitted(consultation, member):
    answers = complete_answers(consultation)
    first = response_submit(consultation=consultation, member=member, answers=answers, based_on_version=0)
    submitted_at = first.submitted_at
    text = qs(consultation)[0]
    answers[text.pk] = Given(text="Chair the board")
    changed = response_submit(consultation=consultation, member=member, answers=answers, based_on_version=1)
    assert changed.state == ResponseState.SUBMITTED
    assert changed.submitted_at == submitted_at
    assert saved_answers(changed)[text.pk].text == "Chair the board"
    assert reasons(changed) == ["Response submitted", "Response changed"]


def test_a_submitted_response_is_not_turned_back_into_a_draft(consultation, member):
    response_submit(
        consultation=consultation, member=member, answers=complete_answers(consultation), based_on_version=0
    )
    with pytest.raises(RuleError):
        response_save_draft(consultation=consultation, member=member, answers={}, based_on_version=1)
    assert Response.objects.get().state == ResponseState.SUBMITTED


def test_an_answer_cleared_in_a_draft_is_removed(consultation, member):
    text = qs(consultation)[0]
    response_save_draft(
        consultation=consultation, member=member, answers={text.pk: Given(text="A")}, based_on_version=0
    )
    response = response_save_draft(consultation=consultation, member=member, answers={}, based_on_version=1)
    assert saved_answers(response) == {}


def test_choices_must_be_the_questions_own(consultation, member):
    single = qs(consultation)[1]
    other = QuestionOptionFactory()
    with pytest.raises(AnswersInvalid) as raised:
        response_save_draft(
            consultation=consultation,
            member=member,
            answers={single.pk: Given(options=(other.pk,))},
            based_on_version=0,
        )
    assert raised.value.errors == {single.pk: "Select one of the answers listed for question 2"}


# The deadline, in Europe/London.


def test_the_deadline_reads_in_london_time(consultation):
    consultation.closes_at = london(2026, 12, 4, 17)
    assert closing_phrase(consultation) == "closes at 5pm on Friday 4 December 2026"
    assert closes_in(consultation, london(2026, 12, 2, 9)) == "closes in 2 days"
    assert closes_in(consultation, london(2026, 12, 3, 23, 59)) == "closes tomorrow"
    assert closes_in(consultation, london(2026, 12, 4, 0, 1)) == "closes today"


def test_days_to_the_deadline_are_counted_in_london_across_the_autumn_clock_change(consultation):
    # Clocks go back at 01:00 UTC on Sunday 25 October 2026. Half past midnight on Saturday in
    # London is still Friday in UTC: two days to Monday, not three.
    consultation.closes_at = london(2026, 10, 26, 0, 10)
    assert closes_in(consultation, utc(2026, 10, 23, 23, 30)) == "closes in 2 days"
    assert closing_phrase(consultation) == "closes at 12:10am on Monday 26 October 2026"


@pytest.mark.parametrize(
    ("closes", "just_before", "at"),
    [
        # 5pm on Monday 26 October 2026 is 17:00 UTC (GMT, after the clocks went back on the 25th).
        (london(2026, 10, 26, 17), utc(2026, 10, 26, 16, 59, 59), utc(2026, 10, 26, 17)),
        # 9am on Monday 29 March 2027 is 08:00 UTC (BST, after the clocks went forward on the 28th).
        (london(2027, 3, 29, 9), utc(2027, 3, 29, 7, 59, 59), utc(2027, 3, 29, 8)),
        # Midnight at the end of Saturday 24 October 2026 (BST) is 23:00 UTC on the 24th.
        (london(2026, 10, 25, 0), utc(2026, 10, 24, 22, 59, 59), utc(2026, 10, 24, 23)),
    ],
)
def test_responses_are_taken_until_the_closing_time_and_not_at_it(member, closes, just_before, at):
    consultation = ConsultationFactory(opens_at=closes - datetime.timedelta(days=20), closes_at=closes)
    text = QuestionFactory(consultation=consultation, required=False)
    assert is_accepting(consultation, just_before)
    assert not is_accepting(consultation, at)

    response_save_draft(
        consultation=consultation,
        member=member,
        answers={text.pk: Given(text="In time")},
        based_on_version=0,
        now=just_before,
    )
    with pytest.raises(ConsultationClosed) as raised:
        response_submit(
            consultation=consultation, member=member, answers={text.pk: Given(text="Late")}, based_on_version=1, now=at
        )
    assert str(raised.value) == (
        f"This consultation {closing_phrase(consultation).replace('closes', 'closed')}. "
        "Your answers have not been recorded."
    )
    response = Response.objects.get()
    assert response.state == ResponseState.DRAFT
    assert saved_answers(response)[text.pk].text == "In time"
    assert reasons(response) == ["Draft saved"]


def test_the_deadline_holds_even_before_the_beat_has_closed_the_consultation(member):
    consultation = ConsultationFactory(
        opens_at=timezone.now() - datetime.timedelta(days=10), closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert consultation.state == ConsultationState.OPEN
    with pytest.raises(ConsultationClosed):
        response_save_draft(consultation=consultation, member=member, answers={}, based_on_version=0)
    assert not Response.objects.exists()


def test_nothing_is_taken_before_opening_or_after_the_owner_closes_it(member):
    early = ConsultationFactory(opens_at=timezone.now() + datetime.timedelta(hours=1))
    closed = ConsultationFactory(state=ConsultationState.CLOSED)
    for consultation in (early, closed):
        with pytest.raises(ConsultationClosed):
            response_save_draft(consultation=consultation, member=member, answers={}, based_on_version=0)
    assert not Response.objects.exists()
