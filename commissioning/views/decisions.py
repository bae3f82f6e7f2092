"""The thread from a review to the executive: drafting a forward plan entry from a review. The
review's overview and timeline show the thread (``selectors.decisions``)."""

from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_http_methods

from council.forms import posted, submit
from executive.forms.forward_plan import EntryForm

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
