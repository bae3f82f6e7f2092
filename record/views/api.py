"""The open API's pages for people: what each endpoint gives (``/api/``), and each person's own
tokens (``/api/tokens/``). The endpoints themselves are ``record.api``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from council import permissions
from council.errors import RuleError
from council.forms import form_error, posted

from .. import access
from ..api.views import ENDPOINTS
from ..forms.api_tokens import ApiTokenForm
from ..models import ApiToken
from ..selectors.api_tokens import tokens_of
from ..services.api_tokens import api_token_create, api_token_revoke


@permissions.public
@require_GET
def api_docs(request):
    endpoints = [(name.replace("_", " ").capitalize(), route) for name, route in ENDPOINTS]
    return render(request, "record/api/docs.html", {"endpoints": endpoints})


@require_http_methods(["GET", "POST"])
def token_list(request):
    if not access.can_hold_api_token(request.user):
        raise PermissionDenied
    form = ApiTokenForm(posted(request))
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = api_token_create(person=request.user, name=form.cleaned_data["name"], by=request.user)
            made = {"token": token, "secret": secret}
        except RuleError as error:
            form_error(form, error)
        else:
            form = ApiTokenForm()
    # The secret is shown in this response only (never through the session): it cannot be shown again.
    response = render(
        request,
        "record/api/tokens.html",
        {"form": form, "tokens": tokens_of(request.user), "made": made},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(access.api_tokens_visible(request.user, ApiToken.objects.all()), pk=pk)
    try:
        api_token_revoke(token=token, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Token “{token.name}” revoked. It no longer works.")
    return redirect("record:api-token-list")
