"""A consultation's questions and their options: added, changed, removed and reordered.

Questions may change while the consultation is a draft, and while it is open until the first
member starts a response (a draft or a submitted one): after that the questions cannot change
under members' answers. Once closed, nothing about the questions changes.
"""

from django.db import transaction
from django.db.models import Max

from council.errors import RuleError
from council.history import saved_by, with_reason

from ...models import Consultation, ConsultationState, Question, QuestionKind, QuestionOption, Response
from .consultations import locked

QUESTIONS_LOCKED = "Members have started responding: the questions cannot change under their answers"
QUESTIONS_CLOSED = "The consultation has closed: its questions cannot change"
CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
LIMITED_KINDS = (QuestionKind.FREE_TEXT, QuestionKind.WARD_FEEDBACK)


def check_questions_changeable(consultation: Consultation) -> None:
    """Questions change while a draft, and while open until the first member starts a response."""
    if consultation.state in (ConsultationState.CLOSED, ConsultationState.REPORTED):
        raise RuleError(QUESTIONS_CLOSED)
    if consultation.state == ConsultationState.OPEN and Response.objects.filter(consultation=consultation).exists():
        raise RuleError(QUESTIONS_LOCKED)


def questions_changeable(consultation: Consultation) -> bool:
    try:
        check_questions_changeable(consultation)
    except RuleError:
        return False
    return True


def _clean_question(kind, text, options, max_length):
    text = (text or "").strip()
    if kind not in QuestionKind.values:
        raise RuleError("Select the kind of question", field="kind")
    if not text:
        raise RuleError("Enter the question", field="text")
    labels = []
    for line in options or []:
        line = line.strip()
        if line and line not in labels:
            labels.append(line)
    if kind in CHOICE_KINDS:
        if len(labels) < 2:
            raise RuleError("Enter at least two options, one on each line", field="options")
        if any(len(label) > 200 for label in labels):
            raise RuleError("Each option must be 200 characters or fewer", field="options")
    else:
        labels = []
    if kind not in LIMITED_KINDS:
        max_length = None
    if max_length is not None and max_length < 1:
        raise RuleError("The character limit must be 1 or more", field="max_length")
    return text, labels, max_length


def _set_options(question: Question, labels: list[str], by) -> None:
    current = list(question.options.all())
    if [option.label for option in current] == labels:
        return
    for option in current:
        with_reason(option, "Option removed", by=by).delete()
    for position, label in enumerate(labels, start=1):
        saved_by(QuestionOption(question=question, position=position, label=label), by, "Option added")


@transaction.atomic
def question_add(*, consultation, kind, text, help_text="", required=True, max_length=None, options=(), by) -> Question:
    consultation = locked(consultation)
    check_questions_changeable(consultation)
    text, labels, max_length = _clean_question(kind, text, options, max_length)
    last = consultation.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question(
        consultation=consultation,
        position=last + 1,
        kind=kind,
        text=text,
        help_text=(help_text or "").strip(),
        required=required,
        max_length=max_length,
    )
    saved_by(question, by, "Question added")
    _set_options(question, labels, by)
    return question


@transaction.atomic
def question_update(*, question, kind, text, help_text="", required=True, max_length=None, options=(), by) -> Question:
    check_questions_changeable(locked(question.consultation))
    question = Question.objects.select_for_update().get(pk=question.pk)
    text, labels, max_length = _clean_question(kind, text, options, max_length)
    question.kind, question.text, question.help_text = kind, text, (help_text or "").strip()
    question.required, question.max_length = required, max_length
    saved_by(question, by, "Question changed")
    _set_options(question, labels, by)
    return question


@transaction.atomic
def question_remove(*, question, by) -> None:
    check_questions_changeable(locked(question.consultation))
    question = Question.objects.select_for_update().get(pk=question.pk)
    for option in question.options.all():
        with_reason(option, "Question removed", by=by).delete()
    with_reason(question, "Question removed", by=by).delete()


@transaction.atomic
def question_move(*, question, up: bool, by) -> Question:
    """Swap the question with the one before (up) or after it."""
    consultation = locked(question.consultation)
    check_questions_changeable(consultation)
    question = Question.objects.get(pk=question.pk)
    siblings = consultation.questions.order_by("position")
    other = (
        siblings.filter(position__lt=question.position).last()
        if up
        else siblings.filter(position__gt=question.position).first()
    )
    if other is None:
        return question
    mine, theirs = question.position, other.position
    # Positions are unique per consultation: park one at 0 while the other moves.
    question.position = 0
    question.save(update_fields=["position"])
    other.position = mine
    saved_by(other, by, "Question moved")
    question.position = theirs
    saved_by(question, by, "Question moved")
    return question
