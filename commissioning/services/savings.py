"""Savings realisation: claiming a saving, updating its figures, signing it off as delivered.

Every saving has a named accountable owner, who updates its forecast and realised figures each
month with a note saying why they moved; the note is the change's reason in the history. A saving
is counted once: a budget line can be claimed by one review only in a financial year. Marking a
saving delivered is a finance officer's sign-off, never its owner's nor that of the person who
entered its realised figure: the person who answers for a saving, or who reported what it
realised, does not certify it. The owner does not reopen it either. These rules are in
``commissioning.access`` and hold for every role, the Administrator's too.
"""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from council import permissions
from council.errors import RuleError
from council.history import saved_by

from .. import access
from ..models import Review, SavingLine, SavingStatus
from ..models.savings import forecast_beyond_tolerance, tolerance_percent

#: The largest amount a saving line may hold: a billion pounds is beyond any council's budget line.
MAX_AMOUNT = Decimal("999999999.99")
PENNY = Decimal("0.01")
#: Statuses an owner or officer may set; "delivered" only comes from a finance officer's sign-off.
SETTABLE_STATUSES = (SavingStatus.ON_TRACK, SavingStatus.AT_RISK, SavingStatus.SLIPPED, SavingStatus.WITHDRAWN)
REOPEN_STATUSES = (SavingStatus.ON_TRACK, SavingStatus.AT_RISK, SavingStatus.SLIPPED)


def normalise_reference(reference: str) -> str:
    """Budget references are compared without case or surrounding spaces: "asc-07 " is ASC-07."""
    return " ".join(reference.split()).upper()


def _check_amount(value: Decimal, *, field: str, label: str) -> Decimal:
    if value is None:
        raise RuleError(f"Enter the {label}", field=field)
    if value < 0:
        raise RuleError(f"The {label} cannot be negative", field=field)
    if value > MAX_AMOUNT:
        raise RuleError(f"The {label} must be less than £1,000,000,000", field=field)
    if value != value.quantize(PENNY):
        raise RuleError(f"Enter the {label} in pounds and pence, with no more than 2 decimal places", field=field)
    return value.quantize(PENNY)


def _already_claimed_message(existing: SavingLine) -> str:
    return (
        f"Budget line {existing.budget_reference} is already claimed as a saving for "
        f"{existing.financial_year_label} by the review “{existing.review.title}”. "
        "A saving is counted once: use a different budget reference or change that review's line"
    )


def _claimed_by(financial_year: int, reference: str) -> SavingLine | None:
    return (
        SavingLine.objects.select_related("review")
        .filter(financial_year=financial_year, budget_reference=reference)
        .first()
    )


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


@transaction.atomic
def saving_add(
    *,
    review: Review,
    financial_year: int,
    budget_reference: str,
    description: str,
    claimed: Decimal,
    forecast: Decimal | None = None,
    owner,
    evidence: str = "",
    by,
    today: datetime.date | None = None,
) -> SavingLine:
    """Claim a saving for a review: the forecast starts at the amount claimed unless given."""
    reference = normalise_reference(budget_reference or "")
    description = (description or "").strip()
    if not reference:
        raise RuleError("Enter the budget reference the saving is claimed against", field="budget_reference")
    if not description:
        raise RuleError("Enter a description of the saving", field="description")
    if not 2000 <= financial_year <= 2100:
        raise RuleError("Select the financial year of the saving", field="financial_year")
    claimed = _check_amount(claimed, field="claimed", label="amount claimed")
    if claimed == 0:
        raise RuleError("The amount claimed must be more than £0", field="claimed")
    forecast = claimed if forecast is None else _check_amount(forecast, field="forecast", label="forecast")
    if owner is None or not owner.is_active:
        raise RuleError("Select the person accountable for realising the saving", field="owner")
    existing = _claimed_by(financial_year, reference)
    if existing is not None:
        raise RuleError(_already_claimed_message(existing), field="budget_reference")
    line = SavingLine(
        review=review,
        financial_year=financial_year,
        budget_reference=reference,
        description=description,
        claimed=claimed,
        forecast=forecast,
        realised=Decimal("0.00"),
        owner=owner,
        evidence=(evidence or "").strip(),
        status=_status_from_figures(SavingStatus.ON_TRACK, claimed=claimed, forecast=forecast)[0],
        updated_on=today or timezone.localdate(),
    )
    try:
        # A savepoint: if another review claims the same line between the check and this insert,
        # the database's unique constraint refuses it and the person gets the same message.
        with transaction.atomic():
            return saved_by(line, by, "Saving claimed")
    except IntegrityError:
        existing = _claimed_by(financial_year, reference)
        if existing is None:
            raise
        raise RuleError(_already_claimed_message(existing), field="budget_reference") from None


