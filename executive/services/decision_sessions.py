"""Cabinet Member decision sessions: Democratic Services mark a meeting of the Cabinet body as the
session at which a named Cabinet Member takes their portfolio's decisions. The decisions recorded on
its items are then that Cabinet Member's (``meeting_decisions.cabinet_decision_maker``), with every
notice rule of ``decision_record``."""

from django.db import transaction

from council.errors import RuleError
from council.history import saved_by
from scrutiny.models import Meeting, MeetingStatus

from .. import access
from ..models import DecisionMaker, DecisionMakerKind, DecisionSession, ExecutiveDecision
from .private_meetings import is_executive_meeting


@transaction.atomic
def decision_session_mark(*, meeting: Meeting, decision_maker: DecisionMaker | None, by) -> DecisionSession:
    if not access.can_record_decision(by):
        raise RuleError("Only Democratic Services mark a Cabinet Member decision session")
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if not is_executive_meeting(meeting):
        raise RuleError("Only a meeting of the Cabinet is a Cabinet Member decision session")
    if meeting.status == MeetingStatus.CANCELLED:
        raise RuleError("The meeting was cancelled")
    if DecisionSession.objects.filter(meeting=meeting).exists():
        raise RuleError("This meeting is already a Cabinet Member decision session")
    if ExecutiveDecision.objects.filter(agenda_item__meeting=meeting).exists():
        raise RuleError("Decisions are already recorded at this meeting as the Cabinet's")
    if decision_maker is None or decision_maker.kind != DecisionMakerKind.CABINET_MEMBER or decision_maker.retired:
        raise RuleError("Select the Cabinet Member's portfolio", field="decision_maker")
    return saved_by(
        DecisionSession(meeting=meeting, decision_maker=decision_maker, marked_by=by),
        by,
        "Marked as a Cabinet Member decision session",
    )
