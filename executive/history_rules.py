"""Who may read the History page of each executive record: the rule the record's own page follows.

- Decision makers and forward plan editions: everyone (they are published).
- A forward plan entry: once published, everyone; a draft, the roles that read drafts (``access``).
- A decision: once its notice is published, everyone; before, the roles that read unpublished
  decisions. Its exempt part (Schedule 12A) only for those who may read it (``access``), and so
  the exempt agenda item it was taken on (its title is the item's).
- A private meeting notice: everyone (it is published when recorded), but the exempt agenda item
  it covers only for those who may read exempt parts: the notice's public words are its ``matter``.
- A call-in and the names put to it: whoever may read the decision (they hold members' own reasons,
  never the decision's exempt part).
"""

from council.history import register_read_rule

from . import access
from .models import (
    CallIn,
    CallInSignature,
    DecisionMaker,
    ExecutiveDecision,
    ForwardPlanEdition,
    ForwardPlanEntry,
    GeneralExceptionNotice,
    PrivateMeetingNotice,
)


def _decision_withheld(user, decision: ExecutiveDecision) -> tuple[str, ...]:
    if access.may_see_exempt_part(user):
        return ()
    return ("exempt_part", "agenda_item") if decision.agenda_item_id else ("exempt_part",)


def _notice_withheld(user, notice: PrivateMeetingNotice) -> tuple[str, ...]:
    return () if access.may_see_exempt_part(user) else ("item",)


def register() -> None:
    register_read_rule(DecisionMaker, readable=lambda user, qs: qs)
    register_read_rule(ForwardPlanEdition, readable=lambda user, qs: qs)
    register_read_rule(ForwardPlanEntry, readable=lambda user, qs: access.entries_visible(user, qs))
    register_read_rule(
        ExecutiveDecision,
        readable=lambda user, qs: access.decisions_visible(user, qs),
        withheld=_decision_withheld,
    )
    register_read_rule(PrivateMeetingNotice, readable=lambda user, qs: qs, withheld=_notice_withheld)
    register_read_rule(GeneralExceptionNotice, readable=lambda user, qs: qs)
    register_read_rule(
        CallIn, readable=lambda user, qs: qs.filter(decision__in=access.decisions_visible(user).values("pk"))
    )
    register_read_rule(
        CallInSignature,
        readable=lambda user, qs: qs.filter(call_in__decision__in=access.decisions_visible(user).values("pk")),
    )


def _officer_decision_withheld(user, decision) -> tuple[str, ...]:
    return () if access.may_see_officer_decision_exempt_part(user, decision) else ("exempt_part",)


def register_officer_decisions() -> None:
    from .models import OfficerDecision

    register_read_rule(
        OfficerDecision,
        readable=lambda user, qs: access.officer_decisions_visible(user, qs),
        withheld=_officer_decision_withheld,
    )


def _urgency_request_withheld(user, request) -> tuple[str, ...]:
    return () if access.may_see_exempt_part(user) else ("item",)


def register_urgency_requests() -> None:
    """An urgency request: whoever reads it (``access.urgency_requests_visible``); the exempt agenda
    item it names only for those who read exempt parts."""
    from .models import UrgencyRequest

    register_read_rule(
        UrgencyRequest,
        readable=lambda user, qs: access.urgency_requests_visible(user, qs),
        withheld=_urgency_request_withheld,
    )


def register_decision_sessions() -> None:
    """A Cabinet Member decision session: everyone (it says who decides at a public meeting)."""
    from .models import DecisionSession

    register_read_rule(DecisionSession, readable=lambda user, qs: qs)
