"""The form to make a personal API token."""

from django import forms


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name of the token",
        max_length=100,
        help_text="What you will use it for, so you can tell your tokens apart. For example: Ward newsletter.",
        error_messages={"required": "Enter a name for the token"},
    )
