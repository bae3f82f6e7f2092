"""Reads of call-ins: a decision's call-in for its page, and the dashboard panels of the O&S chair,
of every O&S member and of Democratic Services. Each panel runs a fixed number of queries however
many rows it lists."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from council import dashboard
from council.roles import Role
from members.models import MembershipRole
from scrutiny import item_links

from .. import access
from ..models import (
    CallIn,
    CallInSignature,
    CallInStatus,
    DecisionRoute,
    ExecutiveDecision,
    GeneralExceptionNotice,
)


@dataclass
class CallInPage:
    """What a decision's page shows of its call-in, and what the person may do."""

    call_in: CallIn | None
    signatures: list[CallInSignature] = field(default_factory=list)
    may_call_in: bool = False
    already_signed: bool = False
    may_manage: bool = False


def call_in_for_page(user, decision: ExecutiveDecision, *, today: datetime.date | None = None) -> CallInPage:
    today = today or timezone.localdate()
    call_in = (
        CallIn.objects.select_related("item__meeting__body").filter(decision=decision).first()
        if decision.call_in_or_none is not None
        else None
    )
    signatures = list(call_in.signatures.select_related("member")) if call_in is not None else []
    open_to_call_in = decision.call_in_status(today) in (CallInStatus.SUBJECT_TO_CALL_IN, CallInStatus.CALLED_IN)
    open_to_call_in = open_to_call_in and decision.call_in_ends_on is not None and today <= decision.call_in_ends_on
    return CallInPage(
        call_in=call_in,
        signatures=signatures,
        may_call_in=open_to_call_in and user.is_authenticated and access.may_call_in(user, today),
        already_signed=any(signature.member_id == user.pk for signature in signatures),
        may_manage=call_in is not None and call_in.valid_on is not None and access.can_manage_call_in(user),
    )


def _open_call_ins():
    return CallIn.objects.open().for_panel()


def chair_panel(request) -> dict | None:
    """The O&S chair's panel: urgency agreements asked of them (waiting and answered), general
    exception notices they were informed of (reg 10, through the
    notice published in the product), special urgency
    agreements recorded in their name, and the open call-ins. Not shown to other councillors."""
    user, today = request.user, timezone.localdate()
    from .urgency_requests import asked_of

    asked = asked_of(user)  # also the Chair of the council, asked when no O&S committee has a chair
    if not access.scrutiny_seats(user, today).filter(role=MembershipRole.CHAIR).exists() and not any(asked.values()):
        return None
    decisions = ExecutiveDecision.objects.for_list().order_by("-decided_on", "-pk")
    return asked | {
        "general_exceptions": GeneralExceptionNotice.objects.for_list().filter(scrutiny_chair=user)[:10],
        "urgency_agreements": decisions.filter(route=DecisionRoute.SPECIAL_URGENCY, urgency_agreed_by=user)[:10],
        "call_ins": _open_call_ins(),
        "today": today,
    }


def member_panel(request) -> dict | None:
    """Every O&S member: the decisions they may still call in, with the last day of each period."""
    user, today = request.user, timezone.localdate()
    if not access.may_call_in(user, today):
        return None
    return {
        "decisions": ExecutiveDecision.objects.subject_to_call_in(today).for_list().order_by("call_in_ends_on", "pk"),
        "today": today,
    }


def clerk_panel(request) -> dict:
    """Democratic Services: valid call-ins to place on a meeting, and those awaiting an outcome or response."""
    return {"call_ins": _open_call_ins()}


def decision_links(item_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """For scrutiny's meeting page (``scrutiny.item_links``): each call-in item's decision. Only
    published decisions are called in, and their notices are public. One query."""
    rows = CallIn.objects.filter(item_id__in=item_ids).values_list("item_id", "decision_id", "decision__title")
    return {
        item_id: [(f"The decision called in: {title}", reverse("executive:decision-detail", args=[decision_id]))]
        for item_id, decision_id, title in rows
    }


def register_panels() -> None:
    item_links.register(decision_links)
    dashboard.register(
        dashboard.Panel(
            "As chair of overview and scrutiny",
            "executive/panels/scrutiny_chair.html",
            order=9,
            roles=(Role.COUNCILLOR,),
            context=chair_panel,
        ),
        dashboard.Panel(
            "Decisions you may call in",
            "executive/panels/call_in_open.html",
            order=10,
            roles=(Role.COUNCILLOR,),
            context=member_panel,
        ),
        dashboard.Panel(
            "Call-ins",
            "executive/panels/call_ins.html",
            order=21,
            roles=(Role.DEMOCRATIC_SERVICES,),
            context=clerk_panel,
        ),
    )
