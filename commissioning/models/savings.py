"""Savings realisation: each saving line claimed in the budget, with a named accountable owner."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from council.history import tracked

from .reviews import Review


class SavingStatus(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    SLIPPED = "slipped", "Slipped"
    DELIVERED = "delivered", "Delivered"
    WITHDRAWN = "withdrawn", "Withdrawn"


#: Lines whose delivery is in doubt: their claimed amounts are "at risk".
DOUBTFUL_STATUSES = (SavingStatus.AT_RISK, SavingStatus.SLIPPED)
ZERO = Decimal("0.00")


#: Lines still being delivered: their owners are asked to update the figures every month.
OPEN_SAVING_STATUSES = (SavingStatus.ON_TRACK, SavingStatus.AT_RISK, SavingStatus.SLIPPED)


#: The sums behind every total. Their aliases differ from the field names: Django refuses an
#: aggregate named like a field ("claimed") that a later aggregate ("at_risk") also sums.
_SUMS = {
    "sum_claimed": ("claimed", None),
    "sum_forecast": ("forecast", None),
    "sum_realised": ("realised", None),
    "sum_at_risk": ("claimed", Q(status__in=DOUBTFUL_STATUSES)),
}


def _sums() -> dict:
    return {alias: Coalesce(Sum(name, filter=condition), ZERO) for alias, (name, condition) in _SUMS.items()}


def _with_differences(row: dict) -> dict[str, Decimal]:
    sums = {alias.removeprefix("sum_"): row[alias] for alias in _SUMS}
    sums["gap"] = sums["claimed"] - sums["realised"]
    sums["shortfall"] = sums["claimed"] - sums["forecast"]
    return sums


class SavingLineQuerySet(models.QuerySet):
    def totals(self) -> dict[str, Decimal]:
        """Claimed, forecast and realised; the gap (claimed not yet realised), the shortfall
        (claimed the forecast no longer expects) and the claims at risk. Exact Decimal pounds.

        Every line counts, withdrawn ones too: the budget counted on the claim, so a withdrawn
        saving is a gap to be covered (its forecast is what is still expected, usually nothing).
        """
        return _with_differences(self.aggregate(**_sums()))

    def totals_by(self, field: str) -> dict:
        """``totals()`` for each value of ``field`` (e.g. "financial_year", "review__portfolios"),
        in one query. Grouping across a many-to-many relation counts a line once under each of
        its values, so these rows can add up to more than ``totals()``."""
        rows = self.order_by().values(field).annotate(**_sums())
        return {row[field]: _with_differences(row) for row in rows}

    def open(self):
        return self.filter(status__in=OPEN_SAVING_STATUSES)

    def doubtful(self):
        """At risk or slipped."""
        return self.filter(status__in=DOUBTFUL_STATUSES)

    def update_due(self, today: datetime.date):
        """Open lines whose figures were not updated this calendar month (owners update monthly)."""
        return self.open().filter(Q(updated_on__isnull=True) | Q(updated_on__lt=today.replace(day=1)))

    def awaiting_signoff(self):
        """Open lines whose realised figure has reached the amount claimed: ready for a finance
        officer to sign off as delivered."""
        return self.open().filter(claimed__gt=0, realised__gte=models.F("claimed"))


def tolerance_percent() -> Decimal:
    """The council's tolerance (``SAVINGS_TOLERANCE_PERCENT``): how far below the amount claimed a
    forecast may fall before the saving is at least at risk."""
    return Decimal(settings.SAVINGS_TOLERANCE_PERCENT)


def forecast_beyond_tolerance(*, claimed: Decimal, forecast: Decimal) -> bool:
    """Whether ``forecast`` falls below ``claimed`` by more than the council's tolerance."""
    return forecast < claimed * (Decimal(100) - tolerance_percent()) / Decimal(100)


