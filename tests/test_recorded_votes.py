"""Votes on resolutions (issue 13): the result and counts the clerk minutes, recorded (named) votes,
who may vote (present in person, substitutes standing in, not barred by an interest), the casting
vote, confirmed minutes, the pages, the exempt rule, history and query counts."""

import datetime

import pytest
from django.utils import timezone

from council.errors import RuleError
from members.models import MembershipRole
from scrutiny import services
from scrutiny.models import MemberVote, Vote
from tests.agenda_interests_kit import dispensation_for, interest_for
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory

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
