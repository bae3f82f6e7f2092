"""Votes on resolutions (issue 13): the result and counts the clerk minutes, recorded (named) votes,
who may vote (present in person, substitutes standing in, not barred by an interest), the casting
vote, confirmed minutes, the pages, the exempt rule, history and query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from members.models import MembershipRole
from scrutiny import access, services
from scrutiny.models import MemberVote, Vote
from tests.agenda_interests_kit import dispensation_for, interest_for
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def seat(body, first_name, last_name, role=MembershipRole.MEMBER):
    person = MemberFactory(user__first_name=first_name, user__last_name=last_name).user
    MembershipFactory(body=body, person=person, role=role, start_date=datetime.date(2024, 5, 1))
    return person


@pytest.fixture
def committee(clerk_of):
    body = BodyFactory(name="Overview and Scrutiny Committee")
    return {
        "body": body,
        "clerk": clerk_of(body, first_name="Emma", last_name="Clarke"),
        "chair": seat(body, "Alice", "Ward", MembershipRole.CHAIR),
        "vice": seat(body, "Ben", "Cole", MembershipRole.VICE_CHAIR),
        "ravi": seat(body, "Ravi", "Patel"),
        "jo": seat(body, "Jo", "Baines"),
        "remote": seat(body, "Rhys", "Evans"),
        "away": seat(body, "Sam", "Hill"),
        "sub": seat(body, "Tara", "Nunn", MembershipRole.SUBSTITUTE),
        "co_opted": seat(body, "Colin", "Opie", MembershipRole.CO_OPTED),
        "stranger": MemberFactory(user__first_name="Una", user__last_name="Known").user,
    }


def held(committee, *, exempt=False, chair_present=True):
    clerk = committee["clerk"]
    when = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    meeting = MeetingFactory(body=committee["body"], starts_at=when)
    fields = {"exempt": True, "exempt_paragraph": "3", "public_interest_reason": "Commercial terms"} if exempt else {}
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Leisure contract award", **fields)
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=meeting, by=clerk)
    c = committee
    entries = [
        (c["chair"], "present" if chair_present else "apologies", None, ""),
        (c["vice"], "present", None, ""),
        (c["ravi"], "present", None, ""),
        (c["jo"], "present", None, ""),
        (c["remote"], "virtual", None, ""),
        (c["away"], "apologies", None, ""),
        (c["sub"], "present", c["away"], ""),
        (c["co_opted"], "present", None, ""),
    ]
    services.attendance_record(meeting=meeting, entries=entries, by=clerk)
    minute = services.minute_write(item=item, text="The committee considered the award.", by=clerk)
    resolution = services.resolution_add(minute=minute, text="Resolved that the contract be awarded.", by=clerk)
    return resolution


def record(committee, resolution, **fields):
    values = {"result": "carried", "votes_for": 3, "votes_against": 1, "abstentions": 1}
    values.update(fields)
    return services.vote_record(resolution=resolution, by=committee["clerk"], **values)


def refusal(call) -> str:
    with pytest.raises(RuleError) as raised:
        call()
    return raised.value.message


# --- The rules ------------------------------------------------------------------------------------


def test_a_show_of_hands_is_minuted_with_its_counts(committee):
    resolution = held(committee)
    vote = record(committee, resolution)
    assert vote.summary == "Carried (3 for, 1 against, 1 abstention)"
    assert not vote.recorded and vote.casting_vote_by is None
    assert vote.history.first().history_change_reason == "Vote recorded"
    again = record(committee, resolution, votes_for=2, abstentions=2)
    assert again.pk == vote.pk and Vote.objects.count() == 1
    assert again.summary == "Carried (2 for, 1 against, 2 abstentions)"


def test_a_recorded_vote_names_each_member_and_its_counts_are_the_names(committee):
    c = committee
    resolution = held(committee)
    named = {c["chair"]: "for", c["vice"]: "for", c["ravi"]: "against", c["sub"]: "abstain"}
    vote = record(committee, resolution, votes_for=2, votes_against=1, abstentions=1, named=named)
    assert vote.recorded
    assert {(mv.person, mv.cast) for mv in vote.member_votes.all()} == set(named.items())
    message = refusal(lambda: record(committee, resolution, votes_for=3, votes_against=1, abstentions=0, named=named))
    assert message == "The counts must be those of the recorded vote: 2 for, 1 against, 1 abstention"
    # Changing one member's vote and leaving another out is kept in the history.
    named = {c["chair"]: "for", c["vice"]: "against", c["ravi"]: "against"}
    record(committee, resolution, result="lost", votes_for=1, votes_against=2, abstentions=0, named=named)
    assert MemberVote.objects.get(person=c["vice"]).cast == "against"
    assert not MemberVote.objects.filter(person=c["sub"]).exists()
    assert MemberVote.history.filter(person=c["sub"], history_type="-").exists()


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("remote", "Rhys Evans attended remotely, and a member attending remotely cannot vote"),
        ("away", "Sam Hill was not recorded as present at the meeting"),
        ("co_opted", "Colin Opie is a co-opted member without a vote"),
        ("stranger", "Una Known was not recorded as present at the meeting"),
    ],
)
def test_only_members_present_in_person_and_substitutes_standing_in_vote(committee, who, message):
    resolution = held(committee)
    named = {committee[who]: "for"}
    assert refusal(lambda: record(committee, resolution, votes_for=1, votes_against=0, abstentions=0, named=named)) == (
        message
    )
    assert not Vote.objects.exists()


def test_a_substitute_not_standing_in_does_not_vote(committee):
    c = committee
    resolution = held(committee)
    meeting = resolution.minute.item.meeting
    lines = [(a.person, a.status, None, "") for a in meeting.attendances.all()]
    services.attendance_record(meeting=meeting, entries=lines, by=c["clerk"])
    message = refusal(
        lambda: record(committee, resolution, votes_for=1, votes_against=0, abstentions=0, named={c["sub"]: "for"})
    )
    assert message == "Tara Nunn is a substitute member who did not stand in for a member at this meeting"


def test_a_member_with_a_dpi_and_no_dispensation_is_refused_by_name(committee):
    c = committee
    resolution = held(committee)
    services.declaration_add(
        item=resolution.minute.item,
        person=c["ravi"],
        kind="dpi",
        nature="Director of the bidder",
        left_room=False,
        by=c["clerk"],
    )
    message = refusal(
        lambda: record(committee, resolution, votes_for=1, votes_against=0, abstentions=0, named={c["ravi"]: "for"})
    )
    assert (
        message == "Ravi Patel declared a disclosable pecuniary interest in this item and has no dispensation to vote"
    )


def test_a_dispensation_to_speak_but_not_to_vote_is_refused_too(committee):
    c = committee
    resolution = held(committee)
    interest = interest_for(c["ravi"], description="Director of the bidder")
    dispensation_for(c["ravi"], interest=interest, may_vote=False)
    services.declaration_add(
        item=resolution.minute.item,
        person=c["ravi"],
        kind="dpi",
        nature="Director of the bidder",
        left_room=False,
        by=c["clerk"],
        interest=interest,
    )
    message = refusal(
        lambda: record(committee, resolution, votes_for=1, votes_against=0, abstentions=0, named={c["ravi"]: "for"})
    )
    assert message == (
        "Ravi Patel declared a disclosable pecuniary interest in this item "
        "and their dispensation does not allow them to vote"
    )


def test_a_dispensation_to_vote_lets_the_member_vote(committee):
    c = committee
    resolution = held(committee)
    interest = interest_for(c["ravi"], description="Director of the bidder")
    dispensation_for(c["ravi"], interest=interest, may_vote=True)
    services.declaration_add(
        item=resolution.minute.item,
        person=c["ravi"],
        kind="dpi",
        nature="Director",
        left_room=False,
        by=c["clerk"],
        interest=interest,
    )
    vote = record(committee, resolution, votes_for=1, votes_against=0, abstentions=0, named={c["ravi"]: "for"})
    assert vote.member_votes.get().person == c["ravi"]


def test_a_member_who_left_the_room_does_not_vote(committee):
    c = committee
    resolution = held(committee)
    services.declaration_add(
        item=resolution.minute.item,
        person=c["jo"],
        kind="other_registrable",
        nature="Trustee",
        left_room=True,
        by=c["clerk"],
    )
    message = refusal(
        lambda: record(committee, resolution, votes_for=1, votes_against=0, abstentions=0, named={c["jo"]: "for"})
    )
    assert message == "Jo Baines declared an interest in this item and took no part in it"


def test_counts_cannot_exceed_those_entitled_to_vote(committee):
    c = committee
    resolution = held(committee)
    # Entitled: the Chair, the Vice-Chair, Ravi, Jo and the substitute standing in (not the remote
    # member, the co-opted member or the member who sent apologies).
    record(committee, resolution, votes_for=3, votes_against=1, abstentions=1)
    message = refusal(lambda: record(committee, resolution, votes_for=4, votes_against=1, abstentions=1))
    assert message == "6 votes recorded, but only 5 of those present may vote on this item"
    services.declaration_add(
        item=resolution.minute.item, person=c["jo"], kind="dpi", nature="Owns land", left_room=True, by=c["clerk"]
    )
    assert "only 4 of those present" in refusal(lambda: record(committee, resolution))


def test_the_result_follows_the_counts(committee):
    resolution = held(committee)
    assert refusal(lambda: record(committee, resolution, votes_for=2, votes_against=2)) == (
        "A resolution is carried only with more votes for than against"
    )
    assert refusal(lambda: record(committee, resolution, result="lost")) == (
        "With more votes for than against, the resolution was carried"
    )
    assert record(committee, resolution, result="lost", votes_for=2, votes_against=2).summary == (
        "Lost (2 for, 2 against, 1 abstention)"
    )


def test_the_casting_vote_is_the_chairs_and_only_on_a_tie(committee):
    c = committee
    resolution = held(committee)
    tie = {"result": "carried_casting", "votes_for": 2, "votes_against": 2, "abstentions": 0}
    assert refusal(lambda: record(committee, resolution, **tie | {"votes_for": 3}, casting_vote_by=c["chair"])) == (
        "The Chair has a casting vote only when the votes are equal"
    )
    assert (
        refusal(lambda: record(committee, resolution, **tie))
        == "Select who chaired the meeting and gave the casting vote"
    )
    assert refusal(lambda: record(committee, resolution, **tie, casting_vote_by=c["vice"])) == (
        "The Chair, Alice Ward, was present and may vote on this item: only the Chair has the casting vote"
    )
    vote = record(committee, resolution, **tie, casting_vote_by=c["chair"])
    assert vote.summary == "Carried on the Chair's casting vote (2 for, 2 against, 0 abstentions)"
    assert vote.casting_vote_by == c["chair"]


def test_in_the_chairs_absence_whoever_chaired_gives_the_casting_vote(committee):
    c = committee
    resolution = held(committee, chair_present=False)
    tie = {"result": "carried_casting", "votes_for": 2, "votes_against": 2, "abstentions": 0}
    assert refusal(lambda: record(committee, resolution, **tie, casting_vote_by=c["remote"])) == (
        "Rhys Evans attended remotely, and a member attending remotely cannot vote, so cannot give a casting vote"
    )
    assert record(committee, resolution, **tie, casting_vote_by=c["vice"]).casting_vote_by == c["vice"]


def test_votes_are_final_once_the_minutes_are_confirmed(committee):
    c = committee
    resolution = held(committee)
    record(committee, resolution)
    meeting = resolution.minute.item.meeting
    later = MeetingFactory(body=c["body"], starts_at=timezone.now() - datetime.timedelta(hours=1))
    services.agenda_item_add(meeting=later, by=c["clerk"], title="Minutes of the last meeting")
    services.agenda_publish(meeting=later, by=c["clerk"], today=later.date - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=later, by=c["clerk"])
    services.minutes_confirm(meeting=meeting, confirmed_at_meeting=later, by=c["clerk"])
    message = refusal(lambda: record(committee, resolution, votes_for=2))
    assert message.startswith("The minutes were confirmed as a correct record")
    assert Vote.objects.get().votes_for == 3


def confirm(committee, resolution):
    c = committee
    later = MeetingFactory(body=c["body"], starts_at=timezone.now() - datetime.timedelta(hours=1))
    services.agenda_item_add(meeting=later, by=c["clerk"], title="Minutes of the last meeting")
    services.agenda_publish(meeting=later, by=c["clerk"], today=later.date - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=later, by=c["clerk"])
    services.minutes_confirm(meeting=resolution.minute.item.meeting, confirmed_at_meeting=later, by=c["clerk"])


# --- The pages ------------------------------------------------------------------------------------


def vote_url(resolution):
    return reverse("scrutiny:vote-record", args=[resolution.minute.item.meeting_id, resolution.pk])


def minutes_url(resolution):
    return reverse("scrutiny:minutes", args=[resolution.minute.item.meeting_id])


def test_the_clerk_records_a_show_of_hands_and_the_minutes_print_it(committee, client):
    resolution = held(committee)
    client.force_login(committee["clerk"])
    minutes = client.get(minutes_url(resolution)).content.decode()
    assert "Record the vote" in minutes
    form = client.get(vote_url(resolution)).content.decode()
    assert 'type="radio"' in form and 'inputmode="numeric"' in form
    assert "Rhys Evans attended remotely, and a member attending remotely cannot vote" in form
    response = client.post(
        vote_url(resolution), {"result": "carried", "votes_for": "3", "votes_against": "1", "abstentions": "1"}
    )
    assert response.status_code == 302
    minutes = client.get(minutes_url(resolution)).content.decode()
    assert "Carried (3 for, 1 against, 1 abstention)." in minutes
    assert "Change the vote" in minutes


def test_the_clerk_records_a_recorded_vote_by_name(committee, client):
    c = committee
    resolution = held(committee)
    client.force_login(c["clerk"])
    data = {"result": "carried", "recorded": "on", f"cast_{c['chair'].pk}": "for", f"cast_{c['vice'].pk}": "for"}
    data |= {f"cast_{c['ravi'].pk}": "against", f"cast_{c['jo'].pk}": "abstain", f"cast_{c['sub'].pk}": "none"}
    assert client.post(vote_url(resolution), data).status_code == 302
    vote = Vote.objects.get()
    assert (vote.votes_for, vote.votes_against, vote.abstentions, vote.recorded) == (2, 1, 1, True)
    minutes = client.get(minutes_url(resolution)).content.decode()
    assert "Recorded vote" in minutes and "Carried (2 for, 1 against, 1 abstention)." in minutes
    assert "Alice Ward" in minutes and "Ben Cole" in minutes and "Abstained" in minutes
    # The names read as a list, "Ben Cole, Alice Ward", never "Ben Cole , Alice Ward" (found by the
    # end-to-end journey: the comma sat on its own line in the template).
    named = minutes.split('app-minutes__recorded-vote">')[1].split("</dl>")[0]
    assert re.search(r"(Ben Cole|Alice Ward),\s+(Alice Ward|Ben Cole)", named)
    assert not re.search(r"\w\s+,", named)


def test_errors_follow_the_govuk_pattern_and_keep_what_was_typed(committee, client):
    c = committee
    resolution = held(committee)
    services.declaration_add(
        item=resolution.minute.item, person=c["ravi"], kind="dpi", nature="Director", left_room=False, by=c["clerk"]
    )
    client.force_login(c["clerk"])
    page = client.post(vote_url(resolution), {"result": "carried", "votes_for": "three"}).content.decode()
    assert "govuk-error-summary" in page and "Error: Record the vote" in page
    assert 'value="three"' in page
    assert "Enter the number of votes for as a whole number, like 3" in page
    assert "Enter the number of votes against, or 0" in page
    data = {"result": "carried", "recorded": "on", f"cast_{c['ravi'].pk}": "for", f"cast_{c['chair'].pk}": "for"}
    page = client.post(vote_url(resolution), data).content.decode()
    message = "Ravi Patel declared a disclosable pecuniary interest in this item and has no dispensation to vote"
    assert 'class="govuk-error-summary' in page and f'href="#id_cast_{c["ravi"].pk}' in page
    assert page.count(message) >= 2  # in the summary and on the field (the hint too)
    assert re.search(rf'name="cast_{c["ravi"].pk}"\s+value="for"[^>]*checked', page)
    assert not Vote.objects.exists()


def test_confirmed_minutes_offer_no_vote_and_refuse_one(committee, client):
    resolution = held(committee)
    record(committee, resolution)
    confirm(committee, resolution)
    client.force_login(committee["clerk"])
    minutes = client.get(minutes_url(resolution)).content.decode()
    assert "Carried (3 for, 1 against, 1 abstention)." in minutes and "Change the vote" not in minutes
    page = client.post(
        vote_url(resolution), {"result": "carried", "votes_for": "2", "votes_against": "1", "abstentions": "1"}
    ).content.decode()
    assert "The minutes were confirmed as a correct record" in page
    assert Vote.objects.get().votes_for == 3


# --- Who may record a vote, who may read it -------------------------------------------------------


def test_only_the_bodys_clerks_record_a_vote(committee, client):
    resolution = held(committee)
    data = {"result": "carried", "votes_for": "3", "votes_against": "1", "abstentions": "1"}
    assert client.post(vote_url(resolution), data).status_code == 302  # to sign in
    for person in (committee["chair"], UserFactory(roles=["democratic_services"])):
        client.force_login(person)
        assert client.post(vote_url(resolution), data).status_code in (403, 404)
    assert not Vote.objects.exists()
    client.force_login(committee["clerk"])
    assert client.post(vote_url(resolution), data).status_code == 302
    assert Vote.objects.exists()


def test_an_exempt_items_recorded_vote_never_reaches_the_public(committee, client):
    c = committee
    resolution = held(committee, exempt=True)
    named = {c["chair"]: "for", c["vice"]: "for", c["ravi"]: "against"}
    vote = record(committee, resolution, votes_for=2, votes_against=1, abstentions=0, named=named)
    member_vote = vote.member_votes.first()
    confirm(committee, resolution)
    outsider = MemberFactory().user
    other_clerk = UserFactory(roles=["democratic_services"])
    for person in (None, outsider, other_clerk):
        client.logout()
        if person is not None:
            client.force_login(person)
        minutes = client.get(minutes_url(resolution)).content.decode()
        assert "Leisure contract award" in minutes
        assert "Carried (2 for" not in minutes and "Recorded vote" not in minutes
        for record_ in (vote, member_vote):
            url = reverse("history", args=["scrutiny", record_._meta.model_name, record_.pk])
            assert client.get(url).status_code in (302, 403, 404)
    # The committee's members see it, and its history.
    client.force_login(c["jo"])
    minutes = client.get(minutes_url(resolution)).content.decode()
    assert "Carried (2 for, 1 against, 0 abstentions)." in minutes and "Recorded vote" in minutes
    assert client.get(reverse("history", args=["scrutiny", "vote", vote.pk])).status_code == 200


def test_a_draft_vote_is_for_the_committee_only(committee, client):
    resolution = held(committee)
    vote = record(committee, resolution)
    client.force_login(MemberFactory().user)
    assert "Carried (3 for" not in client.get(minutes_url(resolution)).content.decode()
    assert client.get(reverse("history", args=["scrutiny", "vote", vote.pk])).status_code in (403, 404)
    client.force_login(committee["clerk"])
    assert client.get(reverse("history", args=["scrutiny", "vote", vote.pk])).status_code == 200


# --- Query counts ---------------------------------------------------------------------------------


def test_the_minutes_page_query_count_does_not_grow_with_votes(committee, client, django_assert_num_queries):
    c = committee
    resolution = held(committee)
    minute = resolution.minute
    named = {c["chair"]: "for", c["vice"]: "against", c["ravi"]: "for"}
    record(committee, resolution, votes_for=2, votes_against=1, abstentions=0, named=named)
    client.force_login(c["clerk"])
    url = minutes_url(resolution)
    client.get(url)  # warm the per-process caches (content types, the site), which count once
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(6):
        more = services.resolution_add(minute=minute, text=f"Resolved {number}.", by=c["clerk"])
        record(
            committee,
            more,
            votes_for=2,
            votes_against=1,
            abstentions=1,
            named=None if number % 2 else named | {c["jo"]: "abstain"},
        )
    with django_assert_num_queries(len(few)):
        assert client.get(url).content.decode().count("Recorded vote") == 4


def test_the_minutes_show_who_did_not_take_part_beside_the_recorded_vote(committee, client):
    c = committee
    resolution = held(committee)
    services.declaration_add(
        item=resolution.minute.item, person=c["ravi"], kind="dpi", nature="Director", left_room=False, by=c["clerk"]
    )
    named = {c["chair"]: "for", c["vice"]: "for", c["jo"]: "against"}
    vote = record(committee, resolution, votes_for=2, votes_against=1, abstentions=0, named=named)
    client.force_login(c["clerk"])
    minutes = client.get(minutes_url(resolution)).content.decode()
    assert "Ravi Patel did not take part in the consideration of this item." in minutes
    assert "Carried (2 for, 1 against, 0 abstentions)." in minutes
    # The history page's field-by-field rule (``access.readable_fields``) knows votes too.
    assert access.readable_fields(c["jo"], vote) is None
    assert access.readable_fields(MemberFactory().user, vote) == set()
    assert access.readable_fields(MemberFactory().user, vote.member_votes.first()) == set()
