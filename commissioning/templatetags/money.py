"""Money in pounds and pence: ``{% load money %}`` then ``{{ amount|pounds }}`` gives £1,234.56
(``commissioning.money.pounds``, the one formatter)."""

from django import template

from ..money import pounds

register = template.Library()
register.filter("pounds", pounds)

__all__ = ["pounds"]
