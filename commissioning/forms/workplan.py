"""Commissioning forms: the work plan's versions, their reviews, the approval trail, bringing back."""

from django import forms
from django.utils import formats

from council.forms import DateInput

from ..models import WorkPlanState


def _date(label, *, help_text=""):
    return forms.DateField(
        label=label,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a real date"},
    )


class NewVersionForm(forms.Form):
    start_from = forms.ChoiceField(
        label="Start from",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the new version starts from"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, why a new version is needed.",
    )

    def __init__(self, *args, latest=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("schedule", "The schedule of open reviews, in priority order")]
        if latest is not None:
            choices.insert(0, ("copy", f"A copy of version {latest.number}, the latest ({latest.get_state_display()})"))
        self.fields["start_from"].choices = choices


class _Dates(forms.Form):
    starts_on = _date("Start")
    ends_on = _date("End", help_text="The same as or after the start.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The end must be the same as or after the start")
        return cleaned


class EntryAddForm(_Dates):
    review = forms.ModelChoiceField(
        label="Review",
        queryset=None,
        empty_label="Select a review",
        error_messages={"required": "Select the review to add"},
    )
    field_order = ["review", "starts_on", "ends_on"]

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review"].queryset = reviews


class EntryDatesForm(_Dates):
    pass


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=WorkPlanState.choices, widget=forms.HiddenInput)
    decided_on = _date("Date of the decision")
    reference = forms.CharField(
        label="Decision reference",
        max_length=250,
        help_text="For example: Cabinet 12 January 2027, minute 54.",
        error_messages={"required": "Enter the decision reference, for example Cabinet 12 January 2027, minute 54"},
    )
    meeting = forms.ModelChoiceField(
        label="Meeting (optional)",
        queryset=None,
        required=False,
        empty_label="Select the meeting that took the decision",
    )

    reasons = forms.CharField(
        label="Reasons for the decision (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For the decision notice. Left empty, the notice refers to the report to Cabinet.",
    )

    def __init__(self, *args, meetings, cabinet=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not cabinet:
            del self.fields["reasons"]
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"{m.body}, {formats.date_format(m.date, 'j F Y')}"


class BringBackForm(forms.Form):
    committee = forms.ModelChoiceField(
        label="Committee",
        queryset=None,
        empty_label="Select a committee",
        help_text="The version goes on the committee's work programme until it has been taken at a meeting.",
        error_messages={"required": "Select the committee to bring the work plan back to"},
    )
    action = forms.ModelChoiceField(
        label="The committee's action it answers (optional)",
        queryset=None,
        required=False,
        empty_label="None: add the work plan as a new subject",
        help_text="If the committee resolved to have the work plan brought back, choose that action.",
        error_messages={"invalid_choice": "Choose one of the committee's open actions, or none"},
    )

    def __init__(self, *args, committees, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["action"].queryset = actions
        self.fields["action"].label_from_instance = lambda entry: f"{entry.body}: {entry.title}"

    def clean(self):
        cleaned = super().clean()
        committee, action = cleaned.get("committee"), cleaned.get("action")
        if committee is not None and action is not None and action.body_id != committee.pk:
            self.add_error("action", f"Choose an action of {committee}, or none")
        return cleaned
