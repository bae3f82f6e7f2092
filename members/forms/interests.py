"""Forms for the register of interests: an interest, its end, a gift, the Monitoring Officer's
review and a dispensation. The rules (categories, the 28-day clock, the four-year limit, who may
act) are the services': they report them on these fields."""

from decimal import Decimal

from django import forms

from council.forms import DateInput

from ..models import Body, InterestCategory, InterestHolder, InterestKind, Ward


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput,
        error_messages={"required": f"Enter the {label.lower()}", "invalid": f"{label} must be a real date"},
    )


def _text(label, *, required=True, max_length=None, help_text="", textarea=False, required_message=None):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if textarea else None,
        error_messages={"required": required_message or f"Enter the {label.lower()}"},
    )


class InterestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of interest",
        choices=InterestKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of interest", "invalid_choice": "Select the kind of interest"},
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *InterestCategory.choices],
        error_messages={"required": "Select a category", "invalid_choice": "Select a category"},
    )
    holder = forms.ChoiceField(
        label="Whose interest is it?",
        choices=InterestHolder.choices,
        initial=InterestHolder.MEMBER,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whose interest it is", "invalid_choice": "Select whose interest it is"},
    )
    partner_name = _text(
        "Spouse's or partner's name",
        required=False,
        max_length=150,
        help_text="Only for their interests. Kept by the Monitoring Officer and never published.",
    )
    description = _text("Details", textarea=True, help_text="What the interest is, as the register should show it.")
    organisation = _text(
        "Organisation", required=False, max_length=200, help_text="The employer, company, body or landlord, if any."
    )
    wards = forms.ModelMultipleChoiceField(
        label="Wards it concerns",
        queryset=Ward.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For land or a licence, the wards it is in.",
    )
    subjects = _text(
        "Subjects",
        required=False,
        max_length=300,
        help_text="Words an agenda item on this would use, separated by commas.",
    )
    became_aware_on = _date_field(
        "Date you became aware of it",
        help_text="You must notify the Monitoring Officer within 28 days of this day (Localism Act 2011, section 30).",
    )
    ask_sensitive = forms.BooleanField(
        label="Ask for the details to be withheld (section 32)",
        required=False,
        help_text="If making them public could lead to you, or someone connected with you, being subject to "
        "violence or intimidation. They are withheld until the Monitoring Officer decides.",
    )
    sensitive_reason = _text(
        "Why the details should be withheld",
        required=False,
        textarea=True,
        help_text="Seen only by the Monitoring Officer.",
    )


class EndInterestForm(forms.Form):
    ended_on = _date_field("End date", help_text="The last day you held the interest.")


class GiftForm(forms.Form):
    received_on = _date_field("Date received")
    donor = _text("Who it was from", max_length=200, required_message="Enter who it was from")
    description = _text("Gift or hospitality", textarea=True, required_message="Describe the gift or hospitality")
    value = forms.DecimalField(
        label="Estimated value, in pounds",
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        error_messages={
            "required": "Enter the estimated value",
            "invalid": "Estimated value must be a number of pounds, like 75 or 75.50",
            "min_value": "Estimated value must be 0 or more",
            "max_decimal_places": "Estimated value must have no more than 2 decimal places (pence)",
            "max_digits": "Estimated value is too large",
            "max_whole_digits": "Estimated value is too large",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("value") is not None:
            cleaned["value_pence"] = int(cleaned.pop("value") * 100)
        return cleaned

    def add_error(self, field, error):
        # The service names the value in pence; the form asks for pounds.
        super().add_error("value" if field == "value_pence" else field, error)


class ReviewForm(forms.Form):
    sensitive = forms.BooleanField(
        label="This is a sensitive interest (section 32)",
        required=False,
        help_text="Disclosure could lead to the member, or a person connected with them, being subject to "
        "violence or intimidation. The published register will say only that an interest is withheld.",
    )
    sensitive_reason = _text(
        "Why it is sensitive", required=False, textarea=True, help_text="Recorded for the Monitoring Officer only."
    )


class DispensationForm(forms.Form):
    interest = forms.ModelChoiceField(
        label="Interest",
        queryset=None,
        required=False,
        empty_label="Not tied to one interest",
        error_messages={"invalid_choice": "Select one of the member's interests"},
    )
    body = forms.ModelChoiceField(
        label="Committee",
        queryset=Body.objects.order_by("name"),
        required=False,
        empty_label="Every committee",
        error_messages={"invalid_choice": "Select a committee"},
    )
    scope = _text("Scope", textarea=True, help_text="The business it covers, for example the setting of council tax.")
    may_participate = forms.BooleanField(label="May take part in the discussion", required=False, initial=True)
    may_vote = forms.BooleanField(label="May vote", required=False, initial=True)
    reasons = _text("Grounds", textarea=True, help_text="The section 33(2) grounds on which it is granted.")
    starts_on = _date_field("Start date")
    ends_on = _date_field("End date", help_text="No more than four years after it starts (section 33(3)).")

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interest"].queryset = person.interests.filter(kind=InterestKind.DISCLOSABLE_PECUNIARY).current()


class ConfirmRegisterForm(forms.Form):
    """The member's return (s.30(1)): the statement it confirms is the service's."""

    confirmed = forms.BooleanField(
        label="I confirm my register of interests is complete and correct",
        error_messages={"required": "Confirm that your register of interests is complete and correct"},
    )
