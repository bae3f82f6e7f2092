"""Forms of the thread to the executive: the forward plan entry a work plan version is approved under."""

from django import forms
from django.utils import formats


class WorkPlanEntryForm(forms.Form):
    entry = forms.ModelChoiceField(
        label="Forward plan entry",
        queryset=None,
        required=False,
        empty_label="None: Cabinet's approval is not a key decision on the forward plan",
        help_text="Cabinet's approval is refused until 28 clear days after the entry was first published.",
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries
        self.fields["entry"].label_from_instance = lambda e: (
            f"{e.title} ({e.get_status_display().lower()}, expected "
            f"{formats.date_format(e.expected_decision_on, 'j F Y')})"
        )
