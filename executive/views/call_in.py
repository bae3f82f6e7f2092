"""Call-in pages: a member calls a decision in (or adds their name); Democratic Services place the
call-in on an O&S meeting, record the committee's outcome and the response to a referral."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from council.forms import posted, submit

from .. import access
from ..forms.call_in import CallInOutcomeForm, CallInPlaceForm, CallInRequestForm, CallInResponseForm
from ..models import CallIn
from ..selectors.decisions import decision_for_page
from ..services import call_in as services


def _form_page(request, form, decision, *, title, intro, button):
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": decision.title,
            "intro": intro,
            "button": button,
            "back_url": decision.get_absolute_url(),
            "cancel_url": decision.get_absolute_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def call_in_request(request, pk):
    today = timezone.localdate()
    if not access.may_call_in(request.user, today):
        raise PermissionDenied
    decision = decision_for_page(request.user, pk)
    existing = decision.call_in_or_none is not None
    form = CallInRequestForm(posted(request), existing=existing)

    def call_in():
        data = form.cleaned_data
        return services.call_in_request(
            decision=decision,
            by=request.user,
            reasons=data["reasons"],
            outcome_sought=data["outcome_sought"],
            supports_reasons_given=data.get("supports_reasons_given", False),
            today=today,
        )

    if response := submit(
        request,
        form,
        call_in,
        done=lambda c: "Decision called in." if c.valid_on else "Your name is on the call-in request.",
    ):
        return response
    last_day = decision.call_in_ends_on
    return _form_page(
        request,
        form,
        decision,
        title="Add your name to the call-in" if existing else "Call in this decision",
        intro=(
            f"Members of overview and scrutiny may call in a decision until the end of {last_day:%A %-d %B %Y}. "
            if last_day
            else ""
        )
        + "The call-in is valid when the chair of an overview and scrutiny committee, or enough members, "
        "have put their names to it; the decision is then not implemented until the committee has considered it.",
        button="Add my name" if existing else "Call in this decision",
    )


def _managed_call_in(request, pk) -> CallIn:
    if not access.can_manage_call_in(request.user):
        raise PermissionDenied
    decision = decision_for_page(request.user, pk)
    return get_object_or_404(CallIn.objects.select_related("decision", "item__meeting"), decision=decision)


@require_http_methods(["GET", "POST"])
def call_in_place(request, pk):
    call_in = _managed_call_in(request, pk)
    today = timezone.localdate()
    form = CallInPlaceForm(posted(request), meetings=services.scrutiny_meetings_for(call_in, today))
    if response := submit(
        request,
        form,
        lambda: services.call_in_place(
            call_in=call_in, meeting=form.cleaned_data["meeting"], by=request.user, today=today, **form.urgency()
        ),
        done="Call-in placed on the agenda.",
    ):
        return response
    deadline = f"{call_in.consider_by:%-d %B %Y}" if call_in.consider_by else "the constitution's deadline"
    return _form_page(
        request,
        form,
        call_in.decision,
        title="Place the call-in on a meeting",
        intro=f"An overview and scrutiny committee must consider it at a meeting on or before {deadline}.",
        button="Add it to the agenda",
    )


@require_http_methods(["GET", "POST"])
def call_in_outcome(request, pk):
    call_in = _managed_call_in(request, pk)
    form = CallInOutcomeForm(posted(request), initial={"on": call_in.item.meeting.date if call_in.item else None})
    if response := submit(
        request,
        form,
        lambda: services.call_in_outcome_record(call_in=call_in, by=request.user, **form.cleaned_data),
        done="Outcome recorded.",
    ):
        return response
    return _form_page(
        request,
        form,
        call_in.decision,
        title="Record the outcome of the call-in",
        intro="Record what the committee resolved, on or after its meeting.",
        button="Record the outcome",
    )


@require_http_methods(["GET", "POST"])
def call_in_response(request, pk):
    call_in = _managed_call_in(request, pk)
    form = CallInResponseForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: services.call_in_response_record(call_in=call_in, by=request.user, **form.cleaned_data),
        done="Response recorded: the decision takes effect.",
    ):
        return response
    return _form_page(
        request,
        form,
        call_in.decision,
        title=f"Record the response of {call_in.responder}",
        intro="The decision takes effect on the day of the response.",
        button="Record the response",
    )
