"""Running a consultation: creating it, changing a draft, correcting an open one, opening, closing,
reporting and sharing it (its questions: ``questions``; its documents: ``documents``).

States: draft → open → closed → reported.

- A draft changes freely (``consultation_update``). Its opening time must be in the future: to
  open it at once, the owner chooses "Open now".
- Once open, the audience and opening time are fixed; the closing time may only move later; the
  title and purpose may be corrected (typo fixes) with a reason, which history keeps
  (``consultation_correct``).
- Opening plans the invitation and reminders (``reminders.plan_on_open``) in the same transaction;
  closing early cancels the reminders not yet sent; reporting publishes the summary and, when
  written, the outcome note ("you said, we did"), and thanks respondents (``plan_thank_you``).

Every service is atomic and raises ``RuleError``; every change is recorded with who and why.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from council import permissions
from council.errors import RuleError
from council.history import saved_by

from ...models import AudienceKind, Consultation, ConsultationState
from .. import access
from . import reminders

CLOSED = "The consultation has closed: it can no longer be changed"

_AUDIENCE_CHOICES: dict[str, tuple[str, str]] = {
    AudienceKind.BODIES: ("bodies", "Select at least one committee"),
    AudienceKind.WARDS: ("wards", "Select at least one ward"),
    AudienceKind.PARTIES: ("parties", "Select at least one party"),
    AudienceKind.NAMED: ("members", "Select at least one member"),
}


def locked(consultation: Consultation) -> Consultation:
    """The consultation read again and locked for the rest of the transaction."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


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
    public: bool = False,
    by,
    now: datetime.datetime | None = None,
) -> Consultation:
    """A new draft consultation. An officer may create one on behalf of a Cabinet Member. ``public``:
    shown to the public once it opens (never its responses)."""
    now = now or timezone.now()
    title, purpose = (title or "").strip(), (purpose or "").strip()
    if not title:
        raise RuleError("Enter the consultation's title", field="title")
    if not purpose:
        raise RuleError("Enter what you are asking members and why", field="purpose")
    if owner is None or not access.may_own(owner):
        raise RuleError("The owner must be an officer or a Cabinet Member", field="owner")
    if owner.pk != by.pk and not access.is_officer(by):
        raise RuleError("Only an officer may create a consultation on someone else's behalf", field="owner")
    _check_times(opens_at, closes_at, now=now)
    consultation = Consultation(
        title=title,
        purpose=purpose,
        owner=owner,
        opens_at=opens_at,
        closes_at=closes_at,
        audience=audience,
        public=public,
        state=ConsultationState.DRAFT,
        created_by=by,
    )
    saved_by(consultation, by, "Consultation created" + ("" if owner.pk == by.pk else f" for {owner.get_full_name()}"))
    _set_audience(consultation, {"bodies": bodies, "wards": wards, "parties": parties, "members": members})
    return consultation


def check_draft(consultation: Consultation) -> None:
    """Only a draft changes in full: an open consultation is corrected (``consultation_correct``)."""
    if consultation.state == ConsultationState.OPEN:
        raise RuleError(
            "The consultation is open: who is asked and the opening time can no longer change. "
            "Correct its title, purpose or closing time instead"
        )
    if consultation.state != ConsultationState.DRAFT:
        raise RuleError(CLOSED)


def check_correctable(consultation: Consultation) -> None:
    """Only an open consultation is corrected: a draft is changed (``consultation_update``)."""
    if consultation.state == ConsultationState.DRAFT:
        raise RuleError("The consultation is a draft: change it instead of correcting it")
    if consultation.state != ConsultationState.OPEN:
        raise RuleError(CLOSED)


def _clean_text(field: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise RuleError(
            "Enter the consultation's title" if field == "title" else "Enter what you are asking members and why",
            field=field,
        )
    return value


@transaction.atomic
def consultation_update(
    *,
    consultation: Consultation,
    by,
    reason: str = "",
    now: datetime.datetime | None = None,
    **changes,
) -> Consultation:
    """Change a draft: any of title, purpose, owner, opens_at, closes_at, public, audience and its
    choices (bodies, wards, parties, members); what is not given stays as it is."""
    now = now or timezone.now()
    consultation = locked(consultation)
    check_draft(consultation)
    reason = (reason or "").strip()
    for field in ("title", "purpose"):
        if field in changes:
            setattr(consultation, field, _clean_text(field, changes[field]))
    owner = changes.get("owner")
    if owner is not None and owner.pk != consultation.owner_id:
        if not access.may_own(owner):
            raise RuleError("The owner must be an officer or a Cabinet Member", field="owner")
        if owner.pk != by.pk and not access.is_officer(by):
            raise RuleError("Only an officer may hand a consultation to someone else", field="owner")
        consultation.owner = owner
    consultation.opens_at = changes.get("opens_at", consultation.opens_at)
    consultation.closes_at = changes.get("closes_at", consultation.closes_at)
    _check_times(consultation.opens_at, consultation.closes_at, now=now)
    if "audience" in changes:
        consultation.audience = changes["audience"]
    consultation.public = changes.get("public", consultation.public)
    saved_by(consultation, by, reason or "Draft consultation changed")
    if "audience" in changes:
        _set_audience(consultation, changes)
    return consultation


@transaction.atomic
def consultation_correct(
    *,
    consultation: Consultation,
    by,
    reason: str = "",
    title: str | None = None,
    purpose: str | None = None,
    closes_at: datetime.datetime | None = None,
    public: bool | None = None,
    now: datetime.datetime | None = None,
) -> Consultation:
    """Correct an open consultation: its title and purpose (typo fixes) with a reason, which history
    keeps (members may already have read them); its closing time only later; whether the public is
    shown it (no reason needed: responses are never shown). ``None`` leaves a field as it is."""
    now = now or timezone.now()
    consultation = locked(consultation)
    check_correctable(consultation)
    reason = (reason or "").strip()
    corrected = []
    for field, value in (("title", title), ("purpose", purpose)):
        if value is None:
            continue
        value = _clean_text(field, value)
        if value != getattr(consultation, field):
            corrected.append(field)
            setattr(consultation, field, value)
    moved = False
    if closes_at is not None and closes_at != consultation.closes_at:
        if closes_at < consultation.closes_at:
            raise RuleError(
                "Once a consultation is open its closing time can only move later. To end it early, close it",
                field="closes_day",
            )
        if closes_at <= now:
            raise RuleError("The closing time must be in the future", field="closes_day")
        consultation.closes_at = closes_at
        moved = True
    if corrected and not reason:
        raise RuleError(
            "Say why the title or purpose is being corrected: members may already have read it", field="reason"
        )
    shown = public is not None and public != consultation.public
    if shown:
        consultation.public = bool(public)
    if not corrected and not moved and not shown:
        return consultation
    if not reason:
        changes = ["Closing time moved later"] if moved else []
        if shown:
            changes.append("Shown to the public" if consultation.public else "No longer shown to the public")
        reason = "; ".join(changes)
    return saved_by(consultation, by, reason)


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
    consultation = locked(consultation)
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
    consultation = locked(consultation)
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
    consultation = locked(consultation)
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
    consultation = locked(consultation)
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
    if not access.is_officer(person):
        raise RuleError("A consultation can only be shared with an officer", field="person")
    if person.pk == consultation.owner_id:
        raise RuleError("The owner already manages the consultation", field="person")
    permissions.grant(access.MANAGE, person, consultation, by=by, reason="Consultation shared")


@transaction.atomic
def unshare(*, consultation, person, by) -> None:
    permissions.revoke(access.MANAGE, person, consultation, by=by, reason="Consultation no longer shared")
