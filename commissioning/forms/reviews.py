"""Forms for reviews, their gates, members' input and comments, the programme board and working group."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from council.forms import DateInput
from council.roles import Role
from members.forms import PersonField
from members.models import Body, BodyKind, Member, Portfolio, Ward

from ..models import ENGAGEMENT_STAGES, STAGE_ORDER, Rag, Review, ReviewStatus, Stage
from .savings import PoundsField

#: Roles whose holders may lead a review.
OFFICER_ROLES = (Role.COMMISSIONING_OFFICER, Role.OFFICER, Role.FINANCE_OFFICER)


def _text(label, *, required_message, rows=4, help_text="", required=True):
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"required": required_message},
    )


def _date(label, *, required=True, help_text="", name=None):
    name = name or label.lower().removesuffix(" (optional)")
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"required": f"Enter the {name}", "invalid": f"The {name} must be a real date"},
    )


class PortfolioChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, portfolio):
        holder = portfolio.cabinet_member
        who = f"Councillor {holder.user.get_full_name()}" if holder else "no Cabinet Member at present"
        return f"{portfolio.title} ({who})"


class ReviewForm(forms.ModelForm):
    """A review's details, accountable portfolios and the planned dates of its four stages."""

    portfolios = PortfolioChoiceField(
        label="Accountable portfolios",
        queryset=Portfolio.objects.select_related("cabinet_member__user").order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        help_text="The Cabinet Member of each portfolio you select is accountable for the review.",
        error_messages={"required": "Select at least one accountable portfolio"},
    )
    lead_officer = PersonField(
        label="Lead officer",
        queryset=get_user_model()
        .objects.filter(is_active=True, groups__name__in=[r.value for r in OFFICER_ROLES])
        .distinct()
        .select_related("officer", "member__ward")
        .order_by("last_name", "first_name"),
        empty_label="Choose an officer",
        error_messages={"required": "Select the lead officer", "invalid_choice": "Select an officer from the list"},
    )

    # Money typed as people type it ("£4,200,000"), read exactly as Decimal pounds and pence.
    budget_in_scope = PoundsField(
        label="Budget in scope (£)",
        what="budget in scope",
        required=False,
        help_text="Optional. The annual budget of the services in scope, in pounds and pence.",
    )

    class Meta:
        model = Review
        fields = ["title", "service_area", "scope", "outcomes", "directorate", "budget_in_scope", "lead_officer"]
        widgets = {"scope": forms.Textarea(attrs={"rows": 4}), "outcomes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": "Enter the review’s title"},
            "service_area": {"required": "Enter the service area"},
            "scope": {"required": "Enter the scope of the review"},
            "outcomes": {"required": "Enter the outcomes the review intends to secure"},
            "directorate": {"required": "Enter the directorate"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stages = {}
        if self.instance.pk:
            stages = {s.stage: s for s in self.instance.stages.all()}
            self.initial.setdefault("portfolios", list(self.instance.portfolios.all()))
        for stage in STAGE_ORDER:
            label = Stage(stage).label
            self.fields[f"{stage}_start"] = _date(
                f"{label} stage: planned start (optional)", required=False, name=f"planned start of {label}"
            )
            self.fields[f"{stage}_end"] = _date(
                f"{label} stage: planned end (optional)", required=False, name=f"planned end of {label}"
            )
            if stage in stages:
                self.initial.setdefault(f"{stage}_start", stages[stage].planned_start)
                self.initial.setdefault(f"{stage}_end", stages[stage].planned_end)

    def clean(self):
        cleaned = super().clean()
        for stage in STAGE_ORDER:
            start, end = cleaned.get(f"{stage}_start"), cleaned.get(f"{stage}_end")
            if start and end and end < start:
                self.add_error(
                    f"{stage}_end",
                    f"The planned end of the {Stage(stage).label} stage must be the same as or after its planned start",
                )
        return cleaned

    def _post_clean(self):
        # The services apply the rules (and the database holds the constraints): no model validation here.
        pass

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in self.Meta.fields},
            "portfolios": list(data["portfolios"]),
            "stage_dates": {stage: (data[f"{stage}_start"], data[f"{stage}_end"]) for stage in STAGE_ORDER},
        }


