"""Outcomes and performance indicators of a review, and their actuals period by period.

An overview and scrutiny committee (or one of its task and finish groups) monitors each
indicator: O&S has the role of making sure the outcomes are delivered (DOMAIN.md).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import formats, timezone

from council.errors import RuleError
from council.history import saved_by
from members.models import SCRUTINY_BODY_KINDS, Body

from ..models import Indicator, IndicatorActual, Polarity, Review

_FIELDS = ("name", "definition", "unit", "polarity", "baseline", "target", "tolerance", "monitored_by")


def _check(
    *, review: Review, name: str, polarity: str, tolerance: Decimal, monitored_by: Body | None, exclude=None
) -> None:
    if not name:
        raise RuleError("Enter the indicator's name", field="name")
    if polarity not in Polarity.values:
        raise RuleError("Select whether higher or lower is better", field="polarity")
    if tolerance is None or tolerance < 0:
        raise RuleError("The amber tolerance cannot be negative", field="tolerance")
    if monitored_by is not None and monitored_by.kind not in SCRUTINY_BODY_KINDS:
        raise RuleError(
            "Select an overview and scrutiny committee or a task and finish group to monitor the indicator",
            field="monitored_by",
        )
    same_name = Indicator.objects.filter(review=review, name__iexact=name)
    if exclude is not None:
        same_name = same_name.exclude(pk=exclude.pk)
    if same_name.exists():
        raise RuleError(f"This review already has an indicator called “{name}”", field="name")


@transaction.atomic
def indicator_add(
    *,
    review: Review,
    name: str,
    definition: str,
    unit: str,
    polarity: str,
    baseline: Decimal,
    target: Decimal,
    tolerance: Decimal = Decimal("0"),
    monitored_by: Body | None = None,
    by,
) -> Indicator:
    name = name.strip()
    _check(review=review, name=name, polarity=polarity, tolerance=tolerance, monitored_by=monitored_by)
    indicator = Indicator(
        review=review,
        name=name,
        definition=definition.strip(),
        unit=unit.strip(),
        polarity=polarity,
        baseline=baseline,
        target=target,
        tolerance=tolerance,
        monitored_by=monitored_by,
    )
    return saved_by(indicator, by, "Indicator added")


@transaction.atomic
def indicator_update(*, indicator: Indicator, by, **changes) -> Indicator:
    """Change an indicator's definition, unit, polarity, baseline, target, tolerance or committee."""
    indicator = Indicator.objects.select_for_update().select_related("review").get(pk=indicator.pk)
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise TypeError(f"Not indicator fields: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    _check(
        review=indicator.review,
        name=indicator.name,
        polarity=indicator.polarity,
        tolerance=indicator.tolerance,
        monitored_by=indicator.monitored_by,
        exclude=indicator,
    )
    return saved_by(indicator, by, "Indicator changed")


def _check_actual(
    indicator: Indicator, *, period_end: datetime.date, period_label: str, today: datetime.date, exclude=None
) -> None:
    if not period_label:
        raise RuleError("Enter the period, for example Q2 2026/27", field="period_label")
    if period_end > today:
        raise RuleError("The period has not ended yet: record its actual once it has", field="period_end")
    clash = IndicatorActual.objects.filter(indicator=indicator, period_end=period_end)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    existing = clash.first()
    if existing is not None:
        day = formats.date_format(period_end, "j F Y")
        raise RuleError(
            f"There is already an actual for the period ending {day} ({existing.period_label}): "
            "change that one instead",
            field="period_end",
        )


@transaction.atomic
def actual_add(
    *,
    indicator: Indicator,
    period_end: datetime.date,
    period_label: str,
    value: Decimal,
    note: str = "",
    by,
    today: datetime.date | None = None,
) -> IndicatorActual:
    """Record the indicator's actual for one period; one actual per period."""
    # Lock the indicator so two people recording the same period cannot both succeed.
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    period_label = period_label.strip()
    _check_actual(indicator, period_end=period_end, period_label=period_label, today=today or timezone.localdate())
    actual = IndicatorActual(
        indicator=indicator, period_end=period_end, period_label=period_label, value=value, note=note.strip()
    )
    return saved_by(actual, by, "Actual recorded")


@transaction.atomic
def actual_update(
    *,
    actual: IndicatorActual,
    period_end: datetime.date,
    period_label: str,
    value: Decimal,
    note: str = "",
    by,
    today: datetime.date | None = None,
) -> IndicatorActual:
    indicator = Indicator.objects.select_for_update().get(pk=actual.indicator_id)
    actual = IndicatorActual.objects.get(pk=actual.pk)
    period_label = period_label.strip()
    _check_actual(
        indicator, period_end=period_end, period_label=period_label, today=today or timezone.localdate(), exclude=actual
    )
    actual.period_end, actual.period_label, actual.value, actual.note = period_end, period_label, value, note.strip()
    return saved_by(actual, by, "Actual changed")
