"""Server-rendered charts: SVG markup built in Python, no JavaScript and no charting library.

A chart is a picture of figures that the page also shows in a table beside it, so the SVG is a
single image (role="img") named by its <title> and described by its <desc>.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
        return f"{sign}£{magnitude:,.2f}"
    if unit == "%":
        return f"{sign}{number}%"
    return f"{sign}{number} {unit}".rstrip()


def _scale_label(value: Decimal, unit: str) -> str:
    """A figure on the scale: short units written in, pounds without pence when whole."""
    unit = (unit or "").strip()
    if unit == "£" and value == value.to_integral_value():
        return f"{'-' if value < 0 else ''}£{abs(value):,.0f}"
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
    without dividing by zero. Every piece of text is escaped.
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

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'width="100%" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{escape(title_id)}" aria-describedby="{escape(desc_id)}" '
        f'font-family="Arial, sans-serif" font-size="13">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
    ]
    # Axes, with the value scale and faint grid lines.
    x_axis_y = top + plot_h
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" y1="{ty}" x2="{left + plot_w}" y2="{ty}" stroke="#b1b4b6" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{ty}" text-anchor="end" dominant-baseline="middle" fill="{INK}">'
            f"{escape(_scale_label(tick, unit))}</text>"
        )
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{x_axis_y}" stroke="{INK}"/>')
    parts.append(f'<line x1="{left}" y1="{x_axis_y}" x2="{left + plot_w}" y2="{x_axis_y}" stroke="{INK}"/>')
    axis_title = f"Value ({unit})" if unit else "Value"
    middle = top + plot_h / 2
    parts.append(
        f'<text x="14" y="{middle}" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 14 {middle})">{escape(axis_title)}</text>'
    )
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle" fill="{INK}">Period</text>')
    # Reference lines (baseline, target), labelled at the right.
    for line in lines:
        ly = y(line.value)
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        parts.append(
            f'<line x1="{left}" y1="{ly}" x2="{left + plot_w}" y2="{ly}" '
            f'stroke="{line.colour}" stroke-width="2"{dash}/>'
        )
        parts.append(
            f'<text x="{left + plot_w + 6}" y="{ly}" dominant-baseline="middle" fill="{INK}">'
            f"{escape(line.label)} {escape(_scale_label(line.value, unit))}</text>"
        )
    # The actuals: points joined by a line; periods labelled under the axis (thinned when many).
    if points:
        coords = [(x(i), y(p.value)) for i, p in enumerate(points)]
        if len(coords) > 1:
            path = " ".join(f"{cx},{cy}" for cx, cy in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="3"/>')
        every = math.ceil(len(points) / MAX_PERIOD_LABELS)
        for index, ((cx, cy), point) in enumerate(zip(coords, points, strict=True)):
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="5" fill="{BLUE}"/>')
            if (len(points) - 1 - index) % every == 0:
                parts.append(
                    f'<text x="{cx}" y="{x_axis_y + 20}" text-anchor="middle" fill="{INK}">{escape(point.label)}</text>'
                )
    else:
        parts.append(
            f'<text x="{left + plot_w / 2}" y="{middle}" text-anchor="middle" fill="{INK}">'
            "No actuals recorded yet</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text above is escaped)
