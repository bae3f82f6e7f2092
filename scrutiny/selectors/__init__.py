"""Reads for committee business, permission-scoped through council.permissions and ``access``, one
module per subject: meetings, the agenda, attendance, documents, minutes and publications."""

from .agenda import EXEMPT_NOTICE, agenda_rows, exclusion_resolution, meeting_agenda, people_who_report
from .attendance import attendance_for, attendance_register, declarations_by_item, register_memberships
from .documents import documents_by_item, exempt_accesses, officers
from .meetings import meetings_to_prepare_panel, meetings_visible_to
from .minute_numbers import minute_numbers, minute_range
from .minutes import (
    MINUTED,
    blank_items,
    executive_responders,
    future_meetings,
    later_held_meetings,
    minutes_rows,
    next_meeting,
    recommendation_tracker,
    recommendations_visible_to,
    work_programme,
)
from .my_meetings import my_meetings, my_summons
from .publications import (
    chairs_of,
    next_publication_version,
    notice_given,
    publication_record,
    publications_matching,
    publications_of,
    urgent_date_changes,
)
from .votes import Voter, voting_roll

__all__ = [
    "Voter",
    "voting_roll",
    "EXEMPT_NOTICE",
    "agenda_rows",
    "exclusion_resolution",
    "meeting_agenda",
    "people_who_report",
    "attendance_for",
    "attendance_register",
    "declarations_by_item",
    "register_memberships",
    "documents_by_item",
    "exempt_accesses",
    "officers",
    "meetings_to_prepare_panel",
    "meetings_visible_to",
    "my_meetings",
    "my_summons",
    "MINUTED",
    "blank_items",
    "next_meeting",
    "minute_numbers",
    "minute_range",
    "executive_responders",
    "future_meetings",
    "later_held_meetings",
    "minutes_rows",
    "recommendation_tracker",
    "recommendations_visible_to",
    "work_programme",
    "chairs_of",
    "next_publication_version",
    "notice_given",
    "publication_record",
    "publications_of",
    "publications_matching",
    "urgent_date_changes",
]
