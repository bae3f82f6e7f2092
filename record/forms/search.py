"""The search form: the words, and filters by committee, date and kind of record."""

from django import forms

from council.forms import DateInput
from members import access as members_access

from ..models import EntryKind
from ..selectors.search import MAX_QUERY_LENGTH, SearchFilters

#: The kinds a person chooses from (a decision's exempt part is found with its decision).
KIND_CHOICES = [(kind.value, kind.label) for kind in EntryKind if kind != EntryKind.DECISION_EXEMPT]


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        max_length=MAX_QUERY_LENGTH,
        help_text='Words to find. Put a phrase in "quotes"; put a minus sign before a word to leave it out.',
        error_messages={
            "required": "Enter what you are looking for",
            "max_length": f"What you are looking for must be {MAX_QUERY_LENGTH} characters or fewer",
        },
    )
    body = forms.ModelChoiceField(
        label="Committee",
        queryset=None,
        required=False,
        empty_label="Any committee",
        error_messages={"invalid_choice": "Choose a committee from the list"},
    )
    kind = forms.MultipleChoiceField(
        label="Type",
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose types from the list"},
    )
    date_from = forms.DateField(
        label="From", required=False, widget=DateInput, error_messages={"invalid": "Enter the from date as a real date"}
    )
    date_to = forms.DateField(
        label="To", required=False, widget=DateInput, error_messages={"invalid": "Enter the to date as a real date"}
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = members_access.bodies_visible(user).order_by("name")

    def clean_q(self):
        query = self.cleaned_data["q"].strip()
        if not query:
            raise forms.ValidationError("Enter what you are looking for")
        return query

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            body_id=data["body"].pk if data.get("body") else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            kinds=tuple(data.get("kind") or ()),
        )
