"""Marking a meeting of the Cabinet as a Cabinet Member's decision session (Democratic Services)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from council.forms import posted, submit

from .. import access
from ..models import DecisionMaker, DecisionMakerKind
from ..selectors.private_meetings import executive_meeting
from ..services.decision_sessions import decision_session_mark


class DecisionSessionForm(forms.Form):
    decision_maker = forms.ModelChoiceField(
        label="Cabinet Member taking the decisions",
        queryset=DecisionMaker.objects.none(),
        error_messages={"required": "Select the Cabinet Member's portfolio"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["decision_maker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = DecisionMaker.objects.active().with_names().filter(kind=DecisionMakerKind.CABINET_MEMBER)


@require_http_methods(["GET", "POST"])
def decision_session_mark_view(request, pk):
    if not access.can_record_decision(request.user):
        raise PermissionDenied
    meeting = executive_meeting(pk)
    form = DecisionSessionForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: decision_session_mark(meeting=meeting, by=request.user, **form.cleaned_data),
        done=lambda session: f"{meeting} is the decision session of the Cabinet Member for {session.decision_maker}.",
        to=reverse("executive:meeting-decisions", args=[meeting.pk]),
    ):
        return response
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Mark as a Cabinet Member decision session",
            "caption": str(meeting),
            "intro": (
                "The decisions recorded on this meeting's items will be the Cabinet Member's, for their portfolio, "
                "with every notice rule as for the Cabinet. Do this before recording any decision."
            ),
            "button": "Mark as their decision session",
            "back_url": meeting.get_absolute_url(),
            "cancel_url": meeting.get_absolute_url(),
        },
    )
