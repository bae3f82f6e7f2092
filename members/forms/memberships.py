"""Forms for seating a person on a body and ending their membership."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from council.forms import DateInput

from ..models import MembershipRole
from .people import PersonField


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput,
        error_messages={"required": f"Enter the {label.lower()}", "invalid": f"{label} must be a real date"},
    )


class MembershipForm(forms.Form):
    # The rules on who may sit where, and when, are the service's: it reports them on these fields.
    person = PersonField(
        queryset=get_user_model()
        .objects.filter(is_active=True)
        .select_related("member__ward", "officer")
        .order_by("last_name", "first_name"),
        label="Person",
        empty_label="Choose a person",
        help_text="Councillors, officers and co-opted members",
        error_messages={"required": "Select a person", "invalid_choice": "Select a person from the list"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=MembershipRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )
    start_date = _date_field("Start date", help_text="The first day they sit on the committee")
    end_date = _date_field(
        "End date", required=False, help_text="The last day they sit on it. Leave empty if it is not known yet"
    )


class EndMembershipForm(forms.Form):
    end_date = _date_field("End date", help_text="The last day they sit on the committee")

    def __init__(self, *args, membership, **kwargs):
        # Today, unless they have not joined yet.
        kwargs.setdefault("initial", {"end_date": max(timezone.localdate(), membership.start_date)})
        super().__init__(*args, **kwargs)
