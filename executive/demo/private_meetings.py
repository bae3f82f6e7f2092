"""The demo Cabinet's private business and a decision taken at a meeting: the next Cabinet meeting far
enough ahead takes the leisure operator's commercial terms in private, with its notice of intention
and further notice (reg 5); the last Cabinet meeting held records its decision on the leisure
services contract, with its notice published. Loading again changes nothing."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from council import calendar
from members import access as members_access
from members.models import BodyKind
from scrutiny import services as scrutiny_services
from scrutiny.models import Meeting, MeetingStatus

from .. import services
from ..models import ExecutiveDecision, PrivateMeetingNotice

PRIVATE_TITLE = "Leisure operator: commercial terms"


def _cabinet_meetings():
    return Meeting.objects.filter(body__kind=BodyKind.CABINET).select_related("body").order_by("starts_at")


def _clerk(meeting):
    return members_access.clerks_of(meeting.body).first() or (
        get_user_model().objects.filter(first_name="Emma", last_name="Clarke").first()
    )


def _private_item(today):
    if PrivateMeetingNotice.objects.exists():
        return
    for meeting in _cabinet_meetings().filter(status=MeetingStatus.SCHEDULED):
        if meeting.date > today and calendar.further_private_notice_given(today, meeting.date):
            break
    else:
        return
    clerk = _clerk(meeting)
    item = scrutiny_services.agenda_item_add(
        meeting=meeting,
        by=clerk,
        title=PRIVATE_TITLE,
        exempt=True,
        exempt_paragraph=3,
        public_interest_reason="The operator's terms are under negotiation; disclosure would prejudice the council.",
        today=today,
    )
    intention = min(today, calendar.last_day_for_private_notice(meeting.date))
    notice = services.private_notice_give(
        item=item,
        by=clerk,
        matter="Leisure centres: the operator's contract terms",
        reasons="The report sets out the bidders' prices, which are commercially sensitive (paragraph 3).",
        published_on=intention,
        today=today,
    )
    services.private_further_notice_publish(
        notice=notice,
        by=clerk,
        representations_received=True,
        representations="A resident asked that the price be discussed in public.",
        response="The price will be published once the contract is signed; the negotiation is taken in private.",
        published_on=today,
        today=today,
    )


def _decision(today):
    if ExecutiveDecision.objects.filter(agenda_item__isnull=False).exists():
        return
    meeting = (
        _cabinet_meetings()
        .filter(starts_at__lt=timezone.now(), publications__isnull=False, items__title="Leisure services contract")
        .exclude(status=MeetingStatus.CANCELLED)
        .distinct()
        .last()
    )
    if meeting is None:
        return
    clerk = _clerk(meeting)
    decision = services.decision_record_from_item(
        item=meeting.items.get(title="Leisure services contract"),
        by=clerk,
        decision="To extend the leisure services contract for one year while the service is reviewed.",
        reasons="The commissioning review of leisure will report next year.",
        alternatives_rejected="Re-tendering now: the review would not have reported.",
        today=today,
    )
    services.decision_notice_publish(decision=decision, by=clerk, on=meeting.date)


def load():
    today = timezone.localdate()
    _decision(today)
    _private_item(today)
