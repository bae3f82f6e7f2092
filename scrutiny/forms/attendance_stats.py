"""The period of the attendance statistics: from and to, the current municipal year unless chosen."""

from django import forms

from council.forms import DateInput

from ..selectors.attendance_stats import Period

#: A period longer than this is refused: the figures are for a term of office or a few, not all time.
LONGEST_DAYS = 366 * 12


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput,
        error_messages={"invalid": f"The {label.lower()} date must be a real date, like 2025-05-01"},
    )


class PeriodForm(forms.Form):
    """A GET form: an empty form means the current municipal year; a bad date is shown in the GOV.UK
    error pattern with what was typed kept, and the default period is shown meanwhile."""

    start = _date_field("From")
    end = _date_field("To")

    def __init__(self, data=None, *, default: Period):
        bound = data if data is not None and {"start", "end"} & set(data) else None
        super().__init__(bound, initial={"start": default.start, "end": default.end})
        self.default = default

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The to date must be the same as or after the from date")
        elif start and end and (end - start).days > LONGEST_DAYS:
            self.add_error("end", "Choose a period of 12 years or less")
        return data

    @property
    def period(self) -> Period:
        if not self.is_bound or not self.is_valid():
            return self.default
        return Period(self.cleaned_data["start"] or self.default.start, self.cleaned_data["end"] or self.default.end)
