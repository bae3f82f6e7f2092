"""The XML of ModernGov's web service responses (``mgWebService.asmx``, HTTP GET and POST): plain XML,
no SOAP envelope, no namespace, lower-case element names, in ModernGov's order; dates dd/mm/yyyy,
times "10.00 am", booleans "True"/"False", counts with a leading space (" 3").

Built with ``xml.etree.ElementTree`` element by element (every value escaped by the serialiser, never
pasted into a string), indented as ModernGov indents, under the declaration ModernGov writes.
The shapes are those of the real responses in ``shared/data/moderngov`` (see
``docs/moving-from-moderngov.md``, "Keeping ModernGov's readers working").
"""

import datetime
import re
from xml.etree import ElementTree as ET

from .selectors.webservice import CommitteeRow, MeetingDetail, MeetingRow, WardRow

DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
CONTENT_TYPE = "text/xml; charset=utf-8"


#: Characters XML 1.0 cannot carry at all (control characters pasted from a word processor): left out,
#: so that a reader's parser never meets them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _el(parent: ET.Element, tag: str, text: str | None = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name: _clean(value) for name, value in attrs.items()})
    element.text = None if text is None else _clean(text)
    return element


def _bool(value: bool) -> str:
    return "True" if value else "False"


def _count(value: int) -> str:
    return f" {value}"


def date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def time(value: datetime.datetime | datetime.time | None) -> str:
    """ModernGov's "10.00 am", "6.30 pm", "12.00 pm"."""
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    return f"{hour}.{value.minute:02d} {'pm' if value.hour >= 12 else 'am'}"


def to_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return DECLARATION + ET.tostring(root, encoding="unicode", short_empty_elements=False).encode() + b"\n"


def committees(rows: list[CommitteeRow]) -> bytes:
    root = ET.Element("committees")
    _el(root, "committeescount", _count(len(rows)))
    for row in rows:
        committee = _el(root, "committee", None)
        _el(committee, "committeeid", row.id)
        _el(committee, "committeetitle", row.title)
        _el(committee, "committeedeleted", _bool(False))
        _el(committee, "committeeexpired", _bool(row.expired))
        _el(committee, "committeecategory", row.category)
    return to_bytes(root)


def _status(row: MeetingRow) -> str:
    return "Cancelled" if row.cancelled else "Confirmed"


def _meeting_summary(parent: ET.Element, row: MeetingRow) -> None:
    meeting = _el(parent, "meeting", None)
    _el(meeting, "meetingid", row.id)
    _el(meeting, "meetingdate", date(row.starts_at))
    _el(meeting, "meetingstatus", _status(row))
    _el(meeting, "meetingtime", time(row.starts_at))
    _el(meeting, "iswebcast", _bool(False))


def meetings(committee: CommitteeRow | None, rows: list[MeetingRow]) -> bytes:
    root = ET.Element("getmeetings")
    _el(root, "meetingscount", _count(len(rows)))
    _el(root, "committeescount", _count(1 if committee else 0))
    if committee is not None:
        element = _el(root, "committee", None)
        _el(element, "committeeid", committee.id)
        _el(element, "committeetitle", committee.title)
        _el(element, "committeemeetingcount", _count(len(rows)))
        listed = _el(element, "committeemeetings", None)
        for row in rows:
            _meeting_summary(listed, row)
    return to_bytes(root)


def meetings_by_date(rows: list[MeetingRow]) -> bytes:
    root = ET.Element("getmeetingsbydate")
    _el(root, "meetingscount", _count(len(rows)))
    listed = _el(root, "meetings", None)
    for row in rows:
        meeting = _el(listed, "meeting", None)
        _el(meeting, "meetingid", row.id)
        _el(meeting, "meetingdate", date(row.starts_at))
        _el(meeting, "meetingstatus", _status(row))
        _el(meeting, "meetingtime", time(row.starts_at))
        _el(meeting, "committeeid", row.committee_id)
    return to_bytes(root)


