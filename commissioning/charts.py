"""Server-rendered charts: SVG markup built in Python, no JavaScript and no charting library.

A chart is a picture of figures that the page also shows in a table beside it, so the SVG is a
single image (role="img") named by its <title> and described by its <desc>.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: GOV.UK Frontend colours: text, mid grey, blue, green. Dark enough on white for text.
INK, GREY, BLUE, GREEN = "#0b0c0c", "#505a5f", "#1d70b8", "#00703c"


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


def _ticks(low: Decimal, high: Decimal, count: int = 5) -> list[Decimal]:
    step = (high - low) / (count - 1)
    return [low + step * n for n in range(count)]


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
    left, right, top, bottom = 90, 150, 20, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for p in points] + [line.value for line in lines]
    low = min(values, default=Decimal(0))
    high = max(values, default=Decimal(1))
    if high == low:  # a flat series: give it room above and below
        pad = abs(high) / 10 if high else Decimal(1)
        low, high = low - pad, high + pad
    else:
        pad = (high - low) / 20
        low, high = low - pad, high + pad
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
        f'font-family="Arial, sans-serif" font-size="14">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
    ]
    # Axes, with the value scale on the left.
    x_axis_y = top + plot_h
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{x_axis_y}" stroke="{INK}" stroke-width="1"/>')
    parts.append(
        f'<line x1="{left}" y1="{x_axis_y}" x2="{left + plot_w}" y2="{x_axis_y}" stroke="{INK}" stroke-width="1"/>'
    )
    for tick in _ticks(low, high):
        ty = y(tick)
        parts.append(f'<line x1="{left - 5}" y1="{ty}" x2="{left}" y2="{ty}" stroke="{INK}"/>')
        parts.append(
            f'<text x="{left - 8}" y="{ty}" text-anchor="end" dominant-baseline="middle" fill="{INK}">'
            f"{escape(format_value(tick.quantize(Decimal('0.01')), unit))}</text>"
        )
    # Reference lines (baseline, target), labelled at the right.
    for line in lines:
        ly = y(line.value)
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        parts.append(
            f'<line x1="{left}" y1="{ly}" x2="{left + plot_w}" y2="{ly}" '
            f'stroke="{line.colour}" stroke-width="2"{dash}/>'
        )
        parts.append(
            f'<text x="{left + plot_w + 8}" y="{ly}" dominant-baseline="middle" fill="{INK}">'
            f"{escape(line.label)} {escape(format_value(line.value, unit))}</text>"
        )
    # The actuals: points joined by a line, each period labelled under the axis.
    if points:
        coords = [(x(i), y(p.value)) for i, p in enumerate(points)]
        if len(coords) > 1:
            path = " ".join(f"{cx},{cy}" for cx, cy in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="3"/>')
        for (cx, cy), point in zip(coords, points, strict=True):
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="5" fill="{BLUE}"/>')
            parts.append(
                f'<text x="{cx}" y="{x_axis_y + 20}" text-anchor="middle" fill="{INK}">{escape(point.label)}</text>'
            )
    else:
        parts.append(
            f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" text-anchor="middle" fill="{INK}">'
            "No actuals recorded yet</text>"
        )
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 12}" text-anchor="middle" fill="{INK}">Period</text>')
    axis_label = f"Value ({unit})" if unit else "Value"
    parts.append(
        f'<text x="16" y="{top + plot_h / 2}" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 16 {top + plot_h / 2})">{escape(axis_label)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text above is escaped)
