"""Decisions taken at a Cabinet meeting, recorded on the agenda item they were taken on: the record
goes through ``decision_record`` (every notice rule of regs 9-11 still applies), and its notice is
published from the decision's page as any other (``decision_notice_publish``)."""

import datetime

from django.db import transaction
from django.utils import timezone

from council.errors import RuleError
from scrutiny.models import AgendaItem, MeetingStatus

from ..models import DecisionMaker, DecisionMakerKind, DecisionSession, ExecutiveDecision
from .decisions import decision_record
from .private_meetings import is_executive_meeting


def cabinet_decision_maker(meeting) -> DecisionMaker | None:
    """Who decides at ``meeting``: the Cabinet Member whose decision session it is
    (``DecisionSession``), otherwise the Cabinet."""
    session = DecisionSession.objects.filter(meeting=meeting).select_related("decision_maker").first()
    if session is not None:
        return session.decision_maker
    return DecisionMaker.objects.filter(kind=DecisionMakerKind.CABINET, body=meeting.body, retired=False).first()


def check_decision_on_item(item: AgendaItem, today: datetime.date) -> None:
    """Why a decision cannot be recorded on ``item`` now (a ``RuleError``), if it cannot."""
    meeting = item.meeting
    if not is_executive_meeting(meeting):
        raise RuleError("Only an item of a Cabinet meeting is an executive decision")
    if meeting.status == MeetingStatus.CANCELLED:
        raise RuleError("The meeting was cancelled")
    if meeting.date > today and meeting.status not in (MeetingStatus.HELD, *_MINUTED):
        raise RuleError(
            f"The meeting is on {meeting.date:%-d %B %Y}: a decision is recorded once the meeting has been held",
            field="decided_on",
        )
    if not item.is_published:
        raise RuleError("Only business on the published agenda is decided at the meeting")


_MINUTED = (MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_CONFIRMED)


@transaction.atomic
def decision_record_from_item(
    *, item: AgendaItem, by, title: str = "", today: datetime.date | None = None, **fields
) -> ExecutiveDecision:
    """Democratic Services record the decision the Cabinet took on ``item`` at its meeting: the
    decision maker is the Cabinet (or, at a Cabinet Member decision session, that Cabinet Member),
    the date the meeting's. An exempt item's paragraph follows into
    the record, and the public matter may not repeat the exempt item's title."""
    today = today or timezone.localdate()
    item = AgendaItem.objects.select_related("meeting__body").select_for_update(of=("self",)).get(pk=item.pk)
    check_decision_on_item(item, today)
    if ExecutiveDecision.objects.filter(agenda_item=item).exists():
        raise RuleError("A decision is already recorded on this item")
    maker = cabinet_decision_maker(item.meeting)
    if maker is None:
        raise RuleError("Add the Cabinet as a decision maker first")
    if item.exempt:
        # Schedule 12A: the exempt item's paragraph follows into the record, and its title (which
        # only those who may read the item see here) stays out of the public notice.
        fields["exempt_paragraph"] = item.exempt_paragraph
        if not title.strip() or title.strip().casefold() == item.title.strip().casefold():
            raise RuleError(
                "This item is exempt: describe the matter for the public notice without the exempt information",
                field="title",
            )
    elif not title.strip():
        title = item.title
    return decision_record(
        by=by, decision_maker=maker, decided_on=item.meeting.date, agenda_item=item, today=today, title=title, **fields
    )
