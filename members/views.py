"""Councillors and committees: public to read; committees managed by their clerks."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from council import permissions
from council.errors import RuleError
from council.forms import posted

from . import selectors, services
from .forms import BodyForm, ClerkForm, EndMembershipForm, MembershipForm
from .models import PUBLIC_BODY_KINDS, Body, BodyKind, Membership, Ward


@permissions.public
def councillor_list(request):
    councillors = (
        selectors.councillors_visible_to(request.user)
        .current()
        .order_by("ward__name", "user__last_name", "user__first_name")
    )
    ward_id = request.GET.get("ward", "")
    if ward_id.isdigit():
        councillors = councillors.filter(ward_id=int(ward_id))
    return render(
        request,
        "members/councillor_list.html",
        {"councillors": councillors, "wards": Ward.objects.all(), "ward_id": ward_id},
    )


@permissions.public
def councillor_detail(request, pk):
    councillor = get_object_or_404(selectors.councillors_visible_to(request.user), pk=pk)
    memberships = (
        Membership.objects.current()
        .filter(person_id=councillor.user_id, body__in=selectors.bodies_visible_to(request.user))
        .select_related("body")
        .order_by("body__name")
    )
    return render(
        request,
        "members/councillor_detail.html",
        {
            "councillor": councillor,
            "memberships": memberships,
            "portfolios": councillor.portfolios.all(),
            "can_view_history": permissions.can(request.user, "members.view_member", councillor),
        },
    )


@permissions.public
def body_list(request):
    bodies = selectors.bodies_visible_to(request.user).active().select_related("parent")
    groups = []
    for kind in BodyKind:
        in_kind = [b for b in bodies if b.kind == kind]
        if in_kind:
            groups.append({"kind": kind.label, "bodies": in_kind})
    return render(
        request,
        "members/body_list.html",
        {"groups": groups, "can_add": permissions.can(request.user, "members.add_body")},
    )


@permissions.public
def body_detail(request, slug):
    body = get_object_or_404(selectors.bodies_visible_to(request.user).select_related("parent"), slug=slug)
    current = selectors.current_memberships(body)
    return render(
        request,
        "members/body_detail.html",
        {
            "body": body,
            "current": current,
            "past": selectors.past_memberships(body),
            "upcoming": selectors.upcoming_memberships(body),
            "children": selectors.bodies_visible_to(request.user).filter(parent=body),
            "clerks": permissions.holders("members.change_body", body),
            "can_change": permissions.can(request.user, "members.change_body", body),
            "can_view_history": permissions.can(request.user, "members.view_body", body),
            "public_kinds": PUBLIC_BODY_KINDS,
        },
    )


@require_http_methods(["GET", "POST"])
def body_add(request):
    permissions.require(request.user, "members.add_body")
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
def body_update(request, slug):
    body = permissions.get_permitted_or_404(request.user, Body.objects.all(), "members.change_body", slug=slug)
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


def _body_to_manage(request, slug) -> Body:
    return permissions.get_permitted_or_404(request.user, Body.objects.all(), "members.change_body", slug=slug)


@require_http_methods(["GET", "POST"])
def membership_add(request, slug):
    body = _body_to_manage(request, slug)
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
    body = _body_to_manage(request, slug)
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


@require_http_methods(["GET", "POST"])
def body_clerks(request, slug):
    body = _body_to_manage(request, slug)
    clerks = permissions.holders("members.change_body", body)
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
    body = _body_to_manage(request, slug)
    clerk = get_object_or_404(permissions.holders("members.change_body", body), pk=user_pk)
    services.body_remove_clerk(body=body, clerk=clerk, by=request.user)
    messages.success(request, f"{clerk} is no longer a clerk of {body}.")
    if permissions.can(request.user, "members.change_body", body):
        return redirect("members:body-clerks", body.slug)
    return redirect(body)  # they removed themselves: the committee's page is all they may still see
