"""Decision makers: everyone reads who takes executive decisions; Democratic Services add them."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.forms import posted, submit

from .. import access
from ..forms.decisions import DecisionMakerForm
from ..models import DecisionMaker
from ..services import decision_makers as services


@permissions.public
@require_GET
def decision_maker_list(request):
    return render(
        request,
        "executive/decision_maker_list.html",
        {
            "makers": DecisionMaker.objects.active().with_names(),
            "can_add": access.can_manage_decision_makers(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def decision_maker_add(request):
    if not access.can_manage_decision_makers(request.user):
        raise PermissionDenied
    form = DecisionMakerForm(posted(request))
    back = reverse("executive:decision-maker-list")
    if response := submit(
        request,
        form,
        lambda: services.decision_maker_add(by=request.user, **form.cleaned_data),
        done=lambda maker: f"{maker} added as a decision maker.",
        to=back,
    ):
        return response
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Add a decision maker",
            "caption": "Executive decisions",
            "button": "Add",
            "back_url": back,
            "cancel_url": back,
        },
    )
