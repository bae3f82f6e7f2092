"""Committees and other bodies: public to read; managed by their clerks, who also choose who else clerks them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from council import permissions
from council.errors import RuleError
from council.forms import posted

from .. import access, public_pages, selectors, services
from ..forms import BodyForm, ClerkForm
from ..models import PUBLIC_BODY_KINDS, Body, BodyKind


@permissions.public
def body_list(request):
    bodies = access.bodies_visible(request.user).active().select_related("parent")
    groups = []
    for kind in BodyKind:
        in_kind = [b for b in bodies if b.kind == kind]
        if in_kind:
            groups.append({"kind": kind.label, "bodies": in_kind})
    return render(
        request,
        "members/body_list.html",
        {"groups": groups, "can_add": access.can_add_body(request.user)},
    )


@permissions.public
def body_detail(request, slug):
    body = get_object_or_404(access.bodies_visible(request.user).select_related("parent"), slug=slug)
    current = selectors.current_memberships(body)
    return render(
        request,
        "members/body_detail.html",
        {
            "body": body,
            "current": current,
            "past": selectors.past_memberships(body),
            "upcoming": selectors.upcoming_memberships(body),
            "children": access.bodies_visible(request.user).filter(parent=body),
            "clerks": access.clerks_of(body),
            "can_change": access.can_manage_body(request.user, body),
            "can_view_history": access.can_view_history(request.user, body),
            "public_kinds": PUBLIC_BODY_KINDS,
            "sections": public_pages.body_sections(request, body),
        },
    )


@require_http_methods(["GET", "POST"])
def body_add(request):
    if not access.can_add_body(request.user):
        raise PermissionDenied
    form = BodyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(by=request.user, **form.cleaned_data)
        except RuleError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{body} has been created.")
            return redirect(body)
    return render(request, "members/body_form.html", {"form": form, "body": None})


@require_http_methods(["GET", "POST"])
def body_edit(request, slug):
    body = managed_body(request, slug)
    form = BodyForm(posted(request), instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(body=body, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{body} has been updated.")
            return redirect(body)
    return render(request, "members/body_form.html", {"form": form, "body": body})


def managed_body(request, slug) -> Body:
    """A body this person may manage, fetched through ``access``: 404 for any other."""
    return access.managed_body_or_404(request.user, slug=slug)


@require_http_methods(["GET", "POST"])
def body_clerks(request, slug):
    body = managed_body(request, slug)
    clerks = access.clerks_of(body)
    form = ClerkForm(posted(request), clerks=clerks)
    if request.method == "POST" and form.is_valid():
        clerk = form.cleaned_data["clerk"]
        try:
            services.body_assign_clerk(body=body, clerk=clerk, by=request.user)
        except RuleError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{clerk} is now a clerk of {body}.")
            return redirect("members:body-clerks", body.slug)
    return render(request, "members/body_clerks.html", {"form": form, "body": body, "clerks": clerks})


@require_POST
def body_clerk_remove(request, slug, user_pk):
    body = managed_body(request, slug)
    clerk = get_object_or_404(access.clerks_of(body), pk=user_pk)
    services.body_remove_clerk(body=body, clerk=clerk, by=request.user)
    messages.success(request, f"{clerk} is no longer a clerk of {body}.")
    if access.can_manage_body(request.user, body):
        return redirect("members:body-clerks", body.slug)
    return redirect(body)  # they removed themselves: the committee's page is all they may still see
