"""Priorities: the schedule of reviews in priority order (the commissioning home page), each
review's priority assessment, and the council-wide weights of the criteria.

Everyone signed in reads the schedule and the assessments (members are commissioning's critical
friend); those who may edit a review assess its priority; only Administrators set the weights.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.errors import RuleError
from council.forms import form_error, posted, submit
from council.page_cache import private_page
from council.pagination import page_of

from .. import access
from ..forms.priorities import PriorityForm, ScheduleFilterForm, WeightsForm
from ..models import MAX_SCORE, OPEN_STATUSES, Review
from ..selectors import priorities as selectors
from ..services import priorities as services

FILTERS = ("stage", "directorate", "rag", "owner", "portfolio", "status", "sort")


@require_GET
@private_page
def review_list(request):
    """The schedule of reviews, across the full width of the screen: open reviews by rank, the ones
    not yet assessed after them, completed and stopped reviews (no rank) in a table of their own;
    filtered and sorted by a GET form, so it works without JavaScript."""
    permissions.require(request.user, "commissioning.view_review")
    choices = {
        "portfolios": selectors.filter_portfolios(),
        "directorates": selectors.filter_directorates(),
        "owners": selectors.filter_owners(),
    }
    asked = ScheduleFilterForm(request.GET, **choices)
    asked.is_valid()  # a value that is not a choice (an old link) is ignored, not an error
    chosen = {name: asked.cleaned_data.get(name) for name in FILTERS if asked.cleaned_data.get(name)}
    schedule = selectors.schedule(request.user, **chosen)
    return render(
        request,
        "commissioning/schedule.html",
        {
            "schedule": schedule,
            # Completed and stopped reviews are the archive: a page of them (totals are the group's).
            "closed": page_of(request, schedule.closed.rows),
            "filter_form": ScheduleFilterForm(initial=chosen, **choices),
            "filtered": bool(set(chosen) - {"sort"}),
            "criteria": selectors.criterion_weights(),
            "create_url": reverse("commissioning:review-add") if access.can_create(request.user) else None,
            "can_set_weights": access.can_set_weights(request.user),
        },
    )


def _viewable_review(request, pk) -> Review:
    return permissions.get_permitted_or_404(
        request.user, Review.objects.select_related("programme_board"), "commissioning.view_review", pk=pk
    )


def _rank_text(review, assessment, ranking) -> str:
    if assessment is None:
        return "Not yet assessed"
    if review.status not in OPEN_STATUSES:
        return f"Not ranked: the review is {review.get_status_display().lower()}"
    rank = ranking.rank_of(assessment.score)
    joint = " (joint)" if ranking.is_joint(assessment.score) else ""
    return f"Ranked {rank}{joint} of {ranking.total}"


@require_GET
def review_priority(request, pk):
    review = _viewable_review(request, pk)
    assessment = selectors.assessment_of(review)
    rows = selectors.criterion_rows(assessment)
    weights = sum(row.weight for row in rows)
    points = sum(row.weight * row.score.score for row in rows if row.score)
    return render(
        request,
        "commissioning/review/priority.html",
        {
            "review": review,
            "section": "priority",
            "assessment": assessment,
            "rows": rows,
            "total_weight": weights,
            "points": points,
            "most_points": weights * MAX_SCORE,
            "rank_text": _rank_text(review, assessment, selectors.ranking()),
            "can_edit": access.can_edit(request.user, review),
        },
    )


@require_http_methods(["GET", "POST"])
def review_priority_edit(request, pk):
    """Assess a review's priority, or re-score it (with a reason). For those who may edit the review:
    commissioning officers, Administrators and the review's programme board."""
    # Everyone signed in reads the review, so one they may not change is refused (403), as on its other pages.
    review = _viewable_review(request, pk)
    if not access.can_edit(request.user, review):
        raise PermissionDenied
    assessment = selectors.assessment_of(review)
    criteria = selectors.criterion_weights()
    initial = {}
    if assessment is not None:
        initial["summary"] = assessment.summary
        for row in assessment.scores.all():
            initial[f"{row.criterion}_score"] = row.score
            initial[f"{row.criterion}_rationale"] = row.rationale
    form = PriorityForm(posted(request), initial=initial, criteria=criteria, rescoring=assessment is not None)
    if response := submit(
        request,
        form,
        lambda: services.priority_assess(
            review=review,
            scores=form.scores(),
            rationales=form.rationales(),
            summary=form.cleaned_data["summary"],
            reason=form.cleaned_data.get("reason", ""),
            by=request.user,
        ),
        done=lambda saved: (
            f"Priority saved: a score of {saved.score} out of 100. {_rank_text(review, saved, selectors.ranking())}."
        ),
        to=reverse("commissioning:review-priority", args=[review.pk]),
    ):
        return response
    priority_url = reverse("commissioning:review-priority", args=[review.pk])
    return render(
        request,
        "commissioning/review/priority_form.html",
        {
            "form": form,
            "review": review,
            "title": "Re-score the priority" if assessment else "Assess the priority",
            "caption": str(review),
            "button": "Save the priority",
            "cancel_url": priority_url,
            "back_url": priority_url,
            "back_text": "Back to the priority",
        },
    )


@require_http_methods(["GET", "POST"])
def weights(request):
    """The council-wide weights of the criteria (Administrators). A change re-scores every review."""
    if not access.can_set_weights(request.user):
        raise PermissionDenied
    criteria = selectors.criterion_weights()
    initial = {}
    for row in criteria:
        initial[f"{row.criterion}_weight"] = row.weight
        initial[f"{row.criterion}_guidance"] = row.guidance
    form = WeightsForm(posted(request), initial=initial, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.weights_set(
                weights=form.weights(), guidance=form.guidance(), reason=form.cleaned_data["reason"], by=request.user
            )
        except RuleError as error:
            form_error(form, error)
        else:
            if not result.changed:
                messages.info(request, "Nothing was changed: the weights and guidance are as they were.")
            else:
                scores = "1 review's score" if result.rescored == 1 else f"{result.rescored} reviews' scores"
                messages.success(request, f"Weights saved. {scores} changed with them.")
            return redirect("commissioning:weights")
    return render(
        request,
        "commissioning/weights.html",
        {
            "form": form,
            "criteria": criteria,
            "total_weight": sum(row.weight for row in criteria),
            "title": "Priority criteria and weights",
            "caption": "Commissioning",
            "button": "Save the weights",
            "cancel_url": reverse("commissioning:review-list"),
            "back_url": reverse("commissioning:review-list"),
            "back_text": "Back to commissioning reviews",
        },
    )
