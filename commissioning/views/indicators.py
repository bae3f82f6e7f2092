"""Commissioning pages: a review's outcomes and performance indicators, their actuals and charts.

Everyone who may read a review reads its indicators; those who may edit the review (commissioning
officers, Administrators, its programme board) add and change them and record actuals.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.forms import posted, submit

from .. import access
from ..forms.indicators import ActualForm, IndicatorForm
from ..models import Indicator, IndicatorActual, Review
from ..selectors import indicators as selectors
from ..services import indicators as services


def _review(request, pk) -> Review:
    return permissions.get_permitted_or_404(request.user, Review.objects.all(), "commissioning.view_review", pk=pk)


def _indicator(request, pk) -> Indicator:
    """An indicator of a review the person may see, fetched through those reviews: one of any other
    review is not found; a person who may see no review gets the 403 page."""
    reviews = permissions.permitted(request.user, Review.objects.all(), "commissioning.view_review")
    if not reviews.exists():
        raise PermissionDenied
    indicators = Indicator.objects.filter(review__in=reviews).select_related("review", "monitored_by")
    return get_object_or_404(indicators, pk=pk)


def _require_edit(request, review: Review) -> None:
    if not access.can_edit(request.user, review):
        raise PermissionDenied


def _form_page(request, review, form, *, title, button, back_url):
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": str(review),
            "button": button,
            "back_url": back_url,
            "back_text": "Back",
            "cancel_url": back_url,
        },
    )


@require_GET
def review_indicators(request, pk):
    review = _review(request, pk)
    return render(
        request,
        "commissioning/review/indicators.html",
        {
            "review": review,
            "section": "indicators",
            "rows": selectors.review_indicator_rows(review),
            "can_edit": access.can_edit(request.user, review),
        },
    )


@require_GET
def indicator_detail(request, pk):
    indicator = _indicator(request, pk)
    row = selectors.indicator_row(indicator)
    return render(
        request,
        "commissioning/indicator_detail.html",
        {
            "review": indicator.review,
            "section": "indicators",
            "row": row,
            "indicator": indicator,
            "chart": selectors.indicator_chart(row),
            "can_edit": access.can_edit(request.user, indicator.review),
            "can_view_history": permissions.can(request.user, "commissioning.view_indicator"),
        },
    )


def _indicator_fields(data: dict) -> dict:
    return {name: data[name] for name in IndicatorForm.base_fields}


@require_http_methods(["GET", "POST"])
def indicator_add(request, pk):
    review = _review(request, pk)
    _require_edit(request, review)
    form = IndicatorForm(posted(request), committees=selectors.monitoring_committees(), initial={"tolerance": "0"})
    if response := submit(
        request,
        form,
        lambda: services.indicator_add(review=review, by=request.user, **_indicator_fields(form.cleaned_data)),
        done=lambda indicator: f"Indicator “{indicator.name}” added.",
    ):
        return response
    back = reverse("commissioning:review-indicators", args=[review.pk])
    return _form_page(request, review, form, title="Add an indicator", button="Add indicator", back_url=back)


@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk):
    indicator = _indicator(request, pk)
    _require_edit(request, indicator.review)
    initial = {name: getattr(indicator, name) for name in IndicatorForm.base_fields}
    form = IndicatorForm(posted(request), committees=selectors.monitoring_committees(), initial=initial)
    if response := submit(
        request,
        form,
        lambda: services.indicator_update(indicator=indicator, by=request.user, **_indicator_fields(form.cleaned_data)),
        done="Indicator saved.",
        to=indicator,
    ):
        return response
    return _form_page(
        request,
        indicator.review,
        form,
        title=f"Change: {indicator.name}",
        button="Save indicator",
        back_url=indicator.get_absolute_url(),
    )


def _actual_page(request, indicator, form, action, *, done, title, button):
    """An actual's form: a valid post records it (``action``) and goes back to the indicator."""
    if response := submit(
        request, form, action, done=lambda _: f"Actual for {form.cleaned_data['period_label']} {done}.", to=indicator
    ):
        return response
    return _form_page(
        request, indicator.review, form, title=title, button=button, back_url=indicator.get_absolute_url()
    )


@require_http_methods(["GET", "POST"])
def actual_add(request, pk):
    indicator = _indicator(request, pk)
    _require_edit(request, indicator.review)
    form = ActualForm(posted(request))
    return _actual_page(
        request,
        indicator,
        form,
        lambda: services.actual_add(indicator=indicator, by=request.user, **form.cleaned_data),
        done="recorded",
        title=f"Record an actual: {indicator.name}",
        button="Record actual",
    )


@require_http_methods(["GET", "POST"])
def actual_edit(request, pk, actual_pk):
    indicator = _indicator(request, pk)
    _require_edit(request, indicator.review)
    actual = get_object_or_404(IndicatorActual, pk=actual_pk, indicator=indicator)
    initial = {name: getattr(actual, name) for name in ActualForm.base_fields}
    form = ActualForm(posted(request), initial=initial)
    return _actual_page(
        request,
        indicator,
        form,
        lambda: services.actual_update(actual=actual, by=request.user, **form.cleaned_data),
        done="saved",
        title=f"Change the actual for {actual.period_label}: {indicator.name}",
        button="Save actual",
    )
