"""Commissioning queries: the work plan's versions, each version's reviews and approval trail, and
the difference between a version and the one it is based on, in words."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Prefetch
from django.utils import formats, timezone

from council import permissions
from members import access as members_access
from members.models import SCRUTINY_BODY_KINDS, Body, BodyKind, Portfolio
from scrutiny import access as scrutiny_access
from scrutiny.models import Meeting, MeetingStatus, WorkProgrammeEntry, WorkProgrammeSource

from .. import access
from ..models import Review, Stage, WorkPlanEntry, WorkPlanState, WorkPlanVersion

#: Whose meeting may take each decision: Cabinet approves; Council agrees; the Corporate Strategy
#: is Cabinet's proposal that Council adopts, so either.
DECIDING_BODIES: dict[str, tuple[str, ...]] = {
    WorkPlanState.CABINET_APPROVED: (BodyKind.CABINET,),
    WorkPlanState.IN_CORPORATE_STRATEGY: (BodyKind.CABINET, BodyKind.COUNCIL),
    WorkPlanState.COUNCIL_AGREED: (BodyKind.COUNCIL,),
}
#: A review with no planned dates is put in the plan for a year from its start.
DEFAULT_LENGTH = datetime.timedelta(days=364)


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def versions_visible_to(user):
    """Signed-in people read every version; the public reads those Council has agreed."""
    return permissions.viewable(user, WorkPlanVersion.objects.all(), "commissioning.view_workplanversion")


def version_rows(user) -> dict:
    versions = list(
        versions_visible_to(user)
        .select_related("prepared_by", "based_on")
        .annotate(review_count=Count("entries", distinct=True), last_decision=Max("transitions__decided_on"))
        .order_by("-number")
    )
    current = next((v for v in versions if v.state == WorkPlanState.COUNCIL_AGREED), None)
    for version in versions:
        version.is_current = version is current
        version.is_superseded = (
            version.state == WorkPlanState.COUNCIL_AGREED and current is not None and version is not current
        )
    return {"versions": versions, "current": current}


# Creating a version from the schedule.


def _planned_dates(review: Review, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From the start of Analyse to the end of Review as planned; failing those, the earliest planned
    start and latest planned end of any stage; failing those, today and a year on."""
    stages = {s.stage: s for s in review.stages.all()}
    analyse, last = stages.get(Stage.ANALYSE), stages.get(Stage.REVIEW)
    starts = [s.planned_start for s in stages.values() if s.planned_start]
    ends = [s.planned_end for s in stages.values() if s.planned_end]
    start = (analyse and (analyse.planned_start or analyse.actual_start)) or min(starts, default=None) or today
    end = (last and last.planned_end) or max(ends, default=None) or start + DEFAULT_LENGTH
    return start, max(start, end)


def schedule_order(*, today: datetime.date | None = None) -> list[tuple[Review, datetime.date, datetime.date]]:
    """Open reviews by priority score, highest first (unassessed last), each with its planned dates."""
    today = today or timezone.localdate()
    reviews = (
        Review.objects.open()
        .select_related("priority")
        .prefetch_related("stages")
        .order_by(F("priority__score").desc(nulls_last=True), "title", "pk")
    )
    return [(review, *_planned_dates(review, today)) for review in reviews]


# One version.


@dataclass
class Row:
    entry: WorkPlanEntry
    cabinet_members: list[str]


@dataclass
class Difference:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        return self.added + self.removed + self.moved + self.dates

    def __bool__(self):
        return bool(self.sentences)


def _entries(version: WorkPlanVersion):
    return version.entries.select_related("review").order_by("position")


def _cabinet_member(portfolio: Portfolio) -> str:
    if portfolio.cabinet_member is None:
        return f"{portfolio} (vacant)"
    return f"{portfolio.cabinet_member.user.get_full_name()}, {portfolio}"


def version_rows_of(version: WorkPlanVersion) -> list[Row]:
    """The reviews in order, each with its Cabinet Member(s): two queries however many."""
    portfolios = Portfolio.objects.select_related("cabinet_member__user").order_by("title")
    entries = _entries(version).prefetch_related(Prefetch("review__portfolios", queryset=portfolios))
    return [Row(e, [_cabinet_member(p) for p in e.review.portfolios.all()]) for e in entries]


def _longest_kept(order: list[int]) -> set[int]:
    """Indexes of a longest increasing run in ``order`` (not necessarily adjacent): the reviews that
    kept their order relative to each other; the rest are the ones that moved."""
    if not order:
        return set()
    best = [1] * len(order)
    before = [-1] * len(order)
    for i in range(len(order)):
        for j in range(i):
            if order[j] < order[i] and best[j] + 1 > best[i]:
                best[i], before[i] = best[j] + 1, j
    # Of equally long runs, keep the one ending latest: a review moved up is named, not those it passed.
    i = max(range(len(order)), key=lambda k: (best[k], k))
    kept = set()
    while i != -1:
        kept.add(i)
        i = before[i]
    return kept


