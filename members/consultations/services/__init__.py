"""Writes for consultations, one module per subject: the consultation itself (``consultations``),
its questions and documents, members' responses (``responses``) and its emails (``reminders``).
Each service is one transaction with the acting person named, and raises ``RuleError``.

The owner's services are importable from here (``services.consultation_open``)."""

from .consultations import (
    check_correctable,
    check_draft,
    consultation_close,
    consultation_correct,
    consultation_create,
    consultation_open,
    consultation_report,
    consultation_update,
    open_and_close_due,
    outcome_publish,
    share,
    unshare,
)
from .documents import document_add, document_remove
from .questions import (
    QUESTIONS_LOCKED,
    check_questions_changeable,
    question_add,
    question_move,
    question_remove,
    question_update,
    questions_changeable,
)

__all__ = [
    "QUESTIONS_LOCKED",
    "check_correctable",
    "check_draft",
    "check_questions_changeable",
    "consultation_close",
    "consultation_correct",
    "consultation_create",
    "consultation_open",
    "consultation_report",
    "consultation_update",
    "document_add",
    "document_remove",
    "open_and_close_due",
    "outcome_publish",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "questions_changeable",
    "share",
    "unshare",
]
