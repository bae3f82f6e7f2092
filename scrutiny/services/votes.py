"""The vote on a resolution, as the clerk minutes it.

Only members of the body present in person and substitutes standing in vote (LGA 1972 Sch.12:
remote attendance in England is not attendance); a member with a disclosable pecuniary interest in
the item votes only if a dispensation allows it (Localism Act 2011 ss.31(4), 33). A recorded vote
names how each member voted, and its counts are those names. The Chair (or whoever chaired) has a
second, casting vote, only when the votes are equal. At the budget meeting every vote is a recorded
vote (The Local Authorities (Standing Orders) (England) (Amendment) Regulations 2014). Like the rest
of the minutes, a vote is final once the minutes are confirmed.
"""

from django.db import transaction

from council.errors import RuleError
from council.history import saved_by, with_reason

from ..models import Cast, MemberVote, Resolution, Vote, VoteResult
from ..selectors.votes import voting_roll
from .minutes import _check_minutes_open, _locked_meeting


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@transaction.atomic
def vote_record(
    *,
    resolution: Resolution,
    result: str,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    by,
    named: dict | None = None,
    casting_vote_by=None,
) -> Vote:
    """Record (or re-record) the vote on ``resolution``. ``named``: for a recorded vote, each voting
    member (a person) and how they voted (``Cast``); ``None`` for a show of hands."""
    resolution = Resolution.objects.select_related("minute__item__meeting").get(pk=resolution.pk)
    item = resolution.minute.item
    _check_minutes_open(_locked_meeting(item.meeting_id))
    if item.meeting.budget_meeting and named is None:
        # The Local Authorities (Standing Orders) (England) (Amendment) Regulations 2014.
        raise RuleError(
            "This is the budget meeting, where every vote is a recorded vote: record how each member voted "
            "(The Local Authorities (Standing Orders) (England) (Amendment) Regulations 2014)",
            field="recorded",
        )
    if result not in VoteResult.values:
        raise RuleError("Select whether the resolution was carried or lost", field="result")
    counts = {"votes_for": votes_for, "votes_against": votes_against, "abstentions": abstentions}
    for field, count in counts.items():
        if count is None or count < 0:
            raise RuleError("Enter the number of votes, 0 or more", field=field)
    roll = {voter.person.pk: voter for voter in voting_roll(item)}
    entitled = [voter for voter in roll.values() if voter.entitled]
    if named is not None:
        if not named:
            raise RuleError("Record how each member voted in the recorded vote")
        for person, cast in named.items():
            voter = roll.get(person.pk)
            if voter is None:
                name = person.get_full_name() or person.email
                raise RuleError(f"{name} was not recorded as present at the meeting", field=f"cast_{person.pk}")
            if not voter.entitled:
                raise RuleError(voter.refusal, field=f"cast_{person.pk}")
            if cast not in Cast.values:
                raise RuleError("Select for, against or abstained", field=f"cast_{person.pk}")
        tally = [sum(1 for cast in named.values() if cast == value) for value in (Cast.FOR, Cast.AGAINST, Cast.ABSTAIN)]
        if tally != [votes_for, votes_against, abstentions]:
            raise RuleError(
                f"The counts must be those of the recorded vote: {tally[0]} for, {tally[1]} against, "
                f"{_plural(tally[2], 'abstention')}",
                field="votes_for",
            )
    total = votes_for + votes_against + abstentions
    if total > len(entitled):
        raise RuleError(
            f"{_plural(total, 'vote')} recorded, but only {len(entitled)} of those present may vote on this item",
            field="votes_for",
        )
    if result == VoteResult.CARRIED and votes_for <= votes_against:
        raise RuleError("A resolution is carried only with more votes for than against", field="result")
    if result == VoteResult.LOST and votes_for > votes_against:
        raise RuleError("With more votes for than against, the resolution was carried", field="result")
    if result == VoteResult.CARRIED_ON_CASTING_VOTE:
        _check_casting_vote(votes_for, votes_against, casting_vote_by, roll)
    else:
        casting_vote_by = None
    vote = Vote.objects.filter(resolution=resolution).first() or Vote(resolution=resolution)
    fields = {"result": result, **counts, "recorded": named is not None, "casting_vote_by": casting_vote_by}
    changed = vote.pk is None or any(getattr(vote, field) != value for field, value in fields.items())
    for field, value in fields.items():
        setattr(vote, field, value)
    if changed:
        saved_by(vote, by, "Vote recorded" if vote.pk is None else "Vote changed")
    _record_names(vote, named or {}, by)
    return vote


def _check_casting_vote(votes_for: int, votes_against: int, casting_vote_by, roll: dict) -> None:
    if votes_for != votes_against:
        raise RuleError("The Chair has a casting vote only when the votes are equal", field="result")
    if casting_vote_by is None:
        raise RuleError("Select who chaired the meeting and gave the casting vote", field="casting_vote_by")
    voter = roll.get(casting_vote_by.pk)
    if voter is None or not voter.entitled:
        name = casting_vote_by.get_full_name() or casting_vote_by.email
        reason = voter.refusal if voter else f"{name} was not recorded as present at the meeting"
        raise RuleError(f"{reason}, so cannot give a casting vote", field="casting_vote_by")
    chair = next((v for v in roll.values() if v.is_chair and v.entitled), None)
    if chair is not None and chair.person.pk != casting_vote_by.pk:
        name = chair.person.get_full_name() or chair.person.email
        raise RuleError(
            f"The Chair, {name}, was present and may vote on this item: only the Chair has the casting vote",
            field="casting_vote_by",
        )


def _record_names(vote: Vote, named: dict, by) -> None:
    """Each named vote saved, changed or taken away, so that each change shows in the history."""
    existing = {mv.person_id: mv for mv in vote.member_votes.select_for_update()}
    for person, cast in named.items():
        member_vote = existing.pop(person.pk, None)
        if member_vote is None:
            saved_by(MemberVote(vote=vote, person=person, cast=cast), by, "Vote recorded")
        elif member_vote.cast != cast:
            member_vote.cast = cast
            saved_by(member_vote, by, "Vote changed")
    for member_vote in existing.values():
        with_reason(member_vote, "Taken out of the recorded vote", by=by).delete()
