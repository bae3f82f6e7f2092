"""Forms of officer decisions: recording one, publishing it, searching the register."""

from django import forms

from council.forms import DateInput
from members.models import Officer

from ..models import OfficerDecision
from ..selectors.officer_decisions import directorates_for_filter, officers_for_filter
from ..services.officer_decisions import OFFICER_DECISION_FIELDS


class OfficerDecisionForm(forms.ModelForm):
    """The written record (reg 7(3)). Democratic Services choose the officer who took the decision;
    an officer records their own, so the field is left out for them."""

    officer = forms.ModelChoiceField(
        label="Officer who took the decision",
        queryset=Officer.objects.none(),
        error_messages={"required": "Select the officer who took the decision"},
    )

    class Meta:
        model = OfficerDecision
        fields = OFFICER_DECISION_FIELDS
        widgets = {
            "decided_on": DateInput(),
            "ground": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "authority",
                    "decision",
                    "reasons",
                    "alternatives_rejected",
                    "conflicts_declared",
                    "dispensations",
                    "background_papers",
                    "exempt_part",
                )
            },
        }
        error_messages = {
            "title": {"required": "Enter the matter decided"},
            "ground": {"required": "Choose why the decision is recorded"},
            "authority": {"required": "Enter the delegation or express authorisation the decision was taken under"},
            "decided_on": {"required": "Enter the date of the decision", "invalid": "Enter a real date"},
            "decision": {"required": "Enter the decision"},
            "reasons": {"required": "Enter the reasons for the decision"},
        }

    def __init__(self, *args, choose_officer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_officer:
            self.fields["officer"].queryset = Officer.objects.in_use().select_related("user")
            self.order_fields(["officer"])
        else:
            del self.fields["officer"]

    def _post_clean(self):
        # The service checks the rules and says what is wrong in words; the model's constraints are
        # its backstop, not the form's messages.
        pass


class PublishOfficerDecisionForm(forms.Form):
    published_on = forms.DateField(
        label="Published on",
        widget=DateInput(),
        error_messages={"required": "Enter the date it is published", "invalid": "Enter a real date"},
    )


class OfficerDecisionFilterForm(forms.Form):
    keyword = forms.CharField(label="Search", required=False, max_length=200)
    decided_from = forms.DateField(label="Decided from", required=False, widget=DateInput())
    decided_to = forms.DateField(label="Decided to", required=False, widget=DateInput())
    officer = forms.ModelChoiceField(
        label="Officer", queryset=Officer.objects.none(), required=False, empty_label="Any"
    )
    directorate = forms.ChoiceField(label="Directorate", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers_for_filter()
        self.fields["directorate"].choices = [("", "Any"), *((name, name) for name in directorates_for_filter())]
