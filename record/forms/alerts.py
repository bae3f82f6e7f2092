"""The forms of email alerts: subscribing (anyone), managing an address's alerts, and a signed-in
person's own alert settings."""

from django import forms

from members.models import Body, Member

from ..models import Frequency
from ..selectors import alerts as selectors

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
}


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    frequency = forms.ChoiceField(
        label="How often do you want emails?",
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often you want emails"},
    )


class SearchSubscribeForm(SubscribeForm):
    """A search alert: the words come from the search page (and may be changed here)."""

    query = forms.CharField(
        label="Search words",
        max_length=200,
        error_messages={"required": "Enter the words to search for"},
    )

    field_order = ["query", "email", "frequency"]


class FrequencyForm(forms.Form):
    subscription = forms.IntegerField()
    frequency = forms.ChoiceField(choices=Frequency.choices, widget=forms.RadioSelect)


class OwnAlertsForm(forms.Form):
    bodies = forms.ModelMultipleChoiceField(
        label="Committees",
        help_text="Agendas (and supplements) when they are published, and minutes when they are confirmed.",
        queryset=Body.objects.none(),  # today's, set in __init__
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label="Councillors",
        help_text="Agendas of the committees they sit on, and decisions they take as a Cabinet Member.",
        queryset=Member.objects.none(),  # today's, set in __init__
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consultations = forms.BooleanField(label="New consultations open to the public", required=False)
    frequency = forms.ChoiceField(
        label="How often do you want emails?",
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often you want emails"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = selectors.subscribable_bodies()
        self.fields["members"].queryset = selectors.subscribable_councillors()
        self.fields["members"].label_from_instance = lambda m: f"{m.user.get_full_name()} ({m.ward})"
