"""Recording an election's result for a ward: who was elected or re-elected, and which sitting
councillors leave. One transaction; the invitations to new councillors are the caller's, after it
(a mail server that is down does not undo a result)."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction

from council import services as council_services
from council.errors import RuleError
from council.history import with_reason
from council.roles import Role

from ..models import Contest, Election, ElectionKind, Member, Membership, Outcome, Party, Result, Ward
from .terms import LeavingReason, end_term, last_day_in_office, term_starts_on


@dataclass(frozen=True)
class NewCouncillor:
    first_name: str
    last_name: str
    email: str
    party: Party | None = None
    field_prefix: str = ""  # the form's fields for this person, so an error lands on them


@dataclass
class RecordedResult:
    contest: Contest
    new_people: list = field(default_factory=list)
    seats_to_fill: list[Membership] = field(default_factory=list)


@transaction.atomic
def election_record_result(
    *,
    by,
    kind: str,
    poll_date: datetime.date,
    ward: Ward,
    turnout=None,
    next_poll_date: datetime.date | None = None,
    re_elected=(),
    new_councillors: list[NewCouncillor] | tuple = (),
    departing=(),
) -> RecordedResult:
    """Record ``ward``'s result at the ``kind`` election held on ``poll_date``.

    Those elected come into office on the fourth day after the poll; those departing retire that
    day, so the third is their last (their seats on bodies end with it). A by-election's winner
    serves what is left of the seat's ordinary term: like every councillor elected, until the
    retirement day after ``next_poll_date`` (the next ordinary election), if it is known.
    """
    re_elected, departing = list(re_elected), list(departing)
    if next_poll_date and next_poll_date <= poll_date:
        raise RuleError("The next ordinary election must be after this one", field="next_poll_date")
    if not re_elected and not new_councillors:
        raise RuleError("Choose who was elected: a sitting councillor re-elected or a new councillor")
    if kind == ElectionKind.BY_ELECTION and re_elected:
        raise RuleError("A by-election fills an empty seat: no sitting councillor is re-elected", field="re_elected")
    both = set(re_elected) & set(departing)
    if both:
        raise RuleError(f"{sorted(both, key=str)[0]} cannot be both re-elected and leaving", field="departing")
    sitting = Member.objects.current(poll_date).filter(ward=ward)
    for chosen, name in ((re_elected, "re_elected"), (departing, "departing")):
        for member in chosen:
            if not sitting.filter(pk=member.pk).exists():
                raise RuleError(f"{member} was not a sitting councillor for {ward} on the day of the poll", field=name)

    election = Election.objects.select_for_update().filter(kind=kind, poll_date=poll_date).first()
    if election is None:
        election = Election(kind=kind, poll_date=poll_date, next_poll_date=next_poll_date, recorded_by=by)
        with_reason(election, "Election recorded", by=by).save()
    elif next_poll_date and election.next_poll_date != next_poll_date:
        election.next_poll_date = next_poll_date
        with_reason(election, "Next ordinary election changed", by=by).save()
    if election.contests.filter(ward=ward).exists():
        raise RuleError(f"The result for {ward} at this election has already been recorded", field="ward")
    contest = Contest(election=election, ward=ward, turnout=turnout)
    with_reason(contest, "Result recorded", by=by).save()

    starts = term_starts_on(poll_date)
    ends = last_day_in_office(election.next_poll_date) if election.next_poll_date else None
    recorded = RecordedResult(contest=contest)
    for member in re_elected:
        member.elected_on, member.term_starts_on, member.term_ends_on = poll_date, starts, ends
        with_reason(member, f"Re-elected: {election}", by=by).save()
        _restore_councillor_role(member.user, by=by)
        _result(contest, member, Outcome.RE_ELECTED, starts, ends, by)
    for newcomer in new_councillors:
        try:
            person = council_services.person_create(
                by=by,
                email=newcomer.email,
                first_name=newcomer.first_name,
                last_name=newcomer.last_name,
                roles=[Role.COUNCILLOR],
            )
        except RuleError as error:
            raise RuleError(error.message, field=f"{newcomer.field_prefix}email" if error.field else None) from None
        member = Member(
            user=person, ward=ward, party=newcomer.party, elected_on=poll_date, term_starts_on=starts, term_ends_on=ends
        )
        with_reason(member, f"Elected: {election}", by=by).save()
        _result(contest, member, Outcome.ELECTED, starts, ends, by)
        recorded.new_people.append(person)
    last_day = last_day_in_office(poll_date)
    for member in departing:
        recorded.seats_to_fill += end_term(member=member, last_day=last_day, reason=LeavingReason.ELECTION, by=by)
        _result(contest, member, Outcome.DEPARTED, None, last_day, by)
    return recorded


def _restore_councillor_role(person, *, by) -> None:
    """A result recorded after the old term's last day finds the councillor's role already taken
    back by the daily task (terms.withdraw_access): being re-elected gives it back."""
    councillor = Group.objects.get(name=Role.COUNCILLOR.value)
    if not person.groups.filter(pk=councillor.pk).exists():
        person.groups.add(councillor)
        with_reason(person, "Roles changed: added Councillor (re-elected)", by=by).save()


def _result(contest, member, outcome, starts, ends, by) -> Result:
    result = Result(contest=contest, member=member, outcome=outcome, term_starts_on=starts, term_ends_on=ends)
    with_reason(result, "Result recorded", by=by).save()
    return result
