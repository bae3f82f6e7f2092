"""Which members' registered interests the items of an agenda touch (Localism Act 2011 ss.29-34).

The matching rule (docs/decisions/0016-interest-aware-agendas.md): an item touches an interest when

- they concern a ward in common;
- an organisation the item concerns is the interest's organisation: whole names, compared without
  regard to case, spacing or punctuation at either end ("Northbridge Leisure Trust" matches
  "northbridge leisure trust", not "Northbridge Leisure");
- a subject of the one is found in a subject of the other as whole words ("parking" matches "car
  parking charges", not "parkland").

Only a member of the body on the meeting day (a current seat, substitutes included) is matched, and
only against interests current that day (not ended before it). A disclosable pecuniary interest is
covered by a dispensation (s.33) of the member's that is in date on the meeting day, for the
meeting's body or every body, and for that interest or none in particular.

The read is a fixed number of queries however many meetings, items, members and interests there
are. Who may see a match is for the caller: a match on an exempt item reveals what the item is
about, so ``for_member`` and the clerk's page keep to the exempt rule (``scrutiny.access``).
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from members.models import Dispensation, Interest, Membership, Ward

from .. import access
from ..models import AgendaItem, Declaration, InterestPromptDismissal, ItemKind, Meeting, MeetingStatus

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SEPARATORS = re.compile(r"[,\n;]")


def _names(text: str) -> dict[str, str]:
    """{name as compared: name as written} for the whole names in ``text``."""
    names: dict[str, str] = {}
    for part in _SEPARATORS.split(text or ""):
        written = " ".join(part.split()).strip(" .,'\"()")
        if written:
            names.setdefault(written.casefold(), written)
    return names


def organisation_names(text: str) -> set[str]:
    """The whole names in ``text`` (comma or line separated), as compared: casefolded, inner spaces
    collapsed, punctuation at either end dropped."""
    return set(_names(text))


def subject_phrases(text: str) -> set[tuple[str, ...]]:
    """The subjects in ``text`` (comma separated) as tuples of casefolded whole words."""
    phrases = set()
    for part in _SEPARATORS.split(text or ""):
        words = tuple(word.casefold() for word in _WORD.findall(part))
        if words:
            phrases.add(words)
    return phrases


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def subjects_touch(ours: set[tuple[str, ...]], theirs: set[tuple[str, ...]]) -> list[str]:
    """The subjects (as text) found as whole words on both sides."""
    found = []
    for a in ours:
        for b in theirs:
            short, long = (a, b) if len(a) <= len(b) else (b, a)
            if _within(short, long):
                found.append(" ".join(short))
    return sorted(set(found))


@dataclass
class Match:
    """One interest of one member that one item touches, and why."""

    meeting: Meeting
    item: AgendaItem
    person: Any  # the member (settings.AUTH_USER_MODEL)
    interest: Interest
    wards: list[Ward] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    dispensation: Dispensation | None = None

    @property
    def is_dpi(self) -> bool:
        return self.interest.is_dpi

    @property
    def takes_part(self) -> bool:
        """s.31(4): not with a disclosable pecuniary interest, unless a dispensation allows it."""
        return not self.is_dpi or (self.dispensation is not None and self.dispensation.may_participate)

    @property
    def may_vote(self) -> bool:
        return not self.is_dpi or (self.dispensation is not None and self.dispensation.may_vote)

    @property
    def reasons(self) -> list[str]:
        """Why it matched, in words (the item's wards, organisations and subjects: exempt content of
        an exempt item, so shown only to those who may see it)."""
        return [
            *[f"ward: {ward.name}" for ward in self.wards],
            *[f"organisation: {name}" for name in self.organisations],
            *[f"subject: {subject}" for subject in self.subjects],
        ]

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.item.pk, self.person.pk, self.interest.pk)


def _in_date(day: datetime.date, starts: datetime.date, ends: datetime.date | None) -> bool:
    return starts <= day and (ends is None or ends >= day)


def _covering(dispensations: list[Dispensation], interest: Interest, meeting: Meeting) -> Dispensation | None:
    """The dispensation that covers ``interest`` at ``meeting``, preferring one that lets them take
    part and vote."""
    covering = [
        d
        for d in dispensations
        if d.person_id == interest.person_id
        and d.interest_id in (None, interest.pk)
        and d.body_id in (None, meeting.body_id)
        and _in_date(meeting.date, d.starts_on, d.ends_on)
    ]
    covering.sort(key=lambda d: (not d.may_participate, not d.may_vote, d.pk))
    return covering[0] if covering else None


def covering_dispensation(*, person, meeting: Meeting, interest: Interest | None) -> Dispensation | None:
    """For a declaration: the dispensation of ``person`` in date on the meeting day for its body (or
    every body) and for ``interest`` (or none in particular). One query."""
    dispensations = Dispensation.objects.filter(person=person, starts_on__lte=meeting.date, ends_on__gte=meeting.date)
    dispensations = dispensations.filter(Q(body__isnull=True) | Q(body=meeting.body_id))
    dispensations = dispensations.filter(
        Q(interest__isnull=True) | Q(interest=interest) if interest is not None else Q(interest__isnull=True)
    )
    found = sorted(dispensations, key=lambda d: (not d.may_participate, not d.may_vote, d.pk))
    return found[0] if found else None


def interest_matches(
    meetings: Iterable[Meeting], *, person=None, items: Iterable[AgendaItem] | None = None
) -> list[Match]:
    """Every match on the items of ``meetings`` (or only ``items``; only ``person``'s), in agenda
    order. Six queries, however many meetings, items, members and interests."""
    by_pk: dict[int, Meeting] = {meeting.pk: meeting for meeting in meetings}
    if not by_pk:
        return []
    item_query = AgendaItem.objects.filter(meeting__in=list(by_pk)).exclude(kind=ItemKind.EXCLUSION)
    if items is not None:
        item_query = item_query.filter(pk__in=[item.pk for item in items])
    item_rows = list(item_query.prefetch_related("wards").order_by("meeting__starts_at", "meeting", "position"))
    if not item_rows:
        return []
    days = [meeting.date for meeting in by_pk.values()]
    first, last = min(days), max(days)
    bodies = {meeting.body_id for meeting in by_pk.values()}
    seat_query = Membership.objects.filter(body__in=bodies, start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )
    if person is not None:
        seat_query = seat_query.filter(person=person)
    seats = list(seat_query.select_related("person"))
    people = {seat.person_id: seat.person for seat in seats}
    if not people:
        return []
    interests = list(
        Interest.objects.filter(person__in=list(people))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .prefetch_related(Prefetch("wards", queryset=Ward.objects.order_by("name")))
        .order_by("person", "kind", "pk")
    )
    if not interests:
        return []
    dispensations = list(
        Dispensation.objects.filter(person__in=list(people), starts_on__lte=last, ends_on__gte=first).filter(
            Q(body__isnull=True) | Q(body__in=bodies)
        )
    )
    prepared = [
        (interest, {w.pk: w for w in interest.wards.all()}, set(_names(interest.organisation)),
         subject_phrases(interest.subjects))
        for interest in interests
    ]  # fmt: skip
    matches = []
    for item in item_rows:
        meeting = by_pk[item.meeting_id]
        seated = {
            seat.person_id
            for seat in seats
            if seat.body_id == meeting.body_id and _in_date(meeting.date, seat.start_date, seat.end_date)
        }
        item_wards = {w.pk for w in item.wards.all()}
        item_organisations = _names(item.organisations)
        item_subjects = subject_phrases(item.subjects)
        for interest, wards, organisations, subjects in prepared:
            if interest.person_id not in seated:
                continue
            if interest.ended_on is not None and interest.ended_on < meeting.date:
                continue
            match = Match(
                meeting=meeting,
                item=item,
                person=people[interest.person_id],
                interest=interest,
                wards=[wards[pk] for pk in sorted(item_wards & set(wards), key=lambda pk: wards[pk].name)],
                organisations=sorted(item_organisations[name] for name in item_organisations.keys() & organisations),
                subjects=subjects_touch(item_subjects, subjects),
            )
            if match.wards or match.organisations or match.subjects:
                if interest.is_dpi:
                    match.dispensation = _covering(dispensations, interest, meeting)
                matches.append(match)
    return matches


def meeting_matches(meeting: Meeting, *, person=None) -> list[Match]:
    return interest_matches([meeting], person=person)


def published_matches_by_person(meeting: Meeting, publication) -> dict[int, list[Match]]:
    """For a publication's notices: each member's matches on the items it published."""
    grouped: dict[int, list[Match]] = {}
    for match in interest_matches([meeting], items=list(publication.items.all())):
        grouped.setdefault(match.person.pk, []).append(match)
    return grouped


def declaration_prompts(meeting: Meeting) -> list[dict]:
    """For the clerk's declarations page: each item in order with its prompts (not yet confirmed or
    dismissed), the declarations already recorded, and the prompts dismissed. Ten queries however
    many items, members and interests."""
    matches = meeting_matches(meeting)
    declarations = {
        (d.item_id, d.person_id): d
        for d in Declaration.objects.filter(item__meeting=meeting).select_related("person", "dispensation")
    }
    dismissed = set(
        InterestPromptDismissal.objects.filter(item__meeting=meeting).values_list("item_id", "person_id", "interest_id")
    )
    items = list(meeting.items.exclude(kind=ItemKind.EXCLUSION).order_by("position"))
    numbers = {item.pk: number for number, item in enumerate(meeting.items.order_by("position"), start=1)}
    rows = []
    for item in items:
        mine = [m for m in matches if m.item.pk == item.pk]
        rows.append(
            {
                "number": numbers[item.pk],
                "item": item,
                "prompts": [m for m in mine if m.key not in dismissed and (item.pk, m.person.pk) not in declarations],
                "dismissed": [m for m in mine if m.key in dismissed],
                "declarations": [d for (item_pk, _), d in declarations.items() if item_pk == item.pk],
            }
        )
    return rows


def for_member(user, *, today: datetime.date | None = None) -> list[Match]:
    """The dashboard's "Items on your next agendas that touch your interests": ``user``'s matches on
    the published agendas of meetings still to come of the bodies they sit on. An exempt item only
    if ``user`` may see its exempt content (a member of the body may). Ten queries, however many."""
    today = today or timezone.localdate()
    if not getattr(user, "is_authenticated", False):
        return []
    meetings = list(
        Meeting.objects.filter(
            status=MeetingStatus.AGENDA_PUBLISHED,
            starts_at__date__gte=today,
            body__in=Membership.objects.filter(person=user).values("body"),
        ).select_related("body")
    )
    if not meetings:
        return []
    readable = set(
        AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings], published_in__isnull=False)
        .filter(access.exempt_readable(user))
        .values_list("pk", flat=True)
    )
    return [m for m in interest_matches(meetings, person=user) if m.item.pk in readable]


def interests_panel(request) -> dict:
    """The dashboard panel: by meeting, the items on ``request.user``'s next agendas that touch their interests."""
    grouped: dict[int, dict] = {}
    for match in for_member(request.user):
        meeting = match.meeting
        entry = grouped.setdefault(meeting.pk, {"meeting": meeting, "items": {}})
        entry["items"].setdefault(match.item.pk, {"item": match.item, "matches": []})["matches"].append(match)
    return {
        "meetings": [
            {"meeting": entry["meeting"], "items": list(entry["items"].values())}
            for entry in sorted(grouped.values(), key=lambda e: e["meeting"].starts_at)
        ]
    }
