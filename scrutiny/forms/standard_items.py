"""The form for a committee's standard agenda items."""

from django import forms

from ..models import ItemKind


class StandardItemForm(forms.Form):
    title = forms.CharField(label="Title", max_length=250, error_messages={"required": "Enter the item's title"})
    kind = forms.ChoiceField(label="Kind of item", choices=ItemKind.chosen_by_clerks(), initial=ItemKind.STANDING)