def financial_year_label(start_year: int) -> str:
    """2026 -> "2026/27": the council's financial year runs from April to March."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_of(day: datetime.date) -> int:
    """The financial year a day falls in: 1 March 2027 is in 2026/27, 1 April 2027 in 2027/28."""
    return day.year if day.month >= 4 else day.year - 1


class SavingLine(models.Model):
    """A saving claimed in the budget for one financial year. Money is Decimal pounds and pence."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="savings")
    financial_year = models.PositiveSmallIntegerField(
        "financial year", help_text="The year the financial year starts: 2026 for April 2026 to March 2027."
    )
    budget_reference = models.CharField(
        "budget reference", max_length=40, help_text="The budget line the saving is claimed against, e.g. ASC-07."
    )
    description = models.CharField("description", max_length=250)
    claimed = models.DecimalField("claimed in the budget (£)", max_digits=12, decimal_places=2)
    forecast = models.DecimalField("current forecast (£)", max_digits=12, decimal_places=2)
    realised = models.DecimalField("realised to date (£)", max_digits=12, decimal_places=2, default=0)
    status = models.CharField("status", max_length=20, choices=SavingStatus, default=SavingStatus.ON_TRACK)
    evidence = models.TextField("evidence", blank=True)
    # Set only when the forecast is beyond the tolerance and the owner still says the saving is on
    # track: the status is then theirs, not the figures', and the page says so with this reason.
    status_override_reason = models.TextField("reason the status was set by hand", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_savings",
        verbose_name="accountable owner",
        help_text="The named person responsible for making sure the saving is realised.",
    )
    updated_on = models.DateField("figures last updated", null=True, blank=True)
    # Who entered the realised figure now on the line, and when: the person who signs the saving off
    # as delivered must be someone else (separation of duties).
    realised_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="realised figure entered by",
    )
    realised_entered_at = models.DateTimeField("realised figure entered", null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="delivery signed off by",
    )
    signed_off_at = models.DateTimeField("signed off", null=True, blank=True)
    sign_off_evidence = models.TextField("sign-off evidence", blank=True)
    history = tracked()

    objects = SavingLineQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "budget_reference"]
        permissions = [("signoff_savingline", "Sign off a saving as delivered")]
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "budget_reference"],
                name="budget_line_claimed_once_a_year",
                violation_error_message="This budget line is already claimed as a saving for that financial year",
            ),
            models.CheckConstraint(
                condition=Q(claimed__gte=0) & Q(forecast__gte=0) & Q(realised__gte=0),
                name="saving_amounts_not_negative",
                violation_error_message="Amounts cannot be negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(signed_off_by__isnull=False),
                name="delivered_saving_is_signed_off",
                violation_error_message="A delivered saving needs a finance officer's sign-off",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True) | ~Q(signed_off_by=models.F("owner")),
                name="saving_not_signed_off_by_its_owner",
                violation_error_message="The owner of a saving cannot sign it off",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True)
                | Q(realised_entered_by__isnull=True)
                | ~Q(signed_off_by=models.F("realised_entered_by")),
                name="saving_not_signed_off_by_who_entered_realised",
                violation_error_message="The person who entered the realised figure cannot sign the saving off",
            ),
        ]

    def __str__(self):
        return f"{self.budget_reference} {self.financial_year_label}: {self.description}"

    def get_absolute_url(self):
        return reverse("commissioning:saving-detail", args=[self.pk])

    @property
    def financial_year_label(self) -> str:
        return financial_year_label(self.financial_year)

    @property
    def gap(self):
        """Claimed but not yet realised."""
        return self.claimed - self.realised

    @property
    def is_beyond_tolerance(self) -> bool:
        return forecast_beyond_tolerance(claimed=self.claimed, forecast=self.forecast)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_SAVING_STATUSES

    def is_update_due(self, today: datetime.date) -> bool:
        """The same rule as ``SavingLineQuerySet.update_due``, for one line already loaded."""
        return self.is_open and (self.updated_on is None or self.updated_on < today.replace(day=1))