def meeting(detail: MeetingDetail) -> bytes:
    row = detail.meeting
    day, at = date(row.starts_at), time(row.starts_at)
    root = ET.Element("meeting")
    _el(root, "meetingid", row.id)
    _el(root, "meetingdate", day)
    _el(root, "meetingstatus", _status(row))
    _el(root, "isdisplayallowed", _bool(True))
    _el(root, "meetingtime", at)
    _el(root, "meetingactualstarttime")
    _el(root, "meetingplannedfinishtime", time(detail.ends_at))
    _el(root, "meetingactualfinishtime")
    _el(root, "meetinglocation", detail.venue)
    _el(root, "iswebcast", _bool(False))
    _el(root, "agendaid", row.id)
    _el(root, "agendapublished", _bool(detail.agenda_published))
    _el(root, "decisionpublished", _bool(False))
    _el(root, "minutepublished", _bool(detail.minutes_published))
    _el(root, "meetingroom")
    items = _el(root, "agendaitems", None)
    for item in detail.items:
        element = _el(items, "agendaitem", None)
        _el(element, "agendaitemid", item.id)
        _el(element, "agendaitemtitle", item.title)
        _el(element, "agendatext")
        _el(element, "actualmeetingdate", day)
        _el(element, "agendaitemnumber", str(item.number))
        _el(element, "agendaitemsubnumber")
        _el(element, "fulldisplaynumberformat", f"{item.number}.")
        _el(element, "authorusername")
        _el(element, "commentlabel1", "Presented By")
        _el(element, "commenttext1", item.presenter)
        _el(element, "commentlabel2", "Actions")
        _el(element, "commenttext2")
        _el(element, "minutesnonemptyhtmlbody", item.minute_html)
        _el(element, "declarationcount", str(item.declarations))
        _el(element, "iscallin", _bool(False))
        _el(element, "iscomment", _bool(False))
        _el(element, "isdecision", _bool(False))
        _el(element, "isdecisionpublished", _bool(False))
        _el(element, "isminutepublished", _bool(item.minute_published))
        _el(element, "ispubliccanspeak", _bool(False))
        _el(element, "isrestricted", _bool(item.exempt))
        _el(element, "isdisplayallowed", _bool(True))
        _el(element, "meetingdate", day)
        _el(element, "meetingtime", at)
        _el(element, "minutesitemnumber", str(item.number) if item.minute_published else "")
        _el(element, "minutesitemsubnumber")
        _el(element, "preferreddate", day)
        _el(element, "refertocommittee", row.committee_title)
        documents = _el(element, "linkeddocuments", None)
        for number, document in enumerate(item.documents, start=1):
            doc = _el(documents, "linkeddoc", None)
            _el(doc, "attachmentid", document.id)
            _el(doc, "title", document.title)
            _el(doc, "isurl", _bool(document.is_link))
            _el(doc, "url", document.url)
            _el(doc, "isrestricted", _bool(False))
            _el(doc, "restrictionsRef")
            _el(doc, "itemnum", str(number))
            _el(doc, "publicationdate", date(document.published_on))
            _el(doc, "meetingdate", day)
            _el(doc, "decisiondate", day)
            _el(doc, "committeetitle", row.committee_title)
            _el(doc, "isdecisionattachment", _bool(False))
            _el(doc, "ownertitle", item.title)
    attendees = _el(root, "attendees", None)
    for person in detail.attendees:
        attendee = _el(
            attendees,
            "attendee",
            None,
            membertype="U",
            memberid=person.id,
            name=person.name,
            roledescription=person.role,
            attendance=person.attendance,
            politicalparty=person.party,
            ward=person.ward,
        )
        _el(attendee, "url", person.url)
    return to_bytes(root)


def councillors_by_ward(rows: list[WardRow]) -> bytes:
    root = ET.Element("councillorsbyward")
    wards = _el(root, "wards", None)
    for row in rows:
        ward = _el(wards, "ward", None)
        _el(ward, "wardtitle", row.title)
        councillors = _el(ward, "councillors", None)
        _el(councillors, "councillorcount", _count(len(row.councillors)))
        for person in row.councillors:
            councillor = _el(councillors, "councillor", None)
            _el(councillor, "councillorid", person.id)
            _el(councillor, "fullusername", person.name)
            _el(councillor, "photosmallurl", person.photo_url)
            _el(councillor, "photobigurl", person.photo_url)
            _el(councillor, "politicalpartytitle", person.party)
            _el(councillor, "districttitle")
            _el(councillor, "representing")
            _el(councillor, "keyposts")
            work = _el(councillor, "workaddress", None)
            for number, line in enumerate(person.address[:4], start=1):
                _el(work, f"line{number}", line)
            if person.phone:
                _el(work, "phone", person.phone)
            if person.email:
                _el(work, "email", person.email)
            _el(councillor, "homeaddress")
            terms = _el(councillor, "termsofoffice", None)
            if person.term_start or person.term_end:
                term = _el(terms, "termofoffice", None)
                _el(term, "startdate", date(person.term_start) or "unspecified")
                _el(term, "enddate", date(person.term_end) or "unspecified")
    return to_bytes(root)
