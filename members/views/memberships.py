"""Memberships of a body, managed by its clerks: seating a person and ending their membership."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from council.errors import RuleError
from council.forms import posted

from .. import services
from ..forms import EndMembershipForm, MembershipForm
from .bodies import managed_body


@require_http_methods(["GET", "POST"])
def membership_add(request, slug):
    body = managed_body(request, slug)
    form = MembershipForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(body=body, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request, f"{membership.person} has been added to {body} as {membership.get_role_display()}."
            )
            return redirect(body)
    return render(request, "members/membership_form.html", {"form": form, "body": body})


@require_http_methods(["GET", "POST"])
def membership_end(request, slug, membership_pk):
    body = managed_body(request, slug)
    membership = get_object_or_404(body.memberships.not_ended().select_related("person"), pk=membership_pk)
    form = EndMembershipForm(posted(request), membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(membership=membership, end_date=form.cleaned_data["end_date"], by=request.user)
        except RuleError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{membership.person}’s membership of {body} has ended.")
            return redirect(body)
    return render(request, "members/membership_end.html", {"form": form, "body": body, "membership": membership})
