"""Committee business, one module per subject: meetings, the agenda and its publication."""

from .agenda import (
    EXCLUSION_TITLE,
    AgendaItem,
    ExemptParagraph,
    ItemKind,
    MeetingDateChange,
    Publication,
    PublicationKind,
    exclusion_paragraphs,
    exclusion_wording,
)
from .attendance import ATTENDED, Attendance, AttendanceStatus, Declaration, DeclarationKind
from .documents import AgendaItemUserObjectPermission, DocumentKind, ExemptDocumentAccess, SupportingDocument
from .interests import MAX_NOTICE_ATTEMPTS, InterestNotice, InterestPromptDismissal
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
from .summons import MAX_SUMMONS_ATTEMPTS, Summons, SummonsKind, SummonsStatus
from .votes import Cast, MemberVote, Vote, VoteResult

__all__ = [
    "EXCLUSION_TITLE",
    "exclusion_paragraphs",
    "exclusion_wording",
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
    "InterestNotice",
    "InterestPromptDismissal",
    "MAX_NOTICE_ATTEMPTS",
    "Meeting",
    "MeetingDateChange",
    "MeetingQuerySet",
    "MeetingStatus",
    "Publication",
    "PublicationKind",
    "StandardItem",
    "MAX_SUMMONS_ATTEMPTS",
    "Summons",
    "SummonsKind",
    "SummonsStatus",
    "Cast",
    "MemberVote",
    "Vote",
    "VoteResult",
]
