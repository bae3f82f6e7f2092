"""Commissioning forms: indicators and their actuals."""

from django import forms

from council.forms import DateInput

from ..models import Polarity


def _number(label, *, help_text="", required=True, min_value=None):
    what = label.lower().removesuffix(" (optional)")
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        required=required,
        min_value=min_value,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a number, like 72.5",
            "max_digits": f"The {what} is too large",
            "max_decimal_places": f"Enter the {what} with no more than two decimal places",
            "max_whole_digits": f"The {what} is too large",
            "min_value": f"The {what} cannot be negative",
        },
    )


class IndicatorForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example: Adults supported to live at home.",
        error_messages={"required": "Enter the indicator's name"},
    )
    definition = forms.CharField(
        label="Definition",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is measured and how.",
        error_messages={"required": "Enter what the indicator measures and how"},
    )
    unit = forms.CharField(
        label="Unit",
        max_length=40,
        help_text="For example %, days, people or £.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the unit, for example %"},
    )
    polarity = forms.ChoiceField(
        label="Which is better",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether higher or lower is better"},
    )
    baseline = _number("Baseline", help_text="Where the indicator stood when the review began.")
    target = _number("Target")
    tolerance = _number(
        "Amber tolerance",
        min_value=0,
        help_text="How far short of the target is still amber; further is red. In the indicator's unit.",
    )
    monitored_by = forms.ModelChoiceField(
        label="Monitoring committee (optional)",
        queryset=None,
        required=False,
        empty_label="Select a committee",
        help_text="The overview and scrutiny committee, or task and finish group, that monitors it.",
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monitored_by"].queryset = committees


class ActualForm(forms.Form):
    period_label = forms.CharField(
        label="Period",
        max_length=40,
        help_text="For example Q2 2026/27 or October 2026.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"required": "Enter the period, for example Q2 2026/27"},
    )
    period_end = forms.DateField(
        label="End of the period",
        widget=DateInput(),
        help_text="One actual per period: the last day it covers.",
        error_messages={"required": "Enter the last day of the period", "invalid": "Enter a real date"},
    )
    value = _number("Value", help_text="In the indicator's unit.")
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything that explains the figure.",
    )
