"""Forms for managing people and their roles (Administrators)."""

from django import forms
from django.contrib.auth import get_user_model

from .roles import Role


def _role_choices():
    return [(role.value, role.label) for role in Role]


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles",
        required=False,
        choices=_role_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. What a person may change is also decided per committee and per review.",
    )


class PersonForm(forms.ModelForm):
    roles = RolesForm.base_fields["roles"]

    class Meta:
        model = get_user_model()
        fields = ["title", "first_name", "last_name", "email"]
        labels = {"first_name": "First name", "last_name": "Last name", "email": "Email address"}
        help_texts = {"email": "They will be sent a link to choose a password."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].error_messages["required"] = "Enter their first name"
        self.fields["last_name"].error_messages["required"] = "Enter their last name"
        self.fields["email"].error_messages["required"] = "Enter their email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )

    def validate_unique(self):
        # Uniqueness of email is a rule of the person_create service, with a message in words.
        pass
