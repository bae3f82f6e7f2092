"""Councillors' terms of office: the legal days, a councillor leaving, and what leaving withdraws.

Local Government Act 1972, s.7 (and Sch.2 para.6 for London): councillors retire on the **fourth
day after** the ordinary day of election, and those newly elected come into office on the day their
predecessors retire. The days are calendar days: neither the 1972 Act's s.7 nor the Representation of
the People Act 1983 moves them for weekends or bank holidays (RPA 1983 s.119 and the election rules'
timetable skip those days only for steps up to the poll). See docs/decisions/0013-terms-of-office.md.
"""

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import formats, timezone

from council import permissions
from council.errors import RuleError
from council.history import with_reason
from council.roles import Role

from ..models import Member, Membership, Portfolio
from .memberships import membership_end

#: Councillors come into office, and their predecessors retire, on the fourth day after the poll.
TAKES_OFFICE_AFTER = datetime.timedelta(days=4)

#: The roles a councillor holds because they are one; taken back when their term is over.
COUNCILLOR_ROLES = (Role.COUNCILLOR, Role.CABINET_MEMBER)


class LeavingReason:
    """Why a councillor leaves: the words their history and the seats' histories record."""

    ELECTION = "not re-elected or stood down at the election"
    RESIGNED = "resigned"
    DIED = "died"
    DISQUALIFIED = "disqualified"

    #: Between elections (a casual vacancy, LGA 1972 s.86-89): what Democratic Services records by hand.
    CASUAL = (("resigned", "Resigned"), ("died", "Died"), ("disqualified", "Disqualified"))


def term_starts_on(poll_date: datetime.date) -> datetime.date:
    """The first day in office of a councillor elected at a poll on ``poll_date``: the fourth day
    after it, whatever day of the week (LGA 1972 s.7)."""
    return poll_date + TAKES_OFFICE_AFTER


def last_day_in_office(poll_date: datetime.date) -> datetime.date:
    """The last day in office of a councillor who retires at the poll on ``poll_date``: they retire
    on the fourth day after it, the day their successors come into office, so the third is their
    last."""
    return term_starts_on(poll_date) - datetime.timedelta(days=1)


def _today() -> datetime.date:
    return timezone.localdate()


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def seats_held_after(member: Member, last_day: datetime.date):
    """The seats on bodies ``member`` holds after ``last_day``: those to end (or withdraw) when their
    term ends, and the clerk's seats to fill."""
    return (
        Membership.objects.filter(person=member.user)
        .not_ended(last_day + datetime.timedelta(days=1))
        .select_related("body")
        .order_by("body__name")
    )


@transaction.atomic
def end_term(*, member: Member, last_day: datetime.date, reason: str, by) -> list[Membership]:
    """End ``member``'s term of office on ``last_day`` (their last day as a councillor) because of
    ``reason``, and their seats on bodies with it.

    A seat that lasts beyond ``last_day`` ends that day; one appointed to start later is withdrawn.
    Their sign-in roles and grants are taken back the day after by ``withdraw_access`` (a daily
    task). Their record stays in every minute, attendance and decision. Returns the seats ended or
    withdrawn: the seats the clerk must fill.
    """
    member = Member.objects.select_for_update().select_related("user").get(pk=member.pk)
    was_last_day = member.term_ends_on
    if was_last_day and was_last_day < _today() and last_day != was_last_day:
        # Reopening a past term would make a former councillor serving again, without an election.
        raise RuleError(f"{member}'s term of office already ended on {_date(was_last_day)}", field="member")
    # A term with no recorded first day began no earlier than the poll that elected them.
    began = member.term_starts_on or member.elected_on
    if began and last_day < began:
        took = "took office" if member.term_starts_on else "were elected"
        raise RuleError(f"{member} {took} on {_date(began)}: their last day cannot be before that", field="last_day")
    member.term_ends_on = last_day
    with_reason(member, f"Term ended: {reason}", by=by).save()
    history_reason = f"Term of office ended: {reason}"
    ended = []
    for seat in seats_held_after(member, last_day):
        if seat.start_date > last_day:
            with_reason(seat, "Appointment withdrawn: term of office ended", by=by).delete()
        else:
            membership_end(membership=seat, end_date=last_day, by=by, reason=history_reason)
        ended.append(seat)
    return ended


def portfolios_of(member: Member):
    return Portfolio.objects.filter(cabinet_member=member)


@transaction.atomic
def withdraw_access(*, member: Member, today: datetime.date | None = None) -> bool:
    """From the day after a councillor's last day: take back their Councillor and Cabinet Member
    roles, their object grants (confidential papers, shared records; unless they also hold a staff
    role, whose grants are their job's) and their portfolios. Recorded
    in each history as the system's change, "term ended"; the person and their history are kept.

    Nothing happens before that day, and a second call changes nothing. Returns whether anything was
    taken back.
    """
    today = today or _today()
    if member.term_ends_on is None or member.term_ends_on >= today:
        return False
    person = member.user
    reason = "Term of office ended"
    held = list(person.groups.filter(name__in=[role.value for role in COUNCILLOR_ROLES]).order_by("name"))
    changed = False
    if held:
        person.groups.remove(*held)
        names = ", ".join(group.name for group in held)
        with_reason(person, f"Roles changed: removed {names} ({reason.lower()})").save()
        changed = True
    # Someone who also works for the council (an officer, a clerk) holds their grants for that job:
    # a former councillor employed later must not lose them every night. Their roles are the
    # Administrator's to review on their page.
    staff = person.groups.exclude(name__in=[role.value for role in COUNCILLOR_ROLES]).filter(
        name__in=[role.value for role in Role]
    )
    if not staff.exists() and permissions.revoke_all_grants(person, reason=reason):
        changed = True
    for portfolio in portfolios_of(member):
        portfolio.cabinet_member = None
        with_reason(portfolio, f"Cabinet Member left: {reason.lower()}").save()
        changed = True
    return changed


def withdraw_access_due(today: datetime.date | None = None) -> int:
    """Withdraw access for every councillor whose term is over and who still holds a councillor's
    role, a grant or a portfolio. Returns how many were changed."""
    today = today or _today()
    former = Member.objects.filter(term_ends_on__lt=today)
    roles = Group.objects.filter(name__in=[role.value for role in COUNCILLOR_ROLES])
    due = set(former.filter(user__groups__in=roles).values_list("pk", flat=True))
    due |= set(former.filter(portfolios__isnull=False).values_list("pk", flat=True))
    due |= set(former.filter(user__in=permissions.users_with_grants()).values_list("pk", flat=True))
    changed = 0
    for member in Member.objects.filter(pk__in=due).select_related("user"):
        changed += withdraw_access(member=member, today=today)
    return changed
