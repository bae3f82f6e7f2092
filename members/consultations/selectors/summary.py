"""A consultation's summary (counts per option, every free-text answer with its member and ward,
ward feedback by ward) and its responses as CSV rows. Only submitted responses count."""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import formats, timezone

from ...models import AGREE_SCALE, Answer, Consultation, Member, Question, QuestionKind, Response, ResponseState
from .responses import SCALE_LABELS


@dataclass
class Count_:
    label: str
    count: int
    percent: int


@dataclass
class QuestionSummary:
    question: Question
    answered: int = 0
    counts: list[Count_] = field(default_factory=list)
    texts: list[tuple[Member, str]] = field(default_factory=list)  # (member, text)
    by_ward: list[tuple[str, list[tuple[Member, str]]]] = field(default_factory=list)


def _submitted_answers(consultation):
    return (
        Answer.objects.filter(response__consultation=consultation, response__state=ResponseState.SUBMITTED)
        .select_related("response__member__user", "response__member__ward", "response__member__party", "ward")
        .prefetch_related("options")
        .order_by("response__member__user__last_name", "response__member__user__first_name", "pk")
    )


def summary(consultation: Consultation) -> tuple[int, list[QuestionSummary]]:
    """Counts per option (choice and scale questions), every free-text answer with its member and
    ward, ward feedback grouped by ward. Only submitted responses count. Returns (responses, per question)."""
    questions = list(consultation.questions.prefetch_related("options").order_by("position"))
    respondents = Response.objects.filter(consultation=consultation, state=ResponseState.SUBMITTED).count()
    answers = defaultdict(list)
    for answer in _submitted_answers(consultation):
        answers[answer.question_id].append(answer)
    result = []
    for question in questions:
        item = QuestionSummary(question)
        given = answers.get(question.pk, [])
        if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
            tally: Counter[int] = Counter()
            answered = 0
            for answer in given:
                chosen = list(answer.options.all())
                if chosen:
                    answered += 1
                tally.update(option.pk for option in chosen)
            item.answered = answered
            item.counts = [
                Count_(o.label, tally[o.pk], round(100 * tally[o.pk] / answered) if answered else 0)
                for o in question.options.all()
            ]
        elif question.kind == QuestionKind.AGREE_SCALE:
            tally = Counter(answer.scale for answer in given if answer.scale)
            item.answered = sum(tally.values())
            item.counts = [
                Count_(label, tally[value], round(100 * tally[value] / item.answered) if item.answered else 0)
                for value, label in AGREE_SCALE
            ]
        elif question.kind == QuestionKind.WARD_FEEDBACK:
            wards = defaultdict(list)
            for answer in given:
                if answer.text.strip():
                    ward = answer.ward or answer.response.member.ward
                    wards[ward.name].append((answer.response.member, answer.text))
            item.by_ward = sorted(wards.items())
            item.answered = sum(len(v) for v in wards.values())
        else:
            item.texts = [(answer.response.member, answer.text) for answer in given if answer.text.strip()]
            item.answered = len(item.texts)
        result.append(item)
    return respondents, result


# CSV -----------------------------------------------------------------------------------------


def _answer_text(question, answer) -> str:
    if answer is None:
        return ""
    if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        return "; ".join(option.label for option in answer.options.all())
    if question.kind == QuestionKind.AGREE_SCALE:
        return SCALE_LABELS.get(answer.scale, "")
    if question.kind == QuestionKind.WARD_FEEDBACK:
        ward = answer.ward.name if answer.ward_id else ""
        return f"{ward}: {answer.text}" if ward and answer.text else answer.text
    return answer.text


def csv_table(consultation: Consultation) -> tuple[list, Iterator[list]]:
    """The header, and one row per submitted response, one column per question (as typed: the CSV
    writer, ``council.exports``, makes each cell safe)."""
    questions = list(consultation.questions.prefetch_related("options").order_by("position"))
    header = ["Member", "Ward", "Party", "Submitted (UK time)", *[q.text for q in questions]]
    return header, _csv_rows(consultation, questions)


def _csv_rows(consultation: Consultation, questions: list) -> Iterator[list]:
    by_response: defaultdict[int, dict[int, Answer]] = defaultdict(dict)
    for answer in _submitted_answers(consultation):
        by_response[answer.response_id][answer.question_id] = answer
    for response in (
        Response.objects.filter(consultation=consultation, state=ResponseState.SUBMITTED)
        .select_related("member__user", "member__ward", "member__party")
        .order_by("member__user__last_name", "member__user__first_name")
    ):
        member = response.member
        when = formats.date_format(timezone.localtime(response.submitted_at), "Y-m-d H:i")
        cells = [member.user.get_full_name(), member.ward.name, member.party_name, when]
        cells += [_answer_text(q, by_response[response.pk].get(q.pk)) for q in questions]
        yield cells
