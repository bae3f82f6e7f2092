"""A councillor's "My meetings": the bodies they sit on, and their next meetings, each with the
summonses they were sent, the packs they may download, the papers they may open and their own line
of the register (apologies sent, or whether they may still send them).

A fixed number of queries however many meetings, papers, packs and summonses: every list is read for
all the meetings at once. Papers come through ``access.documents_openable`` (an exempt paper the
member may not open is never loaded); a confidential pack only for those ``packs.may_download``
allows (the body's current members, its clerks), its download asking for the second factor as
everywhere else.
"""

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from council.packs.models import PackVersion
from members import access as members_access
from members.models import MembershipRole

from .. import access, packs
from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    MeetingStatus,
    Publication,
    PublicationKind,
    Summons,
    SupportingDocument,
)
from .meetings import meetings_visible_to

#: How many of the next meetings the page lists.
NEXT_MEETINGS = 20


def _editions(publications: list[Publication], with_exempt: set[int]) -> list[str]:
    """As ``packs.editions``, from rows already read."""
    names = []
    for publication in publications:
        if publication.kind == PublicationKind.AGENDA:
            public, confidential = packs.PUBLIC, packs.CONFIDENTIAL
        else:
            public = packs.supplement_edition(publication.version, packs.PUBLIC)
            confidential = packs.supplement_edition(publication.version, packs.CONFIDENTIAL)
        names.append(public)
        if publication.pk in with_exempt:
            names.append(confidential)
    return names


def _latest_versions(meeting_ids: list[int]) -> dict[tuple[str, str], PackVersion]:
    """The newest version of every agenda pack edition of the meetings: {(meeting id, edition): version}."""
    newest = (
        PackVersion.objects.filter(kind=OuterRef("kind"), object_id=OuterRef("object_id"), edition=OuterRef("edition"))
        .order_by("-number")
        .values("pk")[:1]
    )
    versions = PackVersion.objects.filter(
        kind=packs.KIND, object_id__in=[str(pk) for pk in meeting_ids], pk=Subquery(newest)
    )
    return {(version.object_id, version.edition): version for version in versions}


def my_meetings(user, *, now: datetime.datetime | None = None) -> dict:
    """The page's content for ``user`` (signed in): their current seats, and their next meetings
    (from today, cancelled ones shown as such) of the bodies they sit on today."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    seats = list(members_access.seats(user, today).select_related("body").order_by("body__name", "start_date"))
    sat_on = {seat.body_id for seat in seats}
    expected_on = {seat.body_id for seat in seats if seat.role != MembershipRole.SUBSTITUTE}
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    meetings = list(
        meetings_visible_to(user)
        .filter(body__in=sat_on, starts_at__gte=start)
        .select_related("body")
        .order_by("starts_at", "pk")[:NEXT_MEETINGS]
    )
    ids = [meeting.pk for meeting in meetings]
    if not ids:
        return {"seats": seats, "meetings": []}
    managed = set(members_access.bodies_managed(user).filter(pk__in=sat_on).values_list("pk", flat=True))
    lines = {line.meeting_id: line for line in Attendance.objects.filter(meeting__in=ids, person=user)}
    summonses: dict[int, list[Summons]] = {}
    for summons in (
        Summons.objects.filter(meeting__in=ids, recipient=user)
        .select_related("publication")
        .order_by("publication__version", "pk")
    ):
        summonses.setdefault(summons.meeting_id, []).append(summons)
    publications: dict[int, list[Publication]] = {}
    for publication in Publication.objects.filter(meeting__in=ids).order_by("version"):
        publications.setdefault(publication.meeting_id, []).append(publication)
    with_exempt = set(
        AgendaItem.objects.filter(meeting__in=ids, exempt=True, published_in__isnull=False).values_list(
            "published_in_id", flat=True
        )
    )
    versions = _latest_versions(ids)
    papers: dict[int, list[SupportingDocument]] = {}
    openable = access.documents_openable(user, SupportingDocument.objects.filter(item__meeting__in=ids))
    for document in openable.select_related("item").order_by("item__position", "position"):
        papers.setdefault(document.item.meeting_id, []).append(document)

    rows = []
    for meeting in meetings:
        # Confidential editions only for those who may have them (packs.may_download): the body's
        # current members (every body listed here is one the member sits on today) and its clerks.
        entitled = meeting.body_id in sat_on or meeting.body_id in managed
        names = [
            name
            for name in _editions(publications.get(meeting.pk, []), with_exempt)
            if entitled or not packs.is_confidential(name)
        ]
        line = lines.get(meeting.pk)
        rows.append(
            {
                "meeting": meeting,
                "seat_expected": meeting.body_id in expected_on,
                "line": line if line is not None and line.status != AttendanceStatus.EXPECTED else None,
                "sent_apologies": line is not None and line.status == AttendanceStatus.APOLOGIES,
                "may_send_apologies": (
                    meeting.body_id in expected_on
                    and meeting.starts_at > now
                    and meeting.status != MeetingStatus.CANCELLED
                    and (line is None or line.status == AttendanceStatus.EXPECTED)
                ),
                "summonses": summonses.get(meeting.pk, []),
                "packs": [
                    {"edition": name, "label": packs.label(name), "version": versions.get((str(meeting.pk), name))}
                    for name in names
                ],
                "papers": papers.get(meeting.pk, []),
            }
        )
    return {"seats": seats, "meetings": rows}


def my_summons(user, pk: int) -> Summons | None:
    """One summons sent to ``user`` (never another person's)."""
    return Summons.objects.filter(recipient=user).select_related("meeting__body", "publication").filter(pk=pk).first()
