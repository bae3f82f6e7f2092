"""Writes for committee business, by subject. Each service is one transaction with the acting person named."""

from .agenda import (
    STANDARD_ITEMS,
    agenda_insert_standard_items,
    agenda_item_add,
    agenda_item_move,
    agenda_item_update,
    agenda_publish,
    notice_is_short,
    standard_items_for,
    supplement_publish,
)
from .attendance import attendance_record, declaration_add, declaration_remove
from .document_text import document_text_extract, documents_awaiting_text
from .documents import (
    document_add,
    document_remove,
    exempt_access_record,
    exempt_minutes_download_record,
    exempt_pack_download_record,
    need_to_know_set,
)
from .interests import (
    build_notice,
    declaration_nature,
    declaration_prompt_confirm,
    declaration_prompt_dismiss,
    interest_notices_record,
    interest_notices_send,
)
from .meetings import meeting_cancel, meeting_reschedule, meeting_schedule
from .minutes import (
    action_add,
    action_complete,
    meeting_mark_held,
    minute_correct,
    minute_write,
    minutes_confirm,
    recommendation_add,
    recommendation_respond,
    resolution_add,
    work_programme_add,
    work_programme_done,
    work_programme_schedule,
)
from .recommendations import recommendation_received, recommendation_reminders_send
from .standard_items import standard_item_add, standard_item_remove
from .summons import build_summons, summons_resend, summonses_record, summonses_send
from .votes import vote_record

__all__ = [
    "document_text_extract",
    "documents_awaiting_text",
    "vote_record",
    "action_add",
    "notice_is_short",
    "action_complete",
    "meeting_mark_held",
    "minute_correct",
    "minute_write",
    "minutes_confirm",
    "recommendation_add",
    "recommendation_received",
    "recommendation_reminders_send",
    "recommendation_respond",
    "resolution_add",
    "work_programme_add",
    "work_programme_done",
    "work_programme_schedule",
    "STANDARD_ITEMS",
    "standard_item_add",
    "standard_items_for",
    "standard_item_remove",
    "agenda_insert_standard_items",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_update",
    "agenda_publish",
    "attendance_record",
    "declaration_add",
    "declaration_remove",
    "document_add",
    "document_remove",
    "exempt_access_record",
    "exempt_minutes_download_record",
    "exempt_pack_download_record",
    "need_to_know_set",
    "build_notice",
    "declaration_nature",
    "declaration_prompt_confirm",
    "declaration_prompt_dismiss",
    "interest_notices_record",
    "interest_notices_send",
    "meeting_cancel",
    "meeting_reschedule",
    "meeting_schedule",
    "supplement_publish",
    "build_summons",
    "summons_resend",
    "summonses_record",
    "summonses_send",
]
