"""Meetings: public to read for public bodies; scheduled, changed and cancelled by the body's clerks."""

import calendar as month_calendar
import datetime
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.errors import RuleError
from council.forms import form_error, posted
from council.page_cache import not_kept, private_page
from members import access as members_access
from members.models import Body

from .. import access, ical, meeting_links, selectors, services
from ..forms import CancelMeetingForm, MeetingForm, ScheduleMeetingForm
from ..models import Meeting, MeetingStatus
from ..selectors.packs import meeting_minutes_box, meeting_packs_box
from ..selectors.summons import summons_summary


@permissions.public
@require_GET
def meeting_list(request):
    bodies = members_access.bodies_visible(request.user).order_by("name")
    meetings = selectors.meetings_visible_to(request.user).upcoming().for_listing()
    body_slug = request.GET.get("committee", "")
    if body_slug:
        meetings = meetings.filter(body__slug=body_slug)
    managed = set(members_access.bodies_managed(request.user).values_list("pk", flat=True))
    rows = [(m, m.publication_deadline_state() if m.body_id in managed else None) for m in meetings[:200]]
    months = [(month, list(items)) for month, items in groupby(rows, key=lambda row: row[0].date.replace(day=1))]
    today = timezone.localdate()
    return render(
        request,
        "scrutiny/meeting_list.html",
        {
            "can_schedule": bool(managed),
            "months": months,
            "bodies": bodies,
            "body_slug": body_slug,
            "this_month": reverse("scrutiny:meeting-month", args=[today.year, today.month]),
        },
    )


@permissions.public
@require_GET
def meeting_month(request, year, month):
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    first = datetime.date(year, month, 1)
    meetings = selectors.meetings_visible_to(request.user).in_month(year, month).for_listing()
    days = [(day, list(items)) for day, items in groupby(meetings, key=lambda m: m.date)]
    previous = first - datetime.timedelta(days=1)
    following = first + datetime.timedelta(days=month_calendar.monthrange(year, month)[1])
    return render(
        request,
        "scrutiny/meeting_month.html",
        {"first": first, "days": days, "previous": previous, "following": following},
    )


@permissions.public
@require_GET
@private_page
def meeting_detail(request, pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user).select_related("body"), pk=pk)
    can_manage = access.can_manage_meetings(request.user, meeting.body)
    rows = selectors.meeting_agenda(request.user, meeting, can_manage=can_manage)
    publications = selectors.publications_of(meeting)  # for the packs box and the publication record
    packs_box = meeting_packs_box(request.user, meeting, can_manage=can_manage, publications=publications)
    # Without JavaScript the clerk follows the packs' builds by refreshing (``?packs=progress``):
    # the page says when every pack is ready.
    # One notification banner at a time (GOV.UK): a message just given ("Agenda published") goes first.
    watching = can_manage and request.GET.get("packs") == "progress" and not len(messages.get_messages(request))
    minutes_box = meeting_minutes_box(request.user, meeting, can_manage=can_manage)
    if watching or packs_box.building or minutes_box.building:
        not_kept(request)  # a build's progress moves without a record's signal: never an old copy
    return render(
        request,
        "scrutiny/meeting_detail.html",
        {
            "meeting": meeting,
            "rows": rows,
            "move_choices": [("up", "Move up"), ("down", "Move down")],
            "needs_standard_items": not set(services.STANDARD_ITEMS) <= {row["item"].title for row in rows},
            "unpublished": [row for row in rows if not row["item"].is_published],
            "publication_record": selectors.publication_record(meeting, publications=publications),
            "attendance": selectors.attendance_register(meeting, can_manage=can_manage),
            "packs_box": packs_box,
            "watching_packs": watching,
            "packs_ready": watching and packs_box.ready,
            "minutes_box": minutes_box,
            "can_manage": can_manage,
            "deadline_state": meeting.publication_deadline_state(),
            "can_view_history": permissions.can(request.user, "scrutiny.view_meeting", meeting),
            "clear_days": settings.PUBLICATION_CLEAR_DAYS,
            "more_links": meeting_links.for_meeting(request.user, meeting),
            "summons_summary": summons_summary(meeting) if can_manage else None,
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_schedule(request):
    bodies = members_access.bodies_managed(request.user).active().order_by("name")
    if not bodies.exists():
        raise PermissionDenied
    chosen = bodies.filter(slug=request.GET.get("committee", "")).first()
    form = ScheduleMeetingForm(posted(request), bodies=bodies, initial={"body": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(by=request.user, **form.cleaned_data)
        except RuleError as error:
            form_error(form, error)
        else:
            deadline = date_format(meeting.last_day_to_publish, "l j F Y")
            messages.success(request, f"Meeting scheduled. Publish the agenda by {deadline}.")
            return redirect(meeting)
    return render(request, "scrutiny/meeting_form.html", {"form": form, "body": None, "meeting": None})


def managed_meeting(request, pk):
    """A meeting of a body this person clerks: the wrong role gets 403, another body's meeting 404."""
    bodies = members_access.bodies_managed(request.user)
    if not bodies.exists():
        raise PermissionDenied
    return get_object_or_404(Meeting.objects.filter(body__in=bodies).select_related("body"), pk=pk)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = managed_meeting(request, pk)
    local_start = timezone.localtime(meeting.starts_at)
    initial = {
        "day": local_start.date(),
        "start_time": local_start.time(),
        "end_time": timezone.localtime(meeting.ends_at).time() if meeting.ends_at else None,
        "venue": meeting.venue,
        "remote_link": meeting.remote_link,
    }
    published = meeting.status == MeetingStatus.AGENDA_PUBLISHED
    chairs = selectors.chairs_of(meeting.body) if published else None
    form = MeetingForm(posted(request), initial=initial, chairs=chairs)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_reschedule(meeting=meeting, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Meeting details saved.")
            return redirect(meeting)
    return render(request, "scrutiny/meeting_form.html", {"form": form, "body": meeting.body, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = managed_meeting(request, pk)
    form = CancelMeetingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"], by=request.user)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "The meeting has been cancelled.")
            return redirect(meeting)
    return render(request, "scrutiny/meeting_cancel.html", {"form": form, "meeting": meeting})


def _feed(request, meetings, name):
    text = ical.calendar_feed(
        meetings.select_related("body").order_by("starts_at"),
        name=name,
        host=request.get_host(),
        url_for=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url()),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


@permissions.public
@require_GET
def feed_all(request):
    # Calendar apps subscribe without signing in: the feed carries public meetings only.
    return _feed(request, Meeting.objects.public(), "Council meetings")


@permissions.public
@require_GET
def feed_body(request, slug):
    body = get_object_or_404(Body.objects.public(), slug=slug)
    return _feed(request, Meeting.objects.public().filter(body=body), f"{body.name} meetings")


@permissions.public
@require_GET
def meeting_ics(request, pk):
    """One meeting as a calendar file: for whoever may see the meeting (the public: public bodies')."""
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user).select_related("body"), pk=pk)
    text = ical.meeting_file(
        meeting, host=request.get_host(), url=request.build_absolute_uri(meeting.get_absolute_url())
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response
