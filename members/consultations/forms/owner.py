"""Forms for the consultation's owner: the consultation, its questions, documents, closing, reporting,
sharing and the reminder times."""

import datetime
import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from council.forms import DateInput
from council.templatetags.govuk import govuk_time
from council.uploads import file_hint

from ...forms import PersonField
from ...models import AudienceKind, Body, Member, Party, QuestionKind, Ward
from ..access import OFFICER_ROLES, OWNER_ROLES


def _day(label, what):
    return forms.DateField(
        label=label,
        widget=DateInput,
        help_text="For example, 27 3 2027",
        error_messages={
            "required": f"Enter the date the consultation {what}",
            "invalid": f"The date it {what} must be a real date",
        },
    )


def _time(label, what):
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="UK time, 24-hour clock, for example 09:00",
        error_messages={
            "required": f"Enter the time the consultation {what}",
            "invalid": "Enter a real time, like 09:00",
        },
    )


def london(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and time as typed, read in UK time (Europe/London, the current time zone)."""
    return timezone.make_aware(datetime.datetime.combine(day, time))


def clock_change_problem(day: datetime.date, time: datetime.time) -> str:
    """Why a typed UK time cannot be used on the night the clocks change, or "" if it can: in the
    hour the clocks skip it does not exist; in the hour they repeat it happens twice."""
    moment = datetime.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())
    when = f"{govuk_time(time)} {{}} on {day:%A} {day.day} {day:%B %Y}"
    if moment.astimezone(datetime.UTC).astimezone(moment.tzinfo).replace(tzinfo=None) != moment.replace(tzinfo=None):
        return when.format("does not exist") + " (the clocks go forward): enter another time"
    if moment.replace(fold=1).utcoffset() != moment.utcoffset():
        return when.format("happens twice") + " (the clocks go back): enter another time"
    return ""


def people_who_may_own():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in OWNER_ROLES])
        .distinct()
        .select_related("member__ward", "officer")
        .order_by("last_name", "first_name")
    )


def officers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in OFFICER_ROLES])
        .distinct()
        .select_related("member__ward", "officer")
        .order_by("last_name", "first_name")
    )


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return f"{member.user.get_full_name()} ({member.ward})"


class ConsultationForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the consultation's title"}
    )
    purpose = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you are asking members and why. Members read this first.",
        error_messages={"required": "Enter what you are asking members and why"},
    )
    owner = PersonField(
        queryset=None,
        label="Owner",
        empty_label=None,
        help_text=(
            "The officer or Cabinet Member consulting members. "
            "An officer may set up a consultation for a Cabinet Member."
        ),
        error_messages={"required": "Select the owner", "invalid_choice": "Select the owner from the list"},
    )
    opens_day = _day("Opening date", "opens")
    opens_time = _time("Opening time", "opens")
    closes_day = _day("Closing date", "closes")
    closes_time = _time("Closing time", "closes")
    audience = forms.ChoiceField(
        label="Who are you asking?",
        choices=AudienceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are asking"},
    )
    bodies = forms.ModelMultipleChoiceField(
        label="Committees",
        queryset=Body.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for “Members of chosen committees”: members with a current seat.",
    )
    wards = forms.ModelMultipleChoiceField(
        label="Wards",
        queryset=Ward.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for “Members for chosen wards”.",
    )
    parties = forms.ModelMultipleChoiceField(
        label="Parties",
        queryset=Party.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for “Members of chosen parties”.",
    )
    members = MemberChoiceField(
        label="Named members",
        queryset=Member.objects.current()
        .select_related("user", "ward")
        .order_by("user__last_name", "user__first_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for “Named members”.",
    )
    public = forms.BooleanField(
        label="Show this consultation to the public",
        required=False,
        help_text=(
            "Once it opens, anyone may read its title, purpose, dates and the outcome (you said, we did) "
            "on the council's public pages. Members' responses, and who responded, are never shown."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_who_may_own()

    def clean(self):
        cleaned = super().clean()
        for name in ("opens", "closes"):
            day, time = cleaned.get(f"{name}_day"), cleaned.get(f"{name}_time")
            if day and time:
                if problem := clock_change_problem(day, time):
                    self.add_error(f"{name}_time", problem)
                    continue
                cleaned[f"{name}_at"] = london(day, time)
        return cleaned


class OpenConsultationForm(forms.Form):
    """An open consultation: typo fixes to the title and purpose (with a reason) and a later closing time."""

    title = ConsultationForm.base_fields["title"]
    purpose = ConsultationForm.base_fields["purpose"]
    closes_day = _day("Closing date", "closes")
    closes_time = _time("Closing time", "closes")
    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        help_text="Needed when you correct the title or purpose: members may already have read them.",
    )
    public = ConsultationForm.base_fields["public"]

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("closes_day"), cleaned.get("closes_time")
        if day and time:
            if problem := clock_change_problem(day, time):
                self.add_error("closes_time", problem)
            else:
                cleaned["closes_at"] = london(day, time)
        return cleaned


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of question",
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of question"},
    )
    text = forms.CharField(label="Question", max_length=500, error_messages={"required": "Enter the question"})
    help_text = forms.CharField(
        label="Help text (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under the question to help members answer.",
    )
    required = forms.BooleanField(label="An answer is required", required=False, initial=True)
    options = forms.CharField(
        label="Options",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For single and multiple choice questions: enter each option on its own line.",
    )
    max_length = forms.IntegerField(
        label="Character limit (optional)",
        required=False,
        min_value=1,
        max_value=20000,
        help_text="For free text and ward feedback questions, for example 1000.",
        error_messages={
            "invalid": "The character limit must be a whole number, like 1000",
            "min_value": "The character limit must be 1 or more",
            "max_value": "The character limit must be 20,000 or fewer",
        },
    )

    def option_lines(self) -> list[str]:
        return (self.cleaned_data.get("options") or "").splitlines()


class DocumentForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the document's title"})
    file = forms.FileField(
        label="File",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_hint()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why are you closing the consultation early?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the consultation's history.",
        error_messages={"required": "Say why the consultation is closing early"},
    )


class ReportForm(forms.Form):
    outcome = forms.CharField(
        label="You said, we did (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What changed because of members' responses. You can publish this later instead.",
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="You said, we did",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What changed because of members' responses. Respondents are told when you publish it.",
        error_messages={"required": "Enter what changed because of members' responses"},
    )


class ShareForm(forms.Form):
    person = PersonField(
        queryset=None,
        label="Officer",
        empty_label="Choose an officer",
        help_text="They can manage the consultation and see individual responses.",
        error_messages={"required": "Select an officer", "invalid_choice": "Select an officer from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = officers()


class ReminderTimesForm(forms.Form):
    days = forms.CharField(
        label="Days before closing",
        help_text="Separate with commas, for example 7, 2, 0. 0 means the closing day itself.",
        max_length=40,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the days before closing to remind members, like 7, 2, 0"},
    )
    time_of_day = forms.TimeField(
        label="Time of day (UK time)",
        help_text="Use the 24-hour clock, for example 08:00.",
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the time of day, like 08:00",
            "invalid": "Enter the time of day on the 24-hour clock, like 08:00",
        },
    )

    def clean_days(self) -> list[int]:
        text = self.cleaned_data["days"]
        parts = [part for part in re.split(r"[\s,]+", text) if part]
        if not parts or not all(part.isdigit() for part in parts):
            raise forms.ValidationError("Enter whole numbers of days, separated by commas, like 7, 2, 0")
        return [int(part) for part in parts]
