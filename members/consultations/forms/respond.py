"""The response form: one field (two for ward feedback) per question, by kind.

The form only reads what was typed and chosen; the rules (what is required, character limits,
that a choice belongs to its question) are the services' (``services.responses._check``), so a draft and a
submission are checked the same way whatever sends them. Free text has no ``maxlength``: the GOV.UK
character count lets people type past the limit and says by how much, and the server refuses it.
"""

from django import forms

from ...models import AGREE_SCALE, Member, Question, QuestionKind, Ward
from ..selectors.responses import EMPTY, Given

KEEP_TYPED, KEEP_SAVED = "typed", "saved"


class ExclusiveCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose "None of these" option unticks the others when JavaScript runs (GOV.UK
    Frontend's exclusive behaviour); without it the service refuses the mix with a message."""

    def __init__(self, *args, exclusive=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.exclusive = set(exclusive)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.exclusive:
            option["attrs"] = {**option["attrs"], "data-behaviour": "exclusive"}
        return option


class CharacterCountTextarea(forms.Textarea):
    """A textarea for the GOV.UK character count: described by its count message as well."""

    def __init__(self, max_characters: int, attrs=None):
        super().__init__({"rows": 5, "class": "govuk-js-character-count", **(attrs or {})})
        self.max_characters = max_characters

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        described = [f"{widget_attrs['id']}-info", widget_attrs.get("aria-describedby", "")]
        widget_attrs["aria-describedby"] = " ".join(part for part in described if part)
        return context


def _text_field(label: str, question: Question) -> forms.CharField:
    if question.max_length:
        field = forms.CharField(
            label=label, required=False, strip=False, widget=CharacterCountTextarea(question.max_length)
        )
        field.template_name = "members/consultations/respond_character_count.html"
        field.max_characters = question.max_length
        return field
    return forms.CharField(label=label, required=False, strip=False, widget=forms.Textarea(attrs={"rows": 5}))


def _label(number: int, question: Question) -> str:
    return f"{number}. {question.text}" + ("" if question.required else " (optional)")


def text_name(question: Question) -> str:
    return f"q{question.pk}"


def ward_name(question: Question) -> str:
    return f"q{question.pk}_ward"


def keep_name(question: Question) -> str:
    return f"keep_q{question.pk}"


def ward_choices(member: Member) -> list:
    """The member's own ward first, then every ward (a member may speak for a ward they do not hold)."""
    own = [(member.ward_id, member.ward.name)]
    others = [
        (pk, name) for pk, name in Ward.objects.order_by("name").values_list("pk", "name") if pk != member.ward_id
    ]
    return [("", "Select a ward"), ("Your ward", own), ("All wards", others)]


class ResponseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, questions: list[Question], member: Member, keep_for=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.keep_for = set(keep_for)
        ward_options = None
        for number, question in enumerate(questions, start=1):
            label = _label(number, question)
            kind = question.kind
            if kind == QuestionKind.WARD_FEEDBACK:
                if ward_options is None:
                    ward_options = ward_choices(member)
                self.fields[ward_name(question)] = forms.TypedChoiceField(
                    label="Which ward is your feedback about?",
                    choices=ward_options,
                    coerce=int,
                    required=False,
                    empty_value=None,
                    initial=member.ward_id,
                )
                field = _text_field("Your feedback", question)
            elif kind == QuestionKind.FREE_TEXT:
                field = _text_field(label, question)
            elif kind == QuestionKind.SINGLE_CHOICE:
                field = forms.TypedChoiceField(
                    label=label,
                    choices=[(o.pk, o.label) for o in question.options.all()],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
            elif kind == QuestionKind.MULTIPLE_CHOICE:
                field = forms.TypedMultipleChoiceField(
                    label=label,
                    choices=[(o.pk, o.label) for o in question.options.all()],
                    coerce=int,
                    required=False,
                    widget=ExclusiveCheckboxes(exclusive=[o.pk for o in question.options.all() if o.is_exclusive]),
                    help_text=" ".join(filter(None, [question.help_text, "Select all that apply."])),
                )
            else:
                field = forms.TypedChoiceField(
                    label=label,
                    choices=AGREE_SCALE,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )
            if question.help_text and not field.help_text:
                field.help_text = question.help_text
            field.error_messages["invalid_choice"] = f"Select one of the answers listed for question {number}"
            self.fields[text_name(question)] = field
            if question.pk in self.keep_for:
                self.fields[keep_name(question)] = forms.ChoiceField(
                    label=f"Which answer to question {number} do you want to keep?",
                    choices=[(KEEP_TYPED, "The answer you have just typed"), (KEEP_SAVED, "The saved answer")],
                    initial=KEEP_TYPED,
                    required=False,
                    widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
                )

    def question_rows(self):
        """(number, question, its bound fields, the keep choice or None) for the template."""
        for number, question in enumerate(self.questions, start=1):
            fields = []
            if question.kind == QuestionKind.WARD_FEEDBACK:
                fields.append(self[ward_name(question)])
            fields.append(self[text_name(question)])
            keep = self[keep_name(question)] if question.pk in self.keep_for else None
            yield number, question, fields, keep

    def typed(self) -> dict[int, Given]:
        """What the member typed and chose, by question id (from a valid form)."""
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            value = data.get(text_name(question))
            kind = question.kind
            if kind == QuestionKind.WARD_FEEDBACK:
                # The member's ward is chosen for them: with no feedback typed, there is no answer.
                text = value or ""
                given = Given(text=text, ward=data.get(ward_name(question))) if text.strip() else EMPTY
            elif kind == QuestionKind.FREE_TEXT:
                given = Given(text=value or "")
            elif kind == QuestionKind.MULTIPLE_CHOICE:
                given = Given(options=tuple(sorted(value or ())))
            elif kind == QuestionKind.SINGLE_CHOICE:
                given = Given(options=(value,) if value is not None else ())
            else:
                given = Given(scale=value)
            answers[question.pk] = given
        return answers

    def answers(self, saved: dict[int, Given]) -> dict[int, Given]:
        """What to save: what was typed, except where the member chose to keep the saved answer."""
        answers = self.typed()
        for question in self.questions:
            if question.pk in self.keep_for and self.cleaned_data.get(keep_name(question)) == KEEP_SAVED:
                answers[question.pk] = saved.get(question.pk, EMPTY)
        return answers


def initial_from(saved: dict[int, Given], questions: list[Question], version: int) -> dict:
    """The form's starting values from a stored response."""
    initial = {"version": version}
    for question in questions:
        given = saved.get(question.pk)
        if given is None:
            continue
        kind = question.kind
        if kind == QuestionKind.WARD_FEEDBACK:
            initial[ward_name(question)] = given.ward
            initial[text_name(question)] = given.text
        elif kind == QuestionKind.FREE_TEXT:
            initial[text_name(question)] = given.text
        elif kind == QuestionKind.MULTIPLE_CHOICE:
            initial[text_name(question)] = list(given.options)
        elif kind == QuestionKind.SINGLE_CHOICE:
            initial[text_name(question)] = given.options[0] if given.options else None
        else:
            initial[text_name(question)] = given.scale
    return initial


def field_for_error(question: Question, message: str) -> str:
    """A ward feedback question's "Select …" messages belong to its ward list, others to its answer."""
    if question.kind == QuestionKind.WARD_FEEDBACK and message.startswith("Select"):
        return ward_name(question)
    return text_name(question)
