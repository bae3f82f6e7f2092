"""Commissioning forms: a review's priority assessment, the criteria weights, the schedule's filters."""

from django import forms

from ..models import MAX_SCORE, Criterion, Rag, ReviewStatus, Stage
from ..models.priorities import MAX_WEIGHT
from ..selectors.priorities import SORTS
from ..services.priorities import ALL_ZERO

SCORE_CHOICES = [(score, str(score)) for score in range(MAX_SCORE + 1)]


def _lower(label) -> str:
    return str(label).lower()


class PriorityForm(forms.Form):
    """A score and a rationale for each criterion (under a heading naming it, its weight and what a
    high score means), then why the review ranks here; a reason when re-scoring."""

    template_name = "commissioning/review/_priority_fields.html"

    summary = forms.CharField(
        label="Why it ranks here",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In a sentence or two: the rationale shown beside the review's rank on the schedule.",
        error_messages={"required": "Enter why the review ranks here"},
    )
    reason = forms.CharField(
        label="Reason for re-scoring",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the assessment's history. For example: the needs assessment has been updated.",
        error_messages={"required": "Enter the reason for re-scoring the priority"},
    )

    def __init__(self, *args, criteria, rescoring: bool, **kwargs):
        """``criteria``: the CriterionWeight rows, in order."""
        super().__init__(*args, **kwargs)
        self.criteria = []
        for row in criteria:
            name = _lower(row.get_criterion_display())
            self.fields[f"{row.criterion}_score"] = forms.TypedChoiceField(
                label=f"Score for {name}",
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline govuk-radios--small"}),
                help_text=f"0 means no case at all, {MAX_SCORE} the strongest case.",
                error_messages={
                    "required": f"Select a score for {name}",
                    "invalid_choice": f"The score for {name} must be a whole number from 0 to {MAX_SCORE}",
                },
            )
            self.fields[f"{row.criterion}_rationale"] = forms.CharField(
                label=f"Rationale for the {name} score",
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": f"Enter the rationale for the {name} score"},
            )
            self.criteria.append(row)
        # The summary and the reason come after the criteria.
        self.fields["summary"] = self.fields.pop("summary")
        reason = self.fields.pop("reason")
        if rescoring:
            self.fields["reason"] = reason

    def criterion_groups(self):
        """Each criterion (its CriterionWeight row) with its score and rationale fields."""
        return [(row, self[f"{row.criterion}_score"], self[f"{row.criterion}_rationale"]) for row in self.criteria]

    def closing_fields(self):
        return [self[name] for name in ("summary", "reason") if name in self.fields]

    def scores(self) -> dict[str, int | None]:
        return {criterion: self.cleaned_data.get(f"{criterion}_score") for criterion in Criterion.values}

    def rationales(self) -> dict[str, str]:
        return {criterion: self.cleaned_data.get(f"{criterion}_rationale", "") for criterion in Criterion.values}


class WeightsForm(forms.Form):
    """The weight (0 to 100) and guidance of each criterion, and the reason for the change."""

    template_name = "commissioning/_weights_fields.html"

    reason = forms.CharField(
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the history of each weight changed, and of each review re-scored.",
        error_messages={"required": "Enter the reason for changing the weights"},
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for row in self.criteria:
            name = _lower(row.get_criterion_display())
            self.fields[f"{row.criterion}_weight"] = forms.IntegerField(
                label=f"Weight of {name}",
                min_value=0,
                max_value=MAX_WEIGHT,
                help_text=f"A whole number from 0 to {MAX_WEIGHT}.",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
                error_messages={
                    "required": f"Enter the weight of {name}",
                    "invalid": f"The weight of {name} must be a whole number from 0 to {MAX_WEIGHT}",
                    "min_value": f"The weight of {name} must be a whole number from 0 to {MAX_WEIGHT}",
                    "max_value": f"The weight of {name} must be a whole number from 0 to {MAX_WEIGHT}",
                },
            )
            self.fields[f"{row.criterion}_guidance"] = forms.CharField(
                label=f"What a high score for {name} means",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["reason"] = self.fields.pop("reason")

    def criterion_groups(self):
        return [(row, self[f"{row.criterion}_weight"], self[f"{row.criterion}_guidance"]) for row in self.criteria]

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(f"{row.criterion}_weight") for row in self.criteria]
        if given and all(weight == 0 for weight in given):
            # Said here as well as by the service, so that it shows with the form's other errors.
            raise forms.ValidationError(ALL_ZERO)
        return cleaned

    def weights(self) -> dict[str, int | None]:
        return {criterion: self.cleaned_data.get(f"{criterion}_weight") for criterion in Criterion.values}

    def guidance(self) -> dict[str, str]:
        return {criterion: self.cleaned_data.get(f"{criterion}_guidance", "") for criterion in Criterion.values}


class ScheduleFilterForm(forms.Form):
    """The schedule's filters and its order (a GET form): an empty choice means every review."""

    template_name = "commissioning/_schedule_filters.html"

    stage = forms.ChoiceField(label="Stage", required=False, choices=[("", "All stages"), *Stage.choices])
    directorate = forms.ChoiceField(label="Directorate", required=False)
    rag = forms.ChoiceField(
        label="RAG rating", required=False, choices=[("", "All ratings"), *Rag.choices, ("none", "Not rated")]
    )
    owner = forms.ModelChoiceField(
        label="Lead officer or savings owner", queryset=None, required=False, empty_label="Anyone"
    )
    portfolio = forms.ModelChoiceField(label="Portfolio", queryset=None, required=False, empty_label="All portfolios")
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "All statuses"), *ReviewStatus.choices])
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORTS)

    def __init__(self, *args, portfolios, directorates, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["portfolio"].queryset = portfolios
        self.fields["portfolio"].label_from_instance = lambda portfolio: portfolio.title
        self.fields["directorate"].choices = [("", "All directorates"), *((name, name) for name in directorates)]
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda person: person.get_full_name()
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-!-width-full"
