"""Forms of the forward plan: an entry, and publishing an edition."""

from django import forms

from council.forms import DateInput
from members.models import Portfolio, Ward

from ..models import DecisionMaker, ForwardPlanEntry
from ..services.forward_plan import ENTRY_FIELDS


class EntryForm(forms.ModelForm):
    """An officer's forward plan entry: the notice's particulars (reg 9) and the key questions (reg 8)."""

    class Meta:
        model = ForwardPlanEntry
        fields = (*ENTRY_FIELDS, "wards")
        widgets = {
            "expected_decision_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "documents": forms.Textarea(attrs={"rows": 3}),
            "documents_available": forms.Textarea(attrs={"rows": 2}),
            "private_reasons": forms.Textarea(attrs={"rows": 3}),
            "officer_key_reason": forms.Textarea(attrs={"rows": 2}),
            "wards": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Enter the matter to be decided"},
            "expected_decision_on": {"required": "Enter the expected decision date", "invalid": "Enter a real date"},
            "decision_maker": {"required": "Select who will take the decision"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_maker"].queryset = DecisionMaker.objects.active().with_names()
        self.fields["portfolio"].queryset = Portfolio.objects.in_use()
        self.fields["wards"].queryset = Ward.objects.in_use()


class PublishEditionForm(forms.Form):
    include = forms.ModelMultipleChoiceField(
        label="Draft entries to publish",
        queryset=ForwardPlanEntry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every entry already published and not yet decided is published again as it now stands.",
    )

    def __init__(self, *args, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["include"].queryset = drafts
