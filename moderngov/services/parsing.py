"""Reading saved mgWebService responses (plain XML over HTTP GET: no SOAP envelope, no namespace,
lower-case element names) into plain records, before anything is written.

Each file is recognised by its root element, whatever its name. The XML is parsed by expat with
no document type declaration allowed: entities can only be declared in one, so neither an entity
expansion bomb nor an external entity can reach the parser (the defences defusedxml gives, without
the dependency). Anything the import cannot trust (a web page served where XML was expected, a
ward without a title, a councillor without a name, a date that is not a date) raises
``ImportRefused`` naming the file and the element.
"""

import datetime
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET
from xml.parsers import expat

from council.errors import RuleError


class ImportRefused(RuleError):
    """A file the import cannot trust: nothing is imported. ``file`` and ``element`` say where."""

    def __init__(self, file: str, element: str, problem: str):
        self.file, self.element, self.problem = file, element, problem
        super().__init__(f"{file}: {element}: {problem}. Nothing was imported")


@dataclass(frozen=True)
class Source:
    """One saved response: its name (for messages) and its bytes."""

    name: str
    content: bytes


@dataclass
class Committee:
    id: str
    title: str
    deleted: bool
    expired: bool
    category: str
    file: str


@dataclass
class MeetingSummary:
    id: str
    committee_id: str
    date: datetime.date
    time: datetime.time
    status: str
    file: str
    element: str


@dataclass
class Document:
    attachment_id: str
    title: str
    url: str
    is_url: bool
    restricted: bool
    restrictions_ref: str
    published_on: datetime.date | None


@dataclass
class Item:
    id: str
    title: str
    order: int
    restricted: bool
    documents: list[Document]
    element: str


@dataclass
class Attendee:
    member_id: str
    name: str
    role: str
    party_code: str
    ward: str
    element: str


@dataclass
class MeetingDetail:
    id: str
    date: datetime.date
    time: datetime.time
    planned_finish: datetime.time | None
    status: str
    location: str
    room: str
    items: list[Item]
    attendees: list[Attendee]
    file: str


@dataclass
class Councillor:
    id: str
    name: str
    party: str
    term_start: datetime.date | None
    term_end: datetime.date | None
    file: str
    element: str


@dataclass
class Ward:
    title: str
    councillors: list[Councillor]
    file: str


@dataclass
class Snapshot:
    """Everything read from one run's files, before any of it is written."""

    committees: dict[str, Committee] = field(default_factory=dict)
    meetings: dict[str, MeetingSummary] = field(default_factory=dict)
    details: dict[str, MeetingDetail] = field(default_factory=dict)
    wards: dict[str, Ward] = field(default_factory=dict)
    hosts: list[str] = field(default_factory=list)  # of every address in the files, to name the site
    files: list[str] = field(default_factory=list)


# --- Safe XML ------------------------------------------------------------------------------------------


class _Forbidden(Exception):
    pass


def _forbid(what: str):
    def handler(*args):
        raise _Forbidden(what)

    return handler


def _looks_like_html(content: bytes) -> bool:
    start = content[:2048].lower()
    return any(marker in start for marker in (b"<!doctype html", b"<html", b"<script", b"<head", b"<body"))


def parse_xml(source: Source) -> ET.Element:
    """The root element of ``source``, parsed with no DTD (so no entities) allowed."""
    if not source.content.strip():
        raise ImportRefused(source.name, "the file", "it is empty")
    if _looks_like_html(source.content):
        raise ImportRefused(
            source.name,
            "the file",
            "it is a web page (HTML), not the XML of a ModernGov web service response: the site may have "
            "answered with an error or a redirect page. Save the response again from mgWebService.asmx",
        )
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _forbid("a document type declaration (DOCTYPE)")
    parser.EntityDeclHandler = _forbid("an entity declaration")
    parser.UnparsedEntityDeclHandler = _forbid("an unparsed entity declaration")
    parser.ExternalEntityRefHandler = _forbid("an external entity")
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(source.content, True)
    except _Forbidden as error:
        raise ImportRefused(source.name, "the file", f"it contains {error}, which ModernGov never sends") from None
    except expat.ExpatError as error:
        raise ImportRefused(
            source.name, f"line {error.lineno}", f"the file is not well-formed XML ({expat.ErrorString(error.code)})"
        ) from None
    except (ValueError, LookupError):
        # expat reads UTF-8, UTF-16 and single-byte encodings; another declared one (UTF-7, Shift JIS,
        # a made-up name) is raised from its encoding handler as a ValueError or LookupError.
        raise ImportRefused(
            source.name, "<?xml encoding?>", "the file's encoding cannot be read: save the response again as UTF-8"
        ) from None
    return builder.close()


