"""Open data: the council's meetings, attendance, executive decisions and forward plan, as CSV and
JSON under the Open Government Licence v3.0.

Every dataset is the public's, whoever downloads it: public bodies' meetings only, published
decision notices without their exempt parts, the forward plan as its latest edition published it.
Nothing is read from an agenda item, a minute or a paper, so nothing derived from exempt
information can reach a file. Each dataset is one query however many rows (streamed from the
database in chunks).
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Value
from django.db.models.functions import Concat, TruncDate
from django.urls import reverse

from executive.models import ExecutiveDecision, ForwardPlanEdition
from scrutiny.models import Attendance, AttendanceStatus, Meeting, MeetingStatus

LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
#: A meeting is in the open data once its agenda is published (s.100B) or it has been held.
PUBLISHED_OR_HELD = (
    MeetingStatus.AGENDA_PUBLISHED,
    MeetingStatus.HELD,
    MeetingStatus.MINUTES_DRAFTED,
    MeetingStatus.MINUTES_CONFIRMED,
)
HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_CONFIRMED)
CHUNK = 2000


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (JSON key, CSV heading)
    records: Callable[[], Iterator[dict]]


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _iso(moment: datetime.datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _meetings() -> Iterator[dict]:
    meetings = (
        Meeting.objects.public().filter(status__in=PUBLISHED_OR_HELD).select_related("body").order_by("starts_at", "pk")
    )
    for meeting in meetings.iterator(chunk_size=CHUNK):
        yield {
            "id": meeting.pk,
            "committee": meeting.body.name,
            "committee_id": meeting.body_id,
            "date": meeting.date.isoformat(),
            "starts_at": _iso(meeting.starts_at),
            "ends_at": _iso(meeting.ends_at),
            "venue": meeting.venue,
            "status": meeting.get_status_display(),
            "url": _url(meeting.get_absolute_url()),
        }


def _attendance() -> Iterator[dict]:
    # Read as values, the day and the names made in the database: the largest file (a line per
    # person per meeting) streams without building a model per line.
    london = ZoneInfo(settings.TIME_ZONE)
    lines = (
        Attendance.objects.filter(meeting__in=Meeting.objects.public().filter(status__in=HELD).values("pk"))
        .annotate(
            day=TruncDate("meeting__starts_at", tzinfo=london),
            name=Concat("person__first_name", Value(" "), "person__last_name"),
            substitute_name=Concat("substitute_for__first_name", Value(" "), "substitute_for__last_name"),
        )
        .order_by("meeting__starts_at", "meeting_id", "person__last_name", "person__first_name", "pk")
        .values("meeting_id", "meeting__body__name", "day", "name", "person__member__id", "status", "substitute_name")
    )
    statuses = dict(AttendanceStatus.choices)
    for line in lines.iterator(chunk_size=CHUNK):
        yield {
            "meeting_id": line["meeting_id"],
            "committee": line["meeting__body__name"],
            "date": line["day"].isoformat(),
            "person": line["name"].strip(),
            "councillor_id": line["person__member__id"],
            "attendance": str(statuses[line["status"]]),
            "substitute_for": (line["substitute_name"] or "").strip(),
        }


def _decisions() -> Iterator[dict]:
    # The exempt part of a decision's record (exempt_part) is never read here.
    decisions = ExecutiveDecision.objects.public().for_list().order_by("decided_on", "pk")
    for decision in decisions.iterator(chunk_size=CHUNK):
        yield {
            "id": decision.pk,
            "matter": decision.title,
            "decided_on": decision.decided_on.isoformat(),
            "decision_maker": str(decision.decision_maker),
            "portfolio": decision.portfolio.title if decision.portfolio else "",
            "key_decision": decision.is_key,
            "notice_route": decision.get_route_display(),
            "decision": decision.decision,
            "reasons": decision.reasons,
            "alternatives_rejected": decision.alternatives_rejected,
            "interests_declared": decision.interests_declared,
            "dispensations": decision.dispensations,
            "forward_plan_entry_id": decision.entry_id,
            "notice_published_on": decision.notice_published_on.isoformat() if decision.notice_published_on else "",
            "call_in_ends_on": decision.call_in_ends_on.isoformat() if decision.call_in_ends_on else "",
            "url": _url(decision.get_absolute_url()),
        }


def _forward_plan() -> Iterator[dict]:
    """The entries of the latest published edition, exactly as it fixed them (reg 9)."""
    edition = ForwardPlanEdition.objects.latest_first().first()
    if edition is None:
        return
    for entry in edition.contents["entries"]:
        yield {
            "edition": edition.number,
            "edition_published_on": edition.published_on.isoformat(),
            "id": entry["id"],
            "matter": entry["matter"],
            "summary": entry["summary"],
            "decision_maker": entry["decision_maker"],
            "portfolio": entry["portfolio"],
            "wards": "; ".join(entry["wards"]),
            "expected_decision_on": entry["expected_decision_on"],
            "key_decision": entry["key"],
            "key_reason": entry["key_reason"],
            "taken_in_private": entry["private"],
            "exempt_paragraph": entry["exempt_paragraph"] or "",
            "private_reasons": entry["private_reasons"],
            "documents": entry["documents"],
            "documents_available": entry["documents_available"],
        }


DATASETS = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            "meetings",
            "Meetings",
            "The meetings of the council's public committees whose agenda is published or that have been held.",
            (
                ("id", "Meeting ID"),
                ("committee", "Committee"),
                ("committee_id", "Committee ID"),
                ("date", "Date"),
                ("starts_at", "Starts at"),
                ("ends_at", "Expected to end at"),
                ("venue", "Venue"),
                ("status", "Status"),
                ("url", "Web page"),
            ),
            _meetings,
        ),
        Dataset(
            "attendance",
            "Attendance",
            "Who attended each meeting of a public committee that has been held, one line per person per meeting.",
            (
                ("meeting_id", "Meeting ID"),
                ("committee", "Committee"),
                ("date", "Date"),
                ("person", "Person"),
                ("councillor_id", "Councillor ID"),
                ("attendance", "Attendance"),
                ("substitute_for", "Substitute for"),
            ),
            _attendance,
        ),
        Dataset(
            "decisions",
            "Executive decisions",
            "The published notices of the executive's decisions (without any exempt part of the record).",
            (
                ("id", "Decision ID"),
                ("matter", "Matter"),
                ("decided_on", "Decided on"),
                ("decision_maker", "Decision maker"),
                ("portfolio", "Portfolio"),
                ("key_decision", "Key decision"),
                ("notice_route", "Notice route"),
                ("decision", "Decision"),
                ("reasons", "Reasons"),
                ("alternatives_rejected", "Alternatives considered and rejected"),
                ("interests_declared", "Interests declared"),
                ("dispensations", "Dispensations granted"),
                ("forward_plan_entry_id", "Forward plan entry ID"),
                ("notice_published_on", "Notice published on"),
                ("call_in_ends_on", "Call-in period ends on"),
                ("url", "Web page"),
            ),
            _decisions,
        ),
        Dataset(
            "forward-plan",
            "Forward plan",
            "The entries of the current forward plan of key decisions, as its latest edition published them.",
            (
                ("edition", "Edition"),
                ("edition_published_on", "Edition published on"),
                ("id", "Entry ID"),
                ("matter", "Matter"),
                ("summary", "Summary"),
                ("decision_maker", "Decision maker"),
                ("portfolio", "Portfolio"),
                ("wards", "Wards affected"),
                ("expected_decision_on", "Expected decision date"),
                ("key_decision", "Key decision"),
                ("key_reason", "Why it is key"),
                ("taken_in_private", "To be taken in private"),
                ("exempt_paragraph", "Schedule 12A paragraph"),
                ("private_reasons", "Why in private"),
                ("documents", "Documents to be considered"),
                ("documents_available", "How documents are available"),
            ),
            _forward_plan,
        ),
    )
}


def dataset_or_none(slug: str) -> Dataset | None:
    return DATASETS.get(slug)


def csv_rows(dataset: Dataset) -> Iterator[list]:
    keys = [key for key, _ in dataset.columns]
    for record in dataset.records():
        yield [_csv_value(record[key]) for key in keys]


def _csv_value(value):
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


def as_json(dataset: Dataset, *, now: datetime.datetime) -> dict:
    return {
        "dataset": dataset.slug,
        "title": dataset.title,
        "description": dataset.description,
        "publisher": settings.COUNCIL_NAME,
        "licence": LICENCE,
        "generated_at": now.isoformat(),
        "source": _url(reverse("record:open-data")),
        "records": list(dataset.records()),
    }
