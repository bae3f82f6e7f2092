"""Forms for scheduling, moving and cancelling meetings."""

from django import forms

from council.forms import DateInput

from .agenda import add_urgency_fields


class MeetingForm(forms.Form):
    day = forms.DateField(
        label="Date",
        widget=DateInput(),
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

    def __init__(self, *args, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if chairs is not None:  # a published meeting: moving it closer may make its notice short
            add_urgency_fields(self, chairs)
            self.fields["urgent_reason"].label = "If the new date leaves short notice: why is the change urgent?"
            self.fields["urgent_reason"].help_text = (
                "Only needed if the new date leaves fewer clear working days after publication than the law "
                "requires (Local Government Act 1972, section 100B). The Chair must agree."
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
    budget_meeting = forms.BooleanField(
        label="This is the budget meeting",
        required=False,
        help_text="The meeting of Council that sets the budget and council tax: every vote at it is a recorded "
        "vote, naming how each member voted.",
    )
    field_order = ["body", "day", "start_time", "end_time", "venue", "remote_link", "budget_meeting"]

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
