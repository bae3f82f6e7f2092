"""The thread from a review to the executive: drafting a forward plan entry from a review. The
review's overview and timeline show the thread (``selectors.decisions``)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from council.forms import posted, submit
from executive import access as executive_access
from executive.forms.forward_plan import EntryForm
from executive.models import EntryStatus

from .. import access
from ..forms.decisions import WorkPlanEntryForm
from ..models import WorkPlanVersion
from ..selectors import decisions as selectors
from ..selectors import reviews as review_selectors
from ..services import decisions as services
from .reviews import _form_page


@require_http_methods(["GET", "POST"])
def review_entry_add(request, pk):
    """The executive's entry form, filled in from the review; what was typed is kept on an error."""
    review = review_selectors.review_for_page(request.user, pk)
    if not services.may_draft_entry(request.user, review):
        raise PermissionDenied
    form = EntryForm(posted(request), initial=selectors.entry_prefill(review))

    def draft():
        data = dict(form.cleaned_data)
        return services.review_entry_draft(review=review, by=request.user, wards=data.pop("wards"), **data)

    if response := submit(
        request,
        form,
        draft,
        done=lambda link: (
            f"“{link.entry.title}” drafted for the forward plan: {link.entry.get_key_reason_display().lower()}."
        ),
        to=lambda link: review.get_absolute_url() + "#decisions",
    ):
        return response
    return _form_page(
        request,
        review,
        form,
        title="Draft a forward plan entry",
        button="Draft the entry",
        intro="Filled in from the review: check each answer. Democratic Services publish it in the forward plan; "
        "a key decision may be taken 28 clear days after that.",
    )


@require_http_methods(["GET", "POST"])
def workplan_forward_plan_entry(request, number):
    """Name the forward plan entry under which Cabinet will approve a draft version."""
    if not access.can_manage_work_plan(request.user):
        raise PermissionDenied
    version = get_object_or_404(WorkPlanVersion, number=number)
    entries = executive_access.entries_visible(request.user).filter(
        status__in=(EntryStatus.DRAFT, EntryStatus.PUBLISHED)
    )
    form = WorkPlanEntryForm(posted(request), entries=entries, initial={"entry": version.forward_plan_entry_id})
    if response := submit(
        request,
        form,
        lambda: services.workplan_entry_link(version=version, entry=form.cleaned_data["entry"], by=request.user),
        done="The forward plan entry of the version has been saved.",
        to=version,
    ):
        return response
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "The forward plan entry Cabinet approves it under",
            "caption": str(version),
            "button": "Save",
            "back_url": version.get_absolute_url(),
            "cancel_url": version.get_absolute_url(),
        },
    )
