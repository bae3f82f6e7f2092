"""Money as people read it: the one formatter of pounds and pence, used by the ``pounds`` template
filter, the work-plan pack and the charts.

Amounts are Decimal (never float); a negative amount shows its sign before the pound sign (-£50.00).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")


def pounds(value, *, pence: bool = True) -> str:
    """A Decimal (or an int or numeric string) as £1,234.56, pence rounded half up; empty for None
    or anything that is not an amount. ``pence=False`` leaves the pence off a whole amount (£1,000),
    as on a chart's scale."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        amount = (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(PENNY, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    if not pence and amount == amount.to_integral_value():
        return f"{sign}£{abs(amount):,.0f}"
    return f"{sign}£{abs(amount):,.2f}"
