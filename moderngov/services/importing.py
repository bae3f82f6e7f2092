"""Writing a snapshot read from ModernGov: wards, parties, councillors (by ward), committees, their
memberships and meetings, agenda items and their documents' details, all in one transaction.

Idempotent: every record is found again through ModernGov's id (``ExternalRef``, per site), so a
second run updates what changed and creates nothing twice; a record that already exists here under
the same name (a ward, a party, a committee, an open membership) is adopted, not duplicated.
Queries stay constant per run, whatever its size: each kind is read in one query, written with
``bulk_create`` and ``bulk_update`` (history included, through simple-history's bulk helpers).

What the import never does: publish (the clerk publishes under LGA 1972 s.100B), give anyone a
role or a usable password, invite anyone, or delete what ModernGov no longer lists (it is "left").
"""

import datetime
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history  # type: ignore[import-untyped]

from council.errors import RuleError
from members.models import Body, BodyKind, Member, Membership, MembershipRole, Party, Ward
from scrutiny.models import AgendaItem, ItemKind, Meeting, MeetingStatus, Publication

from ..models import ExternalRef, LinkedDocument, RefKind
from .parsing import ImportRefused, Item, MeetingDetail, Snapshot, person_name

LONDON = zoneinfo.ZoneInfo("Europe/London")
CREATED = "Imported from ModernGov"
CHANGED = "Updated from ModernGov"
VENUE_NOT_GIVEN = "To be confirmed (not given in ModernGov)"
#: The counts of a run, in the order a page shows them.
KINDS = ("wards", "parties", "councillors", "committees", "memberships", "meetings", "agenda items", "documents")
#: ModernGov's short party codes (attendees carry only these), for the parties' names.
PARTY_CODES = {
    "LAB": "Labour",
    "CON": "Conservative",
    "LD": "Liberal Democrats",
    "LIB": "Liberal Democrats",
    "LIBDEM": "Liberal Democrats",
    "GRN": "Green",
    "GREEN": "Green",
    "SNP": "Scottish National Party",
    "PC": "Plaid Cymru",
    "REF": "Reform UK",
}
INDEPENDENT = {"independent", "ind", "non-aligned", "none", ""}
# A meeting already published here is the clerk's record (LGA 1972 s.100B): the import leaves it.
_IMPORT_SETS = (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.CANCELLED)
_EXEMPT_FIELDS = ("exempt", "exempt_paragraph", "public_interest_reason")
_PARAGRAPH = re.compile(r"para(?:graph)?s?\.?\s*(\d)\b|^\s*(\d)\s*$", re.IGNORECASE)


@dataclass
class Tally:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    left: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "changed": self.changed, "unchanged": self.unchanged, "left": self.left}


@dataclass
class Result:
    site: str
    counts: dict[str, dict[str, int]]
    messages: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(kind["created"] for kind in self.counts.values())


class _Rollback(Exception):
    def __init__(self, result: Result):
        self.result = result


def body_kind(title: str, category: str) -> str:
    """A committee's kind from its ModernGov title (ModernGov has no kinds, only council-made categories)."""
    words = f"{title} {category}".lower()
    name = title.lower().strip()
    if name in ("council", "full council", "county council", "city council", "borough council"):
        return BodyKind.COUNCIL
    if name in ("cabinet", "executive", "the executive", "mayor and cabinet"):
        return BodyKind.CABINET
    if "task and finish" in words or "task & finish" in words:
        return BodyKind.TASK_AND_FINISH
    if "scrutiny" in words:
        return BodyKind.OVERVIEW_SCRUTINY
    if "working group" in words:
        return BodyKind.WORKING_GROUP
    return BodyKind.COMMITTEE


def membership_role(description: str) -> str | None:
    """The seat an attendee's ModernGov role describes, or None for someone without one (an officer, a guest)."""
    text = description.lower()
    if "chair" in text and "vice" in text:
        return MembershipRole.VICE_CHAIR
    if "chair" in text:
        return MembershipRole.CHAIR
    if "substitute" in text or "reserve" in text:
        return MembershipRole.SUBSTITUTE
    if "co-opt" in text or "coopt" in text:
        return MembershipRole.CO_OPTED
    if "member" in text:
        return MembershipRole.MEMBER
    return None


