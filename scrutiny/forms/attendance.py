"""Forms for the register of attendance and declarations of interest."""

from django import forms

from ..models import AttendanceStatus, DeclarationKind


class AttendanceForm(forms.Form):
    """The register: for each person on the body, how they attended; for substitutes, whom they
    stood in for. One fieldset per person, built from ``register_memberships``."""

    def __init__(self, *args, memberships, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {m.person.pk: m.person for m in memberships}
        members = [m.person for m in memberships if m.role != "substitute"]
        stand_in_choices = [("", "Not substituting"), *[(str(p.pk), p.get_full_name()) for p in members]]
        self.rows = []
        for membership in memberships:
            person, line = membership.person, existing.get(membership.person.pk)
            name = person.get_full_name()
            status = f"status_{person.pk}"
            self.fields[status] = forms.ChoiceField(
                label=name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline govuk-radios--small"}),
                # Not yet recorded until the clerk says otherwise; apologies a member sent show as such.
                initial=line.status if line else AttendanceStatus.EXPECTED,
                error_messages={
                    "required": f"Select whether {name} was present, sent apologies, was absent or attended remotely"
                },
            )
            row = {"person": person, "membership": membership, "line": line, "status": status, "substitute_for": None}
            if membership.role == "substitute":
                row["substitute_for"] = f"substitute_for_{person.pk}"
                self.fields[row["substitute_for"]] = forms.TypedChoiceField(
                    label="Substitute for",
                    choices=stand_in_choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=line.substitute_for_id if line else None,
                )
            row["notes"] = f"notes_{person.pk}"
            self.fields[row["notes"]] = forms.CharField(
                label="Notes (optional)",
                required=False,
                max_length=250,
                initial=line.notes if line else "",
                help_text="For example, arrived at 6:40pm or left after item 5.",
            )
            self.rows.append(row)

    def register(self):
        """Bound fields per person, for the template."""
        return [
            {
                "person": row["person"],
                "membership": row["membership"],
                "line": row["line"],
                "status": self[row["status"]],
                "substitute_for": self[row["substitute_for"]] if row["substitute_for"] else None,
                "notes": self[row["notes"]],
            }
            for row in self.rows
        ]

    def entries(self) -> list[tuple]:
        """(person, status, substitute_for, notes) for ``attendance_record``."""
        data = self.cleaned_data
        return [
            (
                row["person"],
                data[row["status"]],
                self.people.get(data[row["substitute_for"]]) if row["substitute_for"] else None,
                data[row["notes"]],
            )
            for row in self.rows
        ]


class DeclarationForm(forms.Form):
    person = forms.TypedChoiceField(
        label="Who is declaring an interest?",
        coerce=int,
        error_messages={"required": "Select who is declaring an interest"},
    )
    kind = forms.ChoiceField(
        label="Kind of interest",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of interest"},
        help_text="Localism Act 2011 and the council's code of conduct.",
    )
    nature = forms.CharField(
        label="Nature of the interest",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, owns a business that has bid for the contract.",
        error_messages={"required": "Enter the nature of the interest"},
    )
    left_room = forms.BooleanField(label="Left the room for this item", required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["person"].choices = [("", "Select a person"), *[(p.pk, p.get_full_name()) for p in people]]
        self.fields["kind"].choices = DeclarationKind.choices


class DeclarationPromptForm(forms.Form):
    """The clerk's answer to one prompt of the declarations page: confirm it as a declaration, or
    dismiss it as nothing to declare."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    interest = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("confirm", "Confirm"), ("dismiss", "Dismiss")], widget=forms.HiddenInput)
    left_room = forms.BooleanField(label="Left the room for this item", required=False)
