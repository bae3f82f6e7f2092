"""One member's response as its managers see it: the answers submitted, and who changed which
answer when.

Drafts stay the member's own: only submissions are shown. A submission is a record in the
response's history whose state is "submitted" (the first submission and every change after it);
each is compared with the one before, question by question, from the answers' own history. A save
records the response first, then its answers, in one transaction: the answers of a save are the
records after its response record and before the next. Four queries, however often it changed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps

from ...models import Answer, Question, Response, ResponseState, Ward
from .responses import EMPTY, Given, describe, questions_of


@dataclass
class AnswerChange:
    number: int
    question: Question
    before: str
    after: str


@dataclass
class Submission:
    who: str
    when: datetime.datetime
    first: bool
    changes: list[AnswerChange] = field(default_factory=list)


def _given(record, options) -> Given:
    if record.history_type == "-":
        return EMPTY
    return Given(
        text=record.text.strip(),
        options=tuple(sorted(options.get(record.history_id, ()))),
        scale=record.scale,
        ward=record.ward_id,
    )


def submissions(response: Response, questions: list[Question] | None = None) -> list[Submission]:
    """Each submission of ``response``, newest first, with the answers it set or changed."""
    questions = questions if questions is not None else questions_of(response.consultation)
    numbered = {question.pk: (number, question) for number, question in enumerate(questions, start=1)}
    records = list(response.history.select_related("history_user").order_by("history_date", "history_id"))
    answer_records = list(Answer.history.filter(response_id=response.pk).order_by("history_date", "history_id"))
    # The options chosen as each answer record saw them (simple-history's record of the m2m).
    chosen = apps.get_model("members", "HistoricalAnswer_options").objects.filter(
        history__in=[r.history_id for r in answer_records]
    )
    options = defaultdict(list)
    for history_id, option_id in chosen.values_list("history_id", "questionoption_id"):
        options[history_id].append(option_id)
    wards = dict(Ward.objects.filter(pk__in={r.ward_id for r in answer_records if r.ward_id}).values_list("pk", "name"))
    current: dict[int, Given] = {}
    shown: dict[int, Given] | None = None  # the answers as last submitted
    result = []
    position = 0
    for index, record in enumerate(records):
        until = records[index + 1].history_date if index + 1 < len(records) else None
        while position < len(answer_records) and (until is None or answer_records[position].history_date < until):
            answer = answer_records[position]
            current[answer.question_id] = _given(answer, options)
            position += 1
        if record.state != ResponseState.SUBMITTED:
            continue
        before = shown or {}
        changes = []
        for question_pk, (number, question) in numbered.items():
            old = describe(question, before.get(question_pk, EMPTY), wards)
            new = describe(question, current.get(question_pk, EMPTY), wards)
            if old != new and not (shown is None and current.get(question_pk, EMPTY).is_empty()):
                changes.append(AnswerChange(number, question, "" if shown is None else old, new))
        user = record.history_user
        result.append(
            Submission(
                who=(user.get_full_name() or user.email) if user else "System",
                when=record.history_date,
                first=shown is None,
                changes=changes,
            )
        )
        shown = dict(current)
    result.reverse()
    return result
