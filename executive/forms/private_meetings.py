"""Forms of private meeting notices (reg 5) and of a decision recorded on a Cabinet agenda item."""

from typing import cast

from django import forms
from django.contrib.auth import get_user_model

from council.forms import DateInput

from ..models import ForwardPlanEntry
from ..models.forward_plan import EntryStatus
from .decisions import DecisionForm
from .people import choose_by_name
from .urgency_requests import urgency_request_field

# The notices are published by the product, so each is dated the day it is published (the London
# date, by the service): a typed date could claim a notice of intention published 28 days ago that
# nobody saw (reg 5).


class PrivateNoticeForm(forms.Form):
    matter = forms.CharField(
        label="The business, as the public notice describes it",
        max_length=250,
        help_text="Describe it without the exempt information: this is published.",
        error_messages={"required": "Describe the business for the public notice"},
    )
    reasons = forms.CharField(
        label="Why it is to be taken in private",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reasons for taking it in private"},
    )


class UrgentPrivateNoticeForm(PrivateNoticeForm):
    """The urgent route: the agreement asked online for this item, or one given outside the product."""

    agreed_by = forms.ModelChoiceField(
        label="Agreed urgent by",
        queryset=get_user_model().objects.none(),
        help_text="The chair of the relevant overview and scrutiny committee (or the Chair or Vice-Chair of Council).",
        error_messages={"required": "Select who agreed the meeting is urgent"},
    )
    agreed_on = forms.DateField(
        label="Agreed on",
        widget=DateInput(),
        error_messages={"required": "Enter the date it was agreed", "invalid": "Enter a real date"},
    )
    urgency_reasons = forms.CharField(
        label="Why the meeting is urgent and cannot reasonably be deferred",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give why the meeting is urgent"},
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["agreed_by"])
        choose_by_name(field, get_user_model().objects.filter(member__isnull=False))
        # Agreed online (executive/services/urgency_requests.py), or typed in when given outside it.
        self.fields["urgency_request"] = urgency_request_field(purpose="private_meeting", item=item)
        for name in ("agreed_by", "agreed_on", "urgency_reasons"):
            self.fields[name].required = False
        # Published last: the agreement comes first.
        self.order_fields(["matter", "reasons", "urgency_request", "agreed_by", "agreed_on", "urgency_reasons"])


class FurtherNoticeForm(forms.Form):
    representations_received = forms.TypedChoiceField(
        label="Were representations received about why the meeting should be open?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether representations were received"},
    )
    representations = forms.CharField(
        label="The representations", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    response = forms.CharField(label="The response to them", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MeetingDecisionForm(DecisionForm):
    """The record of a decision the Cabinet (or at a decision session, the Cabinet Member ``maker``)
    took on an agenda item: who and when are the meeting's."""

    def __init__(self, *args, item, maker=None, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["decision_maker"], self.fields["decided_on"]
        # The entries of whoever decides at the meeting: the Cabinet, or a decision session's Cabinet Member.
        entries = ForwardPlanEntry.objects.filter(status=EntryStatus.PUBLISHED)
        if maker is not None and maker.body_id is None:
            entries = entries.filter(decision_maker=maker)
        else:
            entries = entries.filter(decision_maker__body=item.meeting.body)
        cast(forms.ModelChoiceField, self.fields["entry"]).queryset = entries
        if maker is not None:
            requests = cast(forms.ModelChoiceField, self.fields["urgency_request"])
            requests.queryset = requests.queryset.filter(decision_maker=maker)
        if item.exempt:
            self.fields["title"].required = True
            self.fields[
                "title"
            ].help_text = (
                "This item is exempt: describe the matter for the public notice without the exempt information."
            )
            self.fields["exempt_paragraph"].disabled = True
            self.fields["exempt_paragraph"].initial = item.exempt_paragraph
        else:
            self.fields["title"].help_text = "Leave empty to use the item's title."
