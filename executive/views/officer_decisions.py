"""Officer decisions: the public register and each record (reg 8), recording one (the officer who
took it, or Democratic Services on their behalf) and publishing it (Democratic Services)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.forms import posted, submit

from .. import access
from ..forms.officer_decisions import OfficerDecisionFilterForm, OfficerDecisionForm, PublishOfficerDecisionForm
from ..models import OfficerDecision
from ..selectors.officer_decisions import OfficerDecisionFilters, officer_decision_for_page, officer_decisions_page
from ..services import officer_decisions as services


def _filters(form: OfficerDecisionFilterForm) -> OfficerDecisionFilters:
    if not form.is_valid():
        return OfficerDecisionFilters()
    data = form.cleaned_data
    return OfficerDecisionFilters(
        decided_from=data["decided_from"],
        decided_to=data["decided_to"],
        officer=data["officer"].pk if data["officer"] else None,
        directorate=data["directorate"],
        keyword=data["keyword"],
    )


@permissions.public
@require_GET
def officer_decision_list(request):
    """The register. Measured: a fixed number of queries however many decisions (a test pins it)."""
    form = OfficerDecisionFilterForm(request.GET or None)
    return render(
        request,
        "executive/officer_decision_list.html",
        {
            "form": form,
            "page": officer_decisions_page(request.user, _filters(form), request.GET.get("page")),
            "can_record": access.can_record_officer_decision(request.user),
        },
    )


@permissions.public
@require_GET
def officer_decision_detail(request, pk):
    decision = officer_decision_for_page(request.user, pk)
    return render(
        request,
        "executive/officer_decision_detail.html",
        {
            "decision": decision,
            "show_exempt": access.may_see_officer_decision_exempt_part(request.user, decision),
            "can_publish": decision.published_on is None and access.can_publish_officer_decision(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def officer_decision_add(request):
    if not access.can_record_officer_decision(request.user):
        raise PermissionDenied
    choose_officer = access.may_record_any_officer_decision(request.user)
    form = OfficerDecisionForm(posted(request), choose_officer=choose_officer)
    back = reverse("executive:officer-decision-list")
    if response := submit(
        request,
        form,
        lambda: services.officer_decision_record(by=request.user, **form.cleaned_data),
        done=lambda d: f"Officer decision on “{d.title}” recorded. Democratic Services publish it.",
    ):
        return response
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Record an officer decision",
            "caption": "Officer decisions",
            "intro": (
                "The written record of a decision taken under delegation (the Openness of Local Government "
                "Bodies Regulations 2014, regulation 7). Anything exempt under Schedule 12A goes in the exempt "
                "part, with its paragraph: it is never published."
            ),
            "button": "Record the decision",
            "back_url": back,
            "cancel_url": back,
        },
    )


@require_http_methods(["GET", "POST"])
def officer_decision_publish(request, pk):
    if not access.can_publish_officer_decision(request.user):
        raise PermissionDenied
    decision = get_object_or_404(OfficerDecision, pk=pk)
    form = PublishOfficerDecisionForm(posted(request), initial={"published_on": timezone.localdate()})
    if response := submit(
        request,
        form,
        lambda: services.officer_decision_publish(
            decision=decision, by=request.user, on=form.cleaned_data["published_on"]
        ),
        done="Officer decision published.",
    ):
        return response
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Publish the officer decision",
            "caption": decision.title,
            "intro": "Once published the record, with its background papers, is open to the public for six years.",
            "button": "Publish",
            "back_url": decision.get_absolute_url(),
            "cancel_url": decision.get_absolute_url(),
        },
    )
