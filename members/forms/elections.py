"""Forms for recording an election result, a councillor leaving between elections, and the annual
meeting's appointments. The rules are the services'; they report them on these fields."""

from django import forms

from ..models import ElectionKind, Member, Party, Ward
from ..services.elections import NewCouncillor
from ..services.terms import LeavingReason
from .memberships import _date_field

#: How many new councillors one ward's result may name (a three-member ward elected whole).
NEW_COUNCILLORS = 3


class CouncillorChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.user.get_full_name()} ({member.ward}, {member.party_name})"


class CouncillorChoice(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.user.get_full_name()} ({member.ward}, {member.party_name})"


def _sitting():
    return Member.objects.current().with_people().order_by("ward__name", "user__last_name", "user__first_name")


class ResultForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of election",
        choices=ElectionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of election", "invalid_choice": "Select the kind of election"},
    )
    poll_date = _date_field("Day of the poll", help_text="New councillors come into office on the fourth day after it")
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.order_by("name"),
        label="Ward",
        empty_label="Choose a ward",
        error_messages={"required": "Select the ward", "invalid_choice": "Select a ward from the list"},
    )
    turnout = forms.DecimalField(
        label="Turnout (%)",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
        help_text="Leave empty if not known",
        error_messages={
            "invalid": "Turnout must be a number, like 34.5",
            "min_value": "Turnout must be between 0 and 100",
            "max_value": "Turnout must be between 0 and 100",
            "max_decimal_places": "Turnout must have no more than one decimal place",
        },
    )
    next_poll_date = _date_field(
        "Next ordinary election",
        required=False,
        help_text="If known: the terms end then (for a by-election, when the seat's ordinary term ends)",
    )
    re_elected = CouncillorChoices(
        queryset=_sitting(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sitting councillors re-elected",
        error_messages={"invalid_choice": "Select councillors from the list"},
    )
    departing = CouncillorChoices(
        queryset=_sitting(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sitting councillors who leave the council",
        help_text="Not re-elected or stood down: their last day is the third day after the poll",
        error_messages={"invalid_choice": "Select councillors from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sitting = _sitting()
        self.fields["re_elected"].queryset = sitting
        self.fields["departing"].queryset = sitting
        parties = Party.objects.order_by("name")
        for n in range(1, NEW_COUNCILLORS + 1):
            label = f"New councillor {n}"
            self.fields[f"new_{n}_first_name"] = forms.CharField(label=f"{label}: first name", required=False)
            self.fields[f"new_{n}_last_name"] = forms.CharField(label=f"{label}: last name", required=False)
            self.fields[f"new_{n}_email"] = forms.EmailField(
                label=f"{label}: email address",
                required=False,
                help_text="They will be sent a link to choose a password",
                error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
            )
            self.fields[f"new_{n}_party"] = forms.ModelChoiceField(
                queryset=parties, label=f"{label}: party", required=False, empty_label="Independent"
            )

    def new_councillor_fields(self):
        return [
            [self[f"new_{n}_{name}"] for name in ("first_name", "last_name", "email", "party")]
            for n in range(1, NEW_COUNCILLORS + 1)
        ]

    def clean(self):
        data = super().clean()
        newcomers = []
        for n in range(1, NEW_COUNCILLORS + 1):
            prefix = f"new_{n}_"
            first, last, email = (data.get(prefix + name) for name in ("first_name", "last_name", "email"))
            if not (first or last or email) and f"{prefix}email" not in self.errors:
                continue
            for name, value, message in (
                ("first_name", first, "Enter the new councillor's first name"),
                ("last_name", last, "Enter the new councillor's last name"),
                ("email", email, "Enter the new councillor's email address"),
            ):
                if not value and prefix + name not in self.errors:
                    self.add_error(prefix + name, message)
            if first and last and email:
                newcomers.append(NewCouncillor(first, last, email, data.get(prefix + "party"), field_prefix=prefix))
        data["new_councillors"] = newcomers
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        names = ("kind", "poll_date", "ward", "turnout", "next_poll_date", "re_elected", "departing", "new_councillors")
        return {name: data[name] for name in names}


class LeavingForm(forms.Form):
    member = CouncillorChoice(
        queryset=_sitting(),
        label="Councillor",
        empty_label="Choose a councillor",
        error_messages={"required": "Select the councillor", "invalid_choice": "Select a councillor from the list"},
    )
    reason = forms.ChoiceField(
        label="Why they left",
        choices=LeavingReason.CASUAL,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why they left", "invalid_choice": "Select why they left"},
    )
    last_day = _date_field(
        "Last day in office",
        help_text="For a resignation, the day the notice was received; their seats on committees end the same day",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = _sitting()


class AppointmentsForm(forms.Form):
    """For each body: its councillors for the year, its Chair and its Vice-Chair. The choices are
    read once for the whole page (one query), not once per body."""

    start_date = _date_field("From", help_text="The day of the annual meeting: the new seats start that day")

    def __init__(self, *args, bodies, councillors, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = list(bodies)
        self.people = {str(member.user.pk): member.user for member in councillors}
        choices = [
            (str(member.user.pk), f"{member.user.get_full_name()} ({member.party_name})") for member in councillors
        ]
        for body in self.bodies:
            seats = current.get(body.pk, {})
            prefix = f"body_{body.pk}_"
            self.fields[prefix + "members"] = forms.MultipleChoiceField(
                label=f"{body}: councillors",
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[str(pk) for pk in seats.get("members", [])],
                error_messages={"invalid_choice": "Select councillors from the list"},
            )
            for role, label in (("chair", "Chair"), ("vice_chair", "Vice-Chair")):
                self.fields[prefix + role] = forms.ChoiceField(
                    label=f"{body}: {label}",
                    choices=[("", "None")] + choices,
                    required=False,
                    initial=str(seats[role]) if seats.get(role) else "",
                )

    def groups(self):
        return [
            (body, [self[f"body_{body.pk}_{name}"] for name in ("members", "chair", "vice_chair")])
            for body in self.bodies
        ]

    def appointments(self):
        from ..services.appointments import Appointment

        data = self.cleaned_data
        result = []
        for body in self.bodies:
            prefix = f"body_{body.pk}_"
            result.append(
                Appointment(
                    body=body,
                    people={self.people[pk] for pk in data.get(prefix + "members", [])},
                    chair=self.people.get(data.get(prefix + "chair") or ""),
                    vice_chair=self.people.get(data.get(prefix + "vice_chair") or ""),
                )
            )
        return result
