"""Urgency agreements asked online: Democratic Services ask (and read every request), the person
asked answers, the Monitoring Officer reads them. Nobody else finds a request (not found)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from council.forms import posted, submit

from .. import access
from ..forms.urgency_requests import UrgencyAnswerForm, UrgencyAskForm
from ..selectors.urgency_requests import request_for_page
from ..services.urgency_requests import urgency_request_answer, urgency_request_ask


@require_http_methods(["GET", "POST"])
def urgency_request_ask_view(request):
    if not access.can_ask_urgency(request.user):
        raise PermissionDenied
    initial = {}
    if item := request.GET.get("item", "").strip():
        initial = {"purpose": "private_meeting", "item": item if item.isdigit() else None}
    form = UrgencyAskForm(posted(request), initial=initial)
    if response := submit(
        request,
        form,
        lambda: urgency_request_ask(by=request.user, **form.cleaned_data),
        done=lambda asked: f"{asked.asked_of.get_full_name()} is asked to agree, by email.",
    ):
        return response
    back = reverse("home")
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Ask for an urgency agreement",
            "caption": "Executive decisions",
            "intro": (
                "The chair of overview and scrutiny (or, when there is none, the Chair or Vice-Chair of Council) "
                "agrees online that a key decision cannot reasonably be deferred (special urgency, regulation 11), "
                "or that Cabinet business may be taken in private without the notices (regulation 5(6)). They are "
                "emailed, and answer on this product's page."
            ),
            "button": "Ask",
            "back_url": back,
            "cancel_url": back,
        },
    )


@require_GET
def urgency_request_detail(request, pk):
    asked = request_for_page(request.user, pk)
    return render(
        request,
        "executive/urgency/request_detail.html",
        {
            "asked": asked,
            "may_answer": asked.is_pending and access.can_answer_urgency(request.user, asked),
            "show_item": access.may_see_exempt_part(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def urgency_request_answer_view(request, pk):
    asked = request_for_page(request.user, pk)
    if not access.can_answer_urgency(request.user, asked):
        raise Http404
    form = UrgencyAnswerForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: urgency_request_answer(request=asked, by=request.user, **form.cleaned_data),
        done=lambda answered: f"Your answer is recorded: {answered.get_answer_display().lower()}.",
    ):
        return response
    return render(
        request,
        "executive/urgency/request_answer.html",
        {"asked": asked, "form": form, "back_url": asked.get_absolute_url()},
    )
