"""Commissioning forms: savings."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from ..models import SavingStatus, financial_year_label
from ..services.savings import MAX_AMOUNT, REOPEN_STATUSES, SETTABLE_STATUSES

_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


def parse_pounds(text: str, *, label: str) -> Decimal:
    """An amount typed as people type it ("£1,250,000", "1250000.5") as exact pounds and pence.

    Refused, each with a message saying how to type it: text, more than two decimal places
    ("12.345"), negative amounts and amounts of a billion pounds or more.
    """
    cleaned = text.strip().replace("£", "").replace(",", "").replace(" ", "")
    if not _NUMBER.fullmatch(cleaned):
        raise ValidationError(f"Enter the {label} as a number of pounds, like 1250000 or £1,250,000.50")
    amount = Decimal(cleaned)
    if amount < 0:
        raise ValidationError(f"The {label} cannot be negative")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(f"Enter the {label} to the nearest penny, with no more than 2 decimal places")
    if amount > MAX_AMOUNT:
        raise ValidationError(f"The {label} must be less than £1,000,000,000")
    return amount.quantize(Decimal("0.01"))


class PoundsField(forms.Field):
    """Money in pounds and pence, typed with or without the pound sign and commas; a Decimal."""

    widget = forms.TextInput

    def __init__(self, *, label: str, what: str, required: bool = True, **kwargs):
        self.what = what
        kwargs.setdefault("error_messages", {"required": f"Enter the {what}"})
        super().__init__(label=label, required=required, **kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false", "maxlength": "30"}
        )

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        return parse_pounds(text, label=self.what)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value


def _text(label, *, required=True, required_message="", rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": required_message} if required_message else {},
    )


def _person_label(person) -> str:
    officer = getattr(person, "officer", None)
    if officer is not None:
        return f"{person.get_full_name()}, {officer.job_title}"
    return f"Councillor {person.get_full_name()}"


class SavingAddForm(forms.Form):
    financial_year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        help_text="April to March.",
        error_messages={"required": "Select the financial year of the saving"},
    )
    budget_reference = forms.CharField(
        label="Budget reference",
        max_length=40,
        help_text="The budget line the saving is claimed against, for example ASC-07.",
        error_messages={"required": "Enter the budget reference the saving is claimed against"},
    )
    description = forms.CharField(
        label="Description",
        max_length=250,
        error_messages={"required": "Enter a description of the saving"},
    )
    claimed = PoundsField(label="Amount claimed in the budget (£)", what="amount claimed")
    forecast = PoundsField(
        label="Current forecast (£) (optional)",
        what="forecast",
        required=False,
        help_text="Leave empty if the whole amount claimed is expected.",
    )
    owner = forms.ModelChoiceField(
        label="Accountable owner",
        queryset=None,
        empty_label="Select a person",
        help_text="The named officer or member responsible for making sure the saving is realised.",
        error_messages={"required": "Select the person accountable for realising the saving"},
    )
    evidence = _text(
        "Evidence (optional)", required=False, help_text="Where the saving comes from and how it is measured."
    )

    def __init__(self, *args, years: list[int], people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].choices = [(year, financial_year_label(year)) for year in years]
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = _person_label


class SavingUpdateForm(forms.Form):
    forecast = PoundsField(label="Current forecast (£)", what="forecast")
    realised = PoundsField(label="Realised to date (£)", what="amount realised")
    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in SETTABLE_STATUSES],
        help_text="A finance officer marks the saving delivered when they sign it off.",
        error_messages={"required": "Select the status of the saving"},
    )
    note = _text(
        "Note",
        required=False,
        help_text=(
            "Needed when the forecast, the amount realised or the status changes: say why. "
            "It is kept in the saving's history."
        ),
    )
    override_reason = _text(
        "Reason it is on track all the same (only if the forecast is below the amount claimed)",
        required=False,
        help_text=(
            "A forecast below the amount claimed by more than the council's tolerance makes the saving "
            "at risk. To keep it on track, say why: it is shown beside the status as set by hand."
        ),
    )
    evidence = _text("Evidence (optional)", required=False, rows=4)


class SavingSignOffForm(forms.Form):
    evidence = _text(
        "Evidence of delivery",
        rows=5,
        required_message="Enter the evidence that the saving was delivered",
        help_text="For example the budget monitoring report and the ledger codes that show the reduced spend.",
    )


class SavingReopenForm(forms.Form):
    status = forms.ChoiceField(
        label="Status once reopened",
        widget=forms.RadioSelect,
        choices=[(s.value, SavingStatus(s).label) for s in REOPEN_STATUSES],
        error_messages={"required": "Select the status of the reopened saving"},
    )
    note = _text("Why is it reopened?", required_message="Enter a note saying why the saving is reopened")


class SavingFilterForm(forms.Form):
    """The savings overview's filters (GET); anything not understood is ignored."""

    year = forms.TypedChoiceField(label="Financial year", coerce=int, required=False)
    portfolio = forms.TypedChoiceField(label="Portfolio", coerce=int, required=False)
    status = forms.ChoiceField(label="Status", required=False)
    owner = forms.TypedChoiceField(label="Accountable owner", coerce=int, required=False)

    def __init__(self, *args, years, portfolios, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years")] + [(y, financial_year_label(y)) for y in years]
        self.fields["portfolio"].choices = [("", "All portfolios")] + [(p.pk, p.title) for p in portfolios]
        self.fields["status"].choices = [("", "All statuses"), *SavingStatus.choices]
        self.fields["owner"].choices = [("", "Everyone")] + [(p.pk, p.get_full_name()) for p in owners]

    def chosen(self) -> dict:
        """The valid filters chosen; an invalid value counts as not chosen."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
