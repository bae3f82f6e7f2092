"""Members' responses: drafts, submission, editing until the deadline, conflicts between tabs.

A member in the audience answers while the consultation is open: from ``opens_at`` and strictly
before ``closes_at`` (an aware time; shown in Europe/London), whether or not the beat has closed it
yet. A response is a draft until submitted and stays submitted when changed before the deadline.
Each save raises the response's version; a save based on an older version (another tab or window
saved in between) is a conflict and overwrites nothing. Nothing is recorded after the deadline.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from council.history import saved_by, with_reason

from ...models import (
    Answer,
    Consultation,
    ConsultationState,
    Member,
    Question,
    QuestionKind,
    Response,
    ResponseState,
    Ward,
)
from ..selectors.deadlines import closed_phrase, closing_phrase, is_accepting
from ..selectors.responses import EMPTY, SCALE_LABELS, Given, describe, given_from, questions_of, saved_answers

DRAFT_SAVED = "Draft saved"
SUBMITTED = "Response submitted"
CHANGED = "Response changed"


# Why a save is refused.


class ConsultationClosed(RuleError):
    """The deadline has passed (or the consultation was closed): nothing was recorded."""


class ResponseConflict(RuleError):
    """Another tab or window saved this response after the page was opened: nothing was overwritten."""

    def __init__(self, response: Response | None):
        super().__init__(
            "Your response was changed in another tab or window after you opened this page, so nothing has "
            "been saved. Compare the answers below, choose which to keep and save again"
        )
        self.response = response


class AnswersInvalid(RuleError):
    """Some answers break the rules; ``errors`` maps question ids to messages."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(next(iter(errors.values())))
        self.errors = errors


def refuse_unless_accepting(consultation: Consultation, now: datetime.datetime) -> None:
    if is_accepting(consultation, now):
        return
    if consultation.state == ConsultationState.DRAFT or now < consultation.opens_at:
        raise ConsultationClosed("This consultation is not open yet. Your answers have not been recorded.")
    if now >= consultation.closes_at:
        raise ConsultationClosed(
            f"This consultation {closed_phrase(consultation)}. Your answers have not been recorded."
        )
    raise ConsultationClosed("This consultation has closed. Your answers have not been recorded.")


def _check(questions: list[Question], answers: dict[int, Given], *, complete: bool) -> None:
    """Length limits, choices and wards always; every required question answered when ``complete``."""
    errors = {}
    ward_ids = {a.ward for a in answers.values() if a.ward is not None}
    known_wards = set(Ward.objects.filter(pk__in=ward_ids).values_list("pk", flat=True)) if ward_ids else set()
    for number, question in enumerate(questions, start=1):
        given = answers.get(question.pk, EMPTY)
        message = _problem(question, number, given, known_wards, complete=complete)
        if message:
            errors[question.pk] = message
    if errors:
        raise AnswersInvalid(errors)


def _problem(question: Question, number: int, given: Given, known_wards: set[int], *, complete: bool) -> str:
    kind = question.kind
    text = given.text.strip()
    if question.max_length and len(text) > question.max_length:
        return f"Your answer to question {number} must be {question.max_length:,} characters or less"
    option_ids = {o.pk for o in question.options.all()}
    if any(pk not in option_ids for pk in given.options):
        return f"Select one of the answers listed for question {number}"
    if kind == QuestionKind.SINGLE_CHOICE and len(given.options) > 1:
        return f"Select one answer to question {number}"
    if kind == QuestionKind.MULTIPLE_CHOICE and len(given.options) > 1:
        alone = next((o for o in question.options.all() if o.pk in given.options and o.is_exclusive), None)
        if alone is not None:
            return f"Select “{alone.label}” on its own, or the other answers to question {number}, not both"
    if given.scale is not None and given.scale not in SCALE_LABELS:
        return f"Select one of the answers on the scale for question {number}"
    if given.ward is not None and given.ward not in known_wards:
        return f"Select one of the wards listed for question {number}"
    if not (complete and question.required):
        return ""
    if kind == QuestionKind.FREE_TEXT and not text:
        return f"Enter your answer to question {number}"
    if kind == QuestionKind.SINGLE_CHOICE and not given.options:
        return f"Select an answer to question {number}"
    if kind == QuestionKind.MULTIPLE_CHOICE and not given.options:
        return f"Select at least one answer to question {number}"
    if kind == QuestionKind.AGREE_SCALE and given.scale is None:
        return f"Select how far you agree with question {number}"
    if kind == QuestionKind.WARD_FEEDBACK and given.ward is None:
        return f"Select the ward your feedback to question {number} is about"
    if kind == QuestionKind.WARD_FEEDBACK and not text:
        return f"Enter your feedback for question {number}"
    return ""


# Saving.


