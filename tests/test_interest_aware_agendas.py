"""Interest-aware agendas (issue 13): the matching rule, the notices sent on publication, the clerk's
declarations prompts, non-participation in the minutes, the exempt rule and query counts."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import InterestCategory, InterestKind, MembershipRole
from scrutiny import services, tasks
from scrutiny.models import Declaration, InterestNotice, InterestPromptDismissal, Meeting
from scrutiny.selectors import interests as matching
from scrutiny.selectors.interests import organisation_names, subject_phrases, subjects_touch
from tests.agenda_interests_kit import dispensation_for, interest_for
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, WardFactory

pytestmark = pytest.mark.django_db


def interest_mail():
    """The interest notices sent (publishing also sends each member their summons: tests/test_summons.py)."""
    return [m for m in mail.outbox if "X-Council-Interest-Notice" in m.extra_headers]


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def seat(body, *, role=MembershipRole.MEMBER, **fields):
    person = MemberFactory(**{f"user__{k}": v for k, v in fields.items()}).user
    MembershipFactory(body=body, person=person, role=role)
    return person


@pytest.fixture
def castle():
    return WardFactory(name="Castle")


@pytest.fixture
def committee(clerk_of):
    body = BodyFactory(name="Planning Committee")
    return {
        "body": body,
        "clerk": clerk_of(body, first_name="Emma", last_name="Clarke"),
        "member": seat(body, first_name="Ravi", last_name="Patel", email="ravi.patel@example.org"),
        "other": seat(body, first_name="Jo", last_name="Baines"),
    }


def meeting_with(committee, *items, **meeting_fields) -> Meeting:
    meeting = MeetingFactory(body=committee["body"], **meeting_fields)
    for fields in items:
        services.agenda_item_add(meeting=meeting, by=committee["clerk"], **fields)
    return meeting


def keys(matches):
    return {(m.item.title, m.person.get_full_name(), m.interest.description) for m in matches}


# --- The matching rule -----------------------------------------------------------------------------


def test_names_and_subjects_are_compared_whole_and_without_regard_to_case():
    assert organisation_names("Northbridge Leisure Trust,\n  NORTHBRIDGE   homes ltd. ") == {
        "northbridge leisure trust",
        "northbridge homes ltd",
    }
    ours = subject_phrases("car parking charges, Leisure")
    assert subjects_touch(ours, subject_phrases("parking")) == ["parking"]
    assert subjects_touch(ours, subject_phrases("leisure centres")) == ["leisure"]
    assert subjects_touch(ours, subject_phrases("park, leis, parkland")) == []
    assert subjects_touch(subject_phrases("charges for car parking"), subject_phrases("car parking")) == ["car parking"]


def test_an_item_touches_an_interest_by_ward_organisation_or_subject(committee, castle):
    member = committee["member"]
    land = interest_for(member, wards=[castle], description="Owns a house on Castle Street")
    job = interest_for(
        member,
        kind=InterestKind.DISCLOSABLE_PECUNIARY,
        category=InterestCategory.EMPLOYMENT,
        organisation="Northbridge Leisure Trust",
        description="Employed by the leisure trust",
    )
    club = interest_for(
        member,
        kind=InterestKind.OTHER_REGISTRABLE,
        category=InterestCategory.PUBLIC_OR_CHARITABLE_BODY,
        subjects="allotments, car parking",
        description="Chair of the allotment society",
    )
    meeting = meeting_with(
        committee,
        {"title": "Castle Street redevelopment", "wards": [castle]},
        {"title": "Leisure contract", "organisations": "Northbridge Council\nnorthbridge leisure TRUST"},
        {"title": "Parking review", "subjects": "parking, charges"},
        {"title": "Northbridge Leisure Trusts annual report", "organisations": "Northbridge Leisure Trusts"},
        {"title": "Parkland management", "subjects": "parkland"},
    )
    matches = matching.meeting_matches(meeting)
    assert keys(matches) == {
        ("Castle Street redevelopment", "Ravi Patel", land.description),
        ("Leisure contract", "Ravi Patel", job.description),
        ("Parking review", "Ravi Patel", club.description),
    }
    by_item = {m.item.title: m for m in matches}
    assert by_item["Castle Street redevelopment"].reasons == ["ward: Castle"]
    assert by_item["Leisure contract"].reasons == ["organisation: northbridge leisure TRUST"]  # as the item has it
    assert by_item["Parking review"].reasons == ["subject: parking"]
    assert by_item["Leisure contract"].is_dpi and not by_item["Leisure contract"].takes_part
    assert not by_item["Parking review"].is_dpi and by_item["Parking review"].takes_part


def test_ended_interests_and_people_off_the_body_do_not_count(committee, castle):
    meeting = meeting_with(committee, {"title": "Castle Street", "wards": [castle]})
    interest_for(committee["member"], wards=[castle], ended_on=meeting.date - datetime.timedelta(days=1))
    interest_for(committee["other"], wards=[castle], ended_on=meeting.date)  # ends on the day: still current
    interest_for(MemberFactory().user, wards=[castle])  # not on the committee
    left = seat(committee["body"])
    left.memberships.update(end_date=meeting.date - datetime.timedelta(days=1))
    interest_for(left, wards=[castle])
    assert {m.person for m in matching.meeting_matches(meeting)} == {committee["other"]}


def test_a_dispensation_covers_only_in_date_for_the_body_or_every_body(committee, castle):
    member, body = committee["member"], committee["body"]
    meeting = meeting_with(committee, {"title": "Castle Street", "wards": [castle]})
    interest = interest_for(member, wards=[castle])

    def covering():
        (match,) = matching.meeting_matches(meeting)
        return match.dispensation

    dispensation_for(member, ends_on=meeting.date - datetime.timedelta(days=1))  # expired before the meeting
    dispensation_for(member, starts_on=meeting.date + datetime.timedelta(days=1))  # not yet started
    dispensation_for(member, body=BodyFactory())  # another committee's
    dispensation_for(member, interest=interest_for(member, description="Another interest"))  # another interest
    assert covering() is None
    for_this_body = dispensation_for(member, body=body, interest=interest, may_vote=False)
    match = matching.meeting_matches(meeting)[0]
    assert match.dispensation == for_this_body and match.takes_part and not match.may_vote
    every_body = dispensation_for(member)
    assert covering() == every_body  # one that lets them vote too is preferred


# --- Notices on publication ------------------------------------------------------------------------


def test_publishing_records_notices_and_the_worker_sends_each_once(
    committee, castle, django_capture_on_commit_callbacks
):
    member, clerk = committee["member"], committee["clerk"]
    interest_for(member, wards=[castle], description="Owns a house on Castle Street")
    meeting = meeting_with(
        committee, {"title": "Castle Street redevelopment", "wards": [castle]}, {"title": "Budget monitoring"}
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publication = services.agenda_publish(meeting=meeting, by=clerk)
    (notice,) = InterestNotice.objects.all()
    assert notice.publication == publication and notice.person == member
    assert [i.title for i in notice.items.all()] == ["Castle Street redevelopment"]
    assert [h.history_change_reason for h in notice.history.all()] == ["Sent", "Interest notice recorded"]
    assert callbacks, "the sender is queued after the publication commits"
    notice.refresh_from_db()
    assert notice.sent_at is not None
    (email,) = interest_mail()
    assert email.to == ["ravi.patel@example.org"]
    assert "1. Castle Street redevelopment" in email.body
    assert "Owns a house on Castle Street (ward: Castle)" in email.body
    assert "You hold no dispensation for this: you may not take part" in email.body
    assert "Localism Act 2011, section 31(4)" in email.body
    assert "Budget monitoring" not in email.body
    # The beat runs again, and again: nothing is sent twice.
    assert tasks.send_interest_notices() == {"sent": 0, "nothing_to_send": 0, "failed": 0, "not_ours": 0}
    assert len(interest_mail()) == 1


def test_a_publication_that_rolls_back_notifies_nobody(committee, castle, django_capture_on_commit_callbacks):
    interest_for(committee["member"], wards=[castle])
    meeting = meeting_with(committee, {"title": "Castle Street", "wards": [castle]})
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.agenda_publish(meeting=meeting, by=committee["clerk"])
        assert InterestNotice.objects.count() == 1  # recorded with the publication…
        raise RuntimeError("the publication fails after the notices are recorded")
    assert not InterestNotice.objects.exists()  # …and gone with it
    assert interest_mail() == []


def test_nobody_is_notified_without_a_match(committee, castle, django_capture_on_commit_callbacks):
    interest_for(committee["member"], wards=[WardFactory()])
    meeting = meeting_with(committee, {"title": "Castle Street", "wards": [castle]})
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=meeting, by=committee["clerk"])
    assert not InterestNotice.objects.exists()
    assert interest_mail() == []


def test_a_mail_server_that_is_down_leaves_the_notice_pending_and_the_clerk_untroubled(
    committee, castle, settings, django_capture_on_commit_callbacks, client
):
    interest_for(committee["member"], wards=[castle])
    meeting = meeting_with(committee, {"title": "Castle Street", "wards": [castle]})
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.RefusingBackend"
    client.force_login(committee["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("scrutiny:publish", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published"
    notice = InterestNotice.objects.get()
    assert notice.sent_at is None and notice.attempts == 1
    assert "Connection unexpectedly closed" in notice.last_error
    assert InterestNotice.objects.pending().filter(pk=notice.pk).exists()
    page = client.get(reverse("scrutiny:declarations", args=[meeting.pk])).content.decode()
    assert "Not sent yet: SMTPServerDisconnected: Connection unexpectedly closed" in page
    # The mail server is back: the next beat sends it, once.
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.send_interest_notices()["sent"] == 1
    assert tasks.send_interest_notices()["sent"] == 0
    assert len(interest_mail()) == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.last_error == ""


def test_a_supplement_notifies_of_its_own_items(committee, castle, django_capture_on_commit_callbacks):
    interest_for(committee["member"], wards=[castle])
    meeting = meeting_with(committee, {"title": "Castle Street", "wards": [castle]})
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=meeting, by=committee["clerk"])
        services.agenda_item_add(meeting=meeting, by=committee["clerk"], title="Castle car park", wards=[castle])
        services.supplement_publish(meeting=meeting, by=committee["clerk"])
    assert [list(n.items.values_list("title", flat=True)) for n in InterestNotice.objects.order_by("pk")] == [
        ["Castle Street"],
        ["Castle car park"],
    ]
    assert len(interest_mail()) == 2


def test_the_email_gives_an_exempt_item_by_its_title_only_and_no_sensitive_details(
    committee, castle, django_capture_on_commit_callbacks
):
    member = committee["member"]
    interest_for(member, wards=[castle], sensitive=True, description="SECRET-ADDRESS 4 Castle Mews")
    meeting = meeting_with(
        committee,
        {
            "title": "Leisure contract award",
            "wards": [castle],
            "subjects": "confidential-tender-words",
            "exempt": True,
            "exempt_paragraph": 3,
            "public_interest_reason": "Tender prices",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=meeting, by=committee["clerk"])
    (email,) = interest_mail()
    assert "Leisure contract award (exempt information: paragraph 3" in email.body
    assert "ward: Castle" not in email.body and "confidential-tender-words" not in email.body
    assert "SECRET-ADDRESS" not in email.body and "your sensitive interest (land" in email.body


# --- The member's dashboard ------------------------------------------------------------------------


def test_the_dashboard_shows_a_member_the_items_touching_their_interests(committee, castle, client):
    interest_for(committee["member"], wards=[castle], description="Owns a house on Castle Street")
    meeting = meeting_with(committee, {"title": "Castle Street redevelopment", "wards": [castle]})
    client.force_login(committee["member"])
    assert "Castle Street redevelopment" not in client.get(reverse("home")).content.decode()  # not yet published
    services.agenda_publish(meeting=meeting, by=committee["clerk"])
    page = client.get(reverse("home")).content.decode()
    assert "Items on your next agendas that touch your interests" in page
    assert "Castle Street redevelopment" in page and "ward: Castle" in page
    assert "You may not take part in this item without a dispensation" in page
    client.force_login(committee["other"])
    page = client.get(reverse("home")).content.decode()
    assert "Castle Street redevelopment" not in page
    assert "No items on your next agendas touch the interests in your register" in page


def test_an_exempt_match_is_not_shown_to_someone_who_may_not_see_the_item(committee, castle, client):
    """Someone with a seat that starts after today (so not yet a member who may read exempt papers)."""
    body = committee["body"]
    meeting = meeting_with(
        committee,
        {
            "title": "Leisure contract award",
            "wards": [castle],
            "exempt": True,
            "exempt_paragraph": 3,
            "public_interest_reason": "Tender prices",
        },
    )
    newcomer = MemberFactory().user
    MembershipFactory(body=body, person=newcomer, start_date=timezone.localdate() + datetime.timedelta(days=1))
    interest_for(newcomer, wards=[castle])
    interest_for(committee["member"], wards=[castle])
    services.agenda_publish(meeting=meeting, by=committee["clerk"])
    assert {n.person for n in InterestNotice.objects.all()} == {committee["member"]}
    assert matching.for_member(newcomer) == []
    client.force_login(newcomer)
    assert "Leisure contract award" not in client.get(reverse("home")).content.decode()
    assert [m.item.title for m in matching.for_member(committee["member"])] == ["Leisure contract award"]


# --- The clerk's declarations page -----------------------------------------------------------------


def held_meeting(committee, *items):
    when = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    meeting = meeting_with(committee, *items, starts_at=when)
    services.agenda_publish(meeting=meeting, by=committee["clerk"], today=meeting.date - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=meeting, by=committee["clerk"])
    services.attendance_record(
        meeting=meeting,
        entries=[(committee["member"], "present", None, ""), (committee["other"], "present", None, "")],
        by=committee["clerk"],
    )
    return Meeting.objects.get(pk=meeting.pk)


def test_the_clerk_confirms_a_prompt_and_a_dpi_without_dispensation_takes_no_part(committee, castle, client):
    member = committee["member"]
    interest = interest_for(member, wards=[castle], description="Owns a house on Castle Street")
    meeting = held_meeting(committee, {"title": "Castle Street redevelopment", "wards": [castle]})
    item = meeting.items.get(title="Castle Street redevelopment")
    client.force_login(committee["clerk"])
    url = reverse("scrutiny:declarations", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Ravi Patel" in page and "Owns a house on Castle Street" in page and "ward: Castle" in page
    assert "No dispensation: not taking part in this item." in page
    response = client.post(
        reverse("scrutiny:declaration-prompt", args=[meeting.pk]),
        {"item": item.pk, "interest": interest.pk, "action": "confirm"},
    )
    assert response.status_code == 302
    declaration = Declaration.objects.get(item=item, person=member)
    assert declaration.kind == "dpi" and declaration.interest == interest
    assert not declaration.took_part and not declaration.may_vote and declaration.dispensation is None
    assert declaration.nature == "Owns a house on Castle Street"
    page = client.get(url).content.decode()
    assert "Confirm the declaration" not in page and "Did not take part in this item." in page
    # The minute of the item says so, on the minutes page (the printed minutes) and the meeting page.
    minutes = client.get(reverse("scrutiny:minutes", args=[meeting.pk])).content.decode()
    assert "Ravi Patel declared a disclosable pecuniary interest: Owns a house on Castle Street." in minutes
    assert "Ravi Patel did not take part in the consideration of this item." in minutes
    assert "Did not take part in this item." in client.get(meeting.get_absolute_url()).content.decode()


def test_a_dispensation_lets_the_member_take_part(committee, castle):
    member = committee["member"]
    interest = interest_for(member, wards=[castle])
    dispensation = dispensation_for(member, interest=interest, may_vote=False)
    meeting = held_meeting(committee, {"title": "Castle Street", "wards": [castle]})
    item = meeting.items.get(title="Castle Street")
    declaration = services.declaration_prompt_confirm(
        item=item, person=member, interest=interest, left_room=False, by=committee["clerk"]
    )
    assert declaration.took_part and declaration.dispensation == dispensation and not declaration.may_vote
    assert not declaration.needs_dispensation_note


def test_a_dpi_declared_by_hand_without_dispensation_also_takes_no_part(committee, castle):
    meeting = held_meeting(committee, {"title": "Budget"})
    declaration = services.declaration_add(
        item=meeting.items.get(title="Budget"),
        person=committee["member"],
        kind="dpi",
        nature="Owns shares in the contractor",
        left_room=False,
        by=committee["clerk"],
    )
    assert not declaration.took_part


def test_the_clerk_dismisses_a_prompt(committee, castle, client):
    interest = interest_for(committee["member"], wards=[castle])
    meeting = held_meeting(committee, {"title": "Castle Street", "wards": [castle]})
    item = meeting.items.get(title="Castle Street")
    client.force_login(committee["clerk"])
    client.post(
        reverse("scrutiny:declaration-prompt", args=[meeting.pk]),
        {"item": item.pk, "interest": interest.pk, "action": "dismiss"},
    )
    dismissal = InterestPromptDismissal.objects.get()
    assert dismissal.dismissed_by == committee["clerk"]
    (row,) = matching.declaration_prompts(meeting)
    assert row["prompts"] == [] and [m.interest for m in row["dismissed"]] == [interest]


def test_a_prompt_for_an_interest_that_does_not_match_is_refused(committee, castle, client):
    stranger = interest_for(MemberFactory().user, wards=[castle])
    meeting = held_meeting(committee, {"title": "Castle Street", "wards": [castle]})
    item = meeting.items.get(title="Castle Street")
    client.force_login(committee["clerk"])
    response = client.post(
        reverse("scrutiny:declaration-prompt", args=[meeting.pk]),
        {"item": item.pk, "interest": stranger.pk, "action": "confirm"},
        follow=True,
    )
    assert "The register no longer shows this interest touching the item" in response.content.decode()
    assert not Declaration.objects.exists()


def test_the_declarations_page_is_for_the_bodys_clerks(committee, client, clerk_of):
    meeting = meeting_with(committee, {"title": "Castle Street"})
    url = reverse("scrutiny:declarations", args=[meeting.pk])
    assert client.get(url).status_code == 302  # the public is sent to sign in
    client.force_login(committee["member"])
    assert client.get(url).status_code == 403
    client.force_login(clerk_of(BodyFactory()))
    assert client.get(url).status_code == 404
    client.force_login(committee["clerk"])
    assert client.get(url).status_code == 200


def test_the_clerks_item_form_sets_what_the_item_concerns(committee, castle, client):
    meeting = meeting_with(committee)
    client.force_login(committee["clerk"])
    response = client.post(
        reverse("scrutiny:item-add", args=[meeting.pk]),
        {
            "title": "Castle Street",
            "kind": "report",
            "wards": [castle.pk],
            "organisations": "Northbridge Homes",
            "subjects": "housing",
        },
    )
    assert response.status_code == 302
    item = meeting.items.get(title="Castle Street")
    assert list(item.wards.all()) == [castle] and item.organisations == "Northbridge Homes"
    form = client.get(reverse("scrutiny:item-edit", args=[meeting.pk, item.pk])).context["form"]
    assert form.initial["wards"] == [castle] and form.initial["subjects"] == "housing"


# --- Query counts ----------------------------------------------------------------------------------


def _grow(committee, meeting, n):
    wards = [WardFactory() for _ in range(n)]
    for i in range(n):
        person = seat(committee["body"])
        interest_for(person, wards=wards[:2], subjects=f"topic{i}, parking")
        interest_for(person, kind=InterestKind.OTHER_REGISTRABLE, organisation=f"Body {i}")
        dispensation_for(person)
        services.agenda_item_add(
            meeting=meeting, by=committee["clerk"], title=f"Item {i}", wards=wards[i : i + 1], subjects="parking"
        )


def test_matching_keeps_a_constant_number_of_queries(committee, django_assert_num_queries):
    meeting = meeting_with(committee)
    _grow(committee, meeting, 2)
    with CaptureQueriesContext(connection) as few:
        small = matching.meeting_matches(meeting)
    _grow(committee, meeting, 8)
    with django_assert_num_queries(len(few)):
        large = matching.meeting_matches(meeting)
    assert len(few) == 6 and len(large) > len(small)


def test_the_pages_keep_a_constant_number_of_queries(committee, client, django_assert_num_queries):
    meeting = meeting_with(committee)
    _grow(committee, meeting, 2)
    services.agenda_publish(meeting=meeting, by=committee["clerk"])
    member = seat(committee["body"])
    interest_for(member, subjects="parking")
    declarations_url = reverse("scrutiny:declarations", args=[meeting.pk])
    counts = {}
    client.force_login(committee["clerk"])
    with CaptureQueriesContext(connection) as queries:
        client.get(declarations_url)
    counts["declarations"] = len(queries)
    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    counts["home"] = len(queries)
    later = meeting_with(committee)
    _grow(committee, later, 6)
    services.agenda_publish(meeting=later, by=committee["clerk"])
    _grow(committee, meeting, 6)  # unpublished items: the clerk's page shows them, the dashboard does not
    client.force_login(committee["clerk"])
    with django_assert_num_queries(counts["declarations"]):
        page = client.get(declarations_url)
    assert page.content.decode().count("Confirm the declaration") == 0  # nobody recorded present yet
    client.force_login(member)
    with django_assert_num_queries(counts["home"]):
        page = client.get(reverse("home"))
    assert page.content.decode().count("subject: parking") > 2


# --- The demo council ------------------------------------------------------------------------------


def test_the_demo_agendas_say_what_their_items_concern_so_registers_match(demo_council):
    from django.contrib.auth import get_user_model

    # The demo's register (members/demo/interests.py): his partner works for the Schools Trust.
    mclain = get_user_model().objects.get(first_name="Alan", last_name="McLain")
    meetings = Meeting.objects.filter(body__slug="overview-and-scrutiny-committee")
    meeting = meetings.filter(items__title="Performance report: quarter 2").order_by("starts_at").first()
    (match,) = matching.meeting_matches(meeting, person=mclain)
    assert match.item.title == "Performance report: quarter 2"
    assert match.reasons == ["organisation: Northbridge Schools Trust", "subject: schools"]


def test_a_notice_whose_interest_ended_before_it_went_is_closed_unsent(committee, castle, client):
    interest = interest_for(committee["member"], wards=[castle])
    meeting = meeting_with(committee, {"title": "Castle Street", "wards": [castle]})
    services.agenda_publish(meeting=meeting, by=committee["clerk"])  # the sender is not run yet
    interest.ended_on = interest.became_aware_on
    interest.save()
    assert tasks.send_interest_notices()["nothing_to_send"] == 1
    assert interest_mail() == []
    client.force_login(committee["clerk"])
    page = client.get(reverse("scrutiny:declarations", args=[meeting.pk])).content.decode()
    assert "Not sent: Nothing left to tell the member" in page
