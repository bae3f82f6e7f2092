"""Writes on the executive's record: keyword-only actions, one transaction each."""

from .call_in import call_in_outcome_record, call_in_place, call_in_request, call_in_response_record
from .decision_makers import decision_maker_add
from .decisions import decision_notice_publish, decision_record, may_agree_urgency, scrutiny_chairs
from .forward_plan import (
    entry_assess_key,
    entry_draft,
    entry_update,
    entry_withdraw,
    forward_plan_publish,
    key_decision_assessment,
)

__all__ = [
    "call_in_outcome_record",
    "call_in_place",
    "call_in_request",
    "call_in_response_record",
    "decision_maker_add",
    "decision_notice_publish",
    "decision_record",
    "entry_assess_key",
    "entry_draft",
    "entry_update",
    "entry_withdraw",
    "forward_plan_publish",
    "key_decision_assessment",
    "may_agree_urgency",
    "scrutiny_chairs",
]
