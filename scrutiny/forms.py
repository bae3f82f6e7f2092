from django import forms

from council.forms import DateInput
from council.uploads import file_hint

from .models import ExemptParagraph, ItemKind

URGENCY_HELP = (
    "Fewer clear working days are left before the meeting than the law requires, so this can only be taken as "
    "urgent business: the Chair must agree that, by reason of special circumstances, it should be considered as "
    "a matter of urgency (Local Government Act 1972, section 100B(4)(b)). The minutes record both."
)


def _add_urgency_fields(form, chairs):
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


class MeetingForm(forms.Form):
    day = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date of the meeting", "invalid": "Enter a real date"},
    )
    start_time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "Enter the start time", "invalid": "Enter a real time, like 18:00"},
    )
    end_time = forms.TimeField(
        label="Expected end time (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Enter a real time, like 20:00"},
    )
    venue = forms.CharField(
        label="Venue", required=False, max_length=200, help_text="For example Council Chamber, Town Hall."
    )
    remote_link = forms.URLField(
        label="Link to join remotely (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://meet.example.org/abc"},
    )

    def __init__(self, *args, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if chairs is not None:  # a published meeting: moving it closer may make its notice short
            _add_urgency_fields(self, chairs)
            self.fields["urgent_reason"].label = "If the new date leaves short notice: why is the change urgent?"
            self.fields["urgent_reason"].help_text = (
                "Only needed if the new date leaves fewer clear working days after publication than the law "
                "requires (Local Government Act 1972, section 100B). The Chair must agree."
            )


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Members and the public see this reason.",
        error_messages={"required": "Enter the reason for cancelling the meeting"},
    )


class ScheduleMeetingForm(MeetingForm):
    body = forms.ModelChoiceField(
        label="Committee",
        queryset=None,
        empty_label="Select a committee",
        error_messages={"required": "Select the committee that is meeting"},
    )
    field_order = ["body", "day", "start_time", "end_time", "venue", "remote_link"]

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


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

    def __init__(self, *args, people, late: bool, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_author"].queryset = people
        self.fields["presenter"].queryset = people
        if late:
            _add_urgency_fields(self, chairs)

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
    """Publishing late: the special circumstances and the Chair's agreement (s.100B(4)(b))."""

    def __init__(self, *args, chairs, **kwargs):
        super().__init__(*args, **kwargs)
        _add_urgency_fields(self, chairs)
        self.fields["urgent_reason"].label = "Why is the business urgent?"


class AttendanceForm(forms.Form):
    """The register: for each person on the body, how they attended; for substitutes, whom they
    stood in for. One fieldset per person, built from ``register_memberships``."""

    def __init__(self, *args, memberships, existing: dict, **kwargs):
        from .models import AttendanceStatus

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
                initial=line.status if line else None,
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
        from .models import DeclarationKind

        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        self.fields["person"].choices = [("", "Select a person"), *[(p.pk, p.get_full_name()) for p in people]]
        self.fields["kind"].choices = DeclarationKind.choices


class DocumentForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=250,
        help_text="For example Report of the Assistant Chief Executive, or Appendix A: savings plan.",
        error_messages={"required": "Enter the document's title"},
    )
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=[("report", "Report"), ("appendix", "Appendix"), ("other", "Other")],
        initial="report",
        widget=forms.RadioSelect,
        help_text="Word, Excel and other files that are not PDFs are kept as attachments, outside the agenda pack.",
        error_messages={"required": "Select the kind of document"},
    )
    file = forms.FileField(
        label="Upload a file",
        widget=forms.FileInput,
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_hint()


class NeedToKnowForm(forms.Form):
    officers = forms.ModelMultipleChoiceField(
        label="Officers who need to know",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="They may open this item's exempt papers once it is published. Every opening is recorded.",
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = officers
        self.fields["officers"].label_from_instance = lambda person: (
            f"{person.get_full_name()}, {person.officer.job_title}"
        )


class StandardItemForm(forms.Form):
    title = forms.CharField(label="Title", max_length=250, error_messages={"required": "Enter the item's title"})
    kind = forms.ChoiceField(label="Kind of item", choices=ItemKind.chosen_by_clerks(), initial=ItemKind.STANDING)


#: Larger files are checked at home with sha256sum: the page hashes what it is sent, in full.
CHECK_FILE_MAX_BYTES = 100 * 1024 * 1024


class CheckFileForm(forms.Form):
    """Check a downloaded file against the publication records: upload it (hashed, not stored) or
    paste the SHA-256 that ``sha256sum`` printed."""

    file = forms.FileField(label="File to check (optional)", required=False)
    sha256 = forms.RegexField(
        label="Or paste its SHA-256 (optional)",
        required=False,
        regex=r"^\s*[0-9a-fA-F]{64}\s*$",
        help_text="64 letters and digits, as printed by sha256sum.",
        error_messages={"invalid": "Enter the SHA-256 as 64 letters (a to f) and digits"},
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > CHECK_FILE_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {CHECK_FILE_MAX_BYTES // 1024 // 1024} MB: check it with sha256sum and "
                "paste its SHA-256 instead"
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("sha256") and not self.errors:
            self.add_error("file", "Choose a file to check, or paste its SHA-256")
        return cleaned
