"""Who may read what in committee business: exempt information (LGA 1972 s.100A(4), Schedule 12A)
and draft minutes, and everything derived from them.

One rule, asked everywhere: the meeting page, the minutes, the work programme, the recommendations
tracker, packs, feeds, exports and history pages. The exempt content of an agenda item (its papers,
its minute, resolutions, actions, recommendations, the work-programme entries they create, the
nature of interests declared on it) is for:

- the body's clerks and Administrators (those who manage the body, ``members.access``),
- the body's current members (who sit on it, ``members.access``), once the item is published,
- officers granted need-to-know on the item (``scrutiny.view_exempt_papers``), once it is published.

Everyone else sees the item's title and its Schedule 12A paragraph, and, once the minutes are
confirmed, the clerk's fair summary of the minute (s.100C(2)). Draft minutes, and whatever is
derived from them, are for the body's clerks and members until the body confirms them.

Each rule is a ``Q`` built once per person, so lists filter in the database: a person who may not
see the content never loads it. Who manages a body and who sits on it is asked of ``members.access``.
"""

from django.db.models import Exists, Model, Q, QuerySet

from council import permissions
from council.permissions import QuerySetT
from members import access as members_access

from .models import (
    Action,
    AgendaItem,
    Declaration,
    Meeting,
    MeetingStatus,
    MemberVote,
    Minute,
    MinuteCorrection,
    Recommendation,
    Resolution,
    SupportingDocument,
    Vote,
    WorkProgrammeEntry,
)

NEED_TO_KNOW = "scrutiny.view_exempt_papers"
DRAFT_MINUTES = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED)

#: The path from each derived record to its agenda item.
ITEM_PATH = {
    AgendaItem: "",
    SupportingDocument: "item__",
    Declaration: "item__",
    Minute: "item__",
    MinuteCorrection: "minute__item__",
    Resolution: "minute__item__",
    Action: "resolution__minute__item__",
    Vote: "resolution__minute__item__",
    MemberVote: "vote__resolution__minute__item__",
    Recommendation: "resolution__minute__item__",
    WorkProgrammeEntry: "action__resolution__minute__item__",
}


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def _need_to_know_items(user) -> QuerySet:
    """The exempt items granted to ``user``; none once they have left the council (one query)."""

    def build() -> QuerySet:
        granted = permissions.granted(user, AgendaItem.objects.filter(exempt=True), NEED_TO_KNOW)
        return granted.filter(~Exists(members_access.left_the_council(user)))

    return permissions.kept(("need-to-know", user.pk), build)


def _bodies_sat_on(user) -> QuerySet:
    """The bodies ``user`` sits on today (``members.access``), read once within ``permissions.pinned``."""
    return permissions.kept(("sat-on", user.pk), lambda: members_access.bodies_sat_on(user))


def need_to_know_holders(item: AgendaItem) -> QuerySet:
    """The officers granted need-to-know on the exempt ``item``."""
    return permissions.holders(NEED_TO_KNOW, item)


def can_manage_meetings(user, body) -> bool:
    """A body's meetings, agendas, papers and minutes are run by those who manage the body: its
    clerks and Administrators (``members.access``)."""
    return members_access.can_manage_body(user, body)


def documents_openable(user, queryset: QuerySet) -> QuerySet:
    """The supporting documents of ``queryset`` that ``user`` may open. Unpublished papers: the
    body's clerks and Administrators only. Published papers: everyone who may see the meeting (the
    caller's queryset is of such meetings), except exempt ones, whose content is for those
    ``exempt_readable`` allows (the body's current members, its clerks and Administrators, officers
    granted need-to-know)."""
    if members_access.manages_every_body(user):
        return queryset
    managed = Q(item__meeting__body__in=members_access.bodies_managed(user).values("pk"))
    return queryset.filter(managed | (Q(item__published_in__isnull=False) & exempt_readable(user, "item__")))


def may_view_minutes_history(user, meeting: Meeting) -> bool:
    """The history of minutes holds every draft wording: the body's clerks and current members."""
    return can_manage_meetings(user, meeting.body) or members_access.sits_on(user, meeting.body)


def exempt_readable(user, prefix: str = "") -> Q:
    """Where the agenda item at ``prefix`` is not exempt, or ``user`` may see its exempt content."""
    if not _signed_in(user):
        return Q(**{f"{prefix}exempt": False})
    if members_access.manages_every_body(user):  # Administrators: every body's business
        return Q()
    managed = members_access.bodies_managed(user).values("pk")
    return (
        Q(**{f"{prefix}exempt": False})
        | Q(**{f"{prefix}meeting__body__in": managed})
        | (
            Q(**{f"{prefix}published_in__isnull": False})
            & (
                Q(**{f"{prefix}meeting__body__in": _bodies_sat_on(user).values("pk")})
                | Q(**{f"{prefix}pk__in": _need_to_know_items(user).values("pk")})
            )
        )
    )


def published_or_managed(user, prefix: str = "") -> Q:
    """Where the agenda item at ``prefix`` is published, or ``user`` clerks its body (unpublished
    business is for the clerks only)."""
    published = Q(**{f"{prefix}published_in__isnull": False})
    if not _signed_in(user):
        return published
    if members_access.manages_every_body(user):
        return Q()
    return published | Q(**{f"{prefix}meeting__body__in": members_access.bodies_managed(user).values("pk")})


