"""Choosing the person who agreed or was informed (an O&S chair, the council's Chair): by name,
as the notices print them."""

from django import forms


def choose_by_name(field: forms.ModelChoiceField, people) -> None:
    """Offer ``people`` in ``field``, ordered and labelled by their full names."""
    field.queryset = people.order_by("last_name", "first_name")
    field.label_from_instance = lambda person: person.get_full_name()
