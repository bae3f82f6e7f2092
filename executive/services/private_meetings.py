"""Executive meetings held in private (the 2012 Regulations reg 5): the notice of intention, the
further notice with representations and the response, the urgent route, and the check that agenda
publication asks before a Cabinet item is taken in private."""

import datetime

from django.db import transaction
from django.utils import timezone

from council import calendar
from council.errors import RuleError
from council.history import saved_by
from members.models import BodyKind
from scrutiny.models import AgendaItem, MeetingStatus

from .. import access
from ..models import PrivateMeetingNotice
from .decisions import may_agree_urgency


def _day(day: datetime.date) -> str:
    return f"{day:%A %-d %B %Y}"


def is_executive_meeting(meeting) -> bool:
    return meeting.body.kind == BodyKind.CABINET


def _locked_item(item: AgendaItem) -> AgendaItem:
    return AgendaItem.objects.select_related("meeting__body").select_for_update(of=("self",)).get(pk=item.pk)


def _check_item(item: AgendaItem, today: datetime.date) -> None:
    meeting = item.meeting
    if not is_executive_meeting(meeting):
        raise RuleError("Only an item of a Cabinet meeting is noticed under the 2012 Regulations")
    if not item.exempt:
        raise RuleError("Only exempt business (Schedule 12A) may be taken in private: mark the item exempt first")
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED) or meeting.date < today:
        raise RuleError("The meeting has been held or cancelled")


check_urgent_item = _check_item


def _published_on(on: datetime.date | None, today: datetime.date, field: str) -> datetime.date:
    on = on or today
    if on > today:
        raise RuleError("A notice is recorded when it is published: the date cannot be in the future", field=field)
    return on


def _required(**texts: tuple[str, str]) -> None:
    for field, (text, message) in texts.items():
        if not (text or "").strip():
            raise RuleError(message, field=field)