def exempt_paragraph(item: Item) -> int | None:
    for document in item.documents:
        match = _PARAGRAPH.search(document.restrictions_ref)
        if match:
            number = int(match.group(1) or match.group(2))
            if 1 <= number <= 7:
                return number
    return None


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time), LONDON)


def _party_name(name: str) -> str | None:
    return None if name.strip().lower() in INDEPENDENT else name.strip()[:120]


class _Importer:
    def __init__(self, snapshot: Snapshot, site: str, by):
        self.snapshot, self.site, self.by = snapshot, site, by
        self.today = timezone.localdate()
        self.refs: dict[tuple[str, str], int] = {
            (kind, external_id): object_id
            for kind, external_id, object_id in ExternalRef.objects.filter(site=site).values_list(
                "kind", "external_id", "object_id"
            )
        }
        self.new_refs: list[ExternalRef] = []
        self.stale: list[tuple[str, str]] = []
        self.tallies = {kind: Tally() for kind in KINDS}
        self.messages: list[str] = []
        self.types = ContentType.objects.get_for_models(
            Ward, Party, Member, Body, Membership, Meeting, AgendaItem, LinkedDocument
        )

    # --- the one way each kind is written ---

    def upsert(
        self,
        label: str,
        kind: str,
        model: type[models.Model],
        desired: dict[str, dict],
        *,
        changeable: tuple[str, ...],
        queryset: models.QuerySet | None = None,
        adopt: Callable[[list[str]], dict[str, models.Model]] | None = None,
        may_change: Callable[[Any], bool] = lambda obj: True,
        create: Callable[[str, dict], models.Model] | None = None,
        changed_elsewhere: set[str] = frozenset(),  # type: ignore[assignment]
        fill_only: tuple[str, ...] = (),
        keeps: Callable[[Any, str], bool] = lambda obj, name: False,
    ) -> dict[str, models.Model]:
        """Find each desired record by its ref (or ``adopt`` one that exists under its name), change
        the ``changeable`` fields that differ, create the rest; return every record by ModernGov id."""
        tally = self.tallies[label]
        ids = {ext: self.refs[(kind, ext)] for ext in desired if (kind, ext) in self.refs}
        existing = (queryset if queryset is not None else model._default_manager.all()).in_bulk(list(ids.values()))
        found = {ext: existing[pk] for ext, pk in ids.items() if pk in existing}
        self.stale += [(kind, ext) for ext, pk in ids.items() if pk not in existing]
        missing = [ext for ext in desired if ext not in found]
        adopted = adopt(missing) if adopt and missing else {}
        to_create, to_update = [], []
        for ext, values in desired.items():
            obj = found.get(ext) or adopted.get(ext)
            if obj is None:
                obj = create(ext, values) if create else model(**values)
                to_create.append((ext, obj))
                continue
            changed = False
            if may_change(obj):
                for name in changeable:
                    if (name in fill_only and getattr(obj, name) is not None) or keeps(obj, name):
                        continue
                    if name in values and getattr(obj, name) != values[name]:
                        setattr(obj, name, values[name])
                        changed = True
            if changed:
                to_update.append(obj)
            if changed or ext in changed_elsewhere:
                tally.changed += 1
            else:
                tally.unchanged += 1
            found[ext] = obj
        # Changes first: a Chair who becomes a member frees the seat a new Chair is created in.
        if to_update:
            bulk_update_with_history(
                to_update, model, list(changeable), default_user=self.by, default_change_reason=CHANGED
            )
        if to_create:
            bulk_create_with_history(
                [obj for _, obj in to_create], model, default_user=self.by, default_change_reason=CREATED
            )
            tally.created += len(to_create)
            found.update(to_create)
        for ext, obj in found.items():
            if (kind, ext) not in self.refs or (kind, ext) in self.stale:
                self.refs[(kind, ext)] = obj.pk
                self.new_refs.append(
                    ExternalRef(
                        site=self.site,
                        kind=kind,
                        external_id=ext,
                        content_type=self.types[model],
                        object_id=obj.pk,
                    )
                )
        tally.left = sum(1 for ref_kind, ext in self.refs if ref_kind == kind and ext not in desired)
        return found

    def _by_field(self, model, field_name: str, desired: dict[str, dict]):
        def adopt(missing: list[str]) -> dict[str, models.Model]:
            wanted = {desired[ext][field_name]: ext for ext in missing}
            return {
                wanted[getattr(obj, field_name)]: obj for obj in model.objects.filter(**{f"{field_name}__in": wanted})
            }

        return adopt

    # --- the kinds, in the order they depend on each other ---

    def run(self) -> Result:
        snapshot = self.snapshot
        known_members = {c.id for ward in snapshot.wards.values() for c in ward.councillors}
        attendee_only = {
            a.member_id: a
            for detail in snapshot.details.values()
            for a in detail.attendees
            if a.member_id not in known_members and a.ward and person_name(a.name)[0]
        }
        parties = self.parties(attendee_only)
        wards = self.wards(attendee_only)
        members = self.councillors(wards, parties, attendee_only)
        bodies = self.committees()
        meetings = self.meetings(bodies)
        self.memberships(bodies, members, meetings)
        items = self.agenda_items(meetings)
        self.documents(items)
        if self.stale:
            stale = models.Q()
            for kind, ext in self.stale:
                stale |= models.Q(kind=kind, external_id=ext)
            ExternalRef.objects.filter(stale, site=self.site).delete()
        bulk_create_with_history(self.new_refs, ExternalRef, default_user=self.by, default_change_reason=CREATED)
        return Result(self.site, {kind: tally.as_dict() for kind, tally in self.tallies.items()}, self.messages)

    def parties(self, attendee_only) -> dict[str, models.Model]:
        desired: dict[str, dict] = {}
        for ward in self.snapshot.wards.values():
            for councillor in ward.councillors:
                name = _party_name(councillor.party)
                if name:
                    desired[name] = {"name": name}
        for attendee in attendee_only.values():
            code = attendee.party_code.upper()
            name = _party_name(PARTY_CODES.get(code, attendee.party_code))
            if name:
                desired.setdefault(name, {"name": name, "abbreviation": code[:20]})
        return self.upsert(
            "parties", RefKind.PARTY, Party, desired, changeable=(), adopt=self._by_field(Party, "name", desired)
        )

    def wards(self, attendee_only) -> dict[str, models.Model]:
        titles = [*self.snapshot.wards, *(a.ward for a in attendee_only.values())]
        desired = {title: {"name": title[:120]} for title in titles}
        return self.upsert(
            "wards", RefKind.WARD, Ward, desired, changeable=(), adopt=self._by_field(Ward, "name", desired)
        )

    def councillors(self, wards, parties, attendee_only) -> dict[str, models.Model]:
        desired: dict[str, dict] = {}
        names: dict[str, tuple[str, str]] = {}
        for ward in self.snapshot.wards.values():
            for councillor in ward.councillors:
                party = _party_name(councillor.party)
                names[councillor.id] = person_name(councillor.name)
                desired[councillor.id] = {
                    "ward_id": wards[ward.title].pk,
                    "party_id": parties[party].pk if party else None,
                    "term_starts_on": councillor.term_start,
                    "term_ends_on": councillor.term_end,
                }
        from_attendees = set()
        for member_id, attendee in attendee_only.items():
            party = _party_name(PARTY_CODES.get(attendee.party_code.upper(), attendee.party_code))
            names[member_id] = person_name(attendee.name)
            desired[member_id] = {"ward_id": wards[attendee.ward].pk, "party_id": parties[party].pk if party else None}
            from_attendees.add(member_id)
        User = get_user_model()
        host = re.sub(r"[^a-z0-9.-]", "", self.site.lower())[:60].strip(".") or "moderngov"
        ids = {ext: self.refs[(RefKind.COUNCILLOR, ext)] for ext in desired if (RefKind.COUNCILLOR, ext) in self.refs}
        existing = Member.objects.select_related("user").in_bulk(list(ids.values()))
        # People first: a new councillor needs its person's id. Imported councillors cannot sign in:
        # no role, no usable password, no invitation (the Administrator gives them a real address
        # and invites them when they should).
        new_users = {}
        for ext in desired:
            if ids.get(ext) not in existing:
                first, last = names[ext]
                user = User(email=f"councillor-{ext}@{host}.moderngov.invalid", first_name=first, last_name=last)
                user.set_unusable_password()
                new_users[ext] = user
        if new_users:
            bulk_create_with_history(
                list(new_users.values()), User, default_user=self.by, default_change_reason=CREATED
            )
        renamed: dict[str, object] = {}
        for ext, pk in ids.items():
            member = existing.get(pk)
            if member is None:
                continue
            if ext in from_attendees:  # an attendee says less than the councillors list: it only creates
                desired[ext] = {}
            elif (member.user.first_name, member.user.last_name) != names[ext]:
                member.user.first_name, member.user.last_name = names[ext]
                renamed[ext] = member.user
        if renamed:
            bulk_update_with_history(
                list(renamed.values()),
                User,
                ["first_name", "last_name"],
                default_user=self.by,
                default_change_reason=CHANGED,
            )
        return self.upsert(
            "councillors",
            RefKind.COUNCILLOR,
            Member,
            desired,
            changeable=("ward_id", "party_id", "term_starts_on", "term_ends_on"),
            queryset=Member.objects.select_related("user"),
            create=lambda ext, values: Member(user=new_users[ext], **values),
            changed_elsewhere=set(renamed),
        )

    def committees(self) -> dict[str, models.Model]:
        desired: dict[str, dict] = {}
        titles: dict[str, int] = {}
        for committee in self.snapshot.committees.values():
            titles[committee.title] = titles.get(committee.title, 0) + 1
        for committee in self.snapshot.committees.values():
            if committee.deleted:
                self.messages.append(
                    f"Committee {committee.id} ({committee.title}) is deleted in ModernGov: not imported."
                )
                continue
            name = committee.title if titles[committee.title] == 1 else f"{committee.title} ({committee.id})"
            values: dict = {"name": name[:150], "kind": body_kind(committee.title, committee.category)}
            if committee.expired:
                values["end_date"] = self.today
            desired[committee.id] = values
        slugs: set[str] = set()

        def create(ext: str, values: dict) -> Body:
            if not slugs:
                slugs.update(Body.objects.values_list("slug", flat=True))
            base = slugify(values["name"])[:140] or "committee"
            slug, n = base, 2
            while slug in slugs:
                slug, n = f"{base}-{n}", n + 1
            slugs.add(slug)
            return Body(slug=slug, **values)

        return self.upsert(
            "committees",
            RefKind.COMMITTEE,
            Body,
            desired,
            changeable=("name", "end_date"),
            adopt=self._by_field(Body, "name", desired),
            # An expired committee keeps the end date it was first given; a current one keeps any given here.
            fill_only=("end_date",),
            create=create,
        )

    def meetings(self, bodies) -> dict[str, models.Model]:
        snapshot = self.snapshot
        desired: dict[str, dict] = {}
        ids = {
            ext: self.refs[(RefKind.MEETING, ext)] for ext in snapshot.details if (RefKind.MEETING, ext) in self.refs
        }
        existing_bodies = dict(Meeting.objects.filter(pk__in=ids.values()).values_list("pk", "body_id"))
        for meeting_id in dict.fromkeys([*snapshot.meetings, *snapshot.details]):
            summary = snapshot.meetings.get(meeting_id)
            detail = snapshot.details.get(meeting_id)
            if summary is not None:
                body = bodies.get(summary.committee_id)
                if body is None and (RefKind.COMMITTEE, summary.committee_id) not in self.refs:
                    raise ImportRefused(
                        summary.file,
                        f"{summary.element}",
                        f"meeting {meeting_id} belongs to committee {summary.committee_id}, which is unknown: add the "
                        "GetCommittees response that lists it",
                    )
                body_id = body.pk if body is not None else self.refs[(RefKind.COMMITTEE, summary.committee_id)]
            elif ids.get(meeting_id) in existing_bodies:
                body_id = existing_bodies[ids[meeting_id]]
            else:
                assert detail is not None
                raise ImportRefused(
                    detail.file,
                    "meeting/meetingid",
                    f"meeting {meeting_id}'s committee is unknown: add the GetMeetings response that lists it",
                )
            desired[meeting_id] = self._meeting_values(body_id, summary, detail)
        published = set(
            Publication.objects.filter(meeting_id__in=list(ids.values())).values_list("meeting_id", flat=True)
        )
        return self.upsert(
            "meetings",
            RefKind.MEETING,
            Meeting,
            desired,
            changeable=("starts_at", "ends_at", "venue", "status", "cancelled_reason"),
            may_change=lambda meeting: meeting.pk not in published and meeting.status in _IMPORT_SETS,
            # Only GetMeeting gives the venue: a meeting listed by GetMeetings alone keeps the one it has.
            create=lambda ext, values: Meeting(**{"venue": VENUE_NOT_GIVEN, **values}),
        )

    def _meeting_values(self, body_id: int, summary, detail: MeetingDetail | None) -> dict:
        source = detail or summary
        starts_at = _aware(source.date, source.time)
        status_text = source.status
        values: dict = {"body_id": body_id, "starts_at": starts_at}
        if "cancel" in status_text.lower():
            values["status"] = MeetingStatus.CANCELLED
            values["cancelled_reason"] = f"Cancelled in ModernGov ({status_text})"
        else:
            values["status"] = MeetingStatus.HELD if source.date < self.today else MeetingStatus.SCHEDULED
            values["cancelled_reason"] = ""
        if detail is not None:
            venue = ", ".join(part for part in (detail.room, detail.location) if part)
            values["venue"] = venue[:200] or VENUE_NOT_GIVEN
            finish = _aware(detail.date, detail.planned_finish) if detail.planned_finish else None
            values["ends_at"] = finish if finish and finish > starts_at else None
        return values

    def memberships(self, bodies, members, meetings) -> None:
        snapshot = self.snapshot
        desired: dict[str, dict] = {}
        chairs: dict[int, str] = {}
        for detail in sorted(snapshot.details.values(), key=lambda d: d.date):
            meeting = meetings[detail.id]
            for attendee in detail.attendees:
                role = membership_role(attendee.role)
                member = members.get(attendee.member_id)
                if role is None or member is None:
                    continue
                ext = f"{meeting.body_id}:{attendee.member_id}"
                start = desired.get(ext, {}).get("start_date", detail.date)
                desired[ext] = {
                    "body_id": meeting.body_id,
                    "person_id": member.user_id,
                    "role": role,
                    "start_date": min(start, detail.date),
                }
        for ext, values in desired.items():
            if values["role"] == MembershipRole.CHAIR:
                if values["body_id"] in chairs:
                    raise ImportRefused(
                        ", ".join(snapshot.files),
                        "attendee@roledescription",
                        "two people are each the Chair of one committee",
                    )
                chairs[values["body_id"]] = ext

        if chairs:
            ours = {self.refs[(RefKind.MEMBERSHIP, ext)] for ext in desired if (RefKind.MEMBERSHIP, ext) in self.refs}
            for seat in Membership.objects.filter(
                body_id__in=chairs, role=MembershipRole.CHAIR, end_date__isnull=True
            ).select_related("person", "body"):
                if chairs[seat.body_id] in desired and seat.pk in ours:
                    continue  # a seat this import keeps track of: it changes with the import
                if seat.person_id != desired[chairs[seat.body_id]]["person_id"]:
                    raise ImportRefused(
                        ", ".join(snapshot.files),
                        "attendee@roledescription",
                        f"ModernGov names a new Chair of {seat.body}, which already has a Chair here "
                        f"({seat.person.get_full_name()}): end their term as Chair first",
                    )

        def adopt(missing: list[str]) -> dict[str, models.Model]:
            wanted = {(desired[ext]["body_id"], desired[ext]["person_id"]): ext for ext in missing}
            open_seats = Membership.objects.filter(
                body_id__in={b for b, _ in wanted}, person_id__in={p for _, p in wanted}, end_date__isnull=True
            )
            return {wanted[(m.body_id, m.person_id)]: m for m in open_seats if (m.body_id, m.person_id) in wanted}

        self.upsert("memberships", RefKind.MEMBERSHIP, Membership, desired, changeable=("role",), adopt=adopt)

    def agenda_items(self, meetings) -> dict[str, models.Model]:
        desired: dict[str, dict] = {}
        for detail in self.snapshot.details.values():
            meeting = meetings[detail.id]
            for position, item in enumerate(sorted(detail.items, key=lambda i: (i.order, int(i.id))), start=1):
                values = {
                    "meeting_id": meeting.pk,
                    "position": position,
                    "title": item.title[:250],
                    "exempt": False,
                    "exempt_paragraph": None,
                    "public_interest_reason": "",
                }
                if item.restricted or any(document.restricted for document in item.documents):
                    paragraph = exempt_paragraph(item)
                    if paragraph is None:
                        raise ImportRefused(
                            detail.file,
                            f"{item.element}/isrestricted",
                            f"agenda item {item.id} ({item.title}) is restricted (exempt) in ModernGov, but no "
                            "<restrictionsRef> gives its Schedule 12A paragraph. An exempt item cannot be kept without "
                            "the paragraph it relies on: record it in ModernGov and save the response again",
                        )
                    refs = "; ".join(d.restrictions_ref for d in item.documents if d.restrictions_ref)
                    values.update(
                        exempt=True,
                        exempt_paragraph=paragraph,
                        public_interest_reason=(
                            f"Exempt in ModernGov ({refs}). Imported: the clerk confirms the public interest test "
                            "before publishing."
                        )[:2000],
                    )
                desired[item.id] = values
        item_ids = [self.refs[(RefKind.AGENDA_ITEM, ext)] for ext in desired if (RefKind.AGENDA_ITEM, ext) in self.refs]
        published = (
            set(Publication.objects.filter(meeting__items__pk__in=item_ids).values_list("meeting_id", flat=True))
            if item_ids
            else set()
        )
        return self.upsert(
            "agenda items",
            RefKind.AGENDA_ITEM,
            AgendaItem,
            desired,
            changeable=("position", "title", "exempt", "exempt_paragraph", "public_interest_reason"),
            may_change=lambda item: item.published_in_id is None and item.meeting_id not in published,
            # An item exempt here stays as it is (the clerk's Schedule 12A decision): ModernGov, behind
            # or wrong, never makes it public. An import may only make an item exempt.
            keeps=lambda item, name: item.exempt and name in _EXEMPT_FIELDS,
            create=lambda ext, values: AgendaItem(kind=ItemKind.REPORT, **values),
        )

    def documents(self, items) -> None:
        desired: dict[str, dict] = {}
        for detail in self.snapshot.details.values():
            for item in detail.items:
                for document in item.documents:
                    desired[document.attachment_id] = {
                        "item_id": items[item.id].pk,
                        "attachment_id": document.attachment_id,
                        "title": document.title[:250],
                        "url": document.url[:500],
                        "is_link": document.is_url,
                        "restricted": document.restricted,
                        "restrictions_ref": document.restrictions_ref[:250],
                        "published_on": document.published_on,
                    }
        self.upsert(
            "documents",
            RefKind.ATTACHMENT,
            LinkedDocument,
            desired,
            changeable=("item_id", "title", "url", "is_link", "restricted", "restrictions_ref", "published_on"),
        )


def import_snapshot(*, snapshot: Snapshot, site: str, by=None, dry_run: bool = False, after=None) -> Result:
    """Write ``snapshot`` as one transaction: all of it, or (refused, or a trial) none of it.

    ``after(result)``, when given, runs inside the transaction once the records are written (the
    documents' fetch): whatever it refuses undoes the whole run too."""
    try:
        with transaction.atomic():
            result = _Importer(snapshot, site, by).run()
            if after is not None:
                after(result)
            if dry_run:
                raise _Rollback(result)
    except _Rollback as rollback:
        return rollback.result
    except IntegrityError as error:
        raise RuleError(
            f"The imported records conflict with records already here ({error}). Nothing was imported"
        ) from error
    return result
