"""What the ModernGov-compatible web service (``/mgWebService.asmx/<Method>``) answers, read as the
public reads it (``access.webservice_reader``): public bodies, their meetings, the published agenda
(an exempt item by its title only), the papers the public may open, confirmed minutes (of an exempt
item, the fair summary only), the register and the councillors shown on the public pages.

Ids: a record imported from ModernGov answers with ModernGov's own id (``ExternalRef`` of the site
last imported from), so a scraper's stored ids keep working; any other record with its own primary
key plus ``OFFSET``, which no ModernGov id reaches. The same ids are accepted as parameters.

Each read is a fixed number of queries whatever the number of meetings, items, papers or people.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks

from members import access as members_access
from members.models import Member, Membership, Ward
from scrutiny import access as scrutiny_access
from scrutiny.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    Minute,
    Resolution,
    SupportingDocument,
)
from scrutiny.selectors.attendance import attendance_for, register_memberships
from scrutiny.selectors.meetings import meetings_visible_to

from .. import access
from ..models import ExternalRef, LinkedDocument, RefKind

#: Added to a primary key to make the id of a record that did not come from ModernGov. ModernGov's
#: ids are a council's running numbers (tens of thousands at most), far below; the sum still fits
#: the 32-bit integer ModernGov's clients keep ids in.
OFFSET = 1_000_000_000


# --- Ids -----------------------------------------------------------------------------------------------


def webservice_site() -> str:
    """The ModernGov site whose ids the web service answers with: the one last imported from."""
    return ExternalRef.objects.order_by("-pk").values_list("site", flat=True).first() or ""


class Ids:
    """ModernGov's ids of the records here, and the records here of ModernGov's ids, for one site."""

    def __init__(self, site: str):
        self.site = site
        self.outward: dict[tuple[str, int], str] = {}

    def load(self, wanted: Iterable[tuple[str, int]]) -> None:
        """Read the ids of every ``(kind, pk)`` of ``wanted`` in one query."""
        wanted = [(kind, pk) for kind, pk in wanted if (kind, pk) not in self.outward]
        if not wanted or not self.site:
            return
        by_kind: dict[str, set[int]] = {}
        for kind, pk in wanted:
            by_kind.setdefault(kind, set()).add(pk)
        rule = Q()
        for kind, pks in by_kind.items():
            rule |= Q(kind=kind, object_id__in=pks)
        for kind, object_id, external_id in ExternalRef.objects.filter(rule, site=self.site).values_list(
            "kind", "object_id", "external_id"
        ):
            if external_id.isdigit():
                self.outward[(kind, object_id)] = external_id

    def of(self, kind: str, pk: int) -> str:
        """The id the web service gives the record ``pk`` of ``kind`` (loaded first with ``load``)."""
        return self.outward.get((kind, pk)) or str(OFFSET + pk)

    def find(self, kind: str, value: int) -> int | None:
        """The primary key of the record the web service calls ``value``, or None."""
        if self.site:
            found = (
                ExternalRef.objects.filter(site=self.site, kind=kind, external_id=str(value))
                .values_list("object_id", flat=True)
                .first()
            )
            if found is not None:
                return found
        if value <= OFFSET:
            return None
        pk = value - OFFSET
        # A record imported from ModernGov answers to ModernGov's id only: one id per record.
        self.load([(kind, pk)])
        return None if (kind, pk) in self.outward else pk


# --- What is answered ----------------------------------------------------------------------------------


@dataclass
class CommitteeRow:
    id: str
    title: str
    expired: bool
    category: str


@dataclass
class MeetingRow:
    id: str
    committee_id: str
    committee_title: str
    starts_at: datetime.datetime  # Europe/London
    cancelled: bool


@dataclass
class DocumentRow:
    id: str
    title: str
    is_link: bool
    url: str
    published_on: datetime.date | None


@dataclass
class ItemRow:
    id: str
    title: str
    number: int
    exempt: bool
    presenter: str
    minute_html: str
    minute_published: bool
    declarations: int
    documents: list[DocumentRow] = field(default_factory=list)


@dataclass
class AttendeeRow:
    id: str
    name: str
    role: str
    attendance: str
    party: str
    ward: str
    url: str


@dataclass
class MeetingDetail:
    meeting: MeetingRow
    ends_at: datetime.datetime | None
    venue: str
    agenda_published: bool
    minutes_published: bool
    items: list[ItemRow]
    attendees: list[AttendeeRow]


@dataclass
class CouncillorRow:
    id: str
    name: str
    photo_url: str
    party: str
    email: str
    phone: str
    address: list[str]
    term_start: datetime.date | None
    term_end: datetime.date | None


@dataclass
class WardRow:
    id: str
    title: str
    councillors: list[CouncillorRow]


def _link(name: str, *args) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def _public_bodies():
    return members_access.bodies_visible(access.webservice_reader())


def _public_meetings():
    reader = access.webservice_reader()
    return meetings_visible_to(reader).filter(body__in=_public_bodies().values("pk"))


def committees(*, today: datetime.date | None = None) -> list[CommitteeRow]:
    """GetCommittees: every public body, by name (two queries)."""
    today = today or timezone.localdate()
    bodies = list(_public_bodies().order_by("name"))
    ids = Ids(webservice_site())
    ids.load((RefKind.COMMITTEE, body.pk) for body in bodies)
    return [
        CommitteeRow(
            id=ids.of(RefKind.COMMITTEE, body.pk),
            title=body.name,
            expired=body.end_date is not None and body.end_date <= today,
            category=body.get_kind_display(),
        )
        for body in bodies
    ]


def _meeting_rows(meetings: list[Meeting], ids: Ids) -> list[MeetingRow]:
    ids.load([*((RefKind.MEETING, m.pk) for m in meetings), *((RefKind.COMMITTEE, m.body_id) for m in meetings)])
    return [
        MeetingRow(
            id=ids.of(RefKind.MEETING, meeting.pk),
            committee_id=ids.of(RefKind.COMMITTEE, meeting.body_id),
            committee_title=meeting.body.name,
            starts_at=timezone.localtime(meeting.starts_at),
            cancelled=meeting.status == MeetingStatus.CANCELLED,
        )
        for meeting in meetings
    ]


def _between(queryset, start: datetime.date, end: datetime.date):
    """The meetings of ``queryset`` from the start of ``start`` to the end of ``end`` (Europe/London)."""
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    return queryset.filter(starts_at__gte=first, starts_at__lt=after)


def committee_meetings(
    committee_id: int, start: datetime.date, end: datetime.date
) -> tuple[CommitteeRow | None, list[MeetingRow]]:
    """GetMeetings: a public body and its meetings between the two days, by date; (None, []) for a
    body that is not public or does not exist."""
    ids = Ids(webservice_site())
    pk = ids.find(RefKind.COMMITTEE, committee_id)
    body = _public_bodies().filter(pk=pk).first() if pk is not None else None
    if body is None:
        return None, []
    meetings = list(
        _between(_public_meetings().filter(body=body), start, end).select_related("body").order_by("starts_at", "pk")
    )
    ids.load([(RefKind.COMMITTEE, body.pk)])
    row = CommitteeRow(ids.of(RefKind.COMMITTEE, body.pk), body.name, False, body.get_kind_display())
    return row, _meeting_rows(meetings, ids)


def meetings_by_date(
    start: datetime.date, end: datetime.date, *, committee_id: int = 0, ascending: bool = True
) -> list[MeetingRow]:
    """GetAllMeetingsByDate: the meetings of every public body (or of one) between the two days."""
    ids = Ids(webservice_site())
    meetings = _between(_public_meetings(), start, end).select_related("body")
    if committee_id:
        pk = ids.find(RefKind.COMMITTEE, committee_id)
        meetings = meetings.filter(body_id=pk) if pk is not None else meetings.none()
    order = ("starts_at", "pk") if ascending else ("-starts_at", "-pk")
    return _meeting_rows(list(meetings.order_by(*order)), ids)


def _minute_html(text: str, resolutions: Iterable[str] = ()) -> str:
    """Minute text as ModernGov gives it (HTML, escaped again by the XML): each paragraph escaped."""
    return "\n".join(linebreaks(part, autoescape=True) for part in (text, *resolutions) if part.strip())


ATTENDANCE: dict[str, str] = {
    AttendanceStatus.EXPECTED: "Expected",
    AttendanceStatus.PRESENT: "Present",
    AttendanceStatus.VIRTUAL: "Attended remotely",
    AttendanceStatus.APOLOGIES: "Apologies",
    AttendanceStatus.ABSENT: "Absent",
}
#: ModernGov's role descriptions of the seats here (the import reads them back to the same seats).
ROLES = {
    "chair": "Chair",
    "vice_chair": "Vice-Chair",
    "member": "Committee Member",
    "substitute": "Substitute",
    "co_opted": "Co-opted Member",
}


def meeting_detail(meeting_id: int) -> MeetingDetail | None:
    """GetMeeting: a public meeting with its published agenda, the papers the public may open, its
    confirmed minutes and its register; None for a meeting that is not public or does not exist."""
    reader = access.webservice_reader()
    ids = Ids(webservice_site())
    pk = ids.find(RefKind.MEETING, meeting_id)
    meeting = _public_meetings().select_related("body").filter(pk=pk).first() if pk is not None else None
    if meeting is None:
        return None
    all_items = list(
        meeting.items.select_related("presenter").annotate(declared=Count("declarations")).order_by("position")
    )
    published = scrutiny_access.published_or_managed(reader)
    shown = set(AgendaItem.objects.filter(published, meeting=meeting).values_list("pk", flat=True))
    items = [(number, item) for number, item in enumerate(all_items, start=1) if item.pk in shown]
    minutes_confirmed = meeting.status == MeetingStatus.MINUTES_CONFIRMED
    resolutions = Resolution.objects.order_by("position")
    readable = {
        minute.item_id: minute
        for minute in scrutiny_access.visible(reader, Minute.objects.filter(item__meeting=meeting)).prefetch_related(
            Prefetch("resolutions", queryset=scrutiny_access.visible(reader, resolutions))
        )
    }
    summaries = (
        dict(
            Minute.objects.filter(item__meeting=meeting, item__exempt=True)
            .exclude(item__in=scrutiny_access.exempt_readable_ids(reader, meeting))
            .values_list("item_id", "public_summary")
        )
        if minutes_confirmed
        else {}
    )
    documents: dict[int, list[DocumentRow]] = {}
    openable = scrutiny_access.documents_openable(reader, SupportingDocument.objects.filter(item__meeting=meeting))
    for document in openable.select_related("item__published_in", "moderngov_source").order_by("item", "position"):
        source = getattr(document, "moderngov_source", None)
        documents.setdefault(document.item_id, []).append(
            DocumentRow(
                id=source.attachment_id if source else str(OFFSET + document.pk),
                title=document.title,
                is_link=False,
                url=_link("scrutiny:document-open", meeting.pk, document.pk),
                published_on=timezone.localtime(document.item.published_in.published_at).date(),
            )
        )
    # Documents known from ModernGov by their details only (not fetched): listed with ModernGov's
    # address, on the same rule as the papers (a published item the public may read, not restricted).
    details = LinkedDocument.objects.filter(
        scrutiny_access.exempt_readable(reader, "item__"),
        item__meeting=meeting,
        item__published_in__isnull=False,
        document__isnull=True,
        restricted=False,
    ).order_by("item", "attachment_id")
    for linked in details:
        documents.setdefault(linked.item_id, []).append(
            DocumentRow(linked.attachment_id, linked.title, linked.is_link, linked.url, linked.published_on)
        )
    ids.load(
        [(RefKind.MEETING, meeting.pk), (RefKind.COMMITTEE, meeting.body_id)]
        + [(RefKind.AGENDA_ITEM, item.pk) for _, item in items]
    )
    rows = []
    for number, item in items:
        minute = readable.get(item.pk)
        if item.exempt and minute is None:
            html = _minute_html(summaries.get(item.pk, ""))
        else:
            html = _minute_html(minute.text, (r.text for r in minute.resolutions.all())) if minute else ""
        rows.append(
            ItemRow(
                id=ids.of(RefKind.AGENDA_ITEM, item.pk),
                title=item.title,
                number=number,
                exempt=item.exempt,
                presenter=item.presenter.get_full_name() if item.presenter_id and not item.exempt else "",
                minute_html=html,
                minute_published=bool(html),
                declarations=item.declared,
                documents=[] if item.exempt else documents.get(item.pk, []),
            )
        )
    return MeetingDetail(
        meeting=_meeting_rows([meeting], ids)[0],
        ends_at=timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
        venue=meeting.venue,
        agenda_published=bool(shown),
        minutes_published=minutes_confirmed,
        items=rows,
        attendees=_attendees(meeting, ids),
    )


def _attendees(meeting: Meeting, ids: Ids) -> list[AttendeeRow]:
    """The register as the public meeting page gives it: the body's members on the day (Chair
    first), then anyone else recorded (a substitute), each with their attendance once recorded."""
    seats: list[Membership] = register_memberships(meeting)
    lines: dict[int, Attendance] = {line.person_id: line for line in attendance_for(meeting)}
    roles = {seat.person_id: seat.role for seat in seats}
    people = list(roles) + [person for person in lines if person not in roles]
    councillors = {
        member.user_id: member
        for member in members_access.councillors_visible(access.webservice_reader()).filter(user_id__in=people)
    }
    ids.load((RefKind.COUNCILLOR, member.pk) for member in councillors.values())
    rows = []
    for person in people:
        member = councillors.get(person)
        if member is None:  # an officer, a co-opted member from outside, or kept off the public pages
            continue
        line = lines.get(person)
        role = roles.get(person) or ("substitute" if line and line.substitute_for_id else "member")
        rows.append(
            AttendeeRow(
                id=ids.of(RefKind.COUNCILLOR, member.pk),
                name=f"Councillor {member.user.get_full_name()}",
                role=ROLES[role],
                attendance=ATTENDANCE[line.status] if line else "Expected",
                party=(member.party.abbreviation or member.party.name) if member.party else "",
                ward=member.ward.name,
                url=_link("members:councillor-detail", member.pk),
            )
        )
    return rows


def _public_email(member: Member) -> str:
    """The address the public page gives (an imported councillor's placeholder address is none)."""
    email = member.public_email or member.user.email
    return "" if email.endswith(".invalid") else email


def wards(*, ward_id: int | None = None, today: datetime.date | None = None) -> list[WardRow]:
    """GetCouncillorsByWard (every ward in use, by name) and GetCouncillorsByWardId (one ward): the
    serving councillors shown on the public pages, by surname (two queries, three with a ward id)."""
    today = today or timezone.localdate()
    ids = Ids(webservice_site())
    chosen = Ward.objects.in_use(today).order_by("name")
    if ward_id is not None:
        pk = ids.find(RefKind.WARD, ward_id)
        chosen = chosen.filter(pk=pk) if pk is not None else chosen.none()
    ward_list = list(chosen)
    councillors = (
        Member.objects.current(today)
        .filter(is_public=True, ward__in=[ward.pk for ward in ward_list])
        .select_related("user", "party")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    by_ward: dict[int, list[Member]] = {}
    for member in councillors:
        by_ward.setdefault(member.ward_id, []).append(member)
    ids.load((RefKind.COUNCILLOR, member.pk) for members in by_ward.values() for member in members)
    return [
        WardRow(
            id=str(OFFSET + ward.pk),
            title=ward.name,
            councillors=[
                CouncillorRow(
                    id=ids.of(RefKind.COUNCILLOR, member.pk),
                    name=f"Councillor {member.user.get_full_name()}",
                    photo_url=_link("members:councillor-photo", member.pk) if member.photo else "",
                    party=member.party.name if member.party else "Independent",
                    email=_public_email(member),
                    phone=member.phone,
                    address=[line.strip() for line in member.postal_address.splitlines() if line.strip()],
                    term_start=member.term_starts_on,
                    term_end=member.term_ends_on,
                )
                for member in by_ward.get(ward.pk, [])
            ],
        )
        for ward in ward_list
    ]
