"""Who may read the History page of each scrutiny record: the rule the record's own page follows.

- Meetings, publications, attendance and confirmations: whoever may see the meeting.
- Agenda items, their papers and declarations: once published, whoever may see the meeting; before,
  the body's clerks (and Administrators) only.
- Exempt content (LGA 1972 s.100A(4), Schedule 12A): the item's public-interest reason, its papers'
  titles and files, the publication record listing them, and everything minuted on the item, are
  for those who may open its papers (``document_open``): the body's clerks and Administrators, its
  current members, and officers granted need-to-know on the item.
- A minute and its resolutions: the body's clerks (and Administrators) and current members, even
  once confirmed, because their history holds every draft wording. The confirmed wording is on
  the minutes page, and of an exempt item's minute, the clerk's fair summary.
- The vote on a resolution and a recorded vote's names: the resolution's rule (the body's clerks and
  current members, who may read every draft of the minute), and, of an exempt item, only those of
  them who may see its exempt content. The confirmed result is on the minutes page.
- What the minutes go on to track (actions, recommendations and their responses, corrections,
  the work programme entries actions bring back): while the minutes are draft, the body's clerks
  and members; once confirmed, whoever may see the meeting, except for an exempt item, whose
  derived records stay with those who may see its exempt content.
- The exempt access log, need-to-know grants and standard items: the body's clerks.
- An interest notice (which items touch a member's interests): the member it went to and the body's
  clerks; a prompt dismissed on the declarations page: the body's clerks.
- A summons: the person it went to and the body's clerks.

``exempt_readers`` and ``minuted_readable`` ask the shared exempt rule (``scrutiny.access``), which
the minutes, work programme, tracker and meeting pages ask too.
"""

from django.db.models import Q, QuerySet

from council.history import register_read_rule
from members import access as members_access
from members.access import bodies_managed

from . import access
from .models import (
    Action,
    AgendaItem,
    AgendaItemUserObjectPermission,
    Attendance,
    Declaration,
    ExemptDocumentAccess,
    InterestNotice,
    InterestPromptDismissal,
    Meeting,
    MeetingDateChange,
    MemberVote,
    Minute,
    MinuteCorrection,
    MinuteNumber,
    MinutesConfirmation,
    Publication,
    Recommendation,
    RecommendationReminder,
    Resolution,
    StandardItem,
    Summons,
    SupportingDocument,
    Vote,
    WorkProgrammeEntry,
)
from .selectors import meetings_visible_to

#: What a supporting document of an exempt item shows only to those who may open it.
PAPER_FIELDS = ("title", "file", "filename", "content_type", "size", "sha256", "page_count")


def exempt_readers(user) -> QuerySet:
    """The agenda items whose exempt content ``user`` may see: ``document_open``'s rule (``access``)."""
    return AgendaItem.objects.filter(access.exempt_readable(user))


def items_readable(user) -> QuerySet:
    """Published items of the meetings ``user`` may see; every item of the bodies they clerk."""
    return AgendaItem.objects.filter(
        Q(meeting__in=meetings_visible_to(user), published_in__isnull=False) | Q(meeting__body__in=bodies_managed(user))
    )


def minutes_readable(user) -> QuerySet:
    """The minutes whose history (every draft wording) ``user`` may read: the body's clerks and
    Administrators and its current members."""
    return Minute.objects.filter(
        Q(item__meeting__body__in=bodies_managed(user)) | Q(item__meeting__body__in=members_access.bodies_sat_on(user))
    )


def minuted_readable(user) -> QuerySet:
    """The minutes whose tracked records ``user`` may read (``access``). Draft minutes: the body's
    clerks and members. Confirmed: as public as the meeting, but those of an exempt item only for
    those who may see the exempt item."""
    return access.visible(user, Minute.objects.all())


def vote_minutes(user) -> QuerySet:
    """The minutes whose votes' history ``user`` may read: the minute's own rule (every draft), and
    the exempt rule (``access``) for an exempt item."""
    return minutes_readable(user).filter(access.exempt_readable(user, "item__"))


def _item_withheld(user, item: AgendaItem) -> tuple[str, ...]:
    # What an exempt item concerns (organisations, subjects) is exempt content too.
    hidden = ("public_interest_reason", "organisations", "subjects")
    return () if access.may_see_exempt_content(user, item) else hidden


