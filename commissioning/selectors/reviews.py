"""Commissioning queries: reviews, their stages and gates, members' input, boards, and one timeline.

Every page's reads are a fixed number of queries whatever the number of rows (tests pin them).
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Exists, Model, OuterRef, Prefetch, Q
from django.utils import timezone

from council import permissions
from council.history import KINDS, Change, display_value, field_label, tracked_fields
from members import access as members_access
from members.models import Membership, Portfolio

from ..charts import format_value
from ..models import (
    ENGAGEMENT_STAGES,
    STAGE_ORDER,
    BoardDecision,
    CriterionScore,
    EngagementNote,
    GateDecision,
    Indicator,
    IndicatorActual,
    PriorityAssessment,
    Review,
    ReviewComment,
    ReviewPortfolio,
    ReviewStage,
    ReviewStatus,
    SavingLine,
    Stage,
    WorkingGroupNote,
    financial_year_label,
)
from ..models.reviews import OPEN_STATUSES
from . import consultations as consultation_selectors
from .consultations import stage_consultations


def reviews_visible_to(user):
    return permissions.permitted(user, Review.objects.all(), "commissioning.view_review")


def review_for_page(user, pk) -> Review:
    """The review with what its frame shows, fetched through the permission layer (404 if not visible)."""
    return permissions.get_permitted_or_404(
        user,
        Review.objects.select_related("lead_officer__officer", "programme_board", "working_group"),
        "commissioning.view_review",
        pk=pk,
    )


@dataclass
class StageRow:
    stage: ReviewStage
    current: bool
    done: bool
    decisions: list
    engagement: list
    engages_members: bool
    consultations: list = field(default_factory=list)  # StageConsultation links, with ``submitted``


def accountable_portfolios(review: Review) -> list[Portfolio]:
    return list(review.portfolios.select_related("cabinet_member__user", "cabinet_member__ward").order_by("title"))


def stage_rows(review: Review) -> list[StageRow]:
    """The four stages in order, each with its gate decisions, members' input and linked
    consultations. Four queries."""
    decisions = GateDecision.objects.filter(review=review).select_related("decided_by").order_by("recorded_at", "pk")
    notes = (
        EngagementNote.objects.filter(review=review)
        .select_related("member__user", "ward", "recorded_by")
        .order_by("recorded_at", "pk")
    )
    by_stage_decisions = {s: [d for d in decisions if d.from_stage == s] for s in STAGE_ORDER}
    by_stage_notes = {s: [n for n in notes if n.stage == s] for s in STAGE_ORDER}
    links = stage_consultations(review)
    current_index = STAGE_ORDER.index(review.stage)
    closed = review.status not in OPEN_STATUSES
    return [
        StageRow(
            stage=row,
            current=row.stage == review.stage and not closed,
            done=STAGE_ORDER.index(row.stage) < current_index or (closed and row.actual_end is not None),
            decisions=by_stage_decisions[row.stage],
            engagement=by_stage_notes[row.stage],
            engages_members=row.stage in ENGAGEMENT_STAGES,
            consultations=links.get(row.stage, []),
        )
        for row in sorted(review.stages.all(), key=lambda s: STAGE_ORDER.index(s.stage))
    ]


def comments(review: Review) -> list[ReviewComment]:
    return list(ReviewComment.objects.filter(review=review).select_related("author").order_by("-created_at", "-pk"))


def members_engaged_at(review: Review, stage: str) -> bool:
    """Input recorded at the stage, or submitted responses to a consultation linked to it."""
    return consultation_selectors.members_engaged_at(review, stage)


# The programme board and the Cabinet Working Group


@dataclass
class Seat:
    membership: Membership
    labels: list[str]


def board_seats(review: Review) -> list[Seat]:
    """The board's current and upcoming seats, each labelled by who the person is to the review:
    Cabinet Member (of an accountable portfolio, or another), lead officer, finance officer."""
    if review.programme_board_id is None:
        return []
    seats = (
        Membership.objects.not_ended()
        .filter(body_id=review.programme_board_id)
        .select_related("person__officer", "person__member__ward")
        .prefetch_related("person__groups")
        .order_by("start_date", "pk")
    )
    accountable = set(review.portfolios.values_list("cabinet_member__user_id", flat=True))
    rows = []
    for seat in seats:
        roles = {g.name for g in seat.person.groups.all()}
        labels = []
        if seat.person_id in accountable:
            labels.append("Accountable Cabinet Member")
        elif "Cabinet Member" in roles:
            labels.append("Cabinet Member")
        if seat.person_id == review.lead_officer_id:
            labels.append("Lead officer")
        if "Finance Officer" in roles:
            labels.append("Finance officer")
        rows.append(Seat(seat, labels))
    return rows


def board_decisions(review: Review) -> list[BoardDecision]:
    return list(BoardDecision.objects.filter(review=review).order_by("-decided_on", "-pk"))


def working_group_members(review: Review) -> list[Membership]:
    if review.working_group_id is None:
        return []
    return list(
        Membership.objects.current()
        .filter(body_id=review.working_group_id)
        .select_related("person__member__ward")
        .order_by("person__last_name", "person__first_name")
    )


def working_group_notes(review: Review) -> list[WorkingGroupNote]:
    return list(WorkingGroupNote.objects.filter(review=review).select_related("recorded_by").order_by("-met_on", "-pk"))


# The dashboard panel


def reviews_panel(request) -> dict:
    """Dashboard: the reviews the person leads, is accountable for as Cabinet Member or sits on the
    board of, and the gates awaiting their decision. Three queries."""
    user = request.user
    today = timezone.localdate()
    seats = members_access.seats(user, on=today)
    reviews = list(
        Review.objects.filter(
            Q(lead_officer=user)
            | Q(portfolios__cabinet_member__user=user)
            | Q(programme_board_id__in=seats.values("body_id"))
        )
        .distinct()
        .prefetch_related(Prefetch("portfolios", queryset=Portfolio.objects.select_related("cabinet_member")))
        .order_by("title")
    )
    # Separation of duties (access.gate_conflict): a seat the person added themselves, or a review
    # they lead, puts no gate in front of them. Lengthened seats are left to the gate page to say.
    self_added = Membership.history.filter(id=OuterRef("pk"), history_type="+", history_user=user)
    seated = dict(seats.annotate(self_added=Exists(self_added)).values_list("body_id", "self_added"))
    cabinet_member = permissions.has_role(user, "Cabinet Member")
    rows, awaiting = [], []
    for review in reviews:
        accountable = cabinet_member and any(
            p.cabinet_member is not None and p.cabinet_member.user_id == user.pk for p in review.portfolios.all()
        )
        on_board = review.programme_board_id in seated
        roles = [
            label
            for label, held in (
                ("Lead officer", review.lead_officer_id == user.pk),
                ("Accountable Cabinet Member", accountable),
                ("Programme board", on_board),
            )
            if held
        ]
        rows.append((review, roles))
        # A review on hold waits for nobody's decision until it is resumed.
        decides = review.lead_officer_id != user.pk and (
            accountable or (on_board and not seated[review.programme_board_id])
        )
        if review.status in (ReviewStatus.PROPOSED, ReviewStatus.IN_PROGRESS) and decides:
            awaiting.append(review)
    return {"review_rows": rows, "gates_awaiting": awaiting}


# One timeline of a review and everything under it


@dataclass
class Event:
    when: datetime.datetime
    who: str
    kind: str
    subject: str
    reason: str
    changes: list[Change] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return self.reason or f"{self.subject}: {self.kind.lower()}"


def _stage(value) -> str:
    return Stage(value).label if value in Stage.values else ""


#: What each tracked part of a review is called in the timeline, from one historical record.
SUBJECTS = {
    Review: lambda r: "Review",
    ReviewPortfolio: lambda r: "Accountable portfolio",
    ReviewStage: lambda r: f"{_stage(r.stage)} stage",
    GateDecision: lambda r: f"{_stage(r.from_stage)} gate",
    EngagementNote: lambda r: f"Members’ input at {_stage(r.stage)}",
    ReviewComment: lambda r: "Member’s comment",
    BoardDecision: lambda r: "Programme board decision",
    WorkingGroupNote: lambda r: "Cabinet Working Group note",
    SavingLine: lambda r: f"Saving {r.budget_reference} {financial_year_label(r.financial_year)}",
    PriorityAssessment: lambda r: "Priority assessment",
    CriterionScore: lambda r: "Priority score",
    Indicator: lambda r: f"Indicator: {r.name}",
    IndicatorActual: lambda r: f"Indicator actual for {r.period_label}",
    Membership: lambda r: "Programme board seat",
}
#: Parts named after whom they concern: (foreign key, label).
NAMED_BY = {Membership: "person", EngagementNote: "member", ReviewPortfolio: "portfolio"}
#: Foreign keys that only say which review (or part of it) a row belongs to: not worth a line.
PARENT_FIELDS = {"review", "assessment", "indicator", "body"}


def _history_sources(review: Review) -> list[tuple[type[Model], Q]]:
    """Each tracked model with the filter of its historical records that belong to the review."""
    assessments = PriorityAssessment.history.filter(review_id=review.pk).values("id")
    indicators = Indicator.history.filter(review_id=review.pk).values("id")
    sources: list[tuple[type[Model], Q]] = [
        (Review, Q(id=review.pk)),
        *[
            (model, Q(review_id=review.pk))
            for model in (
                ReviewPortfolio,
                ReviewStage,
                GateDecision,
                EngagementNote,
                ReviewComment,
                BoardDecision,
                WorkingGroupNote,
                SavingLine,
                PriorityAssessment,
                Indicator,
            )
        ],
        (CriterionScore, Q(assessment_id__in=assessments)),
        (IndicatorActual, Q(indicator_id__in=indicators)),
    ]
    if review.programme_board_id:
        sources.append((Membership, Q(body_id=review.programme_board_id)))
    return sources


def review_timeline(review: Review) -> list[Event]:
    """The history of the review and every part of it, newest first, in words.

    One query per kind of part, then one per kind of thing they refer to (people, portfolios…):
    the count does not grow with the number of rows.
    """
    loaded = []
    wanted: dict[type[Model], set] = {}
    for model, condition in _history_sources(review):
        fields = [f for f in tracked_fields(model) if f.name not in PARENT_FIELDS]
        history = model.history  # type: ignore[attr-defined]  # simple-history adds it to each tracked() model
        records = list(
            history.filter(condition).select_related("history_user").order_by("id", "history_date", "history_id")
        )
        for f in fields:
            if f.is_relation and f.related_model is not None:
                ids = {getattr(r, f.attname) for r in records} - {None}
                wanted.setdefault(f.related_model, set()).update(ids)
        loaded.append((model, fields, records))
    found = {}
    for related_model, ids in wanted.items():
        queryset = related_model._base_manager.all()
        if any(f.name == "user" and f.is_relation for f in related_model._meta.concrete_fields):
            queryset = queryset.select_related("user")  # councillors are named through their person
        found[related_model] = queryset.in_bulk(ids) if ids else {}
    # An actual is named after its indicator (a review may have several with the same periods).
    indicator_names = {r.id: r.name for model, _, records in loaded if model is Indicator for r in records}
    indicator_units = {r.id: r.unit for model, _, records in loaded if model is Indicator for r in records}
    events = []
    for model, fields, records in loaded:
        related = {
            (f.name, pk): str(obj)
            for f in fields
            if f.is_relation and f.related_model is not None
            for pk, obj in found.get(f.related_model, {}).items()
        }
        for _, rows in groupby(records, key=lambda r: r.id):
            previous = None
            for record in rows:
                unit = None
                if model is IndicatorActual:
                    name = indicator_names.get(record.indicator_id, "Indicator")
                    subject = f"{name}: actual for {record.period_label}"
                    unit = indicator_units.get(record.indicator_id)
                else:
                    subject = _subject(model, record, related)
                    unit = record.unit if model is Indicator else None
                events.append(_event(record, previous, fields, related, subject, unit))
                previous = record
    events.sort(key=lambda e: e.when, reverse=True)
    return events


def _subject(model, record, related) -> str:
    subject = SUBJECTS[model](record)
    if model in NAMED_BY:
        name = NAMED_BY[model]
        whom = related.get((name, getattr(record, f"{name}_id")))
        if whom:
            subject = f"{subject}: {whom}"
    return subject


#: An indicator's figures, written in the indicator's unit (72.4%, £4,850.00, 12 pupils).
FIGURES = {Indicator: {"baseline", "target", "tolerance"}, IndicatorActual: {"value"}}


def _shown(f, value, related, unit=None) -> str:
    """A value in words: as the history shows any field, but a saving's year as "2026/27" and an
    indicator's figures in its unit."""
    if f.model is SavingLine and f.name == "financial_year" and value is not None:
        return financial_year_label(value)
    if unit is not None and value is not None and f.name in FIGURES.get(f.model, ()):
        return format_value(value, unit)
    return display_value(f, value, related)


def _event(record, previous, fields, related, subject, unit=None) -> Event:
    changes = []
    for f in fields:
        new = getattr(record, f.attname)
        if previous is None:
            if new not in (None, "") and record.history_type != "-":
                changes.append(Change(field_label(f), "", _shown(f, new, related, unit)))
            continue
        old = getattr(previous, f.attname)
        if old != new:
            changes.append(Change(field_label(f), _shown(f, old, related, unit), _shown(f, new, related, unit)))
    user = record.history_user
    return Event(
        when=record.history_date,
        who=(user.get_full_name() or user.email) if user else "System",
        kind=KINDS.get(record.history_type, record.history_type),
        subject=subject,
        reason=record.history_change_reason or "",
        changes=changes,
    )
