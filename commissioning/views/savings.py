"""Commissioning pages: savings realisation.

Who answers for each saving claimed in the budget: its lines by review and financial year, each
with a named accountable owner who updates the figures monthly; finance officers sign savings off
as delivered. Every signed-in person reads savings (members are the critical friend); changing
them is for the roles and people ``commissioning.access`` names.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.exports import csv_response
from council.forms import posted, submit
from council.history import timeline

from .. import access
from ..forms.savings import SavingAddForm, SavingFilterForm, SavingReopenForm, SavingSignOffForm, SavingUpdateForm
from ..models import SavingStatus
from ..models.savings import financial_year_of
from ..selectors import savings as selectors
from ..services import savings as services


def _form_page(request, form, *, title, button, line=None, review=None, extra=None):
    review = review or line.review
    back = line.get_absolute_url() if line else _review_savings_url(review)
    context = {
        "form": form,
        "title": title,
        "button": button,
        "line": line,
        "review": review,
        "caption": f"{line.budget_reference} {line.financial_year_label}: {line.description}" if line else review.title,
        "back_url": back,
        "back_text": "Back to the saving" if line else "Back to the review's savings",
        "cancel_url": back,
    }
    return render(request, "commissioning/saving_form.html", context | (extra or {}))


def _review_savings_url(review) -> str:
    return reverse("commissioning:review-savings", args=[review.pk])


def _refused(request, line, action: str, conflict: str | None):
    """Say why, in the 403 page: a finance officer who owns a saving, or entered its realised
    figure, may well expect to sign it off (separation of duties, ``access.sign_off_conflict``)."""
    return render(
        request,
        "commissioning/saving_signoff_refused.html",
        {"line": line, "action": action, "conflict": conflict, "is_owner": line.owner_id == request.user.pk},
        status=403,
    )


@require_GET
def review_savings(request, pk):
    review = selectors.visible_review_or_404(request.user, pk)
    permissions.require(request.user, "commissioning.view_savingline")
    context = selectors.review_savings(request.user, review)
    return render(request, "commissioning/review/savings.html", {"review": review, "section": "savings", **context})


@require_http_methods(["GET", "POST"])
def saving_add(request, pk):
    review = selectors.visible_review_or_404(request.user, pk)
    if not access.can_add_saving(request.user, review):
        raise PermissionDenied
    form = SavingAddForm(
        posted(request),
        years=selectors.years_to_claim(),
        people=selectors.possible_owners(),
        initial={"financial_year": financial_year_of(timezone.localdate())},
    )
    if response := submit(
        request,
        form,
        lambda: services.saving_add(review=review, by=request.user, **form.cleaned_data),
        done=lambda line: (
            f"Saving {line.budget_reference} ({line.financial_year_label}) added. {line.owner} is accountable for it."
        ),
        to=_review_savings_url(review),
    ):
        return response
    return _form_page(request, form, title="Add a saving", button="Add saving", review=review)


@require_GET
def saving_detail(request, pk):
    line = selectors.visible_line_or_404(request.user, pk)
    user = request.user
    return render(
        request,
        "commissioning/saving_detail.html",
        {
            "line": line,
            "review": line.review,
            "entries": timeline(line),
            "update_due": line.is_update_due(timezone.localdate()),
            "can_update": line.status != SavingStatus.DELIVERED and access.can_update_saving(user, line),
            "can_sign_off": line.is_open and access.can_sign_off(user, line),
            "can_reopen": line.status == SavingStatus.DELIVERED and access.can_reopen(user, line),
        },
    )


def _updated_message(line) -> str:
    """The confirmation names the status the saving now has, and why when the figures set it."""
    status = line.get_status_display().lower()
    if line.status_override_reason:
        return f"Figures updated. The saving is {status}, set by hand: {line.status_override_reason}"
    if line.status == SavingStatus.AT_RISK and line.is_beyond_tolerance:
        return f"Figures updated. The saving is {status}: {services.beyond_tolerance_phrase()}."
    return f"Figures updated. The saving is {status}."


@require_http_methods(["GET", "POST"])
def saving_edit(request, pk):
    line = selectors.visible_line_or_404(request.user, pk)
    if not access.can_update_saving(request.user, line):
        raise PermissionDenied
    if line.status == SavingStatus.DELIVERED:
        messages.error(request, services.delivered_message(line))
        return redirect(line)
    form = SavingUpdateForm(
        posted(request),
        initial={
            "forecast": line.forecast,
            "realised": line.realised,
            "status": line.status,
            "override_reason": line.status_override_reason,
            "evidence": line.evidence,
        },
    )
    if response := submit(
        request,
        form,
        lambda: services.saving_update_figures(line=line, by=request.user, **form.cleaned_data),
        done=_updated_message,
        to=line,
    ):
        return response
    return _form_page(request, form, title="Update the figures", button="Save figures", line=line)


@require_http_methods(["GET", "POST"])
def saving_signoff(request, pk):
    line = selectors.visible_line_or_404(request.user, pk)
    if not access.can_sign_off(request.user, line):
        return _refused(request, line, "sign off", access.sign_off_conflict(request.user, line))
    if not line.is_open:
        messages.error(request, f"This saving is {line.get_status_display().lower()}, so it cannot be signed off.")
        return redirect(line)
    form = SavingSignOffForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: services.saving_sign_off(line=line, by=request.user, **form.cleaned_data),
        done="Saving signed off as delivered.",
        to=line,
    ):
        return response
    return _form_page(
        request, form, title="Sign off the saving as delivered", button="Sign off", line=line, extra={"signoff": True}
    )


@require_http_methods(["GET", "POST"])
def saving_reopen(request, pk):
    line = selectors.visible_line_or_404(request.user, pk)
    permissions.require(request.user, "commissioning.signoff_savingline")
    if not access.can_reopen(request.user, line):
        return _refused(request, line, "reopen", access.reopen_conflict(request.user, line))
    if line.status != SavingStatus.DELIVERED:
        messages.error(request, "Only a saving signed off as delivered can be reopened.")
        return redirect(line)
    form = SavingReopenForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: services.saving_reopen(line=line, by=request.user, **form.cleaned_data),
        done="Saving reopened. Its owner can update the figures again.",
        to=line,
    ):
        return response
    return _form_page(
        request, form, title="Reopen the saving", button="Reopen saving", line=line, extra={"danger": True}
    )


def _overview_filters(request):
    permissions.require(request.user, "commissioning.view_savingline")
    choices = selectors.filter_choices()
    form = SavingFilterForm(request.GET or None, **choices)
    return form, form.chosen(), choices


@require_GET
def savings(request):
    form, filters, choices = _overview_filters(request)
    data = selectors.overview(filters, choices["portfolios"], request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)  # the spreadsheet has every line the filters choose, not one page
    return render(
        request,
        "commissioning/savings.html",
        {"form": form, "overview": data, "filters": filters, "query": query.urlencode(), **choices},
    )


@require_GET
def savings_csv(request):
    _, filters, _ = _overview_filters(request)
    header = [
        "Financial year",
        "Review",
        "Budget reference",
        "Description",
        "Claimed (£)",
        "Forecast (£)",
        "Realised (£)",
        "Gap (£)",
        "Status",
        "Accountable owner",
        "Figures last updated",
        "Signed off by",
    ]
    lines = selectors.overview_lines(filters).order_by("financial_year", "review__title", "budget_reference")
    # Amounts are numbers, in pounds and pence as stored (a gap is negative where more was realised).
    rows = (
        [
            line.financial_year_label,
            line.review.title,
            line.budget_reference,
            line.description,
            line.claimed,
            line.forecast,
            line.realised,
            line.gap,
            line.get_status_display(),
            line.owner.get_full_name(),
            line.updated_on.isoformat() if line.updated_on else "",
            line.signed_off_by.get_full_name() if line.signed_off_by else "",
        ]
        for line in lines
    )
    return csv_response(filename="savings.csv", header=header, rows=rows)


@require_GET
def my_savings(request):
    permissions.require(request.user, "commissioning.view_savingline")
    today = timezone.localdate()
    rows = selectors.my_savings(request.user, today)
    return render(
        request,
        "commissioning/savings_mine.html",
        {"lines": rows, "due": sum(1 for line in rows if line.update_due), "today": today},
    )
