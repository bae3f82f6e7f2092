"""Minutes, resolutions, actions and recommendations, written by the body's clerks; the committee's
work programme and the recommendations tracker.

Draft minutes are for the body's clerks and members; confirmed minutes are as public as the meeting.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from council import permissions
from council.errors import RuleError
from council.forms import form_error, posted
from council.pagination import page_of
from members import access as members_access

from .. import access, selectors, services
from ..forms import (
    ActionForm,
    ConfirmMinutesForm,
    CorrectionForm,
    MinuteForm,
    ReceivedForm,
    RecommendationForm,
    ResolutionForm,
    ResponseForm,
    ScheduleEntryForm,
    VoteForm,
    WorkProgrammeEntryForm,
)
from ..models import Action, ItemKind, Meeting, Minute, Recommendation, Resolution, Vote, WorkProgrammeEntry
from ..selectors.packs import meeting_minutes_box
from .meetings import managed_meeting


def _minutes_url(meeting, anchor=""):
    return reverse("scrutiny:minutes", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _form_page(request, meeting, form, *, title, button, caption="", extra=None):
    context = {"form": form, "meeting": meeting, "title": title, "button": button, "caption": caption}
    return render(request, "scrutiny/minutes_form.html", context | (extra or {}))


@permissions.public
@require_GET
def minutes(request, pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user).select_related("body"), pk=pk)
    can_manage = access.can_manage_meetings(request.user, meeting.body)
    status = meeting.status
    confirmed = status == "minutes_confirmed"
    drafted = status in ("held", "minutes_drafted")
    # Draft minutes are for the body's clerks and members; exempt minutes follow the exempt rule
    # (``access``), row by row.
    readable = access.may_read_minutes(request.user, meeting)
    confirmation = getattr(meeting, "minutes_confirmation", None) if confirmed else None
    return render(
        request,
        "scrutiny/minutes.html",
        {
            "meeting": meeting,
            "rows": selectors.minutes_rows(request.user, meeting) if readable else [],
            "urgent_date_changes": selectors.urgent_date_changes(meeting) if readable else [],
            # The register is minuted, with the clerk's notes (arrived late, left early) and the quorum.
            "attendance": selectors.attendance_register(meeting, can_manage=False) if readable else {},
            "readable": readable,
            "draft": drafted,
            "confirmation": confirmation,
            "can_manage": can_manage,
            "can_mark_held": can_manage and status == "agenda_published" and meeting.starts_at <= timezone.now(),
            "can_write": can_manage and drafted,
            "can_confirm": can_manage and status == "minutes_drafted",
            # A minute's history holds its drafts: its committee's clerks and members (scrutiny/history_rules.py).
            "can_view_history": access.may_view_minutes_history(request.user, meeting),
            "minutes_box": meeting_minutes_box(request.user, meeting, can_manage=can_manage),
        },
    )


@require_POST
def meeting_held(request, pk):
    meeting = managed_meeting(request, pk)
    try:
        services.meeting_mark_held(meeting=meeting, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
        return redirect(meeting)
    messages.success(request, "The meeting has been marked as held. You can now write the minutes.")
    return redirect(_minutes_url(meeting))


@require_http_methods(["GET", "POST"])
def minute_write(request, pk, item_pk):
    meeting = managed_meeting(request, pk)
    item = get_object_or_404(meeting.items, pk=item_pk)
    existing = Minute.objects.filter(item=item).first()
    initial = {"text": existing.text, "public_summary": existing.public_summary} if existing else {}
    if not existing and item.kind == ItemKind.EXCLUSION:
        initial["text"] = selectors.exclusion_resolution(item)
    form = MinuteForm(posted(request), initial=initial, exempt=item.exempt)
    if request.method == "POST" and form.is_valid():
        try:
            services.minute_write(
                item=item,
                text=form.cleaned_data["text"],
                public_summary=form.cleaned_data.get("public_summary", ""),
                by=request.user,
            )
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, f"Minute of “{item.title}” saved.")
            return redirect(_minutes_url(meeting, f"item-{item.pk}"))
    return _form_page(request, meeting, form, title=f"Minute: {item.title}", button="Save minute")


def _resolution(meeting, res_pk) -> Resolution:
    return get_object_or_404(
        Resolution.objects.select_related("minute__item"), pk=res_pk, minute__item__meeting=meeting
    )


@require_http_methods(["GET", "POST"])
def resolution_add(request, pk, item_pk):
    meeting = managed_meeting(request, pk)
    minute = get_object_or_404(Minute.objects.select_related("item"), item__meeting=meeting, item__pk=item_pk)
    form = ResolutionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.resolution_add(minute=minute, text=form.cleaned_data["text"], by=request.user)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Resolution recorded.")
            return redirect(_minutes_url(meeting, f"item-{item_pk}"))
    return _form_page(
        request, meeting, form, title="Add a resolution", caption=minute.item.title, button="Add resolution"
    )


@require_http_methods(["GET", "POST"])
def action_add(request, pk, res_pk):
    meeting = managed_meeting(request, pk)
    resolution = _resolution(meeting, res_pk)
    form = ActionForm(posted(request), people=selectors.people_who_report())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_add(
                resolution=resolution,
                description=data["description"],
                owner=data["owner"],
                owner_text=data["owner_text"],
                due_date=data["due_date"],
                when_available=data["when_available"],
                bring_back_to=meeting.body if data["bring_back"] else None,
                by=request.user,
            )
        except RuleError as error:
            form_error(form, error)
        else:
            note = " It is on the committee's work programme." if data["bring_back"] else ""
            messages.success(request, f"Action recorded.{note}")
            return redirect(_minutes_url(meeting, f"item-{resolution.minute.item_id}"))
    return _form_page(request, meeting, form, title="Add an action", caption=resolution.text, button="Add action")


@require_POST
def action_complete(request, pk, action_pk):
    meeting = managed_meeting(request, pk)
    action = get_object_or_404(Action, pk=action_pk, resolution__minute__item__meeting=meeting)
    try:
        services.action_complete(action=action, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Action marked as done.")
    return redirect(_minutes_url(meeting, f"action-{action.pk}"))


@require_http_methods(["GET", "POST"])
def recommendation_add(request, pk, res_pk):
    meeting = managed_meeting(request, pk)
    resolution = _resolution(meeting, res_pk)
    form = RecommendationForm(posted(request), initial={"made_on": meeting.date})
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_add(resolution=resolution, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Recommendation recorded. The executive must respond within two months.")
            return redirect(_minutes_url(meeting, f"item-{resolution.minute.item_id}"))
    return _form_page(
        request, meeting, form, title="Add a recommendation", caption=resolution.text, button="Add recommendation"
    )


@require_http_methods(["GET", "POST"])
def vote_record(request, pk, res_pk):
    """The clerk minutes the vote on a resolution: a show of hands, or a recorded vote by name."""
    meeting = managed_meeting(request, pk)
    resolution = _resolution(meeting, res_pk)
    vote = Vote.objects.filter(resolution=resolution).prefetch_related("member_votes").first()
    form = VoteForm(
        posted(request),
        roll=selectors.voting_roll(resolution.minute.item),
        vote=vote,
        budget_meeting=meeting.budget_meeting,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = services.vote_record(
                resolution=resolution,
                result=data["result"],
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                abstentions=data["abstentions"],
                named=data["named"],
                casting_vote_by=data["casting_vote_by"],
                by=request.user,
            )
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, f"Vote recorded: {vote.summary}.")
            return redirect(_minutes_url(meeting, f"resolution-{resolution.pk}"))
    return _form_page(
        request,
        meeting,
        form,
        title="Record the vote",
        caption=resolution.text,
        button="Save vote",
        extra={"vote_form": True},
    )


@require_http_methods(["GET", "POST"])
def recommendation_respond(request, pk, rec_pk):
    meeting = managed_meeting(request, pk)
    recommendation = get_object_or_404(Recommendation, pk=rec_pk, resolution__minute__item__meeting=meeting)
    form = ResponseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_respond(recommendation=recommendation, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Response recorded.")
            return redirect(_minutes_url(meeting, f"recommendation-{recommendation.pk}"))
    return _form_page(
        request,
        meeting,
        form,
        title="Record the executive's response",
        caption=recommendation.text,
        button="Save response",
    )


@require_http_methods(["GET", "POST"])
def recommendation_received(request, pk, rec_pk):
    """The clerk records the day the executive received the recommendation, and who is to respond."""
    meeting = managed_meeting(request, pk)
    recommendation = get_object_or_404(Recommendation, pk=rec_pk, resolution__minute__item__meeting=meeting)
    initial = {"received_on": recommendation.received_on, "responder": recommendation.responder_id}
    form = ReceivedForm(posted(request), initial=initial, people=selectors.executive_responders())
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_received(
                recommendation=recommendation, by=request.user, **form.cleaned_data
            )
        except RuleError as error:
            form_error(form, error)
        else:
            due = date_format(recommendation.response_due, "j F Y")
            messages.success(request, f"Recorded. The executive's response is due by {due}.")
            return redirect(_minutes_url(meeting, f"recommendation-{recommendation.pk}"))
    return _form_page(
        request,
        meeting,
        form,
        title="Record when the executive received the recommendation",
        caption=recommendation.text,
        button="Save",
    )


@require_http_methods(["GET", "POST"])
def minutes_confirm(request, pk):
    """Minutes are confirmed at the body's next meeting once it is held; until then the page says
    when that is and leads to it, rather than to an empty choice."""
    meeting = managed_meeting(request, pk)
    following = selectors.next_meeting(meeting)
    held = following is not None and following.status in selectors.MINUTED
    form = None
    if held:
        assert following is not None
        form = ConfirmMinutesForm(
            posted(request),
            meetings=Meeting.objects.filter(pk=following.pk),
            initial={"confirmed_at_meeting": following},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.minutes_confirm(
                    meeting=meeting, confirmed_at_meeting=form.cleaned_data["confirmed_at_meeting"], by=request.user
                )
            except RuleError as error:
                form_error(form, error)
            else:
                messages.success(
                    request, "The minutes are confirmed as a correct record. They can no longer be changed."
                )
                return redirect(_minutes_url(meeting))
    elif request.method == "POST":
        return redirect(request.path)
    return render(
        request,
        "scrutiny/minutes_confirm.html",
        {
            "meeting": meeting,
            "form": form,
            "following": following,
            "held": held,
            "blank": selectors.blank_items(meeting),
            "can_schedule": following is None,
        },
    )


@require_POST
def minute_noted(request, pk, item_pk):
    """An item taken without discussion is minuted as "Noted."."""
    meeting = managed_meeting(request, pk)
    item = get_object_or_404(meeting.items, pk=item_pk)
    try:
        services.minute_noted(item=item, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{item.title}” minuted as noted.")
    return redirect(_minutes_url(meeting, f"item-{item.pk}"))


@require_http_methods(["GET", "POST"])
def minute_correct(request, pk, item_pk):
    meeting = managed_meeting(request, pk)
    minute = get_object_or_404(Minute.objects.select_related("item"), item__meeting=meeting, item__pk=item_pk)
    form = CorrectionForm(posted(request), initial={"new_text": minute.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.minute_correct(minute=minute, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Correction recorded.")
            return redirect(_minutes_url(meeting, f"item-{item_pk}"))
    return _form_page(
        request, meeting, form, title="Record a correction", caption=minute.item.title, button="Record correction"
    )


# The committee's work programme.


@permissions.public
@require_GET
def work_programme(request, slug):
    body = get_object_or_404(members_access.bodies_visible(request.user), slug=slug)
    tracker = selectors.recommendation_tracker(request.user, body=body)
    return render(
        request,
        "scrutiny/work_programme.html",
        {
            "body": body,
            "can_manage": access.can_manage_meetings(request.user, body),
            "overdue": tracker["overdue"],
            "due": tracker["due"],
            **selectors.work_programme(request.user, body),
        },
    )


@require_http_methods(["GET", "POST"])
def work_programme_add(request, slug):
    body = members_access.managed_body_or_404(request.user, slug=slug)
    form = WorkProgrammeEntryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.work_programme_add(body=body, by=request.user, **form.cleaned_data)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Added to the work programme.")
            return redirect("scrutiny:work-programme", slug=body.slug)
    return render(
        request,
        "scrutiny/work_programme_form.html",
        {"form": form, "body": body, "title": "Add to the work programme", "button": "Add subject"},
    )


@require_http_methods(["GET", "POST"])
def work_programme_schedule(request, slug, entry_pk):
    body = members_access.managed_body_or_404(request.user, slug=slug)
    entry = get_object_or_404(WorkProgrammeEntry, pk=entry_pk, body=body)
    form = ScheduleEntryForm(posted(request), meetings=selectors.future_meetings(body))
    if request.method == "POST" and form.is_valid():
        try:
            services.work_programme_schedule(entry=entry, meeting=form.cleaned_data["meeting"], by=request.user)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, f"“{entry.title}” scheduled.")
            return redirect("scrutiny:work-programme", slug=body.slug)
    return render(
        request,
        "scrutiny/work_programme_form.html",
        {"form": form, "body": body, "title": f"Schedule: {entry.title}", "button": "Schedule"},
    )


@require_POST
def work_programme_done(request, slug, entry_pk):
    body = members_access.managed_body_or_404(request.user, slug=slug)
    entry = get_object_or_404(WorkProgrammeEntry, pk=entry_pk, body=body)
    try:
        services.work_programme_done(entry=entry, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{entry.title}” has been taken and leaves the work programme.")
    return redirect("scrutiny:work-programme", slug=body.slug)


@permissions.public
@require_GET
def recommendations(request):
    bodies = members_access.bodies_visible(request.user).order_by("name")
    body_slug = request.GET.get("committee", "")
    body = bodies.filter(slug=body_slug).first() if body_slug else None
    tracker = selectors.recommendation_tracker(request.user, body=body)
    return render(
        request,
        "scrutiny/recommendations.html",
        {
            "bodies": bodies,
            "body_slug": body_slug,
            "sections": [
                ("Responses overdue", tracker["overdue"]),
                ("Responses due", tracker["due"]),
                ("Not yet received by the executive", tracker["not_received"]),
            ],
            "answered": page_of(request, tracker["answered"]),
        },
    )
