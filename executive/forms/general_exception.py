"""The general exception notice form (reg 10): the O&S chair informed and the reasons."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from ..services.decisions import scrutiny_chairs
from .people import choose_by_name


class GeneralExceptionForm(forms.Form):
    scrutiny_chair = forms.ModelChoiceField(
        label="Chair of overview and scrutiny informed",
        queryset=get_user_model().objects.none(),
        empty_label="Choose the chair",
        error_messages={"required": "Choose the chair of overview and scrutiny to inform"},
        help_text="They are emailed the notice now: that is the writing regulation 10 requires.",
    )
    reasons = forms.CharField(
        label="Why 28 clear days' notice is impracticable",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reasons why 28 clear days' notice is impracticable"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chairs = scrutiny_chairs(timezone.localdate())
        choose_by_name(self.fields["scrutiny_chair"], get_user_model().objects.filter(pk__in=chairs))
