"""A member's answers as given and as stored, and in words (for the conflict page, the owner's view
of a response and the confirmation email)."""

from dataclasses import dataclass

from ...models import AGREE_SCALE, Answer, Consultation, Question, QuestionKind, Response

SCALE_LABELS: dict[int, str] = dict(AGREE_SCALE)


@dataclass(frozen=True)
class Given:
    """A member's answer to one question as typed or chosen; any part may be empty."""

    text: str = ""
    options: tuple[int, ...] = ()
    scale: int | None = None
    ward: int | None = None

    def is_empty(self) -> bool:
        return not self.text.strip() and not self.options and self.scale is None and self.ward is None


EMPTY = Given()


def given_from(answer: Answer) -> Given:
    return Given(
        text=answer.text,
        options=tuple(sorted(o.pk for o in answer.options.all())),
        scale=answer.scale,
        ward=answer.ward_id,
    )


def saved_answers(response: Response | None) -> dict[int, Given]:
    """The stored answers of a response by question id (two queries)."""
    if response is None:
        return {}
    answers = Answer.objects.filter(response=response).prefetch_related("options")
    return {answer.question_id: given_from(answer) for answer in answers}


def questions_of(consultation: Consultation) -> list[Question]:
    return list(consultation.questions.order_by("position").prefetch_related("options"))


def describe(question: Question, given: Given, wards: dict[int, str]) -> str:
    """An answer in words, for the conflict page and the confirmation email."""
    if given.is_empty():
        return "Not answered"
    kind = question.kind
    if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        labels = {o.pk: o.label for o in question.options.all()}
        return ", ".join(labels.get(pk, "") for pk in given.options)
    if kind == QuestionKind.AGREE_SCALE:
        return str(SCALE_LABELS.get(given.scale, "")) if given.scale is not None else ""
    if kind == QuestionKind.WARD_FEEDBACK:
        ward = wards.get(given.ward, "No ward chosen") if given.ward is not None else "No ward chosen"
        return f"{ward}: {given.text.strip()}" if given.text.strip() else ward
    return given.text.strip()
