"""Demo meetings: a municipal year (May 2026 to April 2027) for every body, with agendas, and the
Overview and Scrutiny meeting the product was born from (the Strategic Commissioning item).

Fixed dates, so loading again changes nothing; agendas of meetings whose deadline has passed are
published on their last day, as a punctual clerk would have done, and recorded as published that day
(five clear working days before the meeting).
"""

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from council import calendar
from members import access as members_access
from members.models import Body, Ward

from .. import services
from ..models import ItemKind, Meeting
from .minutes import load_minutes

User = get_user_model()

D, T = datetime.date, datetime.time
CHAMBER, ROOM_1, ROOM_2, ROOM_3 = (
    "Council Chamber, Town Hall",
    "Committee Room 1, Town Hall",
    "Committee Room 2, Town Hall",
    "Committee Room 3, Town Hall",
)
#: (body slug, first meeting, weeks between meetings, how many, start time, venue)
PATTERNS = [
    ("council", D(2026, 5, 20), 10, 5, T(19), CHAMBER),
    ("cabinet", D(2026, 6, 2), 5, 10, T(10), ROOM_1),
    ("overview-and-scrutiny-committee", D(2026, 6, 11), 6, 8, T(18), CHAMBER),
    ("social-and-community-overview-and-scrutiny-committee", D(2026, 6, 16), 7, 7, T(18), ROOM_2),
    ("environment-overview-and-scrutiny-committee", D(2026, 6, 24), 7, 7, T(18), ROOM_2),
    ("members-working-group", D(2026, 7, 1), 8, 5, T(16), ROOM_3),
    ("budget-working-group", D(2026, 9, 3), 4, 6, T(14), ROOM_3),
]

#: The meeting of Council that sets the budget and council tax: every vote at it is a recorded vote.
BUDGET_MEETING = ("council", datetime.date(2027, 2, 24))

#: The source minutes' meeting: Overview and Scrutiny Committee, Thursday 22 October 2026.
SOURCE_MEETING = ("overview-and-scrutiny-committee", datetime.date(2026, 10, 22))

TOPICS = {
    "council": ["Corporate Strategy 2026 to 2030", "Treasury management report", "Budget and council tax 2027/28"],
    "cabinet": ["Budget monitoring", "Commissioning Work Plan", "Leisure services contract"],
    "overview-and-scrutiny-committee": ["Performance report: quarter 2", "Work programme"],
    "social-and-community-overview-and-scrutiny-committee": ["Adult social care commissioning", "Work programme"],
    "environment-overview-and-scrutiny-committee": ["Waste and recycling review", "Work programme"],
    "members-working-group": ["Member roles in strategic commissioning"],
    "budget-working-group": ["Savings proposals 2027/28"],
}

#: What some items concern, so that the demo councillors' registers of interests (members/demo)
#: show matches: Councillor McLain's partner works for the schools trust (a DPI, no dispensation),
#: Councillor Hartley's shares are covered by a dispensation (regeneration) but his sensitive home
#: (housing) is not, and Councillor Rowe's food bank is an other registrable interest (welfare).
CONCERNS: dict[str, dict[str, Any]] = {
    "Corporate Strategy 2026 to 2030": {"subjects": "regeneration, town centre, housing"},
    "Performance report: quarter 2": {
        "subjects": "schools, housing, waste",
        "organisations": "Northbridge Schools Trust",
    },
    "Adult social care commissioning": {"subjects": "social care, welfare, poverty"},
    "Leisure services contract": {"subjects": "leisure", "wards": ["Riverside"]},
}


def _concerns(topic: str) -> dict[str, Any]:
    concerns = dict(CONCERNS.get(topic, {}))
    if "wards" in concerns:
        concerns["wards"] = list(Ward.objects.filter(name__in=concerns["wards"]))
    return concerns


def _meeting_days(first: datetime.date, weeks: int, count: int) -> list[datetime.date]:
    days = []
    for n in range(count):
        day = first + datetime.timedelta(weeks=weeks * n)
        if not calendar.is_working_day(day):
            day = calendar.next_working_day(day)
        days.append(day)
    return days


def _clerk(body: Body) -> User:
    return members_access.clerks_of(body).first()


def _person(**lookup):
    return User.objects.filter(**lookup).first()