# --- Values --------------------------------------------------------------------------------------------


def _text(element: ET.Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _unescaped(text: str) -> str:
    """Titles can come HTML-escaped twice ("&amp;amp;"): unescape until nothing changes (twice at most)."""
    for _ in range(2):
        plain = html.unescape(text)
        if plain == text:
            break
        text = plain
    return " ".join(text.split())


def _bool(value: str, file: str, element: str) -> bool:
    if value in ("True", "true"):
        return True
    if value in ("False", "false", ""):
        return False
    raise ImportRefused(file, element, f"expected True or False, found {value!r}")


def _date(value: str, file: str, element: str, *, required: bool = True) -> datetime.date | None:
    if not value or value.lower() == "unspecified":
        if required:
            raise ImportRefused(file, element, "the date is missing")
        return None
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    try:
        if not match:
            raise ValueError
        return datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        raise ImportRefused(file, element, f"expected a date like 31/01/2026, found {value!r}") from None


_TIME = re.compile(r"^(\d{1,2})(?:[.:](\d{2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def _time(value: str, file: str, element: str, *, required: bool = True) -> datetime.time | None:
    if not value:
        if required:
            raise ImportRefused(file, element, "the time is missing")
        return None
    match = _TIME.match(value.strip())
    if not match:
        raise ImportRefused(file, element, f"expected a time like 10.00 am, found {value!r}")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").lower().replace(".", "")
    if half == "pm" and hour != 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise ImportRefused(file, element, f"{value!r} is not a time of day")
    return datetime.time(hour, minute)


def _id(element: ET.Element, path: str, file: str, where: str) -> str:
    value = _text(element, path)
    if not value.isdigit():
        raise ImportRefused(file, f"{where}/{path}", f"expected ModernGov's number, found {value!r}")
    return str(int(value))


def _order(value: str) -> int:
    return int(value) if value.strip().isdigit() else 0


# --- One reader per response ---------------------------------------------------------------------------


def _committees(root: ET.Element, file: str, snapshot: Snapshot) -> None:
    for n, element in enumerate(root.findall("committee"), start=1):
        where = f"committee[{n}]"
        committee_id = _id(element, "committeeid", file, where)
        title = _unescaped(_text(element, "committeetitle"))
        if not title:
            raise ImportRefused(file, f"{where}/committeetitle", f"committee {committee_id} has no title")
        snapshot.committees[committee_id] = Committee(
            id=committee_id,
            title=title,
            deleted=_bool(_text(element, "committeedeleted"), file, f"{where}/committeedeleted"),
            expired=_bool(_text(element, "committeeexpired"), file, f"{where}/committeeexpired"),
            category=_text(element, "committeecategory"),
            file=file,
        )


def _meeting_summary(element: ET.Element, committee_id: str, file: str, where: str) -> MeetingSummary:
    return MeetingSummary(
        id=_id(element, "meetingid", file, where),
        committee_id=committee_id,
        date=_date(_text(element, "meetingdate"), file, f"{where}/meetingdate"),  # type: ignore[arg-type]
        time=_time(_text(element, "meetingtime"), file, f"{where}/meetingtime"),  # type: ignore[arg-type]
        status=_text(element, "meetingstatus"),
        file=file,
        element=where,
    )


def _meetings(root: ET.Element, file: str, snapshot: Snapshot) -> None:
    for n, committee in enumerate(root.findall("committee"), start=1):
        where = f"committee[{n}]"
        committee_id = _id(committee, "committeeid", file, where)
        for m, element in enumerate(committee.findall("committeemeetings/meeting"), start=1):
            summary = _meeting_summary(element, committee_id, file, f"{where}/committeemeetings/meeting[{m}]")
            snapshot.meetings[summary.id] = summary


def _meetings_by_date(root: ET.Element, file: str, snapshot: Snapshot) -> None:
    for m, element in enumerate(root.findall("meetings/meeting"), start=1):
        where = f"meetings/meeting[{m}]"
        committee_id = _id(element, "committeeid", file, where)
        summary = _meeting_summary(element, committee_id, file, where)
        snapshot.meetings[summary.id] = summary


def _document(element: ET.Element, file: str, where: str) -> Document:
    return Document(
        attachment_id=_id(element, "attachmentid", file, where),
        title=_unescaped(_text(element, "title")) or "Document",
        url=_text(element, "url"),
        is_url=_bool(_text(element, "isurl"), file, f"{where}/isurl"),
        restricted=_bool(_text(element, "isrestricted"), file, f"{where}/isrestricted"),
        restrictions_ref=" ".join(_text(element, "restrictionsRef").split()),
        published_on=_date(_text(element, "publicationdate"), file, f"{where}/publicationdate", required=False),
    )


def _meeting(root: ET.Element, file: str, snapshot: Snapshot) -> None:
    meeting_id = _id(root, "meetingid", file, "meeting")
    items = []
    for n, element in enumerate(root.findall("agendaitems/agendaitem"), start=1):
        where = f"meeting/agendaitems/agendaitem[{n}]"
        item_id = _id(element, "agendaitemid", file, where)
        title = _unescaped(_text(element, "agendaitemtitle"))
        if not title:
            raise ImportRefused(file, f"{where}/agendaitemtitle", f"agenda item {item_id} has no title")
        documents = [
            _document(doc, file, f"{where}/linkeddocuments/linkeddoc[{d}]")
            for d, doc in enumerate(element.findall("linkeddocuments/linkeddoc"), start=1)
        ]
        items.append(
            Item(
                id=item_id,
                title=title,
                order=_order(_text(element, "agendaitemnumber")),
                restricted=_bool(_text(element, "isrestricted"), file, f"{where}/isrestricted"),
                documents=documents,
                element=where,
            )
        )
    attendees = []
    for n, element in enumerate(root.findall("attendees/attendee"), start=1):
        where = f"meeting/attendees/attendee[{n}]"
        member_id = (element.get("memberid") or "").strip()
        if not member_id.isdigit():
            raise ImportRefused(file, f"{where}@memberid", f"expected ModernGov's number, found {member_id!r}")
        attendees.append(
            Attendee(
                member_id=str(int(member_id)),
                name=" ".join((element.get("name") or "").split()),
                role=(element.get("roledescription") or "").strip(),
                party_code=(element.get("politicalparty") or "").strip(),
                ward=_unescaped(element.get("ward") or ""),
                element=where,
            )
        )
    snapshot.details[meeting_id] = MeetingDetail(
        id=meeting_id,
        date=_date(_text(root, "meetingdate"), file, "meeting/meetingdate"),  # type: ignore[arg-type]
        time=_time(_text(root, "meetingtime"), file, "meeting/meetingtime"),  # type: ignore[arg-type]
        planned_finish=_time(
            _text(root, "meetingplannedfinishtime"), file, "meeting/meetingplannedfinishtime", required=False
        ),
        status=_text(root, "meetingstatus"),
        location=_unescaped(_text(root, "meetinglocation")),
        room=_unescaped(_text(root, "meetingroom")),
        items=items,
        attendees=attendees,
        file=file,
    )


def _latest_term(element: ET.Element, file: str, where: str) -> tuple[datetime.date | None, datetime.date | None]:
    terms = []
    for n, term in enumerate(element.findall("termsofoffice/termofoffice"), start=1):
        at = f"{where}/termsofoffice/termofoffice[{n}]"
        start = _date(_text(term, "startdate"), file, f"{at}/startdate", required=False)
        end = _date(_text(term, "enddate"), file, f"{at}/enddate", required=False)
        terms.append((start or datetime.date.min, start, end))
    if not terms:
        return None, None
    _, start, end = max(terms, key=lambda term: term[0])
    return start, end


def _councillors_by_ward(root: ET.Element, file: str, snapshot: Snapshot) -> None:
    wards = root.findall("wards/ward")
    if not wards:
        raise ImportRefused(
            file, "councillorsbyward/wards", "the list of wards is empty: this site publishes no councillors by ward"
        )
    seen: dict[str, str] = {}
    for n, element in enumerate(wards, start=1):
        where = f"councillorsbyward/wards/ward[{n}]"
        title = _unescaped(_text(element, "wardtitle"))
        if not title:
            raise ImportRefused(file, f"{where}/wardtitle", "a ward has no title (an empty ward)")
        councillors = []
        for c, councillor in enumerate(element.findall("councillors/councillor"), start=1):
            at = f"{where}/councillors/councillor[{c}]"
            councillor_id = _id(councillor, "councillorid", file, at)
            name = _unescaped(_text(councillor, "fullusername"))
            if not name or not person_name(name)[0]:
                raise ImportRefused(file, f"{at}/fullusername", f"councillor {councillor_id} in {title} has no name")
            if councillor_id in seen and seen[councillor_id] != title:
                raise ImportRefused(
                    file, at, f"councillor {councillor_id} is listed for two wards, {seen[councillor_id]} and {title}"
                )
            seen[councillor_id] = title
            start, end = _latest_term(councillor, file, at)
            councillors.append(
                Councillor(
                    id=councillor_id,
                    name=name,
                    party=_unescaped(_text(councillor, "politicalpartytitle")),
                    term_start=start,
                    term_end=end,
                    file=file,
                    element=at,
                )
            )
        if title in snapshot.wards:
            snapshot.wards[title].councillors.extend(councillors)
        else:
            snapshot.wards[title] = Ward(title=title, councillors=councillors, file=file)


READERS = {
    "committees": _committees,
    "getmeetings": _meetings,
    "getmeetingsbydate": _meetings_by_date,
    "meeting": _meeting,
    "councillorsbyward": _councillors_by_ward,
}

_TITLES = {"councillor", "cllr", "cllr.", "mayor", "deputy", "alderman", "the", "lord"}
_HONOURS = {"mp", "mep", "am", "ms", "msp", "obe", "mbe", "cbe", "jp", "kbe", "dl", "frsa", "qc", "kc"}


def person_name(full: str) -> tuple[str, str]:
    """("Jane", "Smith") from ModernGov's "Councillor Jane Smith" (its title and honours left out)."""
    words = full.replace(",", " ").split()
    while words and words[0].lower() in _TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1].lower().strip(".") in _HONOURS:
        words = words[:-1]
    if not words:
        return "", ""
    return words[0][:150], " ".join(words[1:])[:150]


def _hosts(root: ET.Element) -> Iterable[str]:
    for element in root.iter():
        for value in (element.text or "", *element.attrib.values()):
            value = value.strip()
            if value.startswith(("http://", "https://")):
                host = urlsplit(value).hostname
                if host:
                    yield host


def read(sources: Iterable[Source]) -> Snapshot:
    """Every source read into one snapshot; the first file the import cannot trust refuses them all."""
    snapshot = Snapshot()
    for source in sources:
        root = parse_xml(source)
        reader = READERS.get(root.tag)
        if reader is None:
            raise ImportRefused(
                source.name,
                f"<{root.tag}>",
                "this is not a response the import reads (GetCommittees, GetMeetings, GetAllMeetingsByDate, "
                "GetMeeting or GetCouncillorsByWard)",
            )
        reader(root, source.name, snapshot)
        snapshot.hosts.extend(_hosts(root))
        snapshot.files.append(source.name)
    if not snapshot.files:
        raise RuleError("Choose at least one saved ModernGov response")
    return snapshot


def site_of(snapshot: Snapshot, fallback: str) -> str:
    """The ModernGov site the files came from: the host most of their addresses name."""
    if not snapshot.hosts:
        return fallback
    counts: dict[str, int] = {}
    for host in snapshot.hosts:
        counts[host] = counts.get(host, 0) + 1
    return max(sorted(counts), key=lambda host: counts[host])
