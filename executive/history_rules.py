"""Who may read the History page of each executive record: the rule the record's own page follows.

- Decision makers and forward plan editions: everyone (they are published).
- A forward plan entry: once published, everyone; a draft, the roles that read drafts (``access``).
- A decision: once its notice is published, everyone; before, the roles that read unpublished
  decisions. Its exempt part (Schedule 12A) only for those who may read it (``access``).
- A call-in and the names put to it: whoever may read the decision (they hold members' own reasons,
  never the decision's exempt part).
"""

from council.history import register_read_rule

from . import access
from .models import CallIn, CallInSignature, DecisionMaker, ExecutiveDecision, ForwardPlanEdition, ForwardPlanEntry


def _decision_withheld(user, decision: ExecutiveDecision) -> tuple[str, ...]:
    return () if access.may_see_exempt_part(user) else ("exempt_part",)


def register() -> None:
    register_read_rule(DecisionMaker, readable=lambda user, qs: qs)
    register_read_rule(ForwardPlanEdition, readable=lambda user, qs: qs)
    register_read_rule(ForwardPlanEntry, readable=lambda user, qs: access.entries_visible(user, qs))
    register_read_rule(
        ExecutiveDecision,
        readable=lambda user, qs: access.decisions_visible(user, qs),
        withheld=_decision_withheld,
    )
    register_read_rule(
        CallIn, readable=lambda user, qs: qs.filter(decision__in=access.decisions_visible(user).values("pk"))
    )
    register_read_rule(
        CallInSignature,
        readable=lambda user, qs: qs.filter(call_in__decision__in=access.decisions_visible(user).values("pk")),
    )
