"""The decade's meetings: each body's meetings through its municipal years, each agenda published
on the last day the law allows (five clear working days before), with its items, the papers under
them, the register, and the minutes (numbered through the municipal year, resolutions on the
business, confirmed at the body's next meeting). A few meetings were cancelled; a few agendas
carry exempt business after the resolution to exclude the press and public."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from council import calendar
from members.models import BodyKind
from scrutiny.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    DocumentKind,
    DocumentPageText,
    ExemptParagraph,
    ItemKind,
    Meeting,
    MeetingStatus,
    Minute,
    MinuteNumber,
    MinutesConfirmation,
    Publication,
    PublicationKind,
    Resolution,
    SupportingDocument,
)
from scrutiny.models.agenda import EXCLUSION_TITLE, exclusion_wording
from scrutiny.services.minute_numbers import minute_label

from . import words
from .base import Plan, Writer, at, dated, rng, share, weekday_on_or_after
from .pdfs import Pdf, stored
from .people import Council

CANCELLED_SHARE = 0.02
#: The bodies that consider call-ins of the executive's decisions.
SCRUTINY_KINDS = (BodyKind.OVERVIEW_SCRUTINY,)
EXEMPT_SHARE = 0.06
PARAGRAPHS = [ExemptParagraph.FINANCIAL, ExemptParagraph.INDIVIDUAL, ExemptParagraph.LEGAL_PRIVILEGE]


@dataclass
class ItemPlan:
    title: str
    kind: str
    subject: str = ""
    exempt: bool = False
    paragraph: int | None = None
    papers: list[tuple[str, str, Pdf]] = field(default_factory=list)  # (title, kind, pdf)
    item: AgendaItem | None = None
    #: A call-in: the Cabinet business whose decision overview and scrutiny considers at this item.
    calls_in: "ItemPlan | None" = None


@dataclass
class Held:
    """What the later parts of the load build on: the meetings held, what each agenda carried, who
    was there, and the clerk of each body."""

    meetings: list[Meeting]
    agendas: dict[int, list[ItemPlan]]  # meeting pk -> its items, in order
    present: dict[int, list[int]]  # meeting pk -> the people (user pks) present
    clerk_of: dict[int, object]  # body pk -> the clerk (user)
    resolutions: list[Resolution]
    #: (Cabinet's meeting, its item, the O&S meeting and the item there that considers the call-in)
    call_ins: list[tuple[Meeting, ItemPlan, Meeting, ItemPlan]]


def make_pdfs(plan: Plan, seed: int) -> list[Pdf]:
    random = rng(seed, "pdfs")
    pool = []
    for n in range(plan.count("pdfs", least=3)):
        subject = words.SUBJECTS[n % len(words.SUBJECTS)]
        title = words.subject_title(random.choice(words.REPORT_TITLES), subject)
        pages = [words.paragraph(random, subject, sentences=random.randint(4, 9)) for _ in range(random.randint(1, 4))]
        pool.append(stored(f"Northbridge Borough Council: {title}", pages))
    return pool


def _days(first: datetime.date, last: datetime.date, count: int) -> list[datetime.date]:
    span = (last - first).days
    return [weekday_on_or_after(first + datetime.timedelta(days=int((k + 0.5) * span / count))) for k in range(count)]


def _contents(meeting: Meeting, plans: list[ItemPlan]) -> dict:
    """What the publication record says (``scrutiny.services.agenda._contents``'s shape)."""
    return {
        "meeting": {
            "body": meeting.body.name,
            "starts_at": meeting.starts_at.isoformat(),
            "venue": meeting.venue,
            "remote_link": "",
        },
        "items": [
            {
                "number": number,
                "title": item.title,
                "kind": item.kind,
                "exempt_paragraph": item.paragraph if item.exempt else None,
                "urgent_reason": "",
                "documents": [
                    {"sha256": pdf.sha256} if item.exempt else {"title": title, "sha256": pdf.sha256}
                    for title, _kind, pdf in item.papers
                ],
            }
            for number, item in enumerate(plans, start=1)
        ],
    }


def _agenda(random, count: int, first_of_body: bool, exempt: bool) -> list[ItemPlan]:
    standing = [ItemPlan(title, kind) for title, kind in words.STANDING if not (first_of_body and kind == "minutes")]
    closing = [ItemPlan(title, kind) for title, kind in words.CLOSING]
    private = 2 if exempt else 0
    middle = max(1, count - len(standing) - len(closing) - private)
    reports = []
    for subject in random.sample(words.SUBJECTS, middle):
        reports.append(ItemPlan(words.subject_title(random.choice(words.REPORT_TITLES), subject), "report", subject))
    plans = standing + reports + closing
    if exempt:
        subject = random.choice(words.SUBJECTS)
        plans.append(ItemPlan(EXCLUSION_TITLE, ItemKind.EXCLUSION))
        plans.append(
            ItemPlan(
                words.subject_title(random.choice(words.EXEMPT_TITLES), subject),
                "report",
                subject,
                exempt=True,
                paragraph=random.choice(PARAGRAPHS),
            )
        )
    return plans


def load(writer: Writer, plan: Plan, seed: int, council: Council) -> Held:  # noqa: C901, PLR0915
    random = rng(seed, "meetings")
    pdfs = make_pdfs(plan, seed)
    slots = []  # (body, spec, municipal year, first day, last day)
    for body, spec, first, last in council.bodies:
        for year in range(first, last + 1):
            start, end = calendar.municipal_year(year)
            start = max(start, body.start_date or start) + datetime.timedelta(days=14)  # after the annual meeting
            end = min(end, body.end_date or end) - datetime.timedelta(days=7)
            slots.append((body, spec, year, start, end))
    counts = share(
        plan.count("meetings"), [spec.per_year * ((end - start).days + 1) for _, spec, _, start, end in slots]
    )

    meetings: list[Meeting] = []
    for (body, spec, _year, start, end), count in zip(slots, counts, strict=True):
        for day in _days(start, end, count) if count else []:
            starts_at = at(day, spec.hour)
            cancelled = random.random() < CANCELLED_SHARE
            meeting = Meeting(
                body=body,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
                venue=spec.venue,
                status=MeetingStatus.CANCELLED if cancelled else MeetingStatus.MINUTES_CONFIRMED,
                cancelled_reason="Insufficient business" if cancelled else "",
                cancelled_at=at(day - datetime.timedelta(days=10)) if cancelled else None,
            )
            meetings.append(dated(meeting, starts_at - datetime.timedelta(days=90)))
    held_by_body: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        if meeting.status != MeetingStatus.CANCELLED:
            held_by_body.setdefault(meeting.body.pk, []).append(meeting)
    for held in held_by_body.values():
        held[-1].status = MeetingStatus.MINUTES_DRAFTED  # the body's last minutes: never confirmed
    writer.create(Meeting, meetings)

    held = [meeting for meeting in meetings if meeting.status != MeetingStatus.CANCELLED]
    item_counts = share(plan.count("agenda_items"), [random.uniform(0.7, 1.3) for _ in held])
    agendas: dict[int, list[ItemPlan]] = {}
    firsts = {ms[0].pk for ms in held_by_body.values()}
    for meeting, count in zip(held, item_counts, strict=True):
        agendas[meeting.pk] = _agenda(random, count, meeting.pk in firsts, random.random() < EXEMPT_SHARE)
    call_ins = _plan_call_ins(rng(seed, "call-ins"), plan, held, agendas)
    reports = [item for plans in agendas.values() for item in plans if item.kind == "report"]
    paper_counts = share(plan.count("documents"), [random.choice((1, 1, 2, 2, 3, 4)) for _ in reports])
    for item, count in zip(reports, paper_counts, strict=True):
        for n in range(count):
            title = item.title if n == 0 else f"Appendix {chr(ord('A') + n - 1)}: {item.subject}"
            item.papers.append((title, DocumentKind.REPORT if n == 0 else DocumentKind.APPENDIX, random.choice(pdfs)))

    # The agenda, published on the last day with the statutory notice.
    clerk_of = council.clerk_of
    publications = []
    for meeting in held:
        day = calendar.last_day_to_publish(meeting.date)
        contents = _contents(meeting, agendas[meeting.pk])
        digest = hashlib.sha256(
            json.dumps(contents, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        ).hexdigest()
        clerk = clerk_of[meeting.body.pk]
        publication = Publication(
            meeting=meeting,
            kind=PublicationKind.AGENDA,
            version=1,
            published_by=clerk,
            published_at=at(day, 11),
            contents=contents,
            sha256=digest,
            clear_working_days=calendar.clear_working_days(day, meeting.date),
            deadline_met=True,
        )
        publications.append(dated(publication, at(day, 11), clerk))
    writer.create(Publication, publications)
    published = {publication.meeting.pk: publication for publication in publications}

    items = []
    for meeting in held:
        publication = published[meeting.pk]
        for position, planned in enumerate(agendas[meeting.pk], start=1):
            item = AgendaItem(
                meeting=meeting,
                position=position,
                title=planned.title,
                kind=planned.kind,
                report_author=random.choice(council.officers)
                if planned.kind == "report" and council.officers
                else None,
                exempt=planned.exempt,
                exempt_paragraph=planned.paragraph,
                public_interest_reason="Disclosure would prejudice the council's commercial position."
                if planned.exempt
                else "",
                published_in=publication,
                subjects=planned.subject,
            )
            planned.item = dated(item, publication.published_at - datetime.timedelta(days=3), publication.published_by)
            items.append(item)
    writer.create(AgendaItem, items)

    documents = []
    for meeting in held:
        publication = published[meeting.pk]
        uploaded = publication.published_at - datetime.timedelta(days=1)
        for planned in agendas[meeting.pk]:
            for position, (title, kind, pdf) in enumerate(planned.papers, start=1):
                document = SupportingDocument(
                    item=planned.item,
                    title=title[:250],
                    file=pdf.name,
                    filename=f"{title[:60]}.pdf".replace("/", "-").replace(":", ""),
                    kind=kind,
                    content_type="application/pdf",
                    size=pdf.size,
                    sha256=pdf.sha256,
                    original_sha256=pdf.sha256,
                    page_count=pdf.pages,
                    uploaded_by=publication.published_by,
                    uploaded_at=uploaded,
                    position=position,
                    text_extracted_at=uploaded,
                )
                documents.append(dated(document, uploaded, publication.published_by))
    writer.create(SupportingDocument, documents)
    # Their pages' text, as the worker extracts it for search (text_extracted_at above).
    pdf_of = {pdf.name: pdf for pdf in pdfs}
    writer.create(
        DocumentPageText,
        (
            DocumentPageText(document=document, number=number, text=text)
            for document in documents
            for number, text in enumerate(pdf_of[document.file.name].texts, start=1)
        ),
    )

    present = _register(writer, random, council, held)
    resolutions = _minutes(writer, random, held, agendas, clerk_of, held_by_body)
    return Held(held, agendas, present, clerk_of, resolutions, call_ins)


def _plan_call_ins(random, plan: Plan, held: list[Meeting], agendas: dict[int, list[ItemPlan]]) -> list:
    """A few of Cabinet's decisions called in: each considered at the first overview and scrutiny
    meeting within three weeks of Cabinet's, at an item of that agenda retitled for it (so the
    counts of items stay as planned)."""
    cabinet = [m for m in held if m.body.kind == BodyKind.CABINET]
    scrutiny = [m for m in held if m.body.kind in SCRUTINY_KINDS]
    chosen: list = []
    wanted = plan.count("call_ins")
    for meeting in random.sample(cabinet, len(cabinet)):
        if len(chosen) == wanted:
            break
        business = [p for p in agendas[meeting.pk] if p.kind == "report" and not p.exempt]
        later = [
            m
            for m in scrutiny
            if meeting.date + datetime.timedelta(days=8) <= m.date <= meeting.date + datetime.timedelta(days=21)
        ]
        for other in sorted(later, key=lambda m: (m.starts_at, m.pk)):
            free = [p for p in agendas[other.pk] if p.kind == "report" and not p.exempt and p.calls_in is None]
            if business and free:
                decided, at_item = random.choice(business), free[0]
                at_item.title = f"Call-in: {decided.title}"[:250]
                at_item.subject, at_item.calls_in = decided.subject, decided
                chosen.append((meeting, decided, other, at_item))
                break
    return chosen


def _register(writer: Writer, random, council: Council, held: list[Meeting]) -> dict[int, list[int]]:
    """Who was there: each member seated on the body that day, most present, some with apologies."""
    from members.models import Membership

    seats: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(body__in=[body for body, *_ in council.bodies]).order_by("pk"):
        seats.setdefault(membership.body_id, []).append(membership)
    rows = []
    present: dict[int, list[int]] = {}
    for meeting in held:
        day = meeting.date
        seated = {
            m.person_id
            for m in seats.get(meeting.body.pk, [])
            if m.start_date <= day and (m.end_date is None or m.end_date >= day)
        }
        for person in sorted(seated):
            status = AttendanceStatus.PRESENT if random.random() < 0.88 else AttendanceStatus.APOLOGIES
            rows.append(dated(Attendance(meeting=meeting, person_id=person, status=status), meeting.starts_at))
            if status == AttendanceStatus.PRESENT:
                present.setdefault(meeting.pk, []).append(person)
    writer.create(Attendance, rows)
    return present


def _minutes(writer: Writer, random, held, agendas, clerk_of, held_by_body) -> list[Resolution]:
    numbers, minutes = [], []
    used: dict[tuple[int, int], int] = {}
    for meeting in held:
        year = calendar.municipal_year_of(meeting.date)
        written = meeting.starts_at + datetime.timedelta(days=3)
        clerk = clerk_of[meeting.body.pk]
        for planned in agendas[meeting.pk]:
            key = (meeting.body.pk, year)
            used[key] = n = used.get(key, 0) + 1
            label = minute_label(body_code=meeting.body.short_code, n=n, municipal_year=year)
            numbers.append(
                dated(
                    MinuteNumber(item=planned.item, body=meeting.body, municipal_year=year, number=n, label=label),
                    meeting.starts_at,
                    clerk,
                )
            )
            if planned.kind == "declarations":
                text = "No declarations of interest were made."
            elif planned.kind == "standing":
                text = "Apologies for absence were received as shown on the register."
            elif planned.kind == "minutes":
                text = "The minutes of the previous meeting were considered."
            elif planned.kind == ItemKind.EXCLUSION:
                paragraphs = [p.paragraph for p in agendas[meeting.pk] if p.exempt]
                text = exclusion_wording(paragraphs, resolved=True)
            elif planned.subject:
                text = words.paragraph(random, planned.subject, sentences=random.randint(3, 6))
            else:
                text = "The committee noted the item."
            minute = Minute(
                item=planned.item,
                text=text,
                public_summary=f"The committee considered a confidential report on {planned.subject}."
                if planned.exempt
                else "",
            )
            minutes.append(dated(minute, written, clerk))
    writer.create(MinuteNumber, numbers)
    writer.create(Minute, minutes)

    resolutions = []
    for minute in minutes:
        planned_kind = minute.item.kind
        if planned_kind == "minutes":
            text = "Resolved that the minutes of the previous meeting be confirmed as a correct record."
        elif planned_kind == "report":
            text = random.choice(words.RESOLUTIONS)
        else:
            continue
        resolutions.append(
            dated(Resolution(minute=minute, position=1, text=text), minute._history_date, minute._history_user)
        )
    resolutions = writer.create(Resolution, resolutions)

    confirmations = []
    for body_meetings in held_by_body.values():
        for meeting, following in zip(body_meetings, body_meetings[1:], strict=False):
            clerk = clerk_of[meeting.body.pk]
            when = following.starts_at + datetime.timedelta(hours=2)
            confirmations.append(
                dated(
                    MinutesConfirmation(
                        meeting=meeting, confirmed_at_meeting=following, confirmed_by=clerk, confirmed_at=when
                    ),
                    when,
                    clerk,
                )
            )
    writer.create(MinutesConfirmation, confirmations)
    return resolutions


__all__ = ["Held", "ItemPlan", "load"]
