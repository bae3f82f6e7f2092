"""Forms of call-in: a member calling a decision in, Democratic Services placing it on a meeting,
recording the committee's outcome and the response to a referral."""

from django import forms
from django.contrib.auth import get_user_model

from council.forms import DateInput

from ..models import SOUGHT_OUTCOMES, CallInOutcome, CallInResponse


class CallInRequestForm(forms.Form):
    supports_reasons_given = forms.BooleanField(
        label="I support the reasons given",
        required=False,
        help_text="Add your name to the reasons other members gave, or give your own below.",
    )
    reasons = forms.CharField(
        label="Your reasons for calling the decision in",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Your reasons are published with the decision.",
    )
    outcome_sought = forms.ChoiceField(
        label="What do you want the committee to do?",
        choices=SOUGHT_OUTCOMES,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, existing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not existing:
            del self.fields["supports_reasons_given"]


class CallInPlaceForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the meeting that will consider the call-in"},
    )
    urgent_reason = forms.CharField(
        label="Why it is urgent",
        help_text="Only if the agenda is published and fewer than five clear working days are left.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgency_agreed_by = forms.ModelChoiceField(label="Chair who agreed", queryset=None, required=False)
    urgency_agreed_on = forms.DateField(label="Chair agreed on", required=False, widget=DateInput())

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = str
        self.fields["urgency_agreed_by"].queryset = get_user_model().objects.filter(member__isnull=False)
        self.fields["urgency_agreed_by"].label_from_instance = lambda user: user.get_full_name()

    def urgency(self) -> dict:
        data = self.cleaned_data
        if not (data.get("urgent_reason") or "").strip():
            return {}
        return {name: data[name] for name in ("urgent_reason", "urgency_agreed_by", "urgency_agreed_on")}


class CallInOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What did the committee resolve?",
        choices=CallInOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the committee resolved"},
    )
    on = forms.DateField(
        label="Date of the resolution",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the committee's resolution", "invalid": "Enter a real date"},
    )
    concerns = forms.CharField(
        label="The committee's concerns",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Needed when it is referred back or to Council.",
    )


class CallInResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="The response",
        choices=CallInResponse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the decision was confirmed or amended"},
    )
    on = forms.DateField(
        label="Date of the response",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the response", "invalid": "Enter a real date"},
    )
    notes = forms.CharField(
        label="How the decision was amended, or the reasons for confirming it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
