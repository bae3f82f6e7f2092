"""Forms for the agenda: its items, exempt information and publishing late as urgent business."""

from django import forms

from council.forms import DateInput
from members.models import Ward

from ..models import ExemptParagraph, ItemKind

URGENCY_HELP = (
    "Fewer clear working days are left before the meeting than the law requires, so this can only be taken as "
    "urgent business: the Chair must agree that, by reason of special circumstances, it should be considered as "
    "a matter of urgency (Local Government Act 1972, section 100B(4)(b)). The minutes record both."
)


def add_urgency_fields(form, chairs):
    """The special circumstances, and the Chair (or Vice-Chair) who agreed and when."""
    form.fields["urgent_reason"] = forms.CharField(
        label="What are the special circumstances that make it urgent?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=URGENCY_HELP,
    )
    form.fields["urgency_agreed_by"] = forms.ModelChoiceField(
        label="Chair who agreed it is urgent",
        queryset=chairs,
        required=False,
        empty_label="Select the Chair or Vice-Chair",
    )
    form.fields["urgency_agreed_on"] = forms.DateField(
        label="Date the Chair agreed",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter a real date"},
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="Title", max_length=250, error_messages={"required": "Enter the item's title"})
    kind = forms.ChoiceField(label="Kind of item", choices=ItemKind.chosen_by_clerks(), widget=forms.RadioSelect)
    report_author = forms.ModelChoiceField(
        label="Report of (optional)", queryset=None, required=False, empty_label="No report"
    )
    presenter = forms.ModelChoiceField(
        label="Introduced by (optional)", queryset=None, required=False, empty_label="Not decided yet"
    )
    minutes_allowed = forms.IntegerField(
        label="Time allowed in minutes (optional)",
        required=False,
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the time allowed as a number of minutes, like 30",
            "min_value": "The time allowed must be at least 1 minute",
            "max_value": "The time allowed must be 600 minutes or fewer",
        },
    )
    exempt = forms.BooleanField(
        label="The item contains exempt information (a pink paper)",
        required=False,
        help_text="Only members of the committee and officers who need to know will see its papers.",
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Schedule 12A paragraph relied on",
        choices=[("", "Select a paragraph"), *ExemptParagraph.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    public_interest_reason = forms.CharField(
        label="Why the public interest in keeping it exempt outweighs disclosing it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # What the item concerns: members whose registers of interests it touches are told when the
    # agenda is published, and the declarations page prompts the clerk.
    wards = forms.ModelMultipleChoiceField(
        label="Wards it concerns (optional)",
        queryset=Ward.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Members with an interest in land or a body in these wards are told.",
    )
    organisations = forms.CharField(
        label="Organisations it concerns (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Their full names, one a line or separated by commas, as members register them.",
    )
    subjects = forms.CharField(
        label="Subjects (optional)",
        required=False,
        max_length=300,
        help_text="Words or short phrases for what it is about, separated by commas. For example: leisure, parking.",
        error_messages={"max_length": "Subjects must be 300 characters or fewer"},
    )

    def __init__(self, *args, people, late: bool, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_author"].queryset = people
        self.fields["presenter"].queryset = people
        if late:
            add_urgency_fields(self, chairs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("exempt"):
            if not cleaned.get("exempt_paragraph"):
                self.add_error("exempt_paragraph", "Select the paragraph of Schedule 12A that makes the item exempt")
            if not (cleaned.get("public_interest_reason") or "").strip():
                self.add_error(
                    "public_interest_reason",
                    "Enter why the public interest in keeping the information exempt outweighs disclosing it",
                )
        return cleaned


class PublishForm(forms.Form):
    """Publishing: the version the clerk is publishing (so that a second click of the button, or the
    form sent again, finds it published rather than refused), and, late, the special circumstances
    and the Chair's agreement (s.100B(4)(b))."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        add_urgency_fields(self, chairs)
        self.fields["urgent_reason"].label = "Why is the business urgent?"
