"""Forms for setting up the council's own data: wards, parties, councillors, officers, portfolios.

The rules (unique names, ONS codes, term dates, photos) are the services'; they report them on these
fields, so each form only parses what was typed."""

from django import forms
from django.utils import timezone

from council.forms import DateInput

from ..models import Member, Party, Portfolio, Ward
from .memberships import _date_field


def _text(label, *, required=True, max_length=150, help_text="", required_message=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": required_message or f"Enter the {label.lower()}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _email(label, *, required=True, help_text=""):
    return forms.EmailField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class _Plain(forms.ModelForm):
    def validate_unique(self):
        # Unique names and codes are rules of the services, reported in words.
        pass


class WardForm(_Plain):
    class Meta:
        model = Ward
        fields = ["name", "code"]
        error_messages = {"name": {"required": "Enter the ward's name"}}
        help_texts = {"code": "The Office for National Statistics code, for example E05012345. Leave empty if unknown."}


class PartyForm(_Plain):
    class Meta:
        model = Party
        fields = ["name", "abbreviation", "group_name"]
        error_messages = {"name": {"required": "Enter the party's name"}}


class RetireForm(forms.Form):
    retired_on = forms.DateField(
        label="Retired from",
        help_text="From this day it is no longer offered. Its records are kept",
        widget=DateInput,
        error_messages={"required": "Enter the day it is retired from", "invalid": "The day must be a real date"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"retired_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CouncillorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.user.get_full_name()} ({member.ward})"


class CouncillorForm(forms.Form):
    """A councillor's details; on adding, also the person who signs in (``with_person``)."""

    title = _text("Title", required=False, max_length=50, help_text="Optional, for example Dr")
    first_name = _text("First name", max_length=150, required_message="Enter their first name")
    last_name = _text("Last name", max_length=150, required_message="Enter their last name")
    email = _email("Email address", help_text="They sign in with it, and are sent a link to choose a password")
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.none(),
        label="Ward",
        empty_label="Choose a ward",
        error_messages={"required": "Select the ward", "invalid_choice": "Select a ward from the list"},
    )
    party = forms.ModelChoiceField(
        queryset=Party.objects.none(),
        label="Party",
        required=False,
        empty_label="Independent",
        error_messages={"invalid_choice": "Select a party from the list"},
    )
    elected_on = _date_field("Elected on", required=False, help_text="The day of the poll")
    term_starts_on = _date_field("Term starts on", required=False, help_text="Usually the fourth day after the poll")
    term_ends_on = _date_field(
        "Term ends on", required=False, help_text="Usually the fourth day after the next ordinary election"
    )
    public_email = _email(
        "Public email address",
        required=False,
        help_text="Shown on the public pages instead of the email address they sign in with",
    )
    phone = _text("Telephone", required=False, max_length=30, help_text="Shown on the public pages")
    postal_address = forms.CharField(
        label="Postal address", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on the public pages",
    )  # fmt: skip
    photo = forms.FileField(
        label="Photo",
        required=False,
        help_text="A JPG or PNG photo smaller than 5 MB",
        error_messages={"empty": "The selected file is empty"},
    )
    photo_alt = _text(
        "Photo description",
        required=False,
        max_length=250,
        help_text="What the photo shows, for people who cannot see it. Needed with a photo",
    )
    remove_photo = forms.BooleanField(label="Remove the photo", required=False)
    is_public = forms.BooleanField(
        label="Show on the public pages",
        required=False,
        initial=True,
        help_text="Serving councillors are normally shown",
    )

    _PERSON = ("title", "first_name", "last_name", "email")
    DETAILS = (
        "ward",
        "party",
        "elected_on",
        "term_starts_on",
        "term_ends_on",
        "public_email",
        "phone",
        "postal_address",
        "photo_alt",
        "is_public",
    )

    def __init__(self, *args, member: Member | None = None, **kwargs):
        if member is not None:
            kwargs.setdefault("initial", {name: getattr(member, name) for name in self.DETAILS})
            kwargs["initial"].update(
                title=member.user.title, first_name=member.user.first_name, last_name=member.user.last_name
            )
        super().__init__(*args, **kwargs)
        # Retired wards and parties are not offered, except the one a councillor already has.
        wards, parties = Ward.objects.in_use(), Party.objects.in_use()
        if member is not None:
            wards = Ward.objects.filter(pk__in=wards.values("pk")) | Ward.objects.filter(pk=member.ward_id)
            parties = Party.objects.filter(pk__in=parties.values("pk")) | Party.objects.filter(pk=member.party_id)
            del self.fields["email"]  # the sign-in is the person's, changed by an Administrator
            if not member.photo:
                del self.fields["remove_photo"]
        else:
            del self.fields["remove_photo"]
        self.fields["ward"].queryset = wards.order_by("name")
        self.fields["party"].queryset = parties.order_by("name")

    def person(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._PERSON if name in self.cleaned_data}

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.DETAILS}


class OfficerForm(forms.Form):
    title = _text("Title", required=False, max_length=50, help_text="Optional")
    first_name = _text("First name", max_length=150, required_message="Enter their first name")
    last_name = _text("Last name", max_length=150, required_message="Enter their last name")
    email = _email(
        "Email address",
        help_text="They sign in with it. Someone new is sent a link to choose a password",
    )
    job_title = _text("Job title", required_message="Enter their job title")
    directorate = _text("Directorate", required=False)
    phone = _text("Telephone", required=False, max_length=30)

    DETAILS = ("job_title", "directorate", "phone")

    def __init__(self, *args, officer=None, **kwargs):
        if officer is not None:
            kwargs.setdefault("initial", {name: getattr(officer, name) for name in self.DETAILS})
        super().__init__(*args, **kwargs)
        if officer is not None:
            for name in ("title", "first_name", "last_name", "email"):
                del self.fields[name]

    def person(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "first_name", "last_name", "email")}

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.DETAILS}


class PortfolioForm(_Plain):
    cabinet_member = CouncillorChoiceField(
        queryset=Member.objects.none(),
        label="Cabinet Member",
        required=False,
        empty_label="Not held at present",
        help_text="A serving councillor",
        error_messages={"invalid_choice": "Select a serving councillor"},
    )

    class Meta:
        model = Portfolio
        fields = ["title", "responsibilities", "cabinet_member"]
        error_messages = {"title": {"required": "Enter the portfolio's title"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = Member.objects.current()
        if self.instance.cabinet_member_id:
            current = Member.objects.filter(pk__in=current.values("pk")) | Member.objects.filter(
                pk=self.instance.cabinet_member_id
            )
        self.fields["cabinet_member"].queryset = current.select_related("user", "ward").order_by(
            "user__last_name", "user__first_name"
        )


__all__ = ["CouncillorForm", "OfficerForm", "PartyForm", "PortfolioForm", "RetireForm", "WardForm"]
