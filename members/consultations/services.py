"""Running a consultation: creating it, its questions and documents, opening, closing and reporting.

States: draft → open → closed → reported.

- A draft changes freely. Its opening time must be in the future: to open it at once, the owner
  chooses "Open now".
- Once open, the audience and opening time are fixed; the closing time may only move later; the
  title and purpose may be corrected (typo fixes) with a reason, which history keeps.
- Questions may change while the consultation is a draft, and while it is open until the first
  member starts a response (a draft or a submitted one): after that the questions cannot change
  under members' answers. Once closed, nothing about the questions changes.
- Opening plans the invitation and reminders (``reminders.plan_on_open``) in the same transaction;
  closing early cancels the reminders not yet sent; reporting publishes the summary and, when
  written, the outcome note ("you said, we did"), and thanks respondents (``plan_thank_you``).

Every service is atomic and raises ``RuleError``; every change is recorded with who and why.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from council import permissions
from council.errors import RuleError
from council.history import saved_by, with_reason
from council.roles import Role
from council.uploads import inspect_upload

from ..models import (
    AudienceKind,
    Consultation,
    ConsultationDocument,
    ConsultationState,
    Question,
    QuestionKind,
    QuestionOption,
    Response,
)
from . import reminders

QUESTIONS_LOCKED = "Members have started responding: the questions cannot change under their answers"
QUESTIONS_CLOSED = "The consultation has closed: its questions cannot change"
CHOICE_KINDS = (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)
LIMITED_KINDS = (QuestionKind.FREE_TEXT, QuestionKind.WARD_FEEDBACK)
OFFICER_ROLES = (
    Role.ADMINISTRATOR,
    Role.DEMOCRATIC_SERVICES,
    Role.COMMISSIONING_OFFICER,
    Role.FINANCE_OFFICER,
    Role.OFFICER,
)
OWNER_ROLES = (*OFFICER_ROLES, Role.CABINET_MEMBER)
MANAGE = "members.change_consultation"

_AUDIENCE_CHOICES = {
    AudienceKind.BODIES: ("bodies", "Select at least one committee"),
    AudienceKind.WARDS: ("wards", "Select at least one ward"),
    AudienceKind.PARTIES: ("parties", "Select at least one party"),
    AudienceKind.NAMED: ("members", "Select at least one member"),
}


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _is_owner_role(person) -> bool:
    return any(permissions.has_role(person, role) for role in OWNER_ROLES)


def _check_times(opens_at, closes_at, *, now, opens_field="opens_day", closes_field="closes_day"):
    if opens_at is not None and opens_at <= now:
        raise RuleError(
            "The opening time must be in the future. To open the consultation now, save it as a draft "
            "and choose Open now",
            field=opens_field,
        )
    if closes_at <= (opens_at or now):
        raise RuleError("The closing time must be after the opening time", field=closes_field)


def _set_audience(consultation: Consultation, audience: dict) -> None:
    kind = consultation.audience
    chosen = {
        "bodies": list(audience.get("bodies") or []),
        "wards": list(audience.get("wards") or []),
        "parties": list(audience.get("parties") or []),
        "members": list(audience.get("members") or []),
    }
    if kind in _AUDIENCE_CHOICES:
        name, message = _AUDIENCE_CHOICES[kind]
        if not chosen[name]:
            raise RuleError(message, field=name)
    # Only the chosen kind's selection is kept: a committee ticked before switching to wards does not linger.
    for name, relation in (
        ("bodies", consultation.audience_bodies),
        ("wards", consultation.audience_wards),
        ("parties", consultation.audience_parties),
        ("members", consultation.audience_members),
    ):
        keep = kind in _AUDIENCE_CHOICES and _AUDIENCE_CHOICES[kind][0] == name
        wanted = chosen[name] if keep else []
        if {obj.pk for obj in relation.all()} != {obj.pk for obj in wanted}:
            relation.set(wanted)


@transaction.atomic
def consultation_create(
    *,
    title: str,
    purpose: str,
    owner,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    audience: str = AudienceKind.ALL_MEMBERS,
    bodies=(),
    wards=(),
    parties=(),
    members=(),
    by,
    now: datetime.datetime | None = None,
) -> Consultation:
    """A new draft consultation. An officer may create one on behalf of a Cabinet Member."""
    now = now or timezone.now()
    title, purpose = (title or "").strip(), (purpose or "").strip()
    if not title:
        raise RuleError("Enter the consultation's title", field="title")
    if not purpose:
        raise RuleError("Enter what you are asking members and why", field="purpose")
    if owner is None or not _is_owner_role(owner):
        raise RuleError("The owner must be an officer or a Cabinet Member", field="owner")
    if owner.pk != by.pk and not any(permissions.has_role(by, role) for role in OFFICER_ROLES):
        raise RuleError("Only an officer may create a consultation on someone else's behalf", field="owner")
    _check_times(opens_at, closes_at, now=now)
    consultation = Consultation(
        title=title,
        purpose=purpose,
        owner=owner,
        opens_at=opens_at,
        closes_at=closes_at,
        audience=audience,
        state=ConsultationState.DRAFT,
        created_by=by,
    )
    saved_by(consultation, by, "Consultation created" + ("" if owner.pk == by.pk else f" for {owner.get_full_name()}"))
    _set_audience(consultation, {"bodies": bodies, "wards": wards, "parties": parties, "members": members})
    return consultation


@transaction.atomic
def consultation_update(
    *,
    consultation: Consultation,
    by,
    reason: str = "",
    now: datetime.datetime | None = None,
    **changes,
) -> Consultation:
    """Change a consultation.

    A draft: anything (title, purpose, owner, opens_at, closes_at, audience and its choices).
    Open: the closing time only later; title and purpose corrected with a reason. Closed or
    reported: nothing here (the outcome note has its own service).
    """
    now = now or timezone.now()
    consultation = _locked(consultation)
    reason = (reason or "").strip()
    if consultation.state == ConsultationState.DRAFT:
        for field in ("title", "purpose"):
            if field in changes:
                value = (changes[field] or "").strip()
                if not value:
                    raise RuleError(
                        "Enter the consultation's title"
                        if field == "title"
                        else "Enter what you are asking members and why",
                        field=field,
                    )
                setattr(consultation, field, value)
        if "owner" in changes and changes["owner"] is not None and changes["owner"].pk != consultation.owner_id:
            if not _is_owner_role(changes["owner"]):
                raise RuleError("The owner must be an officer or a Cabinet Member", field="owner")
            if changes["owner"].pk != by.pk and not any(permissions.has_role(by, role) for role in OFFICER_ROLES):
                raise RuleError("Only an officer may hand a consultation to someone else", field="owner")
            consultation.owner = changes["owner"]
        consultation.opens_at = changes.get("opens_at", consultation.opens_at)
        consultation.closes_at = changes.get("closes_at", consultation.closes_at)
        _check_times(consultation.opens_at, consultation.closes_at, now=now)
        if "audience" in changes:
            consultation.audience = changes["audience"]
        saved_by(consultation, by, reason or "Draft consultation changed")
        if "audience" in changes:
            _set_audience(consultation, changes)
        return consultation
    if consultation.state != ConsultationState.OPEN:
        raise RuleError("The consultation has closed: it can no longer be changed")
    corrected = []
    for field in ("title", "purpose"):
        value = (changes.get(field) or "").strip() if field in changes else getattr(consultation, field)
        if not value:
            raise RuleError(
                "Enter the consultation's title" if field == "title" else "Enter what you are asking members and why",
                field=field,
            )
        if value != getattr(consultation, field):
            corrected.append(field)
            setattr(consultation, field, value)
    closes_at = changes.get("closes_at") or consultation.closes_at
    moved = closes_at != consultation.closes_at
    if moved:
        if closes_at < consultation.closes_at:
            raise RuleError(
                "Once a consultation is open its closing time can only move later. To end it early, close it",
                field="closes_day",
            )
        if closes_at <= now:
            raise RuleError("The closing time must be in the future", field="closes_day")
        consultation.closes_at = closes_at
    if corrected and not reason:
        raise RuleError(
            "Say why the title or purpose is being corrected: members may already have read it", field="reason"
        )
    if not corrected and not moved:
        return consultation
    return saved_by(consultation, by, reason or "Closing time moved later")


# Questions -----------------------------------------------------------------------------------


def _check_questions_changeable(consultation: Consultation) -> None:
    if consultation.state in (ConsultationState.CLOSED, ConsultationState.REPORTED):
        raise RuleError(QUESTIONS_CLOSED)
    if consultation.state == ConsultationState.OPEN and Response.objects.filter(consultation=consultation).exists():
        raise RuleError(QUESTIONS_LOCKED)


def questions_changeable(consultation: Consultation) -> bool:
    try:
        _check_questions_changeable(consultation)
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
    consultation = _locked(consultation)
    _check_questions_changeable(consultation)
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
    _check_questions_changeable(_locked(question.consultation))
    question = Question.objects.select_for_update().get(pk=question.pk)
    text, labels, max_length = _clean_question(kind, text, options, max_length)
    question.kind, question.text, question.help_text = kind, text, (help_text or "").strip()
    question.required, question.max_length = required, max_length
    saved_by(question, by, "Question changed")
    _set_options(question, labels, by)
    return question


@transaction.atomic
def question_remove(*, question, by) -> None:
    _check_questions_changeable(_locked(question.consultation))
    question = Question.objects.select_for_update().get(pk=question.pk)
    for option in question.options.all():
        with_reason(option, "Question removed", by=by).delete()
    with_reason(question, "Question removed", by=by).delete()


@transaction.atomic
def question_move(*, question, up: bool, by) -> Question:
    """Swap the question with the one before (up) or after it."""
    consultation = _locked(question.consultation)
    _check_questions_changeable(consultation)
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


# Documents -----------------------------------------------------------------------------------


def _check_documents_changeable(consultation):
    if consultation.state in (ConsultationState.CLOSED, ConsultationState.REPORTED):
        raise RuleError("The consultation has closed: its documents cannot change")


def document_add(*, consultation, upload, title, by) -> ConsultationDocument:
    """Check the file by its content first (a PDF is stored without its active content); then store
    it and write the row in one transaction. Should the row fail, the stored file is deleted again:
    nothing half-saved."""
    inspected = inspect_upload(upload)
    title = (title or "").strip()
    if not title:
        raise RuleError("Enter the document's title", field="title")
    stored, document = None, None
    try:
        with transaction.atomic():
            consultation = _locked(consultation)
            _check_documents_changeable(consultation)
            document = ConsultationDocument(
                consultation=consultation,
                title=title,
                content_type=inspected.content_type,
                size=len(inspected.content),
                sha256=inspected.sha256,
                original_sha256=inspected.original_sha256,
                uploaded_by=by,
            )
            filename = inspected.filename(upload.name, max_length=200)
            document.file.save(filename, ContentFile(inspected.content), save=False)
            stored = document.file.name
            saved_by(document, by, "Document added")
    except BaseException:
        if stored:
            document.file.storage.delete(stored)
        raise
    return document


@transaction.atomic
def document_remove(*, document, by) -> None:
    _check_documents_changeable(_locked(document.consultation))
    document = ConsultationDocument.objects.select_for_update().get(pk=document.pk)
    storage, name = document.file.storage, document.file.name
    with_reason(document, "Document removed", by=by).delete()
    transaction.on_commit(lambda: storage.delete(name))


# States --------------------------------------------------------------------------------------


def _check_ready_to_open(consultation, now):
    if not consultation.questions.exists():
        raise RuleError("Add at least one question before opening the consultation")
    if consultation.closes_at <= now:
        raise RuleError("The closing time has passed: move it later before opening the consultation")


@transaction.atomic
def consultation_open(*, consultation, by, now: datetime.datetime | None = None) -> Consultation:
    """Open now (the owner chose Open now): members are invited in the same transaction."""
    now = now or timezone.now()
    consultation = _locked(consultation)
    if consultation.state != ConsultationState.DRAFT:
        raise RuleError("Only a draft consultation can be opened")
    _check_ready_to_open(consultation, now)
    consultation.state = ConsultationState.OPEN
    consultation.opens_at = now
    saved_by(consultation, by, "Consultation opened")
    reminders.plan_on_open(consultation, by=by)
    return consultation


@transaction.atomic
def consultation_close(*, consultation, reason: str, by, now: datetime.datetime | None = None) -> Consultation:
    """Close early, with a reason: reminders not yet sent will not be."""
    now = now or timezone.now()
    consultation = _locked(consultation)
    if consultation.state != ConsultationState.OPEN:
        raise RuleError("Only an open consultation can be closed")
    reason = (reason or "").strip()
    if not reason:
        raise RuleError(
            "Say why the consultation is closing early: members who have not responded will ask", field="reason"
        )
    consultation.state = ConsultationState.CLOSED
    if consultation.closes_at > now:
        consultation.closes_at = max(now, consultation.opens_at + datetime.timedelta(seconds=1))
    saved_by(consultation, by, f"Closed early: {reason}")
    reminders.cancel_pending(consultation, by=by)
    return consultation


@transaction.atomic
def consultation_report(*, consultation, outcome: str = "", by, now: datetime.datetime | None = None) -> Consultation:
    """Publish the summary to the audience and, when written, the outcome note; thank respondents."""
    now = now or timezone.now()
    consultation = _locked(consultation)
    if consultation.state == ConsultationState.OPEN:
        raise RuleError("Close the consultation before publishing its summary")
    if consultation.state != ConsultationState.CLOSED:
        raise RuleError(
            "Only a closed consultation's summary can be published"
            if consultation.state == ConsultationState.DRAFT
            else "The summary has already been published"
        )
    consultation.state = ConsultationState.REPORTED
    consultation.summary_published_at = now
    outcome = (outcome or "").strip()
    if outcome:
        consultation.outcome = outcome
        consultation.outcome_published_at = now
    saved_by(consultation, by, "Summary published" + (" with the outcome" if outcome else ""))
    reminders.plan_thank_you(consultation, by=by)
    return consultation


@transaction.atomic
def outcome_publish(*, consultation, outcome: str, by, now: datetime.datetime | None = None) -> Consultation:
    """Publish (or correct) the outcome note after the summary: respondents are told."""
    now = now or timezone.now()
    consultation = _locked(consultation)
    if consultation.state != ConsultationState.REPORTED:
        raise RuleError("Publish the summary first: the outcome note goes with it or after it")
    outcome = (outcome or "").strip()
    if not outcome:
        raise RuleError("Enter what changed because of members' responses", field="outcome")
    if outcome == consultation.outcome:
        return consultation
    first = consultation.outcome_published_at is None
    consultation.outcome = outcome
    consultation.outcome_published_at = now
    saved_by(consultation, by, "Outcome published" if first else "Outcome corrected")
    reminders.plan_thank_you(consultation, by=by)
    return consultation


def open_and_close_due(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Open drafts whose opening time has come (when they have questions and a future closing time)
    and close open ones whose closing time has passed. Idempotent; each consultation in its own
    transaction, locked with SKIP LOCKED so two beats never handle the same one. Returns (opened, closed)."""
    now = now or timezone.now()
    opened = closed = 0
    due_open = Consultation.objects.filter(state=ConsultationState.DRAFT, opens_at__lte=now, closes_at__gt=now)
    for pk in list(due_open.filter(questions__isnull=False).distinct().values_list("pk", flat=True)):
        with transaction.atomic():
            consultation = (
                Consultation.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=ConsultationState.DRAFT, opens_at__lte=now, closes_at__gt=now)
                .first()
            )
            if consultation is None or not consultation.questions.exists():
                continue
            consultation.state = ConsultationState.OPEN
            saved_by(consultation, None, "Opened at its opening time")
            reminders.plan_on_open(consultation, by=None)
            opened += 1
    due_close = Consultation.objects.filter(state=ConsultationState.OPEN, closes_at__lte=now)
    for pk in list(due_close.values_list("pk", flat=True)):
        with transaction.atomic():
            consultation = (
                Consultation.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=ConsultationState.OPEN, closes_at__lte=now)
                .first()
            )
            if consultation is None:
                continue
            consultation.state = ConsultationState.CLOSED
            saved_by(consultation, None, "Closed at its closing time")
            reminders.cancel_pending(consultation, by=None)
            closed += 1
    return opened, closed


# Sharing -------------------------------------------------------------------------------------


@transaction.atomic
def share(*, consultation, person, by) -> None:
    """Let an officer manage the consultation and see individual responses."""
    if not any(permissions.has_role(person, role) for role in OFFICER_ROLES):
        raise RuleError("A consultation can only be shared with an officer", field="person")
    if person.pk == consultation.owner_id:
        raise RuleError("The owner already manages the consultation", field="person")
    permissions.grant(MANAGE, person, consultation, by=by, reason="Consultation shared")


@transaction.atomic
def unshare(*, consultation, person, by) -> None:
    permissions.revoke(MANAGE, person, consultation, by=by, reason="Consultation no longer shared")


def shared_with(consultation):
    return permissions.holders(MANAGE, consultation)