def minutes_readable(user, prefix: str = "") -> Q:
    """Where the meeting at ``prefix`` has confirmed minutes, or draft minutes ``user`` may read (its
    body's clerks and members)."""
    confirmed = Q(**{f"{prefix}status": MeetingStatus.MINUTES_CONFIRMED})
    if not _signed_in(user):
        return confirmed
    if members_access.manages_every_body(user):
        return Q(**{f"{prefix}status__in": (*DRAFT_MINUTES, MeetingStatus.MINUTES_CONFIRMED)})
    readers = Q(**{f"{prefix}body__in": members_access.bodies_managed(user).values("pk")}) | Q(
        **{f"{prefix}body__in": _bodies_sat_on(user).values("pk")}
    )
    return confirmed | (Q(**{f"{prefix}status__in": DRAFT_MINUTES}) & readers)


def _meetings_visible(user) -> QuerySet:
    return permissions.viewable(user, Meeting.objects.all(), "scrutiny.view_meeting")


def visible(user, queryset: QuerySetT) -> QuerySetT:
    """The records of ``queryset`` (agenda items, documents, declarations, minutes, resolutions,
    actions, recommendations, work-programme entries) whose content ``user`` may read.

    Records derived from minutes (everything from the minute down) also need minutes ``user`` may
    read. A work-programme entry not made by an action (a member's request, the commissioning work
    plan) is as open as the work programme.
    """
    model = queryset.model
    prefix = ITEM_PATH[model]
    rule = Q(**{f"{prefix}meeting__in": _meetings_visible(user).values("pk")}) & exempt_readable(user, prefix)
    if model in (AgendaItem, SupportingDocument, Declaration):
        rule &= published_or_managed(user, prefix)
    else:
        rule &= minutes_readable(user, f"{prefix}meeting__")
    if model is WorkProgrammeEntry:
        rule = Q(action__isnull=True) | rule
    return queryset.filter(rule)


def may_see(user, obj: Model) -> bool:
    """May ``user`` read this one record (see ``visible``)? For pages about one object, such as history."""
    return visible(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def may_see_exempt_content(user, item: AgendaItem) -> bool:
    """May ``user`` see the exempt content of ``item`` (its papers, its minute, what derives from it)?
    The rule for opening an exempt paper, and for everything else exempt."""
    if not item.exempt:
        return True
    return AgendaItem.objects.filter(exempt_readable(user), pk=item.pk).exists()


def may_read_minutes(user, meeting: Meeting) -> bool:
    """Confirmed minutes: anyone who may see the meeting. Draft minutes: its body's clerks and members."""
    return Meeting.objects.filter(minutes_readable(user), pk=meeting.pk).exists()


def exempt_readable_ids(user, meeting: Meeting) -> set[int]:
    """The meeting's exempt items whose content ``user`` may see, in one query."""
    items = AgendaItem.objects.filter(meeting=meeting, exempt=True).filter(exempt_readable(user))
    return set(items.values_list("pk", flat=True))


#: What stays public of a record whose exempt content a person may not see: an exempt item is on the
#: public agenda by its title and paragraph; an interest declared in it by who declared what kind.
_PUBLIC_FIELDS = {
    AgendaItem: {
        "id",
        "meeting",
        "position",
        "title",
        "kind",
        "report_author",
        "presenter",
        "minutes_allowed",
        "exempt",
        "exempt_paragraph",
        "urgent_reason",
        "published_in",
    },
    Declaration: {"id", "item", "person", "kind", "left_room", "took_part", "created_by"},
}


def readable_fields(user, obj: Model) -> set[str] | None:
    """For pages that show a record field by field (history): ``None`` if ``user`` may read every
    field of ``obj``, else the names of the fields they may read (empty: none at all).

    An exempt item and an interest declared in it keep their public fields; an exempt minute, once
    its minutes are confirmed, its fair summary (LGA 1972 s.100C(2)); everything else derived from
    an exempt item, and anything of draft minutes, nothing.
    """
    if may_see(user, obj):
        return None
    item = AgendaItem.objects.select_related("meeting").filter(pk=_item_pk(obj)).first()
    if item is None or not _meetings_visible(user).filter(pk=item.meeting_id).exists():
        return set()
    if isinstance(obj, Minute):
        confirmed = item.meeting.status == MeetingStatus.MINUTES_CONFIRMED
        return {"id", "item", "public_summary"} if confirmed else set()
    if type(obj) in _PUBLIC_FIELDS and item.is_published:
        return set(_PUBLIC_FIELDS[type(obj)])
    return set()


def _item_pk(obj: Model) -> int | None:
    """The pk of the agenda item ``obj`` derives from (walking ``ITEM_PATH``)."""
    prefix = ITEM_PATH[type(obj)]
    if not prefix:
        return obj.pk
    lookup = f"{prefix}pk"
    return type(obj)._default_manager.filter(pk=obj.pk).values_list(lookup, flat=True).first()
