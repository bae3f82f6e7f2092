"""Priority assessment of commissioning reviews: weights, scores, rank, and who may do what."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from commissioning.templatetags.money import pounds


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234.56"), "£1,234.56"),
        (Decimal("0"), "£0.00"),
        (Decimal("1234567.5"), "£1,234,567.50"),
        (Decimal("0.005"), "£0.01"),
        (Decimal("-50"), "-£50.00"),
        (250, "£250.00"),
        ("99.9", "£99.90"),
        (None, ""),
        ("", ""),
    ],
)
def test_pounds_shows_pounds_and_pence(amount, shown):
    assert pounds(amount) == shown


def test_pounds_filter_loads_in_templates():
    html = Template("{% load money %}{{ amount|pounds }}").render(Context({"amount": Decimal("4200000.00")}))
    assert html == "£4,200,000.00"