class RagForm(forms.Form):
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select red, amber or green"},
    )
    reason = _text("Reason for the rating", rows=3, required_message="Enter the reason for the RAG rating")
    on = _date("Date of the rating", name="date of the rating")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        choices=[
            (ReviewStatus.IN_PROGRESS, "In progress (start or resume the review)"),
            (ReviewStatus.ON_HOLD, "On hold"),
            (ReviewStatus.STOPPED, "Stopped (the review is closed and cannot change any more)"),
        ],
        error_messages={"required": "Select in progress, on hold or stopped"},
    )
    reason = _text("Reason", rows=3, required_message="Enter the reason for the change")


class GateForm(forms.Form):
    """Pass or reverse a gate. ``stage`` carries the stage the person saw, so a gate passed meanwhile
    by someone else is not passed twice."""

    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    evidence = _text(
        "Evidence",
        rows=5,
        required_message="Enter the evidence the decision was based on",
        help_text="The papers, analysis or discussion the decision rests on, and where they can be read.",
    )
    decided_on = _date(
        "Date of the decision",
        required=False,
        name="date of the decision",
        help_text="Today, unless the decision was taken earlier. Not a date in the future.",
    )

    def __init__(self, *args, review, reverse=False, **kwargs):
        kwargs.setdefault("initial", {"decided_on": timezone.localdate(), "stage": review.stage})
        super().__init__(*args, **kwargs)
        if reverse:
            self.fields["evidence"].label = "Reasons for going back a stage"
            self.fields["evidence"].error_messages["required"] = "Enter the reasons for going back a stage"
            self.fields["evidence"].help_text = "What must be done again, and why."


class EngagementForm(forms.Form):
    member = forms.ModelChoiceField(
        label="Councillor",
        queryset=Member.objects.current().select_related("user", "ward").order_by("user__last_name"),
        empty_label="Choose a councillor",
        error_messages={"required": "Select the councillor", "invalid_choice": "Select a councillor from the list"},
    )
    ward = forms.ModelChoiceField(
        label="Ward (optional)",
        queryset=Ward.objects.order_by("name"),
        required=False,
        empty_label="The councillor’s own ward",
        help_text="Leave as it is for feedback about the councillor’s own ward.",
    )
    stage = forms.ChoiceField(
        label="Stage",
        widget=forms.RadioSelect,
        choices=[(s, Stage(s).label) for s in ENGAGEMENT_STAGES],
        error_messages={"required": "Select the stage the input was given at"},
    )
    note = _text("Feedback", rows=5, required_message="Enter the councillor’s feedback")

    def __init__(self, *args, review, **kwargs):
        if review.stage in ENGAGEMENT_STAGES:
            kwargs.setdefault("initial", {"stage": review.stage})
        super().__init__(*args, **kwargs)
        self.fields["member"].label_from_instance = lambda m: f"{m.user.get_full_name()} ({m.ward})"


class CommentForm(forms.Form):
    text = _text("Your comment", rows=4, required_message="Enter your comment")


class BoardDecisionForm(forms.Form):
    decision = _text("Decision", rows=3, required_message="Enter the decision")
    decided_on = _date("Date", name="date of the decision")
    decided_by = forms.CharField(
        label="Decided by",
        max_length=250,
        initial="The programme board",
        help_text="The board, or a named member of it.",
        error_messages={"required": "Enter who took the decision, for example the board"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"decided_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class WorkingGroupForm(forms.Form):
    body = forms.ModelChoiceField(
        label="Cabinet Working Group",
        queryset=Body.objects.filter(kind=BodyKind.CABINET_WORKING_GROUP).active().order_by("name"),
        required=False,
        empty_label="Choose a Cabinet Working Group",
    )
    name = forms.CharField(
        label="Or set up a new one (optional)",
        max_length=150,
        required=False,
        help_text="The name of the new Cabinet Working Group.",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("body") and not (cleaned.get("name") or "").strip() and "body" not in self.errors:
            self.add_error("body", "Select a Cabinet Working Group or enter the name of a new one")
        return cleaned


class WorkingGroupNoteForm(forms.Form):
    met_on = _date("Date", name="date")
    note = _text("Note", rows=5, required_message="Enter the note")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"met_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
