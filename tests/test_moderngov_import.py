"""Importing from ModernGov: every shared file (the broken ones refused with nothing written), run
twice without duplicates, a changed value updated, and queries that do not grow with the import."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from council.errors import RuleError
from members.models import Body, BodyKind, Member, Membership, MembershipRole, Party, Ward
from moderngov.models import ExternalRef, LinkedDocument
from moderngov.services.importing import import_snapshot
from moderngov.services.parsing import ImportRefused, Source, read
from moderngov.services.runs import import_sources
from scrutiny.models import AgendaItem, Meeting, MeetingStatus
from tests.factories import UserFactory
from tests.moderngov_kit import (
    BROKEN,
    BY_WARD,
    GOOD_BY_WARD,
    by_ward,
    committees_xml,
    generated,
    manchester,
    meeting_xml,
    meetings_xml,
    source,
)

pytestmark = pytest.mark.django_db
MODELS = (ExternalRef, Ward, Party, Member, Body, Membership, Meeting, AgendaItem, LinkedDocument)


def footprint() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["User"] = get_user_model().objects.count()
    return counts


def totals(result, key: str) -> int:
    return sum(counts[key] for counts in result.counts.values())


def test_manchester_imports_committees_meetings_items_councillors_and_memberships():
    result = import_sources(sources=manchester())
    assert result.site == "democracy.manchester.gov.uk"
    audit = Body.objects.get(name="Audit Committee")
    assert audit.kind == BodyKind.COMMITTEE and audit.end_date is None
    assert Body.objects.get(name__startswith="Appointment Sub Committee").end_date is not None  # expired
    cancelled = Meeting.objects.get(body=audit, status=MeetingStatus.CANCELLED)
    assert cancelled.date == datetime.date(2026, 1, 13)
    assert "Cancelled in ModernGov" in cancelled.cancelled_reason
    held = Meeting.objects.get(body=audit, starts_at__date=datetime.date(2026, 2, 10))
    assert held.venue == "Council Antechamber, Level 2, Town Hall Extension"
    assert held.ends_at is not None and held.ends_at > held.starts_at
    assert [item.title for item in held.items.all()] == ["Minutes", "Work Programme"]
    assert not AgendaItem.objects.filter(published_in__isnull=False).exists()  # never published
    assert not held.publications.exists()
    assert LinkedDocument.objects.filter(item__meeting=held).count() == 2
    # The attendee who is in no councillors file is made a councillor from what the meeting says.
    curley = Member.objects.select_related("user", "ward", "party").get(user__last_name="Curley")
    assert (curley.user.first_name, curley.ward.name, curley.party.name) == ("Basil", "Charlestown", "Labour")
    seat = Membership.objects.get(body=audit, person=curley.user)
    assert seat.role == MembershipRole.MEMBER and seat.start_date == datetime.date(2026, 1, 13)
    sample = Member.objects.get(user__last_name="Member")
    assert sample.ward.name == "Central" and sample.party is None
    # Imported councillors cannot sign in: no role, no usable password.
    for member in (curley, sample):
        assert not member.user.has_usable_password()
        assert not member.user.groups.exists()


def test_importing_twice_creates_nothing_twice():
    first = import_sources(sources=manchester())
    after_first = footprint()
    second = import_sources(sources=manchester())
    assert footprint() == after_first
    assert totals(second, "created") == 0 and totals(second, "changed") == 0
    assert totals(second, "unchanged") == totals(first, "created")


def test_a_changed_value_is_updated_and_nothing_else():
    import_sources(sources=manchester())
    changed = [
        Source(s.name, s.content.replace(b"Council Antechamber, Level 2", b"Committee Room 6200, Level 2"))
        if s.name == "meeting_with_minutes.xml"
        else s
        for s in manchester()
    ]
    result = import_sources(sources=changed)
    assert result.counts["meetings"]["changed"] == 1
    assert totals(result, "changed") == 1 and totals(result, "created") == 0
    assert Meeting.objects.filter(venue__startswith="Committee Room 6200").count() == 1


@pytest.mark.parametrize("name", GOOD_BY_WARD)
def test_every_good_councillors_file_imports_once_however_often_it_is_run(name):
    first = import_sources(sources=by_ward(name))
    councillors = sum(len(w.councillors) for w in read(by_ward(name)).wards.values())
    assert first.counts["councillors"]["created"] == councillors == Member.objects.count()
    assert first.counts["wards"]["created"] == Ward.objects.count()
    after_first = footprint()
    second = import_sources(sources=by_ward(name))
    assert footprint() == after_first
    assert totals(second, "created") == 0 and totals(second, "changed") == 0


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_every_broken_shared_file_is_refused_and_nothing_is_written(name):
    import_sources(sources=manchester())
    before = footprint()
    with pytest.raises(ImportRefused) as refused:
        import_sources(sources=[*by_ward("harlow.gov.uk.GetCouncillorsByWard.xml"), source(BY_WARD / name)])
    assert name in refused.value.message and BROKEN[name] in refused.value.message
    assert footprint() == before


def test_a_meeting_of_an_unknown_committee_is_refused_naming_the_file_and_element():
    meetings = [s for s in manchester() if s.name == "meetings.xml"]
    with pytest.raises(ImportRefused) as refused:
        import_sources(sources=[*by_ward("harlow.gov.uk.GetCouncillorsByWard.xml"), *meetings])
    assert refused.value.file == "meetings.xml"
    assert refused.value.element == "committee[1]/committeemeetings/meeting[1]"
    assert "committee 144, which is unknown" in refused.value.message
    assert footprint() == dict.fromkeys(footprint(), 0) | {"User": get_user_model().objects.count()}
    assert not Member.objects.exists()


def test_a_meeting_without_its_committees_meetings_list_is_refused():
    details = [s for s in manchester() if s.name.startswith("meeting_")]
    with pytest.raises(ImportRefused, match="committee is unknown"):
        import_sources(sources=details, site="democracy.manchester.gov.uk")
    assert not ExternalRef.objects.exists()


def _council(restricted_ref):
    return [
        Source("c.xml", committees_xml([7])),
        Source("m.xml", meetings_xml(7, [70])),
        Source("d.xml", meeting_xml(70, [700, 701], [], restricted_ref=restricted_ref)),
    ]


def test_an_exempt_item_keeps_its_schedule_12a_paragraph():
    import_sources(sources=_council("Not for publication by virtue of Paragraph 3"), site="s.example")
    item = AgendaItem.objects.get(title="Item 700")
    assert item.exempt and item.exempt_paragraph == 3
    assert "Paragraph 3" in item.public_interest_reason
    assert not item.is_published


def test_an_exempt_item_without_a_paragraph_is_refused_and_nothing_is_written():
    with pytest.raises(ImportRefused) as refused:
        import_sources(sources=_council(""), site="s.example")
    assert refused.value.file == "d.xml"
    assert refused.value.element == "meeting/agendaitems/agendaitem[1]/isrestricted"
    assert "Schedule 12A paragraph" in refused.value.message
    assert not Body.objects.exists() and not ExternalRef.objects.exists()


def test_a_dry_run_counts_everything_and_writes_nothing():
    result = import_sources(sources=manchester(), dry_run=True)
    assert result.counts["meetings"]["created"] == 2
    assert footprint() == dict.fromkeys(footprint(), 0) | {"User": get_user_model().objects.count()}


def test_existing_records_with_the_same_names_are_adopted_not_duplicated():
    Ward.objects.create(name="Charlestown")
    audit = Body.objects.create(name="Audit Committee", slug="audit", kind=BodyKind.COMMITTEE)
    result = import_sources(sources=manchester())
    assert result.counts["committees"]["created"] == 2 and result.counts["committees"]["unchanged"] == 1
    assert Body.objects.filter(name="Audit Committee").get() == audit
    assert Ward.objects.filter(name="Charlestown").count() == 1


def test_a_published_meeting_is_left_as_the_clerk_published_it():
    import_sources(sources=manchester())
    meeting = Meeting.objects.get(status=MeetingStatus.CANCELLED)
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.save()
    result = import_sources(sources=manchester())
    assert result.counts["meetings"]["changed"] == 0
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED


def test_who_imported_is_in_the_history():
    person = UserFactory()
    import_sources(sources=manchester(), by=person)
    audit = Body.objects.get(name="Audit Committee")
    record = audit.history.get()
    assert record.history_user == person and record.history_change_reason == "Imported from ModernGov"


def _queries(sources, site) -> int:
    snapshot = read(sources)
    with CaptureQueriesContext(connection) as context:
        import_snapshot(snapshot=snapshot, site=site)
    return len(context.captured_queries)


def test_queries_stay_the_same_for_a_small_and_a_large_import():
    small, large = generated(1, start=100), generated(12, start=200)
    assert sum(1 for s in large if s.name.startswith("meeting-")) == 24
    _queries(generated(1), "warm.example")  # content types cached, as in a running service
    first_small, first_large = _queries(small, "small.example"), _queries(large, "large.example")
    assert first_small == first_large
    again_small, again_large = _queries(small, "small.example"), _queries(large, "large.example")
    assert again_small == again_large
    assert Member.objects.filter(user__email__endswith="@large.example.moderngov.invalid").count() == 36
    print(f"queries: first import {first_small}, again {again_small}")


def test_an_integrity_conflict_is_a_clear_refusal():
    with pytest.raises(RuleError):
        import_sources(sources=[Source("wards.xml", b"<councillorsbyward><wards/></councillorsbyward>")])


def _chaired(chair_uid: int, *others: int) -> list[Source]:
    from tests.moderngov_kit import wards_xml

    attendees = [(chair_uid, "Chair"), *((uid, "Committee Member") for uid in others)]
    return [
        Source("c.xml", committees_xml([7])),
        Source("m.xml", meetings_xml(7, [70])),
        Source("d.xml", meeting_xml(70, [700], attendees)),
        Source("w.xml", wards_xml({"Ward 1": [(uid, f"Councillor Person {uid}", "Labour") for uid in (1, 2, 3)]})),
    ]


def test_a_new_chair_from_moderngov_takes_over_the_seat_the_import_gave():
    import_sources(sources=_chaired(1, 2), site="s.example")
    assert Membership.objects.get(role=MembershipRole.CHAIR).person.last_name == "1"
    result = import_sources(sources=_chaired(2, 1, 3), site="s.example")
    roles = dict(Membership.objects.values_list("person__last_name", "role"))
    assert roles == {"1": MembershipRole.MEMBER, "2": MembershipRole.CHAIR, "3": MembershipRole.MEMBER}
    assert result.counts["memberships"] == {"created": 1, "changed": 2, "unchanged": 0, "left": 0}


def test_a_new_chair_while_the_old_one_is_no_longer_listed_is_refused_naming_them():
    import_sources(sources=_chaired(1, 2), site="s.example")
    before = footprint()
    with pytest.raises(ImportRefused, match=r"already has a Chair here \(Person 1\)"):
        import_sources(sources=_chaired(2, 3), site="s.example")
    assert footprint() == before


def test_a_chair_appointed_here_is_not_overwritten_silently():
    import_sources(sources=_chaired(1, 2), site="s.example")
    body = Body.objects.get(name="Committee 7")
    Membership.objects.filter(body=body).delete()
    ExternalRef.objects.filter(kind="membership").delete()
    here = UserFactory(first_name="Chair", last_name="Here")
    Membership.objects.create(body=body, person=here, role=MembershipRole.CHAIR, start_date=datetime.date(2025, 5, 20))
    before = footprint()
    with pytest.raises(ImportRefused, match="already has a Chair here"):
        import_sources(sources=_chaired(1, 2), site="s.example")
    assert footprint() == before


def test_meetings_by_date_are_read_like_meetings_by_committee():
    by_date = (
        b"<getmeetingsbydate><meetingscount> 1</meetingscount><meetings><meeting><meetingid>70</meetingid>"
        b"<meetingdate>05/03/2030</meetingdate><meetingstatus>Confirmed</meetingstatus>"
        b"<meetingtime>10.00 am</meetingtime><committeeid>7</committeeid></meeting></meetings></getmeetingsbydate>"
    )
    import_sources(sources=[Source("c.xml", committees_xml([7])), Source("all.xml", by_date)], site="s.example")
    meeting = Meeting.objects.get()
    assert meeting.body.name == "Committee 7" and meeting.status == MeetingStatus.SCHEDULED
    assert meeting.date == datetime.date(2030, 3, 5)


def test_imported_councillors_are_sent_nothing(mailoutbox):
    import_sources(sources=by_ward("lambeth.gov.uk.GetCouncillorsByWard.xml"))
    assert Member.objects.count() == 63
    assert mailoutbox == []
    assert not get_user_model().objects.filter(member__isnull=False, groups__isnull=False).exists()


def test_a_councillors_new_party_and_name_are_updated():
    name = "harlow.gov.uk.GetCouncillorsByWard.xml"
    import_sources(sources=by_ward(name))
    content = (BY_WARD / name).read_bytes().replace(b"Councillor Ian Beckett", b"Councillor Ian Becket-Smith", 1)
    first_party = read(by_ward(name)).wards["Bush Fair"].councillors[0].party
    other = "Labour" if first_party != "Labour" else "Conservative"
    start = content.index(b"<politicalpartytitle>")
    end = content.index(b"</politicalpartytitle>", start)
    content = content[:start] + f"<politicalpartytitle>{other}".encode() + content[end:]
    result = import_sources(sources=[Source(name, content)])
    assert result.counts["councillors"]["changed"] == 1 and totals(result, "created") == 0
    member = Member.objects.select_related("party", "user").get(user__last_name="Becket-Smith")
    assert member.party.name == other


def test_a_meeting_listed_again_without_its_details_keeps_its_venue():
    import_sources(sources=manchester())
    listed_only = [s for s in manchester() if not s.name.startswith("meeting_")]
    result = import_sources(sources=listed_only, site="democracy.manchester.gov.uk")
    assert result.counts["meetings"]["changed"] == 0
    assert Meeting.objects.filter(venue__startswith="Council Antechamber").count() == 2
