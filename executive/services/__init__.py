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
from .general_exception import general_exception_publish
from .meeting_decisions import decision_record_from_item
from .private_meetings import (
    check_private_items,
    private_further_notice_publish,
    private_notice_give,
    private_notice_urgent,
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
    "general_exception_publish",
    "key_decision_assessment",
    "may_agree_urgency",
    "scrutiny_chairs",
    "check_private_items",
    "decision_record_from_item",
    "private_further_notice_publish",
    "private_notice_give",
    "private_notice_urgent",
]

from .officer_decisions import officer_decision_publish, officer_decision_record  # noqa: E402

__all__ += ["officer_decision_publish", "officer_decision_record"]

from .urgency_requests import urgency_request_answer, urgency_request_ask  # noqa: E402

__all__ += ["urgency_request_answer", "urgency_request_ask"]

from .decision_sessions import decision_session_mark  # noqa: E402

__all__ += ["decision_session_mark"]
