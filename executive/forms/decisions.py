"""Forms of executive decisions: recording one, publishing its notice, filtering the list."""

from django import forms
from django.contrib.auth import get_user_model

from council.forms import DateInput
from members.models import Body, BodyKind, Officer, Portfolio

from ..models import CallInStatus, DecisionMaker, DecisionMakerKind, ExecutiveDecision, ForwardPlanEntry
from ..models.forward_plan import EntryStatus
from ..services.decisions import DECISION_FIELDS
from .people import choose_by_name
from .urgency_requests import urgency_request_field


class DecisionForm(forms.ModelForm):
    """The record of a decision (regs 12-13) and, for a key decision, the route its notice took."""

    is_key = forms.BooleanField(
        label="This is a key decision",
        required=False,
        help_text="A decision of a forward plan entry is key when the entry is, whatever you choose here.",
    )

    class Meta:
        model = ExecutiveDecision
        fields = ("entry", "decision_maker", "decided_on", "route", *DECISION_FIELDS)
        widgets = (
            {
                name: DateInput()
                for name in (
                    "decided_on",
                    "general_exception_notice_on",
                    "scrutiny_chair_informed_on",
                    "urgency_agreed_on",
                )
            }
            | {
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "decision",
                    "reasons",
                    "alternatives_rejected",
                    "interests_declared",
                    "dispensations",
                    "urgency_reasons",
                    "call_in_exempt_reason",
                    "exempt_part",
                )
            }
            | {"route": forms.RadioSelect}
        )
        error_messages = {
            "decided_on": {"required": "Enter the date of the decision", "invalid": "Enter a real date"},
            "decision": {"required": "Enter the decision"},
            "reasons": {"required": "Enter the reasons for the decision"},
            "decision_maker": {"required": "Select who took the decision"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = ForwardPlanEntry.objects.filter(status=EntryStatus.PUBLISHED)
        self.fields["entry"].required = False
        self.fields["title"].required = False
        self.fields["title"].help_text = "Leave empty to use the forward plan entry's matter."
        self.fields["decision_maker"].queryset = DecisionMaker.objects.active().with_names()
        councillors = get_user_model().objects.filter(member__isnull=False)
        for name in ("scrutiny_chair", "urgency_agreed_by"):
            choose_by_name(self.fields[name], councillors)
        # Special urgency agreed online (executive/services/urgency_requests.py), before the typed one.
        self.fields["urgency_request"] = urgency_request_field(purpose="special_urgency")
        names = [name for name in self.fields if name != "urgency_request"]
        at = names.index("urgency_agreed_by")
        self.order_fields([*names[:at], "urgency_request", *names[at:]])

    def _post_clean(self):
        # The service checks the routes and says what is missing in words; the model's constraints
        # are its backstop, not the form's messages.
        pass


class PublishNoticeForm(forms.Form):
    """Publishing a decision notice asks nothing: the notice is dated the day it is published, so the
    call-in period cannot be made to end before members could see it by typing an earlier date."""


class DecisionFilterForm(forms.Form):
    decided_from = forms.DateField(label="Decided from", required=False, widget=DateInput())
    decided_to = forms.DateField(label="Decided to", required=False, widget=DateInput())
    decision_maker = forms.ModelChoiceField(
        label="Decision maker", queryset=DecisionMaker.objects.none(), required=False, empty_label="Any"
    )
    portfolio = forms.ModelChoiceField(
        label="Portfolio", queryset=Portfolio.objects.none(), required=False, empty_label="Any"
    )
    key = forms.ChoiceField(
        label="Key decision", required=False, choices=[("", "Any"), ("yes", "Key decisions"), ("no", "Not key")]
    )
    call_in = forms.ChoiceField(
        label="Call-in",
        required=False,
        choices=[
            ("", "Any"),
            (CallInStatus.SUBJECT_TO_CALL_IN.value, "Subject to call-in"),
            (CallInStatus.CALLED_IN.value, "Called in"),
            (CallInStatus.EFFECTIVE.value, "Effective"),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_maker"].queryset = DecisionMaker.objects.with_names()
        self.fields["portfolio"].queryset = Portfolio.objects.all()


class QuarterForm(forms.Form):
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        choices=[(1, "January to March"), (2, "April to June"), (3, "July to September"), (4, "October to December")],
    )


class DecisionMakerForm(forms.Form):
    kind = forms.ChoiceField(
        label="Who takes the decisions",
        choices=DecisionMakerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of decision maker"},
    )
    body = forms.ModelChoiceField(label="Cabinet", queryset=Body.objects.none(), required=False)
    portfolio = forms.ModelChoiceField(
        label="Cabinet Member's portfolio", queryset=Portfolio.objects.none(), required=False
    )
    officer = forms.ModelChoiceField(label="Officer", queryset=Officer.objects.none(), required=False)
    delegation = forms.CharField(
        label="Delegated authority",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For an officer: the delegation in the constitution they decide under.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(kind=BodyKind.CABINET).active()
        self.fields["portfolio"].queryset = Portfolio.objects.in_use()
        self.fields["officer"].queryset = Officer.objects.in_use().select_related("user")
