"""Forms for bodies and their clerks."""

from django import forms

from council import permissions
from council.forms import DateInput
from council.roles import Role

from ..models import Body


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["name", "code", "kind", "parent", "purpose", "terms_of_reference", "quorum", "start_date", "end_date"]
        widgets = {
            "kind": forms.RadioSelect,
            "code": forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
            "start_date": DateInput,
            "end_date": DateInput,
        }
        error_messages = {
            "name": {"required": "Enter the committee's name"},
            "kind": {"required": "Select what kind of body this is"},
            "quorum": {"invalid": "Enter the quorum as a whole number, like 3"},
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
        if cleaned.get("quorum") == 0:
            self.add_error("quorum", "The quorum must be at least 1, or leave it blank")
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            # On the field, so the error summary links to it (and the model's check is not repeated).
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return cleaned


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
