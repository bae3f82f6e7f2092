"""Cabinet meetings in the executive's record: notices of business taken in private (reg 5), public
once given, and the decisions the Cabinet took on its agenda items (Democratic Services)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.forms import posted, submit
from members.models import BodyKind

from .. import access
from ..forms.private_meetings import FurtherNoticeForm, MeetingDecisionForm, PrivateNoticeForm, UrgentPrivateNoticeForm
from ..models import DecisionSession, PrivateMeetingNotice
from ..selectors import private_meetings as selectors
from ..services import private_meetings as services
from ..services.meeting_decisions import cabinet_decision_maker, decision_record_from_item


def links_for_meeting(user, meeting) -> list[tuple[str, str]]:
    """Registered with ``scrutiny.meeting_links``: a Cabinet meeting's page links to its notices and
    the decisions taken at it that the person may read (published notices for everyone), and, for
    Democratic Services, to the pages that manage them and record its decisions."""
    if meeting.body.kind != BodyKind.CABINET:
        return []
    links = [
        (
            "Notices of business to be taken in private",
            reverse("executive:private-notice-list") + f"?meeting={meeting.pk}",
        )
    ]
    decisions = access.decisions_visible(user).filter(agenda_item__meeting=meeting).order_by("agenda_item__position")
    links += [(f"Decision: {decision.title}", decision.get_absolute_url()) for decision in decisions]
    session = DecisionSession.objects.filter(meeting=meeting).select_related("decision_maker__portfolio").first()
    if session is not None:  # whose decisions they are (public: the decision makers list is)
        links.append((str(session), reverse("executive:decision-maker-list")))
    elif access.can_record_decision(user) and not decisions.exists():
        links.append(
            ("Mark as a Cabinet Member decision session", reverse("executive:decision-session-mark", args=[meeting.pk]))
        )
    if access.can_give_private_notice(user):
        links.append(("Give the private meeting notices", reverse("executive:meeting-private", args=[meeting.pk])))
    if access.can_record_decision(user):
        links.append(
            ("Record the decisions taken at this meeting", reverse("executive:meeting-decisions", args=[meeting.pk]))
        )
    return links


@permissions.public
@require_GET
def private_notice_list(request):
    """Measured: one query, however many notices (a test pins it)."""
    meeting = request.GET.get("meeting", "")
    return render(
        request,
        "executive/private_notice_list.html",
        {"notices": selectors.notices_for_list(meeting=int(meeting) if meeting.isdigit() else None)},
    )


def _require_notices(user):
    if not access.can_give_private_notice(user):
        raise PermissionDenied


@require_GET
def meeting_private(request, pk):
    _require_notices(request.user)
    meeting = selectors.executive_meeting(pk)
    return render(
        request,
        "executive/meeting_private.html",
        {"meeting": meeting, "items": selectors.meeting_private_items(meeting), "today": timezone.localdate()},
    )


def _form_page(request, form, *, title, caption, intro, button, back):
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "button": button,
            "back_url": back,
            "cancel_url": back,
        },
    )


def _back(item) -> str:
    return reverse("executive:meeting-private", args=[item.meeting_id])


@require_http_methods(["GET", "POST"])
def private_notice_give(request, item_pk):
    _require_notices(request.user)
    item = selectors.executive_item(item_pk)
    form = PrivateNoticeForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: services.private_notice_give(item=item, by=request.user, **form.cleaned_data),
        done="Notice of intention to hold it in private published.",
        to=_back(item),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Give notice of intention to take it in private",
        caption=item.title,
        intro=(
            "At least 28 clear days before the meeting: the Schedule 12A paragraph relied on "
            f"(paragraph {item.exempt_paragraph}) and the reasons are published."
        ),
        button="Publish the notice",
        back=_back(item),
    )


@require_http_methods(["GET", "POST"])
def private_notice_urgent(request, item_pk):
    _require_notices(request.user)
    item = selectors.executive_item(item_pk)
    form = UrgentPrivateNoticeForm(posted(request), item=item)
    if response := submit(
        request,
        form,
        lambda: services.private_notice_urgent(item=item, by=request.user, **form.cleaned_data),
        done="Urgency recorded and its notice published.",
        to=_back(item),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Record that the meeting is urgent",
        caption=item.title,
        intro=(
            "Only when the date by which the meeting must be held makes the notices impracticable: the chair of "
            "overview and scrutiny (or the Chair or Vice-Chair of Council) agrees it is urgent and cannot "
            "reasonably be deferred, and a notice with the reasons is published."
        ),
        button="Publish the notice",
        back=_back(item),
    )


@require_http_methods(["GET", "POST"])
def private_further_notice(request, pk):
    _require_notices(request.user)
    notice = get_object_or_404(PrivateMeetingNotice.objects.select_related("item__meeting__body"), pk=pk)
    form = FurtherNoticeForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: services.private_further_notice_publish(notice=notice, by=request.user, **form.cleaned_data),
        done="Further notice published.",
        to=_back(notice.item),
    ):
        return response
    return _form_page(
        request,
        form,
        title="Publish the further notice",
        caption=notice.matter,
        intro="At least 5 clear working days before the meeting, with any representations received and the response.",
        button="Publish the further notice",
        back=_back(notice.item),
    )


def _taker(maker, meeting) -> str:
    if maker is not None and maker.body_id is None:
        return f"the Cabinet Member for {maker}"
    return f"the {meeting.body}"


def _require_recording(user):
    if not access.can_record_decision(user):
        raise PermissionDenied


@require_GET
def meeting_decisions(request, pk):
    """Measured: a fixed number of queries however many items and decisions (a test pins it)."""
    _require_recording(request.user)
    meeting = selectors.executive_meeting(pk)
    return render(
        request,
        "executive/meeting_decisions.html",
        {
            "meeting": meeting,
            "items": selectors.meeting_decision_items(meeting),
            "taker": _taker(cabinet_decision_maker(meeting), meeting),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_decision_record(request, item_pk):
    _require_recording(request.user)
    item = selectors.executive_item(item_pk)
    initial = {"title": "" if item.exempt else item.title, "exempt_paragraph": item.exempt_paragraph}
    maker = cabinet_decision_maker(item.meeting)
    form = MeetingDecisionForm(posted(request), initial=initial, item=item, maker=maker)

    def record():
        data = dict(form.cleaned_data)
        is_key = data.pop("is_key")
        if item.exempt:
            data.pop("exempt_paragraph", None)  # the item's, set by the service
        return decision_record_from_item(item=item, by=request.user, is_key=True if is_key else None, **data)

    if response := submit(
        request, form, record, done=lambda d: f"Decision on “{d.title}” recorded. Publish its notice from this page."
    ):
        return response
    back = reverse("executive:meeting-decisions", args=[item.meeting_id])
    return _form_page(
        request,
        form,
        title="Record the decision",
        caption=f"{item.meeting}: {item.title}",
        intro=(
            f"Taken by {_taker(maker, item.meeting)} on {item.meeting.date:%-d %B %Y}. A key decision is refused "
            "unless it was in the forward plan 28 clear days before, or the general exception or special urgency "
            "route is complete."
        ),
        button="Record the decision",
        back=back,
    )
