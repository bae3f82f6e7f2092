"""Consultation queries for the owner's pages: the list, the tracker, the summary, the CSV.

Each page costs the same number of queries however large the audience: the audience, its
responses and its committee seats are read in one query each and put together in Python.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import formats, timezone

from council import permissions

from ..models import AGREE_SCALE, Answer, Consultation, Member, Membership, QuestionKind, Response, ResponseState
from .access import can_consult
from .audience import audience

MANAGE = "members.change_consultation"


def managed_by(user):
    """The consultations ``user`` manages: all for Administrators; otherwise those they own or
    that are shared with them."""
    if not can_consult(user) and not permissions.can(user, MANAGE):
        return Consultation.objects.none()
    if permissions.can(user, MANAGE):
        return Consultation.objects.all()
    shared = permissions.granted(user, Consultation.objects.all(), MANAGE)
    return Consultation.objects.filter(Q(owner=user) | Q(pk__in=shared.values("pk")))


@dataclass
class ListRow:
    consultation: Consultation
    audience_size: int
    submitted: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.submitted / self.audience_size) if self.audience_size else None


def list_rows(user) -> list[ListRow]:
    """The list page: each consultation with its audience size and response rate.

    Audience sizes are counted per consultation kind: all-members ones share one count; the
    others need their choices, prefetched, and one count query each would grow with the list, so
    the members are read once and matched in Python."""
    consultations = list(
        managed_by(user)
        .select_related("owner")
        .prefetch_related("audience_bodies", "audience_wards", "audience_parties", "audience_members")
        .annotate(submitted=Count("responses", filter=Q(responses__state=ResponseState.SUBMITTED)))
        .order_by("-closes_at", "title")[:300]
    )
    if not consultations:
        return []
    members = list(Member.objects.current().values("pk", "ward_id", "party_id", "user_id"))
    seats = defaultdict(set)
    for body_id, person_id in Membership.objects.current().values_list("body_id", "person_id"):
        seats[body_id].add(person_id)
    rows = []
    for consultation in consultations:
        rows.append(ListRow(consultation, _size(consultation, members, seats), consultation.submitted))
    return rows


def _size(consultation, members, seats) -> int:
    kind = consultation.audience
    if kind == "all":
        return len(members)
    if kind == "bodies":
        people = set().union(*(seats[body.pk] for body in consultation.audience_bodies.all()))
        return sum(1 for m in members if m["user_id"] in people)
    if kind == "wards":
        wards = {ward.pk for ward in consultation.audience_wards.all()}
        return sum(1 for m in members if m["ward_id"] in wards)
    if kind == "parties":
        parties = {party.pk for party in consultation.audience_parties.all()}
        return sum(1 for m in members if m["party_id"] in parties)
    named = {member.pk for member in consultation.audience_members.all()}
    return sum(1 for m in members if m["pk"] in named)


# Tracker -------------------------------------------------------------------------------------


@dataclass
class Group:
    name: str
    submitted: int = 0
    draft: int = 0
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.submitted + self.draft + self.not_started

    @property
    def rate(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0


@dataclass
class TrackerRow:
    member: object
    status: str  # "submitted", "draft" or "not started"
    submitted_at: datetime.datetime | None
    bodies: list[str] = field(default_factory=list)


@dataclass
class Tracker:
    rows: list[TrackerRow]
    by_party: list[Group]
    by_ward: list[Group]
    by_body: list[Group]
    per_day: list[tuple[datetime.date, int, int]]  # day, submissions that day, percentage of the biggest day
    submitted: int
    draft: int

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def not_started(self) -> int:
        return self.total - self.submitted - self.draft

    @property
    def rate(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0


def _grouped(rows, key) -> list[Group]:
    groups: dict[str, Group] = {}
    for row in rows:
        for name in key(row):
            group = groups.setdefault(name, Group(name))
            if row.status == "submitted":
                group.submitted += 1
            elif row.status == "draft":
                group.draft += 1
            else:
                group.not_started += 1
    return sorted(groups.values(), key=lambda g: g.name)


def tracker(consultation: Consultation) -> Tracker:
    members = list(
        audience(consultation).select_related("user", "ward", "party").order_by("user__last_name", "user__first_name")
    )
    responses = {
        r["member_id"]: r
        for r in Response.objects.filter(consultation=consultation).values("member_id", "state", "submitted_at")
    }
    seats = defaultdict(list)
    for person_id, body_name in (
        Membership.objects.current()
        .filter(person__in=[m.user_id for m in members])
        .order_by("body__name")
        .values_list("person_id", "body__name")
    ):
        if body_name not in seats[person_id]:
            seats[person_id].append(body_name)
    rows = []
    for member in members:
        response = responses.get(member.pk)
        status = "not started" if response is None else ("submitted" if response["state"] == "submitted" else "draft")
        submitted_at = response["submitted_at"] if response and status == "submitted" else None
        rows.append(TrackerRow(member, status, submitted_at, seats.get(member.user_id, [])))
    per_day_counts = Counter(
        dict(
            Response.objects.filter(
                consultation=consultation, state=ResponseState.SUBMITTED, member__in=[m.pk for m in members]
            )
            .annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))
            .values("day")
            .annotate(n=Count("pk"))
            .values_list("day", "n")
        )
    )
    biggest = max(per_day_counts.values(), default=0)
    per_day = [(day, n, round(100 * n / biggest) if biggest else 0) for day, n in sorted(per_day_counts.items())]
    return Tracker(
        rows=rows,
        by_party=_grouped(rows, lambda r: [r.member.party_name]),
        by_ward=_grouped(rows, lambda r: [r.member.ward.name]),
        by_body=_grouped(rows, lambda r: r.bodies),
        per_day=per_day,
        submitted=sum(1 for r in rows if r.status == "submitted"),
        draft=sum(1 for r in rows if r.status == "draft"),
    )


# Summary -------------------------------------------------------------------------------------

SCALE_LABELS = dict(AGREE_SCALE)


@dataclass
class Count_:
    label: str
    count: int
    percent: int


@dataclass
class QuestionSummary:
    question: object
    answered: int = 0
    counts: list[Count_] = field(default_factory=list)
    texts: list[tuple[object, str]] = field(default_factory=list)  # (member, text)
    by_ward: list[tuple[str, list[tuple[object, str]]]] = field(default_factory=list)


def _submitted_answers(consultation):
    return (
        Answer.objects.filter(response__consultation=consultation, response__state=ResponseState.SUBMITTED)
        .select_related("response__member__user", "response__member__ward", "response__member__party", "ward")
        .prefetch_related("options")
        .order_by("response__member__user__last_name", "response__member__user__first_name", "pk")
    )


def summary(consultation: Consultation) -> tuple[int, list[QuestionSummary]]:
    """Counts per option (choice and scale questions), every free-text answer with its member and
    ward, ward feedback grouped by ward. Only submitted responses count. Returns (responses, per question)."""
    questions = list(consultation.questions.prefetch_related("options").order_by("position"))
    respondents = Response.objects.filter(consultation=consultation, state=ResponseState.SUBMITTED).count()
    answers = defaultdict(list)
    for answer in _submitted_answers(consultation):
        answers[answer.question_id].append(answer)
    result = []
    for question in questions:
        item = QuestionSummary(question)
        given = answers.get(question.pk, [])
        if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
            tally = Counter()
            answered = 0
            for answer in given:
                chosen = list(answer.options.all())
                if chosen:
                    answered += 1
                tally.update(option.pk for option in chosen)
            item.answered = answered
            item.counts = [
                Count_(o.label, tally[o.pk], round(100 * tally[o.pk] / answered) if answered else 0)
                for o in question.options.all()
            ]
        elif question.kind == QuestionKind.AGREE_SCALE:
            tally = Counter(answer.scale for answer in given if answer.scale)
            item.answered = sum(tally.values())
            item.counts = [
                Count_(label, tally[value], round(100 * tally[value] / item.answered) if item.answered else 0)
                for value, label in AGREE_SCALE
            ]
        elif question.kind == QuestionKind.WARD_FEEDBACK:
            wards = defaultdict(list)
            for answer in given:
                if answer.text.strip():
                    ward = answer.ward or answer.response.member.ward
                    wards[ward.name].append((answer.response.member, answer.text))
            item.by_ward = sorted(wards.items())
            item.answered = sum(len(v) for v in wards.values())
        else:
            item.texts = [(answer.response.member, answer.text) for answer in given if answer.text.strip()]
            item.answered = len(item.texts)
        result.append(item)
    return respondents, result


# CSV -----------------------------------------------------------------------------------------


def _answer_text(question, answer) -> str:
    if answer is None:
        return ""
    if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        return "; ".join(option.label for option in answer.options.all())
    if question.kind == QuestionKind.AGREE_SCALE:
        return SCALE_LABELS.get(answer.scale, "")
    if question.kind == QuestionKind.WARD_FEEDBACK:
        ward = answer.ward.name if answer.ward_id else ""
        return f"{ward}: {answer.text}" if ward and answer.text else answer.text
    return answer.text


def csv_table(consultation: Consultation) -> tuple[list, Iterator[list]]:
    """The header, and one row per submitted response, one column per question (as typed: the CSV
    writer, ``council.exports``, makes each cell safe)."""
    questions = list(consultation.questions.prefetch_related("options").order_by("position"))
    header = ["Member", "Ward", "Party", "Submitted (UK time)", *[q.text for q in questions]]
    return header, _csv_rows(consultation, questions)


def _csv_rows(consultation: Consultation, questions: list) -> Iterator[list]:
    by_response = defaultdict(dict)
    responses = {}
    for answer in _submitted_answers(consultation):
        by_response[answer.response_id][answer.question_id] = answer
        responses[answer.response_id] = answer.response
    for response in (
        Response.objects.filter(consultation=consultation, state=ResponseState.SUBMITTED)
        .select_related("member__user", "member__ward", "member__party")
        .order_by("member__user__last_name", "member__user__first_name")
    ):
        member = response.member
        when = formats.date_format(timezone.localtime(response.submitted_at), "Y-m-d H:i")
        cells = [member.user.get_full_name(), member.ward.name, member.party_name, when]
        cells += [_answer_text(q, by_response[response.pk].get(q.pk)) for q in questions]
        yield cells
