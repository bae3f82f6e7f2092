"""Server-rendered charts: SVG drawn by a Django template, no JavaScript and no charting library.

A chart is a picture of figures that the page also shows in a table beside it, so the SVG is a
single image (role="img") named by its <title> and described by its <desc>.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .money import pounds

#: GOV.UK Frontend colours: text, mid grey, blue, green. Dark enough on white for text.
INK, GREY, BLUE, GREEN = "#0b0c0c", "#505a5f", "#1d70b8", "#00703c"
RULE = "#b1b4b6"  # grid lines only, never text
#: Units short enough to write on the scale; any other unit is named once, in the axis title.
SHORT_UNITS = ("£", "%")
#: At most this many period labels under the axis; the table beside the chart has every period.
MAX_PERIOD_LABELS = 8


def format_value(value: Decimal | None, unit: str = "") -> str:
    """A figure in its unit, as people write it: £1,234.56, 72.5%, 1,200 people, -3 days."""
    if value is None:
        return ""
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    number = f"{magnitude:,.2f}".rstrip("0").rstrip(".")
    unit = (unit or "").strip()
    if unit == "£":
        return pounds(value)
    if unit == "%":
        return f"{sign}{number}%"
    return f"{sign}{number} {unit}".rstrip()


def _scale_label(value: Decimal, unit: str) -> str:
    """A figure on the scale: short units written in, pounds without pence when whole."""
    unit = (unit or "").strip()
    if unit == "£":
        return pounds(value, pence=False)
    return format_value(value, unit if unit in SHORT_UNITS else "")


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal


@dataclass(frozen=True)
class Line:
    """A horizontal reference line (a baseline or a target), labelled at its right-hand end."""

    label: str
    value: Decimal
    colour: str = GREY
    dashed: bool = False


def nice_scale(low: Decimal, high: Decimal, steps: int = 4) -> list[Decimal]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering low to high.

    A flat range (low equal to high) is widened around its value, so nothing divides by zero.
    """
    if high == low:
        pad = abs(high) / 10 if high else Decimal(1)
        low, high = low - pad, high + pad
    raw = float(high - low) / steps
    power = 10 ** math.floor(math.log10(raw))
    step = next(Decimal(str(m * power)) for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    last = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    count = int((last - first) / step)
    return [first + step * n for n in range(count + 1)]


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: list[Point],
    lines: list[Line] = (),
    unit: str = "",
    width: int = 640,
    height: int = 320,
) -> SafeString:
    """An SVG line chart of ``points`` (in period order) with labelled reference ``lines``.

    Handles no points, one point, negative values and a flat series (equal minimum and maximum)
    without dividing by zero. Python works out the geometry; the template
    ``commissioning/charts/line_chart.svg`` draws it, escaping every piece of text.
    """
    left, right, top, bottom = 96, 120, 16, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for p in points] + [line.value for line in lines]
    ticks = nice_scale(min(values, default=Decimal(0)), max(values, default=Decimal(1)))
    step = ticks[1] - ticks[0]
    # Keep the lowest and highest figures off the frame, where a line would hide in the axis.
    if values and ticks[0] == min(values):
        ticks.insert(0, ticks[0] - step)
    if values and ticks[-1] == max(values):
        ticks.append(ticks[-1] + step)
    low, high = ticks[0], ticks[-1]
    span = high - low

    def y(value: Decimal) -> float:
        return round(top + float((high - value) / span) * plot_h, 1)

    def x(index: int) -> float:
        if len(points) <= 1:
            return round(left + plot_w / 2, 1)
        return round(left + plot_w * index / (len(points) - 1), 1)

    coords = [(x(i), y(p.value)) for i, p in enumerate(points)]
    every = math.ceil(len(points) / MAX_PERIOD_LABELS) if points else 1
    context = {
        "chart_id": chart_id,
        "title": title,
        "description": description,
        "width": width,
        "height": height,
        "left": left,
        "top": top,
        "right_edge": left + plot_w,
        "x_axis_y": top + plot_h,
        "middle": top + plot_h / 2,
        "centre": left + plot_w / 2,
        "label_x": left + plot_w + 6,
        "tick_x": left - 8,
        "period_y": height - 8,
        "axis_title": f"Value ({unit})" if unit else "Value",
        "ticks": [{"y": y(tick), "label": _scale_label(tick, unit)} for tick in ticks],
        "lines": [
            {
                "y": y(line.value),
                "colour": line.colour,
                "dashed": line.dashed,
                "label": f"{line.label} {_scale_label(line.value, unit)}",
            }
            for line in lines
        ],
        "polyline": " ".join(f"{cx},{cy}" for cx, cy in coords) if len(coords) > 1 else "",
        "points": [
            {"x": cx, "y": cy, "label": point.label if (len(points) - 1 - index) % every == 0 else None}
            for index, ((cx, cy), point) in enumerate(zip(coords, points, strict=True))
        ],
        "label_y": top + plot_h + 20,
        "colours": {"ink": INK, "rule": RULE, "blue": BLUE},
    }
    return render_to_string("commissioning/charts/line_chart.svg", context)
