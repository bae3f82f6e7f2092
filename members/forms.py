from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from council import permissions
from council.forms import DateInput
from council.roles import Role

from .models import Body, MembershipRole


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["name", "kind", "parent", "purpose", "start_date", "end_date"]
        widgets = {"kind": forms.RadioSelect, "start_date": DateInput, "end_date": DateInput}
        error_messages = {
            "name": {"required": "Enter the committee's name"},
            "kind": {"required": "Select what kind of body this is"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            Body.objects.exclude(pk=self.instance.pk) if self.instance.pk else Body.objects.all()
        )
        self.fields["parent"].empty_label = "None"
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]

    def validate_unique(self):
        # Unique names are a rule of the services, reported in words.
        pass

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            # On the field, so the error summary links to it (and the model's check is not repeated).
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return cleaned


def _date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput,
        error_messages={"required": f"Enter the {label.lower()}", "invalid": f"{label} must be a real date"},
    )


class PersonField(forms.ModelChoiceField):
    """People as a clerk knows them: "Councillor Alan McLain (Riverside)", "David Okonjo, Assistant
    Chief Executive". The queryset selects their profiles, so the list costs one query."""

    def label_from_instance(self, person):
        name = person.get_full_name() or person.email
        # A missing profile, once selected, raises an AttributeError: getattr's default covers it.
        member = getattr(person, "member", None)
        if member is not None:
            return f"Councillor {name} ({member.ward})"
        officer = getattr(person, "officer", None)
        if officer is not None:
            return f"{name}, {officer.job_title}"
        return name


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


class ClerkForm(forms.Form):
    clerk = forms.ModelChoiceField(
        queryset=None,
        label="Clerk",
        empty_label="Choose a person",
        help_text="People in Democratic Services who do not clerk this committee yet",
        error_messages={
            "required": "Select a person in Democratic Services",
            "invalid_choice": "Select a person in Democratic Services",
        },
    )

    def __init__(self, *args, clerks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clerk"].queryset = (
            permissions.people_with_role(Role.DEMOCRATIC_SERVICES)
            .exclude(pk__in=clerks.values("pk"))
            .order_by("last_name", "first_name")
        )

    @property
    def has_choices(self) -> bool:
        return self.fields["clerk"].queryset.exists()