@transaction.atomic
def private_notice_give(
    *,
    item: AgendaItem,
    by,
    matter: str,
    reasons: str,
    published_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> PrivateMeetingNotice:
    """Democratic Services publish the notice of intention to take ``item`` in private (reg 5(2)),
    with the Schedule 12A paragraph relied on (the item's) and the reasons. Refused when it is no
    longer 28 clear days before the meeting: then only the urgent route is left."""
    if not access.can_give_private_notice(by):
        raise RuleError("Only Democratic Services give notice of a private meeting")
    today = today or timezone.localdate()
    item = _locked_item(item)
    _check_item(item, today)
    if PrivateMeetingNotice.objects.filter(item=item).exists():
        raise RuleError("This item already has its notice")
    _required(
        matter=(matter, "Describe the business for the public notice"),
        reasons=(reasons, "Give the reasons for taking it in private"),
    )
    published_on = _published_on(published_on, today, "published_on")
    meeting_day = item.meeting.date
    last = calendar.last_day_for_private_notice(meeting_day)
    if published_on > last:
        raise RuleError(
            f"The notice of intention must be published at least 28 clear days before the meeting: the last day was "
            f"{_day(last)}. Published on {_day(published_on)}, it allows a private meeting from "
            f"{_day(calendar.earliest_private_meeting_day(published_on))}. Otherwise use the urgent route",
            field="published_on",
        )
    assert item.exempt_paragraph is not None  # an exempt item has its paragraph (scrutiny's constraint)
    notice = PrivateMeetingNotice(
        item=item,
        matter=matter.strip(),
        exempt_paragraph=item.exempt_paragraph,
        reasons=reasons.strip(),
        intention_published_on=published_on,
        given_by=by,
    )
    return saved_by(notice, by, "Notice of intention to meet in private published")


@transaction.atomic
def private_further_notice_publish(
    *,
    notice: PrivateMeetingNotice,
    by,
    representations_received: bool,
    representations: str = "",
    response: str = "",
    published_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> PrivateMeetingNotice:
    """Democratic Services publish the further notice (reg 5(3)), at least 5 clear working days before
    the meeting, saying whether representations were received about why it should be open, and the
    response to them."""
    if not access.can_give_private_notice(by):
        raise RuleError("Only Democratic Services give notice of a private meeting")
    today = today or timezone.localdate()
    notice = PrivateMeetingNotice.objects.select_for_update().select_related("item__meeting__body").get(pk=notice.pk)
    _check_item(notice.item, today)
    if notice.intention_published_on is None:
        raise RuleError("The urgent route has no further notice: its notice gives the reasons")
    if notice.further_notice_published_on is not None:
        raise RuleError("The further notice is already published")
    published_on = _published_on(published_on, today, "published_on")
    if published_on < notice.intention_published_on:
        raise RuleError("The further notice follows the notice of intention", field="published_on")
    if representations_received:
        _required(
            representations=(representations, "Summarise the representations received"),
            response=(response, "Give the response to the representations"),
        )
    else:
        representations, response = "", ""
    meeting_day = notice.item.meeting.date
    if not calendar.further_private_notice_given(published_on, meeting_day):
        raise RuleError(
            "The further notice must be published at least 5 clear working days before the meeting: the last day "
            f"was {_day(calendar.last_day_for_further_private_notice(meeting_day))}. Otherwise use the urgent route",
            field="published_on",
        )
    notice.further_notice_published_on = published_on
    notice.representations_received = representations_received
    notice.representations = representations.strip()
    notice.response = response.strip()
    return saved_by(notice, by, "Further notice of a private meeting published")


@transaction.atomic
def private_notice_urgent(
    *,
    item: AgendaItem,
    by,
    matter: str,
    reasons: str,
    agreed_by=None,
    agreed_on: datetime.date | None = None,
    urgency_reasons: str = "",
    published_on: datetime.date | None = None,
    today: datetime.date | None = None,
    urgency_request=None,
) -> PrivateMeetingNotice:
    """The urgent route (reg 5(6)): when the date by which the meeting must be held makes the notices
    impracticable, the chair of the relevant overview and scrutiny committee (or, when there is none,
    the Chair, then the Vice-Chair, of the council: ``may_agree_urgency``) agrees the meeting is
    urgent and cannot reasonably be deferred; a notice with the reasons is published as soon as
    reasonably practicable. The person agreeing is not the one recording it. An ``urgency_request``
    agreed online for this item gives who agreed, when and why; without one, the agreement typed in
    is checked as before."""
    if not access.can_give_private_notice(by):
        raise RuleError("Only Democratic Services give notice of a private meeting")
    today = today or timezone.localdate()
    item = _locked_item(item)
    _check_item(item, today)
    if urgency_request is not None:
        from .urgency_requests import use_for_private_notice

        urgency_request = use_for_private_notice(urgency_request, item, "urgency_request")
        agreed_by, agreed_on = urgency_request.asked_of, urgency_request.answered_on
        urgency_reasons = urgency_request.reasons
    _required(
        matter=(matter, "Describe the business for the public notice"),
        reasons=(reasons, "Give the reasons for taking it in private"),
        urgency_reasons=(urgency_reasons, "Give why the meeting is urgent and cannot reasonably be deferred"),
    )
    if agreed_by is None or agreed_on is None:
        raise RuleError("Record who agreed the meeting is urgent, and when", field="agreed_by")
    published_on = _published_on(published_on, today, "published_on")
    if agreed_on > published_on:
        raise RuleError("The urgency is agreed before its notice is published", field="agreed_on")
    if published_on <= calendar.last_day_for_private_notice(item.meeting.date):
        raise RuleError(
            "There is still time to give 28 clear days' notice of intention: the urgent route is only for when the "
            "date of the meeting makes that impracticable",
            field="agreed_on",
        )
    if not may_agree_urgency(agreed_by, agreed_on):
        raise RuleError(
            "Only the chair of an overview and scrutiny committee (or, when there is none, the Chair or Vice-Chair "
            "of the council) may agree that a private meeting is urgent",
            field="agreed_by",
        )
    if agreed_by.pk == by.pk:
        raise RuleError("The person who agrees the urgency cannot be the one recording it", field="agreed_by")
    notice = PrivateMeetingNotice.objects.filter(item=item).first() or PrivateMeetingNotice(item=item, given_by=by)
    if notice.urgent_notice_published_on is not None:
        raise RuleError("The urgency is already agreed for this item")
    notice.matter = matter.strip()
    notice.reasons = reasons.strip()
    assert item.exempt_paragraph is not None  # an exempt item has its paragraph (scrutiny's constraint)
    notice.exempt_paragraph = item.exempt_paragraph
    notice.urgency_agreed_by = agreed_by
    notice.urgency_agreed_on = agreed_on
    notice.urgency_reasons = urgency_reasons.strip()
    notice.urgent_notice_published_on = published_on
    return saved_by(notice, by, "Urgent private meeting agreed and its notice published")


def reg5_missing(notice: PrivateMeetingNotice | None, meeting_day: datetime.date, today: datetime.date) -> str:
    """What reg 5 still needs before an item is taken in private at a meeting on ``meeting_day``, in
    words a clerk can act on; empty when it is met."""
    last = calendar.last_day_for_private_notice(meeting_day)
    if notice is None:
        return (
            f"no notice of intention to hold it in private was published. It was due by {_day(last)} (28 clear days "
            f"before the meeting); published today, it would allow a private meeting from "
            f"{_day(calendar.earliest_private_meeting_day(today))}. Otherwise record the urgent agreement"
        )
    if notice.is_urgent:
        return ""  # the agreement and its notice are recorded together (the model's constraint)
    assert notice.intention_published_on is not None
    if notice.intention_published_on > last:
        return (
            f"the notice of intention was published on {_day(notice.intention_published_on)}, fewer than 28 clear "
            f"days before the meeting: the earliest lawful day for it is "
            f"{_day(calendar.earliest_private_meeting_day(notice.intention_published_on))}. "
            "Otherwise record the urgent agreement"
        )
    further = notice.further_notice_published_on
    if further is None or further > today:
        return (
            "the further notice (with any representations and the response) has not been published: publish it by "
            f"{_day(calendar.last_day_for_further_private_notice(meeting_day))}"
        )
    if not calendar.further_private_notice_given(further, meeting_day):
        return (
            f"the further notice was published on {_day(further)}, fewer than 5 clear working days before the "
            "meeting. Otherwise record the urgent agreement"
        )
    return ""


def check_private_items(*, meeting, items, today: datetime.date) -> None:
    """Registered with ``scrutiny.publication_checks``: publishing the agenda (or a supplement) of a
    Cabinet meeting with an exempt item, to be taken in private, is refused unless reg 5 is met."""
    if not is_executive_meeting(meeting):
        return
    exempt = [item for item in items if item.exempt]
    if not exempt:
        return
    notices = {notice.item_id: notice for notice in PrivateMeetingNotice.objects.filter(item__in=exempt)}
    for item in exempt:
        if missing := reg5_missing(notices.get(item.pk), meeting.date, today):
            raise RuleError(f"“{item.title}” is to be taken in private, so the 2012 Regulations reg 5 apply: {missing}")
