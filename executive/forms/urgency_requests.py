"""Forms of urgency requests: asking (Democratic Services) and answering (the person asked)."""

from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from council.forms import DateInput
from members.models import BodyKind, Membership, MembershipRole
from scrutiny.models import AgendaItem, MeetingStatus

from ..models import DecisionMaker, UrgencyPurpose, UrgencyRequest
from ..services.decisions import scrutiny_chairs
from .people import choose_by_name


class UrgencyAskForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What is the agreement for?",
        choices=UrgencyPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the agreement is for"},
    )
    matter = forms.CharField(
        label="The matter",
        max_length=250,
        help_text="For Cabinet business in private, describe it as the public notice would, without the exempt "
        "information.",
        error_messages={"required": "Give the matter"},
    )
    decision_maker = forms.ModelChoiceField(
        label="Decision maker (special urgency)", queryset=DecisionMaker.objects.none(), required=False
    )
    intended_on = forms.DateField(
        label="Intended decision date (special urgency)",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date"},
    )
    item = forms.ModelChoiceField(
        label="Cabinet item to be taken in private (urgent route)", queryset=AgendaItem.objects.none(), required=False
    )
    reasons = forms.CharField(
        label="Why it cannot reasonably be deferred",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give why it cannot reasonably be deferred"},
    )
    asked_of = forms.ModelChoiceField(
        label="Ask",
        queryset=get_user_model().objects.none(),
        help_text="The chair of the relevant overview and scrutiny committee (or, when there is none, the Chair or "
        "Vice-Chair of Council). They are emailed.",
        error_messages={"required": "Select who is asked to agree"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["decision_maker"]
        ).queryset = DecisionMaker.objects.active().with_names()
        items = cast(forms.ModelChoiceField, self.fields["item"])
        items.queryset = (
            AgendaItem.objects.filter(
                exempt=True,
                meeting__body__kind=BodyKind.CABINET,
                meeting__status__in=(MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED),
                meeting__starts_at__date__gte=timezone.localdate(),
            )
            .select_related("meeting__body")
            .order_by("meeting__starts_at", "position")
        )
        items.label_from_instance = lambda item: f"{item.meeting}: {item.title}"
        people = cast(forms.ModelChoiceField, self.fields["asked_of"])
        # Who may agree today (``may_agree_urgency``): O&S chairs, and the council's Chair and Vice-Chair
        # (the service refuses them while an O&S committee has a chair).
        today = timezone.localdate()
        council = Membership.objects.current(today).filter(
            body__kind=BodyKind.COUNCIL, role__in=(MembershipRole.CHAIR, MembershipRole.VICE_CHAIR)
        )
        choose_by_name(
            people,
            get_user_model().objects.filter(Q(pk__in=scrutiny_chairs(today)) | Q(pk__in=council.values("person"))),
        )


class UrgencyAnswerForm(forms.Form):
    agree = forms.TypedChoiceField(
        label="Do you agree that it is urgent and cannot reasonably be deferred?",
        choices=[("yes", "Yes, I agree"), ("no", "No, I refuse")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you agree"},
    )
    reasons = forms.CharField(
        label="Your reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give your reasons"},
    )


def urgency_request_field(**filters) -> forms.ModelChoiceField:
    """The agreed request a decision or an urgent private notice relies on."""
    field = forms.ModelChoiceField(
        label="Urgency agreed online",
        queryset=UrgencyRequest.objects.agreed_unused().filter(**filters).select_related("asked_of"),
        required=False,
        help_text="The agreement of the chair of overview and scrutiny, asked and answered in this product. Leave "
        "empty only for an agreement given outside it, and enter it below.",
    )
    field.label_from_instance = lambda request: (
        f"{request.matter}: agreed by {request.asked_of.get_full_name()} on {request.answered_on:%-d %B %Y}"
    )
    return field
