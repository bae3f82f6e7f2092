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
  the minutes page; the minute of an exempt item is hidden whole (no fair-summary field exists).
- What the minutes go on to track (actions, recommendations and their responses, corrections,
  the work programme entries actions bring back): while the minutes are draft, the body's clerks
  and members; once confirmed, whoever may see the meeting, except for an exempt item, whose
  derived records stay with those who may see its exempt content.
- The exempt access log, need-to-know grants and standard items: the body's clerks.

``exempt_readers``, ``minutes_readable`` and ``minuted_readable`` are the questions the shared
exempt rule (scrutiny/access.py, being written at the same time) answers; point them at it once
it lands.
"""

from django.db.models import Q, QuerySet

from council import permissions
from council.history import register_read_rule
from members.models import Body, Membership

from .models import (
    Action,
    AgendaItem,
    AgendaItemUserObjectPermission,
    Attendance,
    Declaration,
    ExemptDocumentAccess,
    Meeting,
    MeetingStatus,
    Minute,
    MinuteCorrection,
    MinutesConfirmation,
    Publication,
    Recommendation,
    Resolution,
    StandardItem,
    SupportingDocument,
    WorkProgrammeEntry,
)
from .selectors import NEED_TO_KNOW, meetings_visible_to

#: What a supporting document of an exempt item shows only to those who may open it.
PAPER_FIELDS = ("title", "file", "filename", "content_type", "size", "sha256", "page_count")


def managed_bodies(user) -> QuerySet:
    """The bodies ``user`` clerks (object grant) or runs as an Administrator (role)."""
    return permissions.permitted(user, Body.objects.all(), "members.change_body")


def member_bodies(user) -> QuerySet:
    return Membership.objects.current().filter(person=user).values("body")


def exempt_readers(user) -> QuerySet:
    """The agenda items whose exempt content ``user`` may see: ``document_open``'s rule."""
    items = AgendaItem.objects.all()
    return items.filter(
        Q(meeting__body__in=managed_bodies(user))
        | Q(meeting__body__in=member_bodies(user))
        | Q(pk__in=permitted_need_to_know(user, items))
    )


def permitted_need_to_know(user, items: QuerySet) -> QuerySet:
    return permissions.permitted(user, items, NEED_TO_KNOW).values("pk")


def items_readable(user) -> QuerySet:
    """Published items of the meetings ``user`` may see; every item of the bodies they clerk."""
    return AgendaItem.objects.filter(
        Q(meeting__in=meetings_visible_to(user), published_in__isnull=False) | Q(meeting__body__in=managed_bodies(user))
    )


def minutes_readable(user) -> QuerySet:
    """The minutes whose history (every draft wording) ``user`` may read: the body's clerks and
    Administrators and its current members."""
    return Minute.objects.filter(
        Q(item__meeting__body__in=managed_bodies(user)) | Q(item__meeting__body__in=member_bodies(user))
    )


def minuted_readable(user) -> QuerySet:
    """The minutes whose tracked records ``user`` may read. Draft minutes: the body's clerks and
    members. Confirmed: as public as the meeting, but those of an exempt item only for those who
    may see the exempt item."""
    confirmed = Q(
        item__meeting__status=MeetingStatus.MINUTES_CONFIRMED,
        item__meeting__in=meetings_visible_to(user),
    ) & (Q(item__exempt=False) | Q(item__in=exempt_readers(user)))
    return Minute.objects.filter(
        confirmed | Q(item__meeting__body__in=managed_bodies(user)) | Q(item__meeting__body__in=member_bodies(user))
    )


def _may_see_exempt(user, item: AgendaItem) -> bool:
    return not item.exempt or exempt_readers(user).filter(pk=item.pk).exists()


def _item_withheld(user, item: AgendaItem) -> tuple[str, ...]:
    return () if _may_see_exempt(user, item) else ("public_interest_reason",)


def _document_withheld(user, document: SupportingDocument) -> tuple[str, ...]:
    return () if _may_see_exempt(user, document.item) else PAPER_FIELDS


def _publication_withheld(user, publication: Publication) -> tuple[str, ...]:
    """The record lists every paper by title, exempt ones included."""
    hidden = publication.items.filter(exempt=True).exclude(pk__in=exempt_readers(user).values("pk"))
    return ("contents",) if hidden.exists() else ()


def _work_programme_readable(user, queryset: QuerySet) -> QuerySet:
    from members.selectors import bodies_visible_to

    return queryset.filter(
        Q(action__isnull=True, body__in=bodies_visible_to(user))
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
    register_read_rule(Declaration, readable=lambda user, qs: qs.filter(item__in=items_readable(user)))
    register_read_rule(
        ExemptDocumentAccess, readable=lambda user, qs: qs.filter(item__meeting__body__in=managed_bodies(user))
    )
    register_read_rule(
        AgendaItemUserObjectPermission,
        readable=lambda user, qs: qs.filter(content_object__meeting__body__in=managed_bodies(user)),
    )
    register_read_rule(StandardItem, readable=lambda user, qs: qs.filter(body__in=managed_bodies(user)))
    register_read_rule(Minute, readable=lambda user, qs: qs.filter(pk__in=minutes_readable(user).values("pk")))
    register_read_rule(Resolution, readable=lambda user, qs: qs.filter(minute__in=minutes_readable(user)))
    register_read_rule(MinuteCorrection, readable=lambda user, qs: qs.filter(minute__in=minuted_readable(user)))
    for derived in (Action, Recommendation):
        register_read_rule(derived, readable=lambda user, qs: qs.filter(resolution__minute__in=minuted_readable(user)))
    register_read_rule(WorkProgrammeEntry, readable=_work_programme_readable)
