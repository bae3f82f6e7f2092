"""What the ModernGov import's tests share: the real saved responses in shared/data/moderngov/
(beside the repository, as CI lays it out) and small generated ones of any size."""

import os
from pathlib import Path

from moderngov.services.parsing import Source

ROOT = Path(__file__).resolve().parent.parent


def data_folder() -> Path:
    """shared/data/moderngov: $MODERNGOV_DATA, or the shared/ folder beside the repository (or beside
    its parent, for a git worktree)."""
    if os.environ.get("MODERNGOV_DATA"):
        return Path(os.environ["MODERNGOV_DATA"])
    for base in (ROOT.parent, ROOT.parent.parent):
        candidate = base / "shared" / "data" / "moderngov"
        if candidate.is_dir():
            return candidate
    raise AssertionError("shared/data/moderngov is missing: set MODERNGOV_DATA to the folder of saved responses")


DATA = data_folder()
MANCHESTER = DATA / "manchester-lgsf"
BY_WARD = DATA / "councillors-by-ward"
#: The shared files the import must refuse, with the element each refusal names.
BROKEN = {
    "denbighshire.gov.uk.GetCouncillorsByWard.xml": "the file",  # an HTML redirect page served with 200
    "leeds.gov.uk.GetCouncillorsByWard.xml": "the file",  # a SharePoint error page
    "online.eastherts.gov.uk.GetCouncillorsByWard.xml": "councillorsbyward/wards",  # no wards at all
}
GOOD_BY_WARD = sorted(path.name for path in BY_WARD.glob("*.xml") if path.name not in BROKEN)


def source(path: Path) -> Source:
    return Source(name=path.name, content=path.read_bytes())


def manchester() -> list[Source]:
    return [source(path) for path in sorted(MANCHESTER.glob("*.xml"))]


def by_ward(name: str) -> list[Source]:
    return [source(BY_WARD / name)]


# --- Generated responses ---------------------------------------------------------------------------


def committees_xml(ids) -> bytes:
    rows = "".join(
        f"<committee><committeeid>{i}</committeeid><committeetitle>Committee {i}</committeetitle>"
        "<committeedeleted>False</committeedeleted><committeeexpired>False</committeeexpired>"
        "<committeecategory>Committees</committeecategory></committee>"
        for i in ids
    )
    count = f"<committeescount> {len(ids)}</committeescount>"
    return f"<?xml version='1.0' encoding='utf-8'?><committees>{count}{rows}</committees>".encode()


def meetings_xml(committee_id, meeting_ids) -> bytes:
    rows = "".join(
        f"<meeting><meetingid>{m}</meetingid><meetingdate>{1 + m % 27:02d}/03/2030</meetingdate>"
        "<meetingstatus>Confirmed</meetingstatus><meetingtime>6.30 pm</meetingtime>"
        "<iswebcast>False</iswebcast></meeting>"
        for m in meeting_ids
    )
    return (
        f"<getmeetings><committee><committeeid>{committee_id}</committeeid><committeetitle>Committee {committee_id}"
        f"</committeetitle><committeemeetings>{rows}</committeemeetings></committee></getmeetings>"
    ).encode()


def meeting_xml(meeting_id, item_ids, attendees, *, restricted_ref=None, title_suffix="") -> bytes:
    items = "".join(
        f"<agendaitem><agendaitemid>{i}</agendaitemid><agendaitemtitle>Item {i}{title_suffix}</agendaitemtitle>"
        f"<agendaitemnumber>{n}</agendaitemnumber><isrestricted>{'True' if restricted_ref is not None else 'False'}"
        f"</isrestricted><linkeddocuments><linkeddoc><attachmentid>{i * 10}</attachmentid><title>Report {i}</title>"
        f"<isurl>False</isurl><url>https://democracy.example.gov.uk/mgConvert2PDF.aspx?ID={i * 10}</url>"
        f"<isrestricted>False</isrestricted><restrictionsRef>{restricted_ref or ''}</restrictionsRef>"
        "<publicationdate>01/03/2030</publicationdate></linkeddoc></linkeddocuments></agendaitem>"
        for n, i in enumerate(item_ids, start=1)
    )
    people = "".join(
        f'<attendee membertype="U" memberid="{uid}" name="Councillor Person {uid}" roledescription="{role}" '
        f'attendance="Expected" politicalparty="LAB" ward="Ward {uid % 3}"></attendee>'
        for uid, role in attendees
    )
    return (
        f"<meeting><meetingid>{meeting_id}</meetingid><meetingdate>{1 + meeting_id % 27:02d}/03/2030</meetingdate>"
        "<meetingstatus>Confirmed</meetingstatus><meetingtime>6.30 pm</meetingtime>"
        "<meetingplannedfinishtime>9.00 pm</meetingplannedfinishtime><meetinglocation>Council Chamber</meetinglocation>"
        f"<meetingroom></meetingroom><agendaitems>{items}</agendaitems><attendees>{people}</attendees></meeting>"
    ).encode()


def wards_xml(wards: dict[str, list[tuple[int, str, str]]]) -> bytes:
    body = "".join(
        f"<ward><wardtitle>{title}</wardtitle><councillors>"
        + "".join(
            f"<councillor><councillorid>{uid}</councillorid><fullusername>{name}</fullusername>"
            f"<politicalpartytitle>{party}</politicalpartytitle>"
            "<photosmallurl>https://democracy.example.gov.uk/small.jpg</photosmallurl></councillor>"
            for uid, name, party in people
        )
        + "</councillors></ward>"
        for title, people in wards.items()
    )
    return f"<councillorsbyward><wards>{body}</wards></councillorsbyward>".encode()


def generated(size: int, start: int = 1) -> list[Source]:
    """A council of ``size`` committees, each with two meetings of three items and two attendees,
    and ``size`` wards of three councillors (numbered from ``start``, so that councils differ)."""
    committees = list(range(start, start + size))
    sources = [Source("committees.xml", committees_xml(committees))]
    for c in committees:
        meeting_ids = [c * 100 + 1, c * 100 + 2]
        sources.append(Source(f"meetings-{c}.xml", meetings_xml(c, meeting_ids)))
        for m in meeting_ids:
            uid = 1000 + c * 3
            sources.append(
                Source(
                    f"meeting-{m}.xml",
                    meeting_xml(m, [m * 10 + k for k in range(3)], [(uid, "Chair"), (uid + 1, "Committee Member")]),
                )
            )
    wards = {
        f"Ward {w}": [(1000 + w * 3 + k, f"Councillor Person {1000 + w * 3 + k}", "Labour") for k in range(3)]
        for w in committees
    }
    sources.append(Source("wards.xml", wards_xml(wards)))
    return sources
