from django import forms

from .models import ExemptParagraph, ItemKind


class MeetingForm(forms.Form):
    day = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date of the meeting", "invalid": "Enter a real date"},
    )
    start_time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "Enter the start time", "invalid": "Enter a real time, like 18:00"},
    )
    end_time = forms.TimeField(
        label="Expected end time (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Enter a real time, like 20:00"},
    )
    venue = forms.CharField(
        label="Venue", required=False, max_length=200, help_text="For example Council Chamber, Town Hall."
    )
    remote_link = forms.URLField(
        label="Link to join remotely (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://meet.example.org/abc"},
    )


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Members and the public see this reason.",
        error_messages={"required": "Enter the reason for cancelling the meeting"},
    )


class ScheduleMeetingForm(MeetingForm):
    body = forms.ModelChoiceField(
        label="Committee",
        queryset=None,
        empty_label="Select a committee",
        error_messages={"required": "Select the committee that is meeting"},
    )
    field_order = ["body", "day", "start_time", "end_time", "venue", "remote_link"]

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="Title", max_length=250, error_messages={"required": "Enter the item's title"})
    kind = forms.ChoiceField(label="Kind of item", choices=ItemKind.choices, widget=forms.RadioSelect)
    report_author = forms.ModelChoiceField(
        label="Report of (optional)", queryset=None, required=False, empty_label="No report"
    )
    presenter = forms.ModelChoiceField(
        label="Introduced by (optional)", queryset=None, required=False, empty_label="Not decided yet"
    )
    minutes_allowed = forms.IntegerField(
        label="Time allowed in minutes (optional)",
        required=False,
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the time allowed as a number of minutes, like 30",
            "min_value": "The time allowed must be at least 1 minute",
            "max_value": "The time allowed must be 600 minutes or fewer",
        },
    )
    exempt = forms.BooleanField(
        label="The item contains exempt information (a pink paper)",
        required=False,
        help_text="Only members of the committee and officers who need to know will see its papers.",
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Schedule 12A paragraph relied on",
        choices=[("", "Select a paragraph"), *ExemptParagraph.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    public_interest_reason = forms.CharField(
        label="Why the public interest in keeping it exempt outweighs disclosing it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgent_reason = forms.CharField(
        label="Why is this business urgent?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The agenda has been published, so new business can only be taken as urgent, in a supplement.",
    )

    def __init__(self, *args, people, late: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_author"].queryset = people
        self.fields["presenter"].queryset = people
        if not late:
            del self.fields["urgent_reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("exempt"):
            if not cleaned.get("exempt_paragraph"):
                self.add_error("exempt_paragraph", "Select the paragraph of Schedule 12A that makes the item exempt")
            if not (cleaned.get("public_interest_reason") or "").strip():
                self.add_error(
                    "public_interest_reason",
                    "Enter why the public interest in keeping the information exempt outweighs disclosing it",
                )
        return cleaned


class PublishForm(forms.Form):
    urgent_reason = forms.CharField(
        label="Why is the business urgent?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Recorded with the publication. The Chair must agree that the business is urgent.",
    )
