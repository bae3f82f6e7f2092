"""The owner's reminder pages: every email of a consultation and what became of it, retrying one
that was not sent, an ad-hoc reminder to members who have not responded, and the reminder times.

Who: the consultation's managers (``access.can_manage``). Someone who may consult but does not
manage this consultation does not find it (404); anyone else is refused (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from council.errors import RuleError
from council.forms import form_error, posted

from ...models import (
    DEFAULT_REMINDER_DAYS,
    DEFAULT_REMINDER_TIME,
    MAX_ATTEMPTS,
    Consultation,
    ConsultationState,
    Reminder,
)
from .. import access
from ..forms.owner import ReminderTimesForm
from ..selectors import reminders as selectors
from ..services import reminders


def managed_consultation(request, pk) -> Consultation:
    consultation = get_object_or_404(Consultation.objects.select_related("owner"), pk=pk)
    if access.can_manage(request.user, consultation):
        return consultation
    if access.can_consult(request.user):
        raise Http404("No consultation of yours")
    raise PermissionDenied


def _reminders_url(consultation) -> str:
    return reverse("members:consultation-reminders", args=[consultation.pk])


@require_GET
def consultation_reminders(request, pk):
    consultation = managed_consultation(request, pk)
    failed = selectors.emails_failed(consultation)
    return render(
        request,
        "members/consultations/reminders.html",
        {
            "consultation": consultation,
            "groups": selectors.emails_by_kind(consultation),
            "not_sent": [row for row in failed if row.gave_up],
            "retrying": [row for row in failed if not row.gave_up],
            "page": selectors.emails_page(consultation, request.GET.get("page")),
            "times": selectors.reminder_times_in_words(consultation),
            "can_change_times": consultation.state == ConsultationState.DRAFT,
            "can_remind": consultation.state == ConsultationState.OPEN,
            "max_attempts": MAX_ATTEMPTS,
        },
    )


@require_POST
def consultation_remind(request, pk):
    consultation = managed_consultation(request, pk)
    try:
        count = reminders.plan_adhoc(consultation, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        members = "member who has" if count == 1 else "members who have"
        messages.success(request, f"Reminder queued for {count} {members} not responded.")
    return redirect(_reminders_url(consultation))


@require_POST
def reminder_retry(request, pk, reminder_pk):
    consultation = managed_consultation(request, pk)
    row = get_object_or_404(Reminder.objects.select_related("member__user"), pk=reminder_pk, consultation=consultation)
    try:
        reminders.retry(row, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The email to {row.member.user.get_full_name()} will be tried again now.")
    return redirect(_reminders_url(consultation))


@require_http_methods(["GET", "POST"])
def consultation_reminder_times(request, pk):
    consultation = managed_consultation(request, pk)
    times = selectors.reminder_times(consultation)
    initial = {
        "days": ", ".join(str(days) for days, _ in times) or ", ".join(map(str, DEFAULT_REMINDER_DAYS)),
        "time_of_day": times[0][1] if times else DEFAULT_REMINDER_TIME,
    }
    form = ReminderTimesForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reminders.set_reminder_times(
                consultation, form.cleaned_data["days"], form.cleaned_data["time_of_day"], by=request.user
            )
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Reminder times saved.")
            return redirect(_reminders_url(consultation))
    return render(
        request,
        "members/consultations/reminders_times.html",
        {
            "form": form,
            "consultation": consultation,
            "title": "Reminder times",
            "caption": consultation.title,
            "button": "Save reminder times",
            "back_url": _reminders_url(consultation),
            "back_text": "Back to the reminders",
            "cancel_url": _reminders_url(consultation),
            "intro": (
                "Members who have not responded are reminded by email on these days before the consultation "
                "closes, at this time. Times are in UK time, and stay the same on the clock when the clocks change."
            ),
        },
    )
