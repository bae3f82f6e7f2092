"""Who may take executive decisions: Democratic Services add the Cabinet, each Cabinet Member for
their portfolio, and officers under a delegation in the constitution."""

from django.db import transaction

from council.errors import RuleError
from council.history import saved_by
from members.models import Body, BodyKind, Officer, Portfolio

from .. import access
from ..models import DecisionMaker, DecisionMakerKind


@transaction.atomic
def decision_maker_add(
    *,
    by,
    kind: str,
    body: Body | None = None,
    portfolio: Portfolio | None = None,
    officer: Officer | None = None,
    delegation: str = "",
) -> DecisionMaker:
    if not access.can_manage_decision_makers(by):
        raise RuleError("Only Democratic Services add decision makers")
    if kind == DecisionMakerKind.CABINET:
        if body is None or body.kind != BodyKind.CABINET:
            raise RuleError("Choose the Cabinet", field="body")
        portfolio, officer, delegation = None, None, ""
    elif kind == DecisionMakerKind.CABINET_MEMBER:
        if portfolio is None:
            raise RuleError("Choose the Cabinet Member's portfolio", field="portfolio")
        body, officer, delegation = None, None, ""
    elif kind == DecisionMakerKind.OFFICER:
        if officer is None:
            raise RuleError("Choose the officer", field="officer")
        if not delegation.strip():
            raise RuleError("Give the delegation the officer decides under", field="delegation")
        body, portfolio = None, None
    else:
        raise RuleError("Choose the kind of decision maker", field="kind")
    existing = DecisionMaker.objects.filter(kind=kind, body=body, portfolio=portfolio, officer=officer, retired=False)
    if existing.exists():
        raise RuleError("This decision maker is already listed")
    maker = DecisionMaker(kind=kind, body=body, portfolio=portfolio, officer=officer, delegation=delegation.strip())
    return saved_by(maker, by, "Decision maker added")
