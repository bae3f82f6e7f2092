"""A review's stages and members' consultations: link one, unlink one.

Reading the links is part of the review's overview; linking is for those who may edit the review.
Only consultations the person may manage, or that have been opened to members, can be chosen.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from council.forms import posted, submit
from members.consultations import access as consultation_access
from members.models import Consultation, ConsultationState

from .. import access
from ..models import ENGAGEMENT_STAGES, Stage, StageConsultation
from ..selectors import reviews as selectors
from ..services import consultations as services


def _choosable(user):
    """Consultations the person runs or that are shared with them, and any that members can see
    (open, closed or reported); never someone else's draft."""
    return (
        Consultation.objects.filter(
            Q(pk__in=consultation_access.managed(user).values("pk")) | ~Q(state=ConsultationState.DRAFT)
        )
        .select_related("owner")
        .order_by("-opens_at", "title")
    )


class LinkForm(forms.Form):
    stage = forms.ChoiceField(
        label="Stage",
        choices=[(s, Stage(s).label) for s in ENGAGEMENT_STAGES],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage the consultation informs"},
    )
    consultation = forms.ModelChoiceField(
        label="Consultation",
        queryset=Consultation.objects.none(),
        empty_label="Choose a consultation",
        error_messages={
            "required": "Select the consultation",
            "invalid_choice": "Select a consultation from the list",
        },
    )

    def __init__(self, *args, user, review, **kwargs):
        kwargs.setdefault("initial", {"stage": review.stage if review.stage in ENGAGEMENT_STAGES else "analyse"})
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = _choosable(user)
        self.fields["consultation"].label_from_instance = lambda c: f"{c.title} ({c.get_state_display().lower()})"


@require_http_methods(["GET", "POST"])
def consultation_link(request, pk):
    review = selectors.review_for_page(request.user, pk)
    if not access.can_edit(request.user, review):
        raise PermissionDenied
    form = LinkForm(posted(request), user=request.user, review=review)
    if response := submit(
        request,
        form,
        lambda: services.stage_consultation_link(review=review, by=request.user, **form.cleaned_data),
        done="The consultation is linked to the review.",
        to=review.get_absolute_url() + "#engagement",
    ):
        return response
    return render(
        request,
        "commissioning/review/form.html",
        {
            "form": form,
            "review": review,
            "title": "Link a members’ consultation",
            "caption": review.title,
            "button": "Link consultation",
            "back_url": review.get_absolute_url(),
            "back_text": "Back to the review",
            "cancel_url": review.get_absolute_url(),
            "intro": "Members act as critical friend at the Analyse and Plan stages. Link the consultation "
            "that asks them about this review: its responses then count as members’ engagement at the gate.",
        },
    )


@require_POST
def consultation_unlink(request, pk, link_pk):
    review = selectors.review_for_page(request.user, pk)
    if not access.can_edit(request.user, review):
        raise PermissionDenied
    link = get_object_or_404(StageConsultation, pk=link_pk, review=review)
    services.stage_consultation_unlink(link=link, by=request.user)
    messages.success(request, f"{link.consultation} is no longer linked to the review.")
    return redirect(review.get_absolute_url() + "#engagement")