def _build(body, day, start, venue, clerk, topics, today) -> Meeting:
    starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
    existing = Meeting.objects.filter(body=body, starts_at=starts_at).first()
    if existing:
        return existing
    meeting = services.meeting_schedule(
        body=body,
        day=day,
        start_time=start,
        venue=venue,
        budget_meeting=(body.slug, day) == BUDGET_MEETING,
        by=clerk,
    )
    services.agenda_insert_standard_items(meeting=meeting, by=clerk)
    source = (body.slug, day) == SOURCE_MEETING
    if source:
        services.agenda_item_add(
            meeting=meeting,
            by=clerk,
            title="Strategic Commissioning",
            kind=ItemKind.REPORT,
            report_author=_person(officer__job_title="Assistant Chief Executive"),
            presenter=_person(member__portfolios__title="Corporate Services"),
            minutes_allowed=30,
        )
        _source_papers(meeting, clerk)
    for topic in topics:
        services.agenda_item_add(
            meeting=meeting, by=clerk, title=topic, kind=ItemKind.REPORT, minutes_allowed=20, **_concerns(topic)
        )
    if meeting.last_day_to_publish <= today:
        # Published on the last day, and recorded as published that day (09:30), not on the day the
        # demo is loaded: the record's date is what its clear working days are counted from.
        published_at = timezone.make_aware(datetime.datetime.combine(meeting.last_day_to_publish, T(9, 30)))
        services.agenda_publish(meeting=meeting, by=clerk, now=published_at)
        meeting.refresh_from_db()
    if day < today:
        _mark_held(meeting, clerk, source=source)
    return meeting


#: The report before the committee on 22 October 2026, in the words of the source minutes.
REPORT = """
<h1>Strategic Commissioning</h1>
<p>Report of the Assistant Chief Executive to the Overview and Scrutiny Committee, 22 October 2026.</p>
<h2>1. Purpose</h2>
<p>The committee asked for this report on the council's move to become a strategic commissioning
authority, and on the role members will play in it.</p>
<h2>2. Background</h2>
<p>Council agreed the move to strategic commissioning and the associated changes to the council's
structures. A members working group was set up to assess the rationale for the move and is now
considering member roles: who should be involved in commissioning reviews, when and how.</p>
<h2>3. Member roles</h2>
<p>Commissioning needs knowledge of the needs of the community. Members feed back from their wards
and act as critical friend in the analysis and planning stages of each commissioning review. The
relevant Cabinet Members sit on the programme board of each review; Cabinet Working Groups may
support reviews. Cabinet Members are accountable; overview and scrutiny monitors services and
whether the outcomes are delivered.</p>
<h2>4. Recommendation</h2>
<p>That the committee notes the report and comments on member roles in commissioning.</p>
"""

#: An exempt report (Schedule 12A, paragraph 3): its words must never reach the public pack.
EXEMPT_REPORT = """
<h1>Leisure centres management contract: commercial terms</h1>
<p>Report of the Head of Strategic Commissioning. Not for publication: paragraph 3 of Part 1 of
Schedule 12A to the Local Government Act 1972 (financial or business affairs).</p>
<p>The current operator has offered to extend the contract for two years at an annual management
fee reduced by 4.5 per cent, subject to the council funding the pool plant replacement.</p>
"""


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    # Tagged (PDF/UA-1), as a council's accessible report would be.
    document = f"<html lang='en-GB'><head><title>Report</title></head><body style='font-family: sans-serif'>{html}"
    return HTML(string=document + "</body></html>").write_pdf(pdf_variant="pdf/ua-1")


def _source_papers(meeting: Meeting, clerk) -> None:
    """The Strategic Commissioning report as a PDF, and an exempt item with its own paper, so the
    demo's packs show both editions."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = meeting.items.get(title="Strategic Commissioning")
    services.document_add(
        item=item,
        upload=SimpleUploadedFile("strategic-commissioning.pdf", _pdf(REPORT), content_type="application/pdf"),
        title="Report of the Assistant Chief Executive",
        kind="report",
        by=clerk,
    )
    exempt = services.agenda_item_add(
        meeting=meeting,
        by=clerk,
        title="Leisure centres management contract",
        kind=ItemKind.REPORT,
        exempt=True,
        exempt_paragraph=3,
        public_interest_reason="The operator's commercial terms are under negotiation; disclosure would "
        "prejudice the council's position.",
        report_author=_person(first_name="Sarah", last_name="Whitfield"),
        minutes_allowed=15,
        subjects="leisure",
    )
    services.document_add(
        item=exempt,
        upload=SimpleUploadedFile("leisure-contract.pdf", _pdf(EXEMPT_REPORT), content_type="application/pdf"),
        title="Commercial terms (exempt)",
        kind="report",
        by=clerk,
    )


def _mark_held(meeting: Meeting, clerk, *, source: bool):
    services.meeting_mark_held(meeting=meeting, by=clerk)
    if source:
        load_minutes(meeting, clerk=clerk)


def load():
    """Every body's meetings of the municipal year and the source meeting, each built once."""
    today = timezone.localdate()
    bodies = {body.slug: body for body in Body.objects.all()}
    for slug, first, weeks, count, start, venue in PATTERNS:
        body = bodies.get(slug)
        if body is None:
            continue
        clerk = _clerk(body)
        days = _meeting_days(first, weeks, count)
        if slug == SOURCE_MEETING[0] and SOURCE_MEETING[1] not in days:
            days.append(SOURCE_MEETING[1])
        for day in sorted(days):
            _build(body, day, start, venue, clerk, TOPICS.get(slug, []), today)
