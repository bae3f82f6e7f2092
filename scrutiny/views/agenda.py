"""The agenda: the clerk adds, changes and orders items and publishes the agenda and supplements."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from council import calendar
from council.errors import RuleError
from council.forms import form_error, posted
from members import access as members_access

from .. import selectors, services
from ..forms import AgendaItemForm, PublishForm, StandardItemForm
from ..models import MeetingStatus, supplement_number
from .meetings import managed_meeting


def _item_fields(cleaned: dict) -> dict:
    return {k: v for k, v in cleaned.items() if k not in ("title", "kind")}


def _supplement(meeting, *, late: bool) -> dict | None:
    """After the agenda is published, new business goes out in the next supplementary agenda: on
    time as ordinary business, or (``late``) only as urgent business."""
    if meeting.status != MeetingStatus.AGENDA_PUBLISHED:
        return None
    return {
        "number": supplement_number(selectors.next_publication_version(meeting)),
        "late": late,
        "clear_days": calendar.clear_working_days(timezone.localdate(), meeting.date),
    }


@require_http_methods(["GET", "POST"])
def item_add(request, pk):
    meeting = managed_meeting(request, pk)
    # Urgency is asked only when the clear working days are short (LGA 1972 s.100B(4)).
    late = meeting.status == MeetingStatus.AGENDA_PUBLISHED and services.notice_is_short(meeting, timezone.localdate())
    form = AgendaItemForm(
        posted(request),
        people=selectors.people_who_report(),
        late=late,
        chairs=selectors.chairs_of(meeting.body),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_item_add(
                meeting=meeting, by=request.user, title=data["title"], kind=data["kind"], **_item_fields(data)
            )
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, f"“{data['title']}” added to the agenda.")
            return redirect(meeting)
    return render(
        request,
        "scrutiny/item_form.html",
        {"form": form, "meeting": meeting, "item": None, "supplement": _supplement(meeting, late=late)},
    )


@require_http_methods(["GET", "POST"])
def item_edit(request, pk, item_pk):
    meeting = managed_meeting(request, pk)
    item = get_object_or_404(meeting.items, pk=item_pk)
    late = bool(item.urgent_reason) or (
        meeting.status == MeetingStatus.AGENDA_PUBLISHED and services.notice_is_short(meeting, timezone.localdate())
    )
    initial = {
        name: getattr(item, name)
        for name in (*AgendaItemForm.base_fields, "urgent_reason", "urgency_agreed_by", "urgency_agreed_on")
        if name != "wards"
    }
    initial["wards"] = list(item.wards.all())
    form = AgendaItemForm(
        posted(request),
        initial=initial,
        people=selectors.people_who_report(),
        late=late,
        chairs=selectors.chairs_of(meeting.body),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Item saved.")
            return redirect(meeting)
    supplement = None if item.is_published else _supplement(meeting, late=late)
    return render(
        request,
        "scrutiny/item_form.html",
        {"form": form, "meeting": meeting, "item": item, "supplement": supplement},
    )


@require_POST
def item_move(request, pk, item_pk):
    meeting = managed_meeting(request, pk)
    item = get_object_or_404(meeting.items, pk=item_pk)
    try:
        services.agenda_item_move(item=item, direction=request.POST.get("direction", ""), by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")


@require_POST
def standard_items(request, pk):
    meeting = managed_meeting(request, pk)
    try:
        services.agenda_insert_standard_items(meeting=meeting, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Standard items added at the top of the agenda.")
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
def publish(request, pk):
    """Publish the agenda or, once it is published, a supplement of the items added since."""
    meeting = managed_meeting(request, pk)
    supplement = meeting.status == MeetingStatus.AGENDA_PUBLISHED
    version = selectors.next_publication_version(meeting)
    form = PublishForm(posted(request), chairs=selectors.chairs_of(meeting.body), initial={"version": version})
    today = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        try:
            if supplement:
                publication = services.supplement_publish(
                    meeting=meeting, by=request.user, version=form.cleaned_data["version"]
                )
            else:
                publication = services.agenda_publish(meeting=meeting, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                f"{publication.name} published. It is now open to the public, and its packs are being built.",
            )
            # The meeting page, watching the packs until they are ready (it says when).
            return redirect(f"{meeting.get_absolute_url()}?packs=progress#packs")
    return render(
        request,
        "scrutiny/publish.html",
        {
            "form": form,
            "meeting": meeting,
            "supplement": supplement,
            "supplement_number": supplement_number(version) if supplement else None,
            "rows": [r for r in selectors.agenda_rows(meeting, include_unpublished=True) if not r["item"].is_published],
            "clear_days_left": calendar.clear_working_days(today, meeting.date),
            "required": settings.PUBLICATION_CLEAR_DAYS,
            "on_time": calendar.meets_publication_deadline(today, meeting.date),
        },
    )


@require_http_methods(["GET", "POST"])
def body_standard_items(request, slug):
    """The committee's standard agenda items, inserted at the top of each new agenda."""
    body = members_access.managed_body_or_404(request.user, slug=slug)
    form = StandardItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_item_add(body=body, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Standard item added.")
            return redirect("scrutiny:body-standard-items", slug=body.slug)
    return render(
        request,
        "scrutiny/standard_items.html",
        {"body": body, "form": form, "items": services.standard_items_for(body), "own": body.standard_items.all()},
    )


@require_POST
def body_standard_item_remove(request, slug, item_pk):
    body = members_access.managed_body_or_404(request.user, slug=slug)
    item = get_object_or_404(body.standard_items, pk=item_pk)
    services.standard_item_remove(item=item, by=request.user)
    messages.success(request, f"“{item.title}” removed from the standard items.")
    return redirect("scrutiny:body-standard-items", slug=body.slug)
