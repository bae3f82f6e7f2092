"""Attendance and declarations of interest: the rules first, then the pages."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from members.models import MembershipRole
from scrutiny import services
from scrutiny.models import Attendance, AttendanceStatus, Declaration, DeclarationKind, MeetingStatus
from tests.factories import MeetingFactory, MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PRESENT, APOLOGIES, ABSENT, VIRTUAL = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.APOLOGIES,
    AttendanceStatus.ABSENT,
    AttendanceStatus.VIRTUAL,
)


def started_meeting(**fields):
    """A meeting that began an hour ago."""
    return MeetingFactory(starts_at=timezone.now() - datetime.timedelta(hours=1), **fields)


def seat(body, role=MembershipRole.MEMBER, **names):
    """A councillor with a current seat on ``body``."""
    person = MemberFactory(**{f"user__{field}": value for field, value in names.items()}).user
    MembershipFactory(body=body, role=role, person=person)
    return person


@pytest.fixture
def committee(clerk_of):
    """A meeting under way with a Chair, two members, a substitute and the clerk."""
    meeting = started_meeting()
    body = meeting.body
    return {
        "meeting": meeting,
        "chair": seat(body, MembershipRole.CHAIR, first_name="Anne", last_name="Cole"),
        "member": seat(body, first_name="Ravi", last_name="Patel"),
        "other": seat(body, first_name="Jo", last_name="Baines"),
        "substitute": seat(body, MembershipRole.SUBSTITUTE, first_name="Sam", last_name="Ortiz"),
        "clerk": clerk_of(body, first_name="Emma", last_name="Clarke"),
    }


def record(c, *entries, **kwargs):
    return services.attendance_record(meeting=c["meeting"], entries=list(entries), by=c["clerk"], **kwargs)


# The rules


def test_register_is_recorded_whole_and_recording_again_replaces_it(committee):
    c = committee
    record(c, (c["chair"], PRESENT, None, ""), (c["member"], APOLOGIES, None, ""), (c["other"], ABSENT, None, ""))
    assert dict(Attendance.objects.values_list("person", "status")) == {
        c["chair"].pk: PRESENT,
        c["member"].pk: APOLOGIES,
        c["other"].pk: ABSENT,
    }
    record(c, (c["chair"], VIRTUAL, None, "Joined by video"), (c["member"], APOLOGIES, None, ""))
    assert dict(Attendance.objects.values_list("person", "status")) == {
        c["chair"].pk: VIRTUAL,
        c["member"].pk: APOLOGIES,
    }


def test_substitute_stands_in_for_a_member_who_sent_apologies(committee):
    c = committee
    record(c, (c["member"], APOLOGIES, None, ""), (c["substitute"], PRESENT, c["member"], ""))
    assert Attendance.objects.get(person=c["substitute"]).substitute_for == c["member"]


@pytest.mark.parametrize("member_status", [PRESENT, ABSENT, VIRTUAL, None])
def test_substitute_only_for_a_member_who_sent_apologies(committee, member_status):
    c = committee
    entries = [(c["substitute"], PRESENT, c["member"], "")]
    if member_status:
        entries.append((c["member"], member_status, None, ""))
    with pytest.raises(RuleError, match="Sam Ortiz can only substitute for a member who sent apologies"):
        record(c, *entries)
    assert not Attendance.objects.exists()


def test_a_member_who_is_not_a_substitute_cannot_substitute(committee):
    c = committee
    with pytest.raises(RuleError, match="Jo Baines is not a substitute member of"):
        record(c, (c["member"], APOLOGIES, None, ""), (c["other"], PRESENT, c["member"], ""))


def test_a_substitute_whose_membership_has_ended_is_not_on_the_body(committee):
    c = committee
    c["substitute"].memberships.update(end_date=c["meeting"].date - datetime.timedelta(days=1))
    with pytest.raises(RuleError, match="Sam Ortiz is not a member of"):
        record(c, (c["member"], APOLOGIES, None, ""), (c["substitute"], PRESENT, c["member"], ""))


def test_substitute_cannot_stand_in_for_another_substitute_or_twice(committee):
    c = committee
    second = seat(c["meeting"].body, MembershipRole.SUBSTITUTE, first_name="Lee", last_name="Hart")
    with pytest.raises(RuleError, match="Lee Hart can only substitute for a member who sent apologies"):
        record(c, (c["substitute"], APOLOGIES, None, ""), (second, PRESENT, c["substitute"], ""))
    with pytest.raises(RuleError, match="Ravi Patel already has a substitute: Sam Ortiz"):
        record(
            c,
            (c["member"], APOLOGIES, None, ""),
            (c["substitute"], PRESENT, c["member"], ""),
            (second, PRESENT, c["member"], ""),
        )


def test_substitute_must_attend_to_stand_in(committee):
    c = committee
    with pytest.raises(RuleError, match="Record Sam Ortiz as present to show them as a substitute"):
        record(c, (c["member"], APOLOGIES, None, ""), (c["substitute"], APOLOGIES, c["member"], ""))


def test_a_person_is_recorded_once_and_only_if_on_the_body(committee):
    c = committee
    with pytest.raises(RuleError, match="Ravi Patel is on the register more than once"):
        record(c, (c["member"], PRESENT, None, ""), (c["member"], ABSENT, None, ""))
    outsider = MemberFactory(user__first_name="Kim", user__last_name="Lowe").user
    with pytest.raises(RuleError, match="Kim Lowe is not a member of"):
        record(c, (outsider, PRESENT, None, ""))


def test_attendance_from_the_day_of_the_meeting_and_not_when_cancelled(committee):
    c = committee
    meeting = c["meeting"]
    with pytest.raises(RuleError, match="Attendance can only be recorded from the day of the meeting"):
        record(c, (c["chair"], PRESENT, None, ""), today=meeting.date - datetime.timedelta(days=1))
    record(c, (c["chair"], PRESENT, None, ""), today=meeting.date)  # the day itself, before the start, is fine
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    with pytest.raises(RuleError, match="This meeting was cancelled"):
        record(c, (c["chair"], PRESENT, None, ""))


def item_of(c, title="Strategic Commissioning"):
    meeting = c["meeting"]
    return meeting.items.create(position=meeting.items.count() + 1, title=title)


def declare(c, person, item, kind=DeclarationKind.OTHER_REGISTRABLE, left_room=False, nature="School governor"):
    return services.declaration_add(
        item=item, person=person, kind=kind, nature=nature, left_room=left_room, by=c["clerk"]
    )


def test_declaration_needs_the_person_present_or_attending_remotely(committee):
    c = committee
    item = item_of(c)
    record(
        c,
        (c["chair"], PRESENT, None, ""),
        (c["member"], VIRTUAL, None, ""),
        (c["other"], APOLOGIES, None, ""),
    )
    with pytest.raises(RuleError, match="Record Jo Baines as present before recording their declaration"):
        declare(c, c["other"], item)
    with pytest.raises(RuleError, match="Record Sam Ortiz as present before recording their declaration"):
        declare(c, c["substitute"], item)  # not on the register at all
    declare(c, c["chair"], item)
    declare(c, c["member"], item)
    with pytest.raises(RuleError, match="Anne Cole has already declared an interest in this item"):
        declare(c, c["chair"], item)
    with pytest.raises(RuleError, match="Enter the nature of the interest"):
        declare(c, c["member"], item_of(c, "Budget"), nature="  ")
    assert Declaration.objects.count() == 2


def test_pecuniary_interest_without_leaving_is_recorded_with_a_warning(committee, client):
    c = committee
    item = item_of(c)
    record(c, (c["chair"], PRESENT, None, ""), (c["member"], PRESENT, None, ""))
    stayed = declare(c, c["chair"], item, DeclarationKind.DISCLOSABLE_PECUNIARY, nature="Owns a bidding firm")
    left = declare(c, c["member"], item, DeclarationKind.DISCLOSABLE_PECUNIARY, left_room=True, nature="Employed")
    assert stayed.needs_dispensation_note and not left.needs_dispensation_note

    client.force_login(c["clerk"])
    page = client.get(c["meeting"].get_absolute_url()).content.decode()
    assert "Anne Cole: disclosable pecuniary interest. Owns a bidding firm" in page
    assert page.count("must leave the room unless they have a dispensation") == 1

    services.declaration_remove(declaration=stayed, by=c["clerk"])
    assert list(Declaration.objects.all()) == [left]


# The pages


def test_clerk_records_the_register_and_the_public_sees_it(committee, client):
    c = committee
    client.force_login(c["clerk"])
    url = reverse("scrutiny:attendance-record", args=[c["meeting"].pk])
    form = client.get(url).content.decode()
    assert "<legend" in form and "Anne Cole</legend>" in form
    assert form.count('class="govuk-radios govuk-radios--inline') == 4
    assert f'name="substitute_for_{c["substitute"].pk}"' in form
    assert f'name="substitute_for_{c["member"].pk}"' not in form  # only substitutes stand in

    refused = client.post(url, {f"status_{c['chair'].pk}": PRESENT}).content.decode()
    assert "Select whether Ravi Patel was present, sent apologies, was absent or attended remotely" in refused
    assert f'href="#id_status_{c["member"].pk}_0"' in refused

    data = {
        f"status_{c['chair'].pk}": PRESENT,
        f"status_{c['member'].pk}": APOLOGIES,
        f"status_{c['other'].pk}": VIRTUAL,
        f"status_{c['substitute'].pk}": PRESENT,
        f"substitute_for_{c['substitute'].pk}": c["other"].pk,
    }
    refused = client.post(url, data).content.decode()
    assert "Sam Ortiz can only substitute for a member who sent apologies" in refused
    data[f"substitute_for_{c['substitute'].pk}"] = c["member"].pk
    response = client.post(url, data)
    assert response.status_code == 302

    client.logout()
    page = client.get(c["meeting"].get_absolute_url()).content.decode()
    assert "Sam Ortiz (substitute for Ravi Patel)" in page
    assert "Sam Ortiz for Ravi Patel" in page
    assert "Remote attendance does not count towards the quorum" in page
    assert "Record attendance" not in page and "Change attendance" not in page


def test_only_the_bodys_clerk_records_attendance(committee, client, clerk_of):
    c = committee
    item = item_of(c)
    urls = [
        reverse("scrutiny:attendance-record", args=[c["meeting"].pk]),
        reverse("scrutiny:declaration-add", args=[c["meeting"].pk, item.pk]),
    ]
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(c["chair"])
    assert [client.get(url).status_code for url in urls] == [403, 403]
    other_body_clerk = clerk_of(MeetingFactory().body)
    client.force_login(other_body_clerk)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(c["clerk"])
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_clerk_records_a_declaration_through_the_page(committee, client):
    c = committee
    item = item_of(c)
    record(c, (c["chair"], PRESENT, None, ""), (c["member"], APOLOGIES, None, ""))
    client.force_login(c["clerk"])
    url = reverse("scrutiny:declaration-add", args=[c["meeting"].pk, item.pk])
    form = client.get(url).content.decode()
    assert "Anne Cole" in form and "Ravi Patel" not in form  # only those at the meeting
    refused = client.post(url, {"person": c["chair"].pk, "kind": DeclarationKind.NON_REGISTRABLE}).content.decode()
    assert "Enter the nature of the interest" in refused
    client.post(url, {"person": c["chair"].pk, "kind": DeclarationKind.NON_REGISTRABLE, "nature": "Neighbour"})
    declaration = Declaration.objects.get()
    assert declaration.created_by == c["clerk"]
    remove = reverse("scrutiny:declaration-remove", args=[c["meeting"].pk, item.pk, declaration.pk])
    assert client.post(remove).status_code == 302
    assert not Declaration.objects.exists()


def test_history_names_the_clerk_who_changed_attendance(committee, client):
    c = committee
    record(c, (c["chair"], PRESENT, None, ""))
    record(c, (c["chair"], VIRTUAL, None, ""))
    line = Attendance.objects.get()
    client.force_login(c["clerk"])
    history_url = reverse("history", args=["scrutiny", "attendance", line.pk])
    assert history_url in client.get(reverse("scrutiny:attendance-record", args=[c["meeting"].pk])).content.decode()
    page = client.get(history_url).content.decode()
    assert "Emma Clarke" in page
    assert "Attendance recorded" in page
    assert "Attended remotely" in page and "Present" in page


def test_pages_keep_a_constant_number_of_queries(committee, client, django_assert_num_queries):
    c = committee
    meeting, body = c["meeting"], c["meeting"].body
    client.force_login(c["clerk"])
    attendance_url = reverse("scrutiny:attendance-record", args=[meeting.pk])

    def grow(n, prefix):
        people = [seat(body, MembershipRole.SUBSTITUTE if i % 3 == 0 else MembershipRole.MEMBER) for i in range(n)]
        for person in people:
            Attendance.objects.create(meeting=meeting, person=person, status=PRESENT)
        for i in range(n):
            item = item_of(c, f"{prefix} {i}")
            Declaration.objects.create(
                item=item,
                person=people[i],
                kind=DeclarationKind.DISCLOSABLE_PECUNIARY,
                nature="x",
                created_by=c["clerk"],
            )

    grow(2, "First")
    urls = (attendance_url, meeting.get_absolute_url())
    few = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        few.append(len(queries))
    grow(12, "More")
    for url, count in zip(urls, few, strict=True):
        with django_assert_num_queries(count, info=url):
            client.get(url)


def test_attendance_and_declarations_are_final_once_the_minutes_are_confirmed(committee):
    c = committee
    item = item_of(c)
    record(c, (c["chair"], PRESENT, None, ""))
    declaration = declare(c, c["chair"], item)
    Meeting = type(c["meeting"])
    Meeting.objects.filter(pk=c["meeting"].pk).update(status=MeetingStatus.MINUTES_CONFIRMED)
    c["meeting"].refresh_from_db()

    with pytest.raises(RuleError, match="confirmed as a correct record"):
        record(c, (c["chair"], APOLOGIES, None, ""))
    with pytest.raises(RuleError, match="confirmed as a correct record"):
        declare(c, c["chair"], item_of(c, "Budget"))
    with pytest.raises(RuleError, match="confirmed as a correct record"):
        services.declaration_remove(declaration=declaration, by=c["clerk"])
    assert Attendance.objects.get(person=c["chair"]).status == PRESENT
    assert Declaration.objects.count() == 1


# Issue 16: members are "Expected" until recorded, substitutes, the clerk's notes and the quorum

EXPECTED = AttendanceStatus.EXPECTED


def test_members_are_expected_until_the_register_is_recorded(committee, client):
    c = committee
    assert Attendance(meeting=c["meeting"], person=c["chair"]).status == EXPECTED
    client.force_login(c["clerk"])
    form = client.get(reverse("scrutiny:attendance-record", args=[c["meeting"].pk])).content.decode()
    # Every person's radios start at "Expected", so saving records only what the clerk changed.
    assert len(re.findall(rf'value="{EXPECTED}"\s+required id="id_status_\d+_0" checked', form)) == 4
    page = client.get(c["meeting"].get_absolute_url()).content.decode()
    assert "Expected" in page and "Not yet recorded." in page
    assert re.search(r"Anne Cole,\s+Jo Baines,\s+Ravi Patel\s+<p", page)  # Chair first; not the substitute
    assert "Record attendance" in page

    # A person left Expected has no line; the clerk records the others.
    record(c, (c["chair"], PRESENT, None, ""), (c["member"], EXPECTED, None, ""))
    assert dict(Attendance.objects.values_list("person", "status")) == {c["chair"].pk: PRESENT}
    with pytest.raises(RuleError, match="Record how Ravi Patel attended to add a note"):
        record(c, (c["member"], EXPECTED, None, "Arrived at item 5"))


def test_a_substitute_for_a_member_who_sent_their_own_apologies_leaves_them_with_apologies(committee):
    c = committee
    meeting = c["meeting"]
    before = meeting.starts_at - datetime.timedelta(days=2)
    services.attendance_send_apologies(meeting=meeting, by=c["member"], now=before)
    # The clerk opened the register before the apologies came: Ravi is still "Expected" on it.
    record(
        c,
        (c["chair"], PRESENT, None, ""),
        (c["member"], EXPECTED, None, ""),
        (c["substitute"], PRESENT, c["member"], ""),
    )
    statuses = dict(Attendance.objects.values_list("person", "status"))
    assert statuses[c["member"].pk] == APOLOGIES  # not absent, not taken off
    assert Attendance.objects.get(person=c["substitute"]).substitute_for == c["member"]
    # Left off the register altogether, the apologies stay too.
    record(c, (c["chair"], PRESENT, None, ""), (c["substitute"], PRESENT, c["member"], ""))
    assert Attendance.objects.get(person=c["member"]).status == APOLOGIES
    # Without apologies, a member left Expected cannot have a substitute.
    with pytest.raises(RuleError, match="Sam Ortiz can only substitute for a member who sent apologies"):
        record(c, (c["other"], EXPECTED, None, ""), (c["substitute"], PRESENT, c["other"], ""))


def test_the_clerks_notes_are_on_the_meeting_page_and_in_the_minutes(committee, client):
    c = committee
    record(
        c,
        (c["chair"], PRESENT, None, "Arrived late, at item 5"),
        (c["member"], APOLOGIES, None, ""),
        (c["other"], PRESENT, None, "Left at item 7"),
        (c["substitute"], PRESENT, c["member"], "Left after item 3"),
    )
    type(c["meeting"]).objects.filter(pk=c["meeting"].pk).update(status=MeetingStatus.MINUTES_CONFIRMED)
    for url in (c["meeting"].get_absolute_url(), reverse("scrutiny:minutes", args=[c["meeting"].pk])):
        page = client.get(url).content.decode()  # the public: attendance is minuted
        assert "Anne Cole (Arrived late, at item 5)" in page, url
        assert "Jo Baines (Left at item 7)" in page, url
        assert "Sam Ortiz (substitute for Ravi Patel; Left after item 3)" in page, url


@pytest.mark.parametrize(
    ("seats", "expected"), [(1, 1), (2, 2), (3, 3), (8, 3), (12, 3), (13, 4), (16, 4), (17, 5), (40, 10)]
)
def test_the_default_quorum_is_a_quarter_at_least_three(seats, expected):
    from members.models.organisation import default_quorum

    assert default_quorum(seats) == expected


def test_the_quorum_counts_voting_members_present_in_person(committee, client):
    c = committee
    meeting, body = c["meeting"], c["meeting"].body
    url = meeting.get_absolute_url()
    # Three voting members (Chair and two members): the default quorum is three.
    page = client.get(url).content.decode()
    assert "3 voting members present in person" in page and "Quorate" not in page  # not checked yet
    record(
        c,
        (c["chair"], PRESENT, None, ""),
        (c["member"], APOLOGIES, None, ""),
        (c["other"], VIRTUAL, None, ""),  # remote: not counted in England
        (c["substitute"], PRESENT, c["member"], ""),  # stands in for a voting member: counted
    )
    quorum = client.get(url).context["attendance"]["quorum"]
    assert (quorum["needed"], quorum["present"], quorum["quorate"]) == (3, 2, False)
    assert "Not quorate" in client.get(url).content.decode()

    body.quorum = 2  # the constitution's own figure
    body.save()
    page = client.get(url).content.decode()
    assert "Quorate" in page and "Not quorate" not in page
    assert f"Set by the constitution for {body}" in page


def test_the_clerk_is_warned_when_the_register_shows_the_meeting_is_not_quorate(committee, client):
    c = committee
    client.force_login(c["clerk"])
    url = reverse("scrutiny:attendance-record", args=[c["meeting"].pk])
    data = {
        f"status_{c['chair'].pk}": PRESENT,
        f"status_{c['member'].pk}": ABSENT,
        f"status_{c['other'].pk}": PRESENT,
        f"status_{c['substitute'].pk}": EXPECTED,
    }
    page = client.post(url, data, follow=True).content.decode()
    assert "The meeting is not quorate: 2 of the 3 voting members needed are present in person." in page
    data[f"status_{c['member'].pk}"] = PRESENT
    page = client.post(url, data, follow=True).content.decode()
    assert "not quorate" not in page and "Quorate" in page


def test_a_clerk_sets_the_bodys_quorum(committee, client):
    c = committee
    body = c["meeting"].body
    client.force_login(c["clerk"])
    url = reverse("members:body-edit", args=[body.slug])
    data = {"name": body.name, "kind": body.kind, "parent": "", "quorum": "0"}
    refused = client.post(url, data).content.decode()
    assert "The quorum must be at least 1, or leave it blank" in refused
    data["quorum"] = "4"
    assert client.post(url, data).status_code == 302
    body.refresh_from_db()
    assert body.quorum == 4
    assert "Quorum: 4 voting members present in person." in client.get(body.get_absolute_url()).content.decode()
    data["quorum"] = ""
    client.post(url, data)
    body.refresh_from_db()
    assert body.quorum is None