def difference(entries: list[WorkPlanEntry], base: list[WorkPlanEntry]) -> Difference:
    """What changed from ``base`` (the version this one is based on) to ``entries``, in words."""
    diff = Difference()
    old = {e.review_id: e for e in base}
    new = {e.review_id: e for e in entries}
    for e in entries:
        if e.review_id not in old:
            diff.added.append(
                f"Added: {e.review} at number {e.position}, from {_day(e.starts_on)} to {_day(e.ends_on)}."
            )
    for e in base:
        if e.review_id not in new:
            diff.removed.append(f"Removed: {e.review} (was number {e.position}).")
    common = [e for e in entries if e.review_id in old]
    old_rank = {e.review_id: rank for rank, e in enumerate(x for x in base if x.review_id in new)}
    order = [old_rank[e.review_id] for e in common]
    kept = _longest_kept(order)
    for index, e in enumerate(common):
        was = old[e.review_id]
        if index not in kept:
            if index < old_rank[e.review_id]:
                where = f"ahead of {common[index + 1].review}"
                way = "up"
            else:
                where = f"behind {common[index - 1].review}"
                way = "down"
            diff.moved.append(f"Moved {way}: {e.review}, now number {e.position}, {where} (was number {was.position}).")
        changes = []
        if e.starts_on != was.starts_on:
            changes.append(f"start from {_day(was.starts_on)} to {_day(e.starts_on)}")
        if e.ends_on != was.ends_on:
            changes.append(f"end from {_day(was.ends_on)} to {_day(e.ends_on)}")
        if changes:
            diff.dates.append(f"Dates changed: {e.review}, {' and '.join(changes)}.")
    return diff


def _bring_backs(version: WorkPlanVersion, user) -> list:
    """The committees the version was brought back to, each entry marked ``readable`` if ``user`` may
    read its wording: an entry answering an action is as open as the minutes that made it (draft
    minutes: the committee's clerks and members), as on the work programme."""
    bring_backs = list(
        version.bring_backs.select_related("entry__body", "entry__target_meeting", "recorded_by").order_by(
            "recorded_at"
        )
    )
    from_actions = [b.entry.pk for b in bring_backs if b.entry.action_id is not None]
    readable = set()
    if from_actions:
        entries = scrutiny_access.visible(user, WorkProgrammeEntry.objects.filter(pk__in=from_actions))
        readable = set(entries.values_list("pk", flat=True))
    for bring_back in bring_backs:
        # An attribute for the page only, not a field (so mypy does not know it).
        bring_back.readable = bring_back.entry.action_id is None or bring_back.entry.pk in readable  # type: ignore[attr-defined]
    return bring_backs


def version_detail(version: WorkPlanVersion, user) -> dict:
    """Everything the version page shows ``user``, in a fixed number of queries."""
    rows = version_rows_of(version)
    base = list(_entries(version.based_on)) if version.based_on is not None else []
    return {
        "rows": rows,
        "difference": difference([r.entry for r in rows], base) if version.based_on_id else None,
        "transitions": list(
            version.transitions.select_related("recorded_by", "meeting__body", "decision").order_by("decided_on", "pk")
        ),
        "bring_backs": _bring_backs(version, user),
    }


def current_agreed_number() -> int | None:
    current = WorkPlanVersion.objects.current_agreed()
    return current.number if current else None


# Choices for the forms.


def reviews_to_add(version: WorkPlanVersion):
    """Reviews not yet in the version: open ones (a finished review has no place in a plan)."""
    return Review.objects.open().exclude(work_plan_entries__version=version).order_by("title")


def deciding_meetings(to_state: str, *, now: datetime.datetime | None = None):
    """Meetings that could have taken the decision: Cabinet's or Council's, already started, within
    the last two years, newest first."""
    now = now or timezone.now()
    kinds = DECIDING_BODIES.get(to_state, (BodyKind.CABINET, BodyKind.COUNCIL))
    return (
        Meeting.objects.filter(
            body__kind__in=kinds, starts_at__lte=now, starts_at__gte=now - datetime.timedelta(days=730)
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("-starts_at")
    )


def scrutiny_committees():
    return Body.objects.filter(kind__in=SCRUTINY_BODY_KINDS).active().order_by("name")


def bring_back_committees(user):
    """The committees this person may put a version on the work programme of: commissioning
    officers and Administrators any O&S committee, a committee's clerks (Democratic Services) theirs."""
    if access.can_manage_work_plan(user):
        return scrutiny_committees()
    return members_access.bodies_managed(user, scrutiny_committees())


def answerable_actions(user, committees):
    """The committees' open actions a version could answer, for the person to choose from: not yet
    answered, not on an exempt item, and only those whose wording ``user`` may read (an action of
    draft minutes is for the committee's clerks and members, as on the work programme)."""
    open_actions = WorkProgrammeEntry.objects.filter(
        body__in=committees, source=WorkProgrammeSource.ACTION, work_plan_bring_back__isnull=True
    )
    return (
        scrutiny_access.visible(user, open_actions)
        .outstanding()
        .not_exempt()
        .select_related("body")
        .order_by("body__name", "pk")
    )
