"""Forms for minutes, resolutions, actions, recommendations and the work programme."""

from django import forms
from django.utils import formats

from council.forms import DateInput

from ..models import Implementation, RecommendationResponse, WorkProgrammeSource


def _meeting_label(meeting) -> str:
    return formats.date_format(meeting.date, "l j F Y")


def _text(label, *, required_message, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": required_message},
    )


def _date(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower().removesuffix(' (optional)')}",
            "invalid": "Enter a real date",
        },
    )


class MinuteForm(forms.Form):
    text = _text(
        "Minute",
        rows=12,
        required_message="Enter the minute",
        help_text="Plain text. Leave a blank line between paragraphs.",
    )
    public_summary = forms.CharField(
        label="Fair summary for the public (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "This item is exempt, so the public will not see the minute, its resolutions or its actions. "
            "Where the minutes would otherwise be unintelligible, write a fair summary of the proceedings "
            "that does not disclose the exempt information (Local Government Act 1972, section 100C(2))."
        ),
    )

    def __init__(self, *args, exempt: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not exempt:
            del self.fields["public_summary"]


class ResolutionForm(forms.Form):
    text = _text(
        "Resolution",
        rows=3,
        required_message="Enter the resolution",
        help_text="For example: Resolved that the report be noted.",
    )


class ActionForm(forms.Form):
    description = _text("What is to be done", rows=3, required_message="Enter what is to be done")
    owner = forms.ModelChoiceField(label="Who will do it", queryset=None, required=False, empty_label="Select a person")
    owner_text = forms.CharField(
        label="Or, if not a person, who will do it (optional)",
        required=False,
        max_length=200,
        help_text="For example: Cabinet.",
    )
    due_date = _date("Due date (optional)", required=False)
    when_available = forms.BooleanField(
        label="Due as soon as it is available", required=False, help_text="Instead of a due date."
    )
    bring_back = forms.BooleanField(
        label="To be brought back to this committee",
        required=False,
        help_text="Puts it on the committee's work programme until it has been taken at a meeting.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner") is None and not (cleaned.get("owner_text") or "").strip():
            self.add_error("owner", "Select who will do it, or enter who will (for example, Cabinet)")
        if cleaned.get("due_date") is None and not cleaned.get("when_available") and "due_date" not in self.errors:
            self.add_error("due_date", "Enter the date it is due, or say it is due as soon as it is available")
        return cleaned


class RecommendationForm(forms.Form):
    text = _text("Recommendation", rows=3, required_message="Enter the recommendation")
    to_whom = forms.CharField(
        label="Made to",
        max_length=200,
        help_text="For example: Cabinet, or Cabinet Member Corporate Services.",
        error_messages={"required": "Enter who the recommendation is made to, for example Cabinet"},
    )
    made_on = _date("Date made")


class ReceivedForm(forms.Form):
    received_on = _date(
        "Date the executive received it",
        help_text="The executive must respond within two months of this day, counting it (Local Government Act 2000, "
        "section 9FE).",
    )
    responder = forms.ModelChoiceField(
        label="Who is to respond",
        queryset=None,
        empty_label="Select a Cabinet Member",
        help_text="The Cabinet Member for the portfolio, or the Leader. They are reminded by email 14 days before "
        "the response is due and on the day.",
        error_messages={"required": "Select the Cabinet Member or Leader who is to respond"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responder"].queryset = people


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Response",
        widget=forms.RadioSelect,
        choices=[c for c in RecommendationResponse.choices if c[0] != RecommendationResponse.NONE_YET],
        error_messages={"required": "Select whether the recommendation was accepted, partly accepted or rejected"},
    )
    response_text = _text("The executive's response", required_message="Enter the executive's response")
    responded_on = _date("Date of the response")
    published_on = _date("Date the response was published (optional)", required=False)
    implementation = forms.ChoiceField(
        label="Implementation", choices=Implementation.choices, initial=Implementation.NOT_STARTED
    )


class ConfirmMinutesForm(forms.Form):
    confirmed_at_meeting = forms.ModelChoiceField(
        label="Meeting at which the minutes were signed as a correct record",
        queryset=None,
        empty_label="Select a meeting",
        error_messages={"required": "Select the meeting that confirmed the minutes"},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed_at_meeting"].queryset = meetings
        self.fields["confirmed_at_meeting"].label_from_instance = _meeting_label


class CorrectionForm(forms.Form):
    authority = forms.CharField(
        label="Resolution that authorises the correction",
        max_length=250,
        help_text="For example: Minute 5 of 14 January 2027.",
        error_messages={
            "required": "Enter the resolution that authorises the correction, for example Minute 5 of 14 January 2027"
        },
    )
    new_text = _text("Corrected minute", rows=12, required_message="Enter the corrected minute")


class WorkProgrammeEntryForm(forms.Form):
    title = forms.CharField(label="Subject", max_length=250, error_messages={"required": "Enter the subject"})
    source = forms.ChoiceField(
        label="Where it comes from",
        widget=forms.RadioSelect,
        choices=[c for c in WorkProgrammeSource.choices if c[0] != WorkProgrammeSource.ACTION],
        error_messages={"required": "Select where the subject comes from"},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleEntryForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=None,
        empty_label="Select a meeting",
        error_messages={"required": "Select the meeting to take it at"},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = _meeting_label
