"""The demo council's last ordinary election: 4 May 2023, every ward contested, the councillors in
office today elected then. Their terms (already on their records) end at the 2027 election. Loading
only adds what is missing, so it is safe to run again."""

import datetime

from council.history import with_reason

from ..models import Contest, Election, ElectionKind, Member, Outcome, Result, Ward
from ..services.terms import last_day_in_office, term_starts_on
from .people import ELECTED_ON, REASON, WARDS

NEXT_POLL = datetime.date(2027, 5, 6)
#: Turnout by ward, as a council's results page would give it (percent).
TURNOUT = {"Abbey": "38.2", "Castle": "41.5", "Northgate": "27.9", "Riverside": "33.4", "Westfield": "36.1"}


def load_last_election(recorded_by) -> Election:
    election = Election.objects.filter(kind=ElectionKind.ORDINARY, poll_date=ELECTED_ON).first()
    if election is None:
        election = Election(
            kind=ElectionKind.ORDINARY, poll_date=ELECTED_ON, next_poll_date=NEXT_POLL, recorded_by=recorded_by
        )
        with_reason(election, REASON, by=recorded_by).save()
    members = Member.objects.filter(elected_on=ELECTED_ON).select_related("ward")
    by_ward: dict[int, list[Member]] = {}
    for member in members:
        by_ward.setdefault(member.ward_id, []).append(member)
    for ward in Ward.objects.filter(name__in=WARDS):
        contest = election.contests.filter(ward=ward).first()
        if contest is None:
            contest = Contest(election=election, ward=ward, turnout=TURNOUT.get(ward.name))
            with_reason(contest, REASON, by=recorded_by).save()
        for member in by_ward.get(ward.pk, []):
            if not contest.results.filter(member=member).exists():
                result = Result(
                    contest=contest,
                    member=member,
                    outcome=Outcome.ELECTED,
                    term_starts_on=term_starts_on(ELECTED_ON),
                    term_ends_on=last_day_in_office(NEXT_POLL),
                )
                with_reason(result, REASON, by=recorded_by).save()
    return election
