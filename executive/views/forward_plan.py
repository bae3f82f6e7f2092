"""Forward plan pages: the current plan and its editions (public), entries (officers draft them),
and publishing an edition (Democratic Services)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.forms import posted, submit

from .. import access, ical, related, selectors
from ..forms.forward_plan import EntryForm, PublishEditionForm
from ..models import ForwardPlanEdition, GeneralExceptionNotice
from ..selectors.forward_plan import drafts_for, edition_rows, forward_plan_packs_box
from ..services import forward_plan as services


@permissions.public
@require_GET
def forward_plan(request):
    """The current edition as published. Measured: one query for the public, eight for a clerk
    (session, person, roles, permissions, drafts), however many entries (a test pins it)."""
    edition = selectors.current_forward_plan()
    return render(
        request,
        "executive/forward_plan.html",
        {
            "edition": edition,
            "rows": edition_rows(edition) if edition else [],
            "drafts": drafts_for(request.user),
            "can_draft": access.can_draft_entry(request.user),
            "can_publish": access.can_publish_edition(request.user),
        },
    )


@permissions.public
@require_GET
def forward_plan_feed(request):
    """The expected decision dates of the current edition, as published: calendar apps subscribe
    without signing in, so drafts are never in it."""
    edition = selectors.current_forward_plan()
    text = ical.forward_plan_feed(
        edition_rows(edition) if edition else [],
        name="Forward plan",
        host=request.get_host(),
        url_for=lambda pk: request.build_absolute_uri(reverse("executive:entry-detail", args=[pk])),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="forward-plan.ics"'
    return response


@permissions.public
@require_GET
def edition_list(request):
    return render(request, "executive/edition_list.html", {"editions": selectors.editions_for_list()})


@permissions.public
@require_GET
def edition_detail(request, number):
    edition = get_object_or_404(ForwardPlanEdition.objects.select_related("published_by"), number=number)
    return render(
        request,
        "executive/edition_detail.html",
        {"edition": edition, "rows": edition_rows(edition), "box": forward_plan_packs_box(request.user, edition)},
    )


@permissions.public
@require_GET
def entry_detail(request, pk):
    entry = get_object_or_404(access.entries_visible(request.user).for_list().select_related("drafted_by"), pk=pk)
    return render(
        request,
        "executive/entry_detail.html",
        {
            "entry": entry,
            "editions": entry.editions.order_by("number").defer("contents"),
            "decisions": access.decisions_visible(request.user, entry.decisions.all()),
            "general_exception": (notice := GeneralExceptionNotice.objects.filter(entry=entry).first()),
            "can_general_exception": access.can_give_general_exception(request.user, entry, notice),
            "can_edit": access.can_edit_entry(request.user, entry),
            "can_record": access.can_record_decision(request.user),
            "related": related.links(related.ENTRY, request.user, entry),
        },
    )


def _entry_page(request, form, *, title, entry=None):
    back = entry.get_absolute_url() if entry else redirect("executive:forward-plan").url
    return render(
        request,
        "components/form_page.html",
        {"form": form, "title": title, "caption": "Forward plan", "back_url": back, "cancel_url": back},
    )


@require_http_methods(["GET", "POST"])
def entry_add(request):
    if not access.can_draft_entry(request.user):
        raise PermissionDenied
    form = EntryForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: services.entry_draft(by=request.user, **form.cleaned_data),
        done=lambda entry: f"“{entry.title}” drafted: {entry.get_key_reason_display().lower()}.",
    ):
        return response
    return _entry_page(request, form, title="Draft a forward plan entry")


@require_http_methods(["GET", "POST"])
def entry_edit(request, pk):
    entry = permissions.get_permitted_or_404(
        request.user, access.entries_visible(request.user), access.EDIT_ENTRY, pk=pk
    )
    if not access.can_edit_entry(request.user, entry):
        raise PermissionDenied
    form = EntryForm(posted(request), instance=entry)
    if response := submit(
        request,
        form,
        lambda: services.entry_update(entry=entry, by=request.user, **form.cleaned_data),
        done="Forward plan entry saved.",
    ):
        return response
    return _entry_page(request, form, title=f"Change “{entry.title}”", entry=entry)


@require_http_methods(["GET", "POST"])
def edition_publish(request):
    if not access.can_publish_edition(request.user):
        raise PermissionDenied
    form = PublishEditionForm(posted(request), drafts=drafts_for(request.user))
    if response := submit(
        request,
        form,
        lambda: services.forward_plan_publish(by=request.user, include=form.cleaned_data["include"]),
        done=lambda edition: f"Edition {edition.number} of the forward plan published.",
    ):
        return response
    back = redirect("executive:forward-plan").url
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Publish the forward plan",
            "caption": "Forward plan",
            "intro": "A key decision may be taken 28 clear days after the edition that first publishes it.",
            "button": "Publish",
            "back_url": back,
            "cancel_url": back,
        },
    )
