"""Reading saved mgWebService responses: every shared file, the broken ones refused by name, and an
XML parser that entities cannot reach."""

import datetime
import json

import pytest

from moderngov.services.parsing import ImportRefused, Source, parse_xml, person_name, read, site_of
from tests.moderngov_kit import BROKEN, BY_WARD, DATA, GOOD_BY_WARD, ROOT, by_ward, manchester, meeting_xml, source


def test_manchester_files_are_recognised_by_their_root_element_whatever_their_names():
    renamed = [Source(f"file-{n}.xml", s.content) for n, s in enumerate(manchester())]
    snapshot = read(renamed)
    assert set(snapshot.committees) == {"312", "163", "144"}
    audit = snapshot.committees["144"]
    assert (audit.title, audit.deleted, audit.expired) == ("Audit Committee", False, False)
    assert snapshot.committees["312"].expired is True
    assert set(snapshot.meetings) == {"4966", "4967"}
    assert snapshot.meetings["4966"].committee_id == "144"
    held = snapshot.details["4967"]
    assert held.date == datetime.date(2026, 2, 10)
    assert held.time == datetime.time(10, 0)
    assert held.planned_finish == datetime.time(14, 0)
    assert held.location == "Council Antechamber, Level 2, Town Hall Extension"
    assert [(i.id, i.title, i.order) for i in held.items] == [("18831", "Minutes", 4), ("18833", "Work Programme", 12)]
    assert held.items[0].documents[0].attachment_id == "60860"
    assert held.items[0].documents[0].published_on == datetime.date(2026, 2, 2)
    assert [(a.member_id, a.role, a.party_code, a.ward) for a in held.attendees] == [
        ("192", "Committee Member", "LAB", "Charlestown")
    ]
    assert snapshot.details["4966"].status == "Cancelled"
    assert [c.name for c in snapshot.wards["Central"].councillors] == ["Cllr Sample Member"]
    assert site_of(snapshot, "fallback") == "democracy.manchester.gov.uk"


@pytest.mark.parametrize("name", GOOD_BY_WARD)
def test_every_good_councillors_by_ward_file_is_read(name):
    snapshot = read(by_ward(name))
    councillors = [c for ward in snapshot.wards.values() for c in ward.councillors]
    assert snapshot.wards and councillors
    assert all(c.name and person_name(c.name)[0] for c in councillors)
    assert name.split(".GetCouncillorsByWard")[0] in site_of(snapshot, "")


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_every_broken_shared_file_is_refused_naming_the_file_and_the_element(name):
    with pytest.raises(ImportRefused) as refused:
        read([source(BY_WARD / name)])
    assert refused.value.file == name
    assert refused.value.element == BROKEN[name]
    assert name in refused.value.message and "Nothing was imported" in refused.value.message


def test_html_is_named_as_a_web_page():
    with pytest.raises(ImportRefused, match="web page"):
        read(by_ward("leeds.gov.uk.GetCouncillorsByWard.xml"))


def test_terms_of_office_give_the_latest_term():
    snapshot = read(by_ward("harlow.gov.uk.GetCouncillorsByWard.xml"))
    councillor = snapshot.wards["Bush Fair"].councillors[0]
    assert councillor.term_start is not None and councillor.term_end is not None
    assert councillor.term_start < councillor.term_end


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><committees>&lol2;'
        b"</committees>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><committees>&xxe;</committees>',
        b'<?xml version="1.0"?><!DOCTYPE committees SYSTEM "http://127.0.0.1:1/evil.dtd"><committees/>',
    ],
    ids=["entity-expansion", "external-entity", "external-dtd"],
)
def test_no_entity_or_dtd_reaches_the_parser(content):
    with pytest.raises(ImportRefused, match="document type declaration"):
        parse_xml(Source("evil.xml", content))


def test_a_councillor_with_no_name_is_refused_with_its_element():
    content = (BY_WARD / "harlow.gov.uk.GetCouncillorsByWard.xml").read_bytes()
    content = content.replace(b"<fullusername>Councillor Ian Beckett</fullusername>", b"<fullusername></fullusername>")
    with pytest.raises(ImportRefused) as refused:
        read([Source("harlow.xml", content)])
    assert refused.value.element == "councillorsbyward/wards/ward[1]/councillors/councillor[1]/fullusername"
    assert "has no name" in refused.value.message


def test_an_empty_ward_title_is_refused():
    content = (
        b"<councillorsbyward><wards><ward><wardtitle> </wardtitle><councillors/></ward></wards></councillorsbyward>"
    )
    with pytest.raises(ImportRefused, match="empty ward") as refused:
        read([Source("wards.xml", content)])
    assert refused.value.element == "councillorsbyward/wards/ward[1]/wardtitle"


def test_an_unknown_root_and_a_broken_date_are_refused():
    with pytest.raises(ImportRefused, match="not a response the import reads"):
        read([Source("other.xml", b"<soap:Envelope xmlns:soap='x'/>")])
    bad = meeting_xml(1, [2], []).replace(b"/03/2030</meetingdate>", b"/13/2030</meetingdate>", 1)
    with pytest.raises(ImportRefused, match="expected a date") as refused:
        read([Source("meeting.xml", bad)])
    assert refused.value.element == "meeting/meetingdate"


def test_names_lose_their_titles_and_honours():
    assert person_name("Councillor Jane Smith") == ("Jane", "Smith")
    assert person_name("Cllr Sample Member") == ("Sample", "Member")
    assert person_name("James Cleverly MP") == ("James", "Cleverly")
    assert person_name("Mayor John Biggs") == ("John", "Biggs")
    assert person_name("Councillor") == ("", "")


def test_double_escaped_titles_are_read_as_text():
    content = meeting_xml(1, [2], []).replace(b"<agendaitemtitle>Item 2", b"<agendaitemtitle>Fish &amp;amp; Chips")
    assert read([Source("m.xml", content)]).details["1"].items[0].title == "Fish & Chips"


def test_all_shared_files_are_covered():
    assert len(GOOD_BY_WARD) + len(BROKEN) == len(list(BY_WARD.glob("*.xml"))) == 7


def test_the_guide_lists_every_element_of_the_inventory_as_handled_or_ignored():
    inventory = json.loads((DATA / "element_inventory.json").read_text())
    guide = (ROOT / "docs" / "moving-from-moderngov.md").read_text()
    rows = {}
    for line in guide.splitlines():
        cells = [cell.strip() for cell in line.replace("\\|", "|").split(" | ")]
        if line.startswith("| `") and len(cells) >= 3:
            rows[cells[0].strip("| `")] = cells[1]
    paths = [path for operation, spec in inventory.items() if not operation.startswith("_") for path in spec["paths"]]
    assert {path: rows.get(path) for path in paths if rows.get(path) not in ("handled", "ignored")} == {}
