"""Reads for the elections pages: the list of elections, one election's results with the days the
terms start and end, and the seats left to fill by councillors who leave."""

from django.db.models import Count, Prefetch

from ..models import Contest, Election, Member, Membership, Portfolio, Result


def election_list():
    """Every election, newest first, with the wards contested (two queries whatever the count)."""
    return (
        Election.objects.latest_first()
        .annotate(wards=Count("contests"))
        .prefetch_related(Prefetch("contests", queryset=Contest.objects.select_related("ward").order_by("ward__name")))
    )


def election_results(election: Election) -> list[Contest]:
    """The election's wards, each with its results (councillor, ward, party) loaded."""
    results = Result.objects.select_related("member__user", "member__party").order_by(
        "outcome", "member__user__last_name"
    )
    return list(
        election.contests.select_related("ward")
        .order_by("ward__name")
        .prefetch_related(Prefetch("results", queryset=results))
    )


def seats_to_fill(members, last_day_of) -> list[Membership]:
    """The seats on bodies that ``members`` (leaving councillors) held up to their last day, as
    ``last_day_of(member)`` gives it: those the clerk must fill."""
    members = list(members)
    seats = (
        Membership.objects.filter(person__in=[m.user_id for m in members])
        .select_related("body", "person")
        .order_by("body__name", "person__last_name")
    )
    ends = {m.user_id: last_day_of(m) for m in members}
    return [seat for seat in seats if seat.end_date is not None and seat.end_date == ends.get(seat.person_id)]


def departing_in(contests) -> list[Member]:
    return [result.member for contest in contests for result in contest.results.all() if result.outcome == "departed"]


def portfolios_left(members) -> list[Portfolio]:
    return list(Portfolio.objects.filter(cabinet_member__in=list(members)).select_related("cabinet_member__user"))


def councillor_terms(member: Member) -> list[Result]:
    """The councillor's terms of office, from the elections that returned them (one query), latest first."""
    return list(
        member.election_results.taking_office()
        .select_related("contest__election", "contest__ward")
        .order_by("-contest__election__poll_date", "-pk")
    )