@transaction.atomic
def response_save_draft(
    *,
    consultation: Consultation,
    member: Member,
    answers: dict[int, Given],
    based_on_version: int,
    now: datetime.datetime | None = None,
) -> Response:
    """Save the member's answers as a draft: no answer is required yet, but limits still apply.

    ``based_on_version`` is the version the member's page showed (0 when there was no response yet).
    A response already submitted is changed only by submitting again, so it never loses an answer
    a required question needs.
    """
    return _save(consultation, member, answers, based_on_version, submit=False, now=now)[0]


@transaction.atomic
def response_submit(
    *,
    consultation: Consultation,
    member: Member,
    answers: dict[int, Given],
    based_on_version: int,
    now: datetime.datetime | None = None,
    site_url: str = "",
) -> Response:
    """Submit (or change a submitted) response: every required question answered. The member is
    sent a copy of their answers by email after the transaction commits."""
    response, changed = _save(consultation, member, answers, based_on_version, submit=True, now=now)
    _send_confirmation(response, changed=changed, site_url=site_url)
    return response


def _save(consultation, member, answers, based_on_version, *, submit, now) -> tuple[Response, bool]:
    """Returns the response and whether it had been submitted before this save."""
    now = now or timezone.now()
    consultation = Consultation.objects.get(pk=consultation.pk)
    refuse_unless_accepting(consultation, now)
    by = member.user
    response = _locked_response(consultation, member)
    current = response.version if response else 0
    if based_on_version != current:
        raise ResponseConflict(response)
    questions = questions_of(consultation)
    _check(questions, answers, complete=submit)
    was_submitted = response is not None and response.state == ResponseState.SUBMITTED
    if was_submitted and not submit:
        raise RuleError("Your response has been submitted: to change it, submit your changes")
    reason = CHANGED if was_submitted else (SUBMITTED if submit else DRAFT_SAVED)
    if submit and not was_submitted:
        response = response or Response(consultation=consultation, member=member)
        response.state = ResponseState.SUBMITTED
        response.submitted_at = now
    if response is None:
        response = _create(Response(consultation=consultation, member=member), by, reason)
    elif response.pk is None:
        response = _create(response, by, reason)
    else:
        response.version += 1
        saved_by(response, by, reason)
    _write_answers(response, questions, answers, by=by, reason=reason)
    return response, was_submitted


def _locked_response(consultation, member) -> Response | None:
    return Response.objects.select_for_update().filter(consultation=consultation, member=member).first()


def _create(response: Response, by, reason: str) -> Response:
    """A first save. Two tabs saving a first draft at once: the second meets the unique constraint
    and is told of the conflict instead of failing."""
    try:
        with transaction.atomic():
            return saved_by(response, by, reason)
    except IntegrityError:
        raise ResponseConflict(_locked_response(response.consultation, response.member)) from None


def _write_answers(response: Response, questions: list[Question], answers: dict[int, Given], *, by, reason) -> None:
    stored = {a.question_id: a for a in Answer.objects.filter(response=response).prefetch_related("options")}
    for question in questions:
        given = answers.get(question.pk, EMPTY)
        answer = stored.get(question.pk)
        if given.is_empty():
            if answer is not None:
                with_reason(answer, reason, by=by).delete()
            continue
        if answer is not None and given_from(answer) == _normalised(given):
            continue
        answer = answer or Answer(response=response, question=question)
        answer.text = given.text.strip()
        answer.scale = given.scale
        answer.ward_id = given.ward
        saved_by(answer, by, reason)
        answer.options.set(given.options)


def _normalised(given: Given) -> Given:
    return Given(text=given.text.strip(), options=tuple(sorted(given.options)), scale=given.scale, ward=given.ward)


# The confirmation email.


def response_url(consultation: Consultation, site_url: str = "") -> str:
    """The response page as an absolute link (no sign-in token: the member signs in as usual)."""
    base = (getattr(settings, "SITE_URL", "") or site_url).rstrip("/")
    return base + reverse("members:consultation-respond", args=[consultation.pk])


def _send_confirmation(response: Response, *, changed: bool, site_url: str) -> None:
    consultation = response.consultation
    member = Member.objects.select_related("user").get(pk=response.member_id)
    questions = questions_of(consultation)
    saved = saved_answers(response)
    ward_ids = {given.ward for given in saved.values() if given.ward is not None}
    wards = dict(Ward.objects.filter(pk__in=ward_ids).values_list("pk", "name"))
    context = {
        "consultation": consultation,
        "member": member,
        "changed": changed,
        "closing": closing_phrase(consultation),
        "answers": [
            (number, question, describe(question, saved.get(question.pk, EMPTY), wards))
            for number, question in enumerate(questions, start=1)
        ],
        "link": response_url(consultation, site_url),
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.COUNCIL_SERVICE_NAME,
    }
    subject = ("Your changed response to " if changed else "Your response to ") + f"“{consultation.title}”"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("members/emails/response_confirmation.txt", context),
        to=[member.user.email],
    )
    message.attach_alternative(render_to_string("members/emails/response_confirmation.html", context), "text/html")
    message.send()
