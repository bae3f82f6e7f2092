"""Committee business forms, one module per subject: meetings, the agenda, documents, attendance,
minutes, standard items and the checking of a published file."""

from .agenda import AgendaItemForm, PublishForm
from .attendance import AttendanceForm, DeclarationForm, DeclarationPromptForm
from .documents import DocumentForm, NeedToKnowForm
from .meetings import CancelMeetingForm, MeetingForm, ScheduleMeetingForm
from .minutes import (
    ActionForm,
    ConfirmMinutesForm,
    CorrectionForm,
    MinuteForm,
    ReceivedForm,
    RecommendationForm,
    ResolutionForm,
    ResponseForm,
    ScheduleEntryForm,
    WorkProgrammeEntryForm,
)
from .publications import CheckFileForm
from .standard_items import StandardItemForm
from .votes import VoteForm

__all__ = [
    "AgendaItemForm",
    "PublishForm",
    "AttendanceForm",
    "DeclarationForm",
    "DeclarationPromptForm",
    "DocumentForm",
    "NeedToKnowForm",
    "CancelMeetingForm",
    "MeetingForm",
    "ScheduleMeetingForm",
    "ActionForm",
    "ConfirmMinutesForm",
    "CorrectionForm",
    "MinuteForm",
    "ReceivedForm",
    "RecommendationForm",
    "ResolutionForm",
    "ResponseForm",
    "ScheduleEntryForm",
    "WorkProgrammeEntryForm",
    "CheckFileForm",
    "StandardItemForm",
    "VoteForm",
]