def _locked(line: SavingLine) -> SavingLine:
    return SavingLine.objects.select_for_update(of=("self",)).select_related("review", "signed_off_by").get(pk=line.pk)


def delivered_message(line: SavingLine) -> str:
    who = line.signed_off_by.get_full_name() if line.signed_off_by else "a finance officer"
    on = f" on {_day(timezone.localdate(line.signed_off_at))}" if line.signed_off_at else ""
    return (
        f"This saving was signed off as delivered by {who}{on}, so its figures are final. "
        "A finance officer other than its owner can reopen it, with a note saying why"
    )


def _check_not_delivered(line: SavingLine) -> None:
    if line.status == SavingStatus.DELIVERED:
        raise RuleError(delivered_message(line))


def beyond_tolerance_phrase() -> str:
    return f"the forecast is more than {tolerance_percent()}% below the amount claimed"


def _status_from_figures(status: str, *, claimed: Decimal, forecast: Decimal, override_reason: str = ""):
    """(status, override reason kept, whether the figures set the status).

    On track with a forecast beyond the tolerance stands only with a reason (an override);
    otherwise the figures make it at risk. A reason given when no override is needed is dropped."""
    override_reason = (override_reason or "").strip()
    if status != SavingStatus.ON_TRACK or not forecast_beyond_tolerance(claimed=claimed, forecast=forecast):
        return status, "", False
    if override_reason:
        return status, override_reason, False
    return SavingStatus.AT_RISK, "", True


@transaction.atomic
def saving_update_figures(
    *,
    line: SavingLine,
    forecast: Decimal,
    realised: Decimal,
    status: str,
    evidence: str = "",
    note: str = "",
    override_reason: str = "",
    by,
    today: datetime.date | None = None,
) -> SavingLine:
    """The owner's monthly update: forecast, realised to date, status and evidence.

    The status follows the figures: a forecast below the amount claimed by more than the council's
    tolerance makes the saving at least at risk, even if on track was chosen, unless
    ``override_reason`` says why it is on track all the same (kept and shown as set by hand).

    A change to the forecast, the realised figure or the status needs a note, which becomes the
    change's reason in the history. Saving the same figures again confirms them: it records that
    they were checked today (the monthly update) without needing a note. A new realised figure
    records who entered it and when: that person cannot sign the saving off.
    """
    line = _locked(line)
    _check_not_delivered(line)
    if status == SavingStatus.DELIVERED:
        raise RuleError("A saving is marked delivered when a finance officer signs it off", field="status")
    if status not in SETTABLE_STATUSES:
        raise RuleError("Select the status of the saving", field="status")
    forecast = _check_amount(forecast, field="forecast", label="forecast")
    realised = _check_amount(realised, field="realised", label="amount realised")
    note = (note or "").strip()
    evidence = (evidence or "").strip()
    status, override_reason, by_figures = _status_from_figures(
        status, claimed=line.claimed, forecast=forecast, override_reason=override_reason
    )
    figures_changed = (forecast, realised) != (line.forecast, line.realised)
    status_changed = status != line.status
    override_changed = override_reason != line.status_override_reason
    if status == SavingStatus.WITHDRAWN and status_changed and not note:
        raise RuleError("Enter a note saying why the saving is withdrawn", field="note")
    if figures_changed and not note:
        raise RuleError("Enter a note saying why the figures changed", field="note")
    if status_changed and not note and not by_figures:
        raise RuleError(f"Enter a note saying why the saving is now {SavingStatus(status).label.lower()}", field="note")
    if note:
        reason = note
    elif by_figures and status_changed:
        reason = f"At risk: {beyond_tolerance_phrase()}"
    elif override_changed and override_reason:
        reason = f"On track, set by hand: {override_reason}"
    elif evidence != line.evidence:
        reason = "Evidence updated"
    else:
        reason = "Figures confirmed unchanged"
    if realised != line.realised:
        line.realised_entered_by, line.realised_entered_at = by, timezone.now()
    line.forecast, line.realised, line.status, line.evidence = forecast, realised, status, evidence
    line.status_override_reason = override_reason
    line.updated_on = today or timezone.localdate()
    return saved_by(line, by, reason)


