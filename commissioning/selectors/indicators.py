"""Commissioning queries: indicators, their actuals and RAG, and the chart of each."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.safestring import SafeString

from members.models import SCRUTINY_BODY_KINDS, Body

from ..charts import GREEN, GREY, Line, Point, format_value, line_chart
from ..models import Indicator, IndicatorActual, Rag, Review

RAG_WORDS = dict(Rag.choices)


@dataclass
class ActualRow:
    actual: IndicatorActual
    value: str
    rag: str
    rag_label: str


@dataclass
class IndicatorRow:
    indicator: Indicator
    baseline: str
    target: str
    tolerance: str
    latest: ActualRow | None
    actuals: list[ActualRow]


def _actual_row(indicator: Indicator, actual: IndicatorActual) -> ActualRow:
    rag = indicator.rag_for(actual.value)
    return ActualRow(actual, format_value(actual.value, indicator.unit), rag, RAG_WORDS.get(rag, ""))


def indicator_row(indicator: Indicator) -> IndicatorRow:
    """An indicator with its figures in words; uses ``indicator.actuals.all()`` (prefetch it)."""
    actuals = [_actual_row(indicator, a) for a in sorted(indicator.actuals.all(), key=lambda a: a.period_end)]
    return IndicatorRow(
        indicator=indicator,
        baseline=format_value(indicator.baseline, indicator.unit),
        target=format_value(indicator.target, indicator.unit),
        tolerance=format_value(indicator.tolerance, indicator.unit),
        latest=actuals[-1] if actuals else None,
        actuals=actuals,
    )


def indicators_with_actuals():
    return Indicator.objects.select_related("monitored_by").prefetch_related(
        Prefetch("actuals", queryset=IndicatorActual.objects.order_by("period_end"))
    )


def review_indicator_rows(review: Review) -> list[IndicatorRow]:
    """Every indicator of the review with its latest actual and RAG: two queries however many."""
    return [indicator_row(i) for i in indicators_with_actuals().filter(review=review).order_by("name")]


def monitoring_committees():
    """The committees that may monitor an indicator: open overview and scrutiny bodies."""
    return Body.objects.filter(kind__in=SCRUTINY_BODY_KINDS).active().order_by("name")


def indicator_chart(row: IndicatorRow) -> SafeString:
    indicator = row.indicator
    polarity = indicator.get_polarity_display().lower()
    if row.actuals:
        first, last = row.actuals[0], row.actuals[-1]
        span = (
            f"{len(row.actuals)} periods, from {first.actual.period_label} to {last.actual.period_label}"
            if len(row.actuals) > 1
            else f"one period, {first.actual.period_label}"
        )
        latest = f" The latest actual is {last.value} ({last.rag_label or 'no rating'})."
    else:
        span, latest = "no periods yet", ""
    description = (
        f"Actuals of {indicator.name} for {span}, against a baseline of {row.baseline} "
        f"and a target of {row.target} ({polarity}).{latest} The same figures are in the table."
    )
    return line_chart(
        chart_id=f"indicator-{indicator.pk}-chart",
        title=f"{indicator.name}: actuals against baseline and target",
        description=description,
        points=[Point(r.actual.period_label, r.actual.value) for r in row.actuals],
        lines=[Line("Baseline", indicator.baseline, GREY, dashed=True), Line("Target", indicator.target, GREEN)],
        unit=indicator.unit,
    )
