"""Urgency agreements asked online (the 2012 Regulations regs 5(6) and 11): Democratic Services ask
a named person who may agree (``may_agree_urgency``: the chair of an overview and scrutiny committee,
or when there is none the Chair, then the Vice-Chair, of the council), who is emailed; that person
alone answers, agreeing or refusing with their reasons, once, on the day the system records. A
decision under special urgency, or an urgent private meeting notice, then relies on the agreed
request (``use_for_decision``, ``use_for_private_notice``)."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from council.errors import RuleError
from council.history import saved_by
from scrutiny.models import AgendaItem

from .. import access
from ..models import DecisionMaker, ExecutiveDecision, UrgencyAnswer, UrgencyPurpose, UrgencyRequest
from .decisions import decision_maker_people, may_agree_urgency
from .private_meetings import check_urgent_item

_WHO_MAY_AGREE = (
    "Only the chair of an overview and scrutiny committee (or, when there is none, the Chair or Vice-Chair of the "
    "council) may agree that a matter is urgent"
)


def _email(request: UrgencyRequest, *, subject: str, template: str, to) -> None:
    """Queued after commit (``council.mail``): a mail server that fails loses nothing recorded."""
    EmailMessage(
        subject=subject,
        body=render_to_string(template, {"request": request, "url": settings.SITE_URL + request.get_absolute_url()}),
        to=[to.email],
    ).send()


@transaction.atomic
def urgency_request_ask(
    *,
    by,
    asked_of,
    purpose: str,
    reasons: str,
    matter: str = "",
    decision_maker: DecisionMaker | None = None,
    intended_on: datetime.date | None = None,
    item: AgendaItem | None = None,
    today: datetime.date | None = None,
) -> UrgencyRequest:
    """Democratic Services ask ``asked_of`` to agree that a matter is urgent and cannot reasonably be
    deferred: a key decision (its matter, decision maker and intended date) or an exempt Cabinet
    item to be taken in private (the matter as the public notice would describe it)."""
    if not access.can_ask_urgency(by):
        raise RuleError("Only Democratic Services ask for an urgency agreement")
    today = today or timezone.localdate()
    matter, reasons = (matter or "").strip(), (reasons or "").strip()
    if purpose == UrgencyPurpose.SPECIAL_URGENCY:
        item = None
        if decision_maker is None:
            raise RuleError("Select who will take the decision", field="decision_maker")
        if intended_on is None:
            raise RuleError("Enter the date the decision is to be taken", field="intended_on")
        if intended_on < today:
            raise RuleError("The intended decision date has passed: agreement is asked before", field="intended_on")
        if not matter:
            raise RuleError("Give the matter to be decided", field="matter")
    elif purpose == UrgencyPurpose.PRIVATE_MEETING:
        decision_maker, intended_on = None, None
        if item is None:
            raise RuleError("Select the Cabinet item to be taken in private", field="item")
        item = AgendaItem.objects.select_related("meeting__body").get(pk=item.pk)
        check_urgent_item(item, today)
        if not matter or matter.casefold() == item.title.strip().casefold():
            raise RuleError(
                "Describe the business as the public notice would, without the exempt information", field="matter"
            )
        intended_on = None
    else:
        raise RuleError("Choose what the agreement is for", field="purpose")
    if not reasons:
        raise RuleError("Give why it cannot reasonably be deferred", field="reasons")
    if asked_of is None:
        raise RuleError("Select who is asked to agree", field="asked_of")
    if asked_of.pk == by.pk:
        raise RuleError("The person asked cannot be the one asking", field="asked_of")
    if not may_agree_urgency(asked_of, today):
        raise RuleError(_WHO_MAY_AGREE, field="asked_of")
    if access.holds_portfolio(asked_of, today) or (
        decision_maker is not None and asked_of.pk in decision_maker_people(decision_maker)
    ):
        raise RuleError("The person asked cannot be the decision maker: a Cabinet Member", field="asked_of")
    request = UrgencyRequest(
        purpose=purpose,
        matter=matter,
        decision_maker=decision_maker,
        intended_on=intended_on,
        item=item,
        reasons=reasons,
        asked_of=asked_of,
        asked_by=by,
        asked_on=today,
    )
    saved_by(request, by, "Urgency agreement asked")
    _email(
        request,
        subject=f"Your agreement is asked: {request.matter}",
        template="executive/emails/urgency_request.txt",
        to=asked_of,
    )
    return request


@transaction.atomic
def urgency_request_answer(
    *, request: UrgencyRequest, by, agree: bool, reasons: str, today: datetime.date | None = None
) -> UrgencyRequest:
    """The person asked agrees or refuses, with their reasons, once. The day is the system's (the
    London date): nobody types it. Refused once they no longer may agree, and agreement to a
    decision after the day it was to be taken is refused (ask again with the new date)."""
    request = UrgencyRequest.objects.select_for_update().get(pk=request.pk)
    if not getattr(by, "is_authenticated", False) or by.pk != request.asked_of_id:
        raise RuleError("Only the person asked answers")
    if not request.is_pending:
        raise RuleError(f"This request was already answered: {request.get_answer_display().lower()}")
    reasons = (reasons or "").strip()
    if not reasons:
        raise RuleError("Give your reasons", field="reasons")
    today = today or timezone.localdate()
    if agree:
        if not may_agree_urgency(by, today):
            raise RuleError(_WHO_MAY_AGREE + ": you no longer may")
        if request.intended_on is not None and today > request.intended_on:
            raise RuleError(
                f"The decision was to be taken on {request.intended_on:%-d %B %Y}: Democratic Services ask again "
                "with the new date"
            )
    request.answer = UrgencyAnswer.AGREED if agree else UrgencyAnswer.REFUSED
    request.answer_reasons = reasons
    request.answered_on = today
    saved_by(request, by, "Urgency agreed" if agree else "Urgency refused")
    _email(
        request,
        subject=f"Urgency {request.get_answer_display().lower()}: {request.matter}",
        template="executive/emails/urgency_answer.txt",
        to=request.asked_by,
    )
    return request


def _agreed(request: UrgencyRequest | None, purpose: str, field: str) -> UrgencyRequest:
    if request is None:
        raise RuleError("Select the urgency agreement relied on", field=field)
    request = UrgencyRequest.objects.select_for_update().select_related("asked_of").get(pk=request.pk)
    if request.purpose != purpose:
        raise RuleError(f"That request was for {request.get_purpose_display().lower()}", field=field)
    if request.answer != UrgencyAnswer.AGREED:
        state = "is still waiting for an answer" if request.is_pending else "was refused"
        raise RuleError(f"The urgency request “{request.matter}” {state}: it cannot be relied on", field=field)
    return request


def use_for_decision(request: UrgencyRequest | None, decision: ExecutiveDecision, field: str) -> UrgencyRequest:
    """Fill the decision's reg 11 agreement from an agreed request for that decision; refuse one that
    is pending, refused, for another decision maker, or already relied on by another decision."""
    request = _agreed(request, UrgencyPurpose.SPECIAL_URGENCY, field)
    if request.decision_id is not None and request.decision_id != decision.pk:
        raise RuleError("That urgency agreement was given for another decision, already recorded", field=field)
    if request.decision_maker_id != decision.decision_maker_id:
        raise RuleError("That urgency agreement was given for another decision maker's decision", field=field)
    decision.urgency_agreed_by = request.asked_of
    decision.urgency_agreed_on = request.answered_on
    decision.urgency_reasons = request.reasons
    return request


def use_for_private_notice(request: UrgencyRequest | None, item: AgendaItem, field: str) -> UrgencyRequest:
    """An agreed request for this agenda item (reg 5(6)); refuse any other."""
    request = _agreed(request, UrgencyPurpose.PRIVATE_MEETING, field)
    if request.item_id != item.pk:
        raise RuleError("That urgency agreement was given for another agenda item", field=field)
    return request