@transaction.atomic
def saving_sign_off(*, line: SavingLine, evidence: str, by, now: datetime.datetime | None = None) -> SavingLine:
    """A finance officer who is neither its owner nor the person who entered its realised figure
    certifies the saving as delivered, on evidence.

    The realised figure must be more than nothing. It may be less than the amount claimed: the
    sign-off records what was actually delivered, the claim is not rewritten, and the gap stays in
    every total. The forecast becomes the realised figure, since nothing more is expected.
    """
    line = _locked(line)
    if not permissions.can(by, "commissioning.signoff_savingline"):
        raise RuleError("Only a finance officer can sign off a saving as delivered")
    conflict = access.sign_off_conflict(by, line)
    if conflict:
        raise RuleError(conflict)
    _check_not_delivered(line)
    if line.status == SavingStatus.WITHDRAWN:
        raise RuleError("This saving was withdrawn, so it cannot be signed off as delivered")
    if line.realised <= 0:
        raise RuleError(
            "Nothing has been realised against this saving yet. "
            "The owner updates the realised figure before it is signed off"
        )
    evidence = (evidence or "").strip()
    if not evidence:
        raise RuleError("Enter the evidence that the saving was delivered", field="evidence")
    line.status = SavingStatus.DELIVERED
    line.forecast = line.realised
    line.signed_off_by = by
    line.signed_off_at = now or timezone.now()
    line.sign_off_evidence = evidence
    return saved_by(line, by, "Signed off as delivered")


@transaction.atomic
def saving_reopen(*, line: SavingLine, status: str, note: str, by, today: datetime.date | None = None) -> SavingLine:
    """A finance officer other than its owner reopens a delivered saving (its figures turned out
    wrong), with a note. Only then can its figures change again.

    The sign-off is cleared from the line and stays in its history.
    """
    line = _locked(line)
    if not permissions.can(by, "commissioning.signoff_savingline"):
        raise RuleError("Only a finance officer can reopen a delivered saving")
    conflict = access.reopen_conflict(by, line)
    if conflict:
        raise RuleError(conflict)
    if line.status != SavingStatus.DELIVERED:
        raise RuleError("Only a saving signed off as delivered can be reopened")
    if status not in REOPEN_STATUSES:
        raise RuleError("Select the status of the reopened saving", field="status")
    note = (note or "").strip()
    if not note:
        raise RuleError("Enter a note saying why the saving is reopened", field="note")
    line.status = _status_from_figures(status, claimed=line.claimed, forecast=line.forecast)[0]
    line.status_override_reason = ""
    line.signed_off_by = None
    line.signed_off_at = None
    line.sign_off_evidence = ""
    line.updated_on = today or timezone.localdate()
    return saved_by(line, by, f"Reopened: {note}")


__all__ = [
    "MAX_AMOUNT",
    "delivered_message",
    "REOPEN_STATUSES",
    "SETTABLE_STATUSES",
    "normalise_reference",
    "saving_add",
    "saving_reopen",
    "saving_sign_off",
    "saving_update_figures",
    "beyond_tolerance_phrase",
]
