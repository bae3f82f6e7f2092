"""Committee business, one module per subject: meetings, the agenda and its publication."""

from .agenda import AgendaItem, ExemptParagraph, ItemKind, MeetingDateChange, Publication, PublicationKind
from .attendance import ATTENDED, Attendance, AttendanceStatus, Declaration, DeclarationKind
from .documents import AgendaItemUserObjectPermission, DocumentKind, ExemptDocumentAccess, SupportingDocument
from .meetings import Meeting, MeetingQuerySet, MeetingStatus
from .minutes import (
    Action,
    ActionStatus,
    Implementation,
    Minute,
    MinuteCorrection,
    MinutesConfirmation,
    Recommendation,
    RecommendationReminder,
    RecommendationResponse,
    Resolution,
    WorkProgrammeEntry,
    WorkProgrammeSource,
    WorkProgrammeStatus,
)
from .standard_items import StandardItem

__all__ = [
    "Action",
    "ActionStatus",
    "Implementation",
    "Minute",
    "MinuteCorrection",
    "MinutesConfirmation",
    "Recommendation",
    "RecommendationReminder",
    "RecommendationResponse",
    "Resolution",
    "WorkProgrammeEntry",
    "WorkProgrammeSource",
    "WorkProgrammeStatus",
    "ATTENDED",
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "Declaration",
    "DeclarationKind",
    "AgendaItemUserObjectPermission",
    "DocumentKind",
    "ExemptDocumentAccess",
    "SupportingDocument",
    "ExemptParagraph",
    "ItemKind",
    "Meeting",
    "MeetingDateChange",
    "MeetingQuerySet",
    "MeetingStatus",
    "Publication",
    "PublicationKind",
    "StandardItem",
]
