"""Recording and publishing officer decisions (the Openness of Local Government Bodies Regulations
2014, regs 7-8; docs/decisions/0022-officer-decisions.md)."""

import datetime

from django.db import transaction
from django.utils import timezone

from council.errors import RuleError
from council.history import saved_by
from members.models import Officer

from .. import access
from ..models import OfficerDecision, OfficerDecisionGround

#: The particulars the officer (or Democratic Services) fills in (reg 7(3)).
OFFICER_DECISION_FIELDS = (
    "title",
    "ground",
    "authority",
    "decided_on",
    "decision",
    "reasons",
    "alternatives_rejected",
    "conflicts_declared",
    "dispensations",
    "background_papers",
    "exempt_paragraph",
    "exempt_part",
)


def _required(decision: OfficerDecision) -> None:
    for name, message in (
        ("title", "Enter the matter decided"),
        ("authority", "Enter the delegation or express authorisation the decision was taken under"),
        ("decision", "Enter the decision"),
        ("reasons", "Enter the reasons for the decision"),
    ):
        if not getattr(decision, name).strip():
            raise RuleError(message, field=name)
    if decision.ground not in OfficerDecisionGround.values:
        raise RuleError("Choose why the decision is recorded", field="ground")


@transaction.atomic
def officer_decision_record(
    *, by, officer: Officer | None = None, today: datetime.date | None = None, **fields
) -> OfficerDecision:
    """The written record of a decision an officer took under delegation (reg 7), made by that
    officer or by Democratic Services on their behalf. Unpublished until Democratic Services publish
    it (``officer_decision_publish``). A decision is recorded once taken: never dated after ``today``
    (the London date). The names of members who declared a conflict are a particular of decisions
    under an express authorisation only (reg 7(3)(d))."""
    officer = officer if officer is not None else access.officer_profile(by)
    if officer is None:
        raise RuleError("Choose the officer who took the decision", field="officer")
    if not access.can_record_officer_decision(by, officer):
        raise RuleError(
            "Officers record their own decisions; Democratic Services record them on an officer's behalf",
            field="officer",
        )
    decision = OfficerDecision(
        officer=officer,
        recorded_by=by,
        recorded_at=timezone.now(),
        **{name: fields[name] for name in OFFICER_DECISION_FIELDS if fields.get(name) is not None},
    )
    _required(decision)
    if decision.decided_on is None:
        raise RuleError("Enter the date of the decision", field="decided_on")
    if decision.decided_on > (today or timezone.localdate()):
        raise RuleError(
            "A decision is recorded once it has been taken: the date cannot be in the future", field="decided_on"
        )
    if decision.conflicts_declared.strip() and decision.ground != OfficerDecisionGround.EXPRESS_AUTHORISATION:
        raise RuleError(
            "Members' conflicts of interest are recorded for a decision under an express authorisation: "
            "choose that ground, or leave the names empty",
            field="conflicts_declared",
        )
    if decision.dispensations.strip() and not decision.conflicts_declared.strip():
        raise RuleError("A dispensation is recorded with the conflict it was granted for", field="dispensations")
    if decision.exempt_part.strip() and decision.exempt_paragraph is None:
        raise RuleError("An exempt part needs its Schedule 12A paragraph", field="exempt_paragraph")
    if decision.exempt_paragraph is not None and not decision.exempt_part.strip():
        raise RuleError("Enter the exempt part, or choose no Schedule 12A paragraph", field="exempt_part")
    return saved_by(decision, by, "Officer decision recorded")


@transaction.atomic
def officer_decision_publish(*, decision: OfficerDecision, by, on: datetime.date | None = None) -> OfficerDecision:
    """Democratic Services publish the record (reg 8): from ``on`` it is available to the public,
    with its background papers, for six years; its exempt part never is."""
    if not access.can_publish_officer_decision(by):
        raise RuleError("Only Democratic Services publish officer decisions")
    decision = OfficerDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.published_on is not None:
        raise RuleError("This officer decision is already published")
    on = on or timezone.localdate()
    if on < decision.decided_on:
        raise RuleError("A decision cannot be published before it is taken", field="published_on")
    if on > timezone.localdate():
        raise RuleError("Publish it today, not on a future day", field="published_on")
    decision.published_on = on
    decision.published_by = by
    return saved_by(decision, by, "Officer decision published")