def _declaration_withheld(user, declaration: Declaration) -> tuple[str, ...]:
    """The nature of an interest declared in an exempt item can disclose the item (the meeting page
    shows who declared what kind of interest, not its nature, to those who may not see it)."""
    return () if access.may_see_exempt_content(user, declaration.item) else ("nature", "interest", "dispensation")


def _document_withheld(user, document: SupportingDocument) -> tuple[str, ...]:
    return () if access.may_see_exempt_content(user, document.item) else PAPER_FIELDS


def _publication_withheld(user, publication: Publication) -> tuple[str, ...]:
    """Older records list every paper by title, exempt ones included (newer ones give exempt papers by
    fingerprint only)."""
    hidden = publication.items.filter(exempt=True).exclude(pk__in=exempt_readers(user).values("pk"))
    return ("contents",) if hidden.exists() else ()


def _work_programme_readable(user, queryset: QuerySet) -> QuerySet:
    return queryset.filter(
        Q(action__isnull=True, body__in=members_access.bodies_visible(user))
        | Q(action__resolution__minute__in=minuted_readable(user))
    )


def register() -> None:
    register_read_rule(Meeting, readable=lambda user, qs: qs.filter(pk__in=meetings_visible_to(user).values("pk")))
    register_read_rule(
        Publication,
        readable=lambda user, qs: qs.filter(meeting__in=meetings_visible_to(user)),
        withheld=_publication_withheld,
    )
    register_read_rule(Attendance, readable=lambda user, qs: qs.filter(meeting__in=meetings_visible_to(user)))
    register_read_rule(MinutesConfirmation, readable=lambda user, qs: qs.filter(meeting__in=meetings_visible_to(user)))
    register_read_rule(MinuteNumber, readable=lambda user, qs: qs.filter(item__in=items_readable(user)))
    register_read_rule(
        AgendaItem,
        readable=lambda user, qs: qs.filter(pk__in=items_readable(user).values("pk")),
        withheld=_item_withheld,
    )
    register_read_rule(
        SupportingDocument,
        readable=lambda user, qs: qs.filter(item__in=items_readable(user)),
        withheld=_document_withheld,
        named_by=("title",),
    )
    register_read_rule(
        Declaration,
        readable=lambda user, qs: qs.filter(item__in=items_readable(user)),
        withheld=_declaration_withheld,
    )
    register_read_rule(
        ExemptDocumentAccess,
        readable=lambda user, qs: qs.filter(item__meeting__body__in=bodies_managed(user)),
    )
    register_read_rule(
        AgendaItemUserObjectPermission,
        readable=lambda user, qs: qs.filter(content_object__meeting__body__in=bodies_managed(user)),
    )
    register_read_rule(
        InterestNotice,
        readable=lambda user, qs: qs.filter(Q(person=user.pk) | Q(meeting__body__in=bodies_managed(user))),
    )
    register_read_rule(
        InterestPromptDismissal,
        readable=lambda user, qs: qs.filter(item__meeting__body__in=bodies_managed(user)),
    )
    register_read_rule(
        Summons,
        readable=lambda user, qs: qs.filter(Q(recipient=user.pk) | Q(meeting__body__in=bodies_managed(user))),
    )
    register_read_rule(StandardItem, readable=lambda user, qs: qs.filter(body__in=bodies_managed(user)))
    register_read_rule(Minute, readable=lambda user, qs: qs.filter(pk__in=minutes_readable(user).values("pk")))
    register_read_rule(Resolution, readable=lambda user, qs: qs.filter(minute__in=minutes_readable(user)))
    register_read_rule(Vote, readable=lambda user, qs: qs.filter(resolution__minute__in=vote_minutes(user)))
    register_read_rule(MemberVote, readable=lambda user, qs: qs.filter(vote__resolution__minute__in=vote_minutes(user)))
    register_read_rule(MinuteCorrection, readable=lambda user, qs: qs.filter(minute__in=minuted_readable(user)))
    for derived in (Action, Recommendation):
        register_read_rule(derived, readable=lambda user, qs: qs.filter(resolution__minute__in=minuted_readable(user)))
    register_read_rule(WorkProgrammeEntry, readable=_work_programme_readable)
    # A moved meeting's date and its special circumstances are stated in the minutes: they follow the meeting.
    register_read_rule(MeetingDateChange, readable=lambda user, qs: qs.filter(meeting__in=meetings_visible_to(user)))
    register_read_rule(
        RecommendationReminder,
        readable=lambda user, qs: qs.filter(
            recommendation__resolution__minute__item__meeting__body__in=bodies_managed(user)
        ),
    )
