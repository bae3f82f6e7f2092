"""Money in pounds and pence: ``{% load money %}`` then ``{{ amount|pounds }}`` gives £1,234.56.

Amounts are Decimal (never float); a negative amount shows its sign before the pound sign (-£50.00).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

PENNY = Decimal("0.01")


@register.filter
def pounds(value) -> str:
    """A Decimal (or an int or numeric string) as £1,234.56, pence rounded half up; empty for None."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        amount = (value if isinstance(value, Decimal) else Decimal(str(value))).quantize(PENNY, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
