"""Terms of office: the legal days, councillors leaving, by-elections, and access withdrawn after."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from council import permissions
from council.errors import RuleError
from council.history import timeline
from council.roles import Role
from members.models import BodyKind, ElectionKind, Member, Membership, MembershipRole, Outcome
from members.services import elections, terms
from members.tasks import withdraw_access_after_terms
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, PortfolioFactory, UserFactory, WardFactory

D = datetime.date
POLL = D(2027, 5, 6)  # a Thursday


@pytest.fixture
def clerk(db):
    return UserFactory(roles=[Role.DEMOCRATIC_SERVICES], first_name="Emma", last_name="Clarke")


# The legal days (LGA 1972 s.7): calendar days, whatever the day of the week or bank holidays.


@pytest.mark.parametrize(
    ("poll", "first_day", "last_day"),
    [
        (D(2027, 5, 6), D(2027, 5, 10), D(2027, 5, 9)),  # Thursday poll: in office Monday, leavers' last day Sunday
        (D(2023, 5, 4), D(2023, 5, 8), D(2023, 5, 7)),  # 8 May 2023 was a bank holiday: it still counts
        (D(2026, 12, 31), D(2027, 1, 4), D(2027, 1, 3)),  # across a year's end
        (D(2028, 2, 26), D(2028, 3, 1), D(2028, 2, 29)),  # a leap day is the last day
    ],
)
def test_term_starts_on_the_fourth_day_after_the_poll_and_leavers_last_day_is_the_third(poll, first_day, last_day):
    assert terms.term_starts_on(poll) == first_day
    assert terms.last_day_in_office(poll) == last_day
    assert (first_day - poll).days == 4 and (first_day - last_day).days == 1


def test_an_ordinary_election_starts_the_new_terms_and_ends_the_departing_ones(clerk):
    ward = WardFactory(name="Abbey")
    stays, leaves = MemberFactory(ward=ward), MemberFactory(ward=ward)
    recorded = elections.election_record_result(
        by=clerk,
        kind=ElectionKind.ORDINARY,
        poll_date=POLL,
        ward=ward,
        turnout="34.5",
        next_poll_date=D(2031, 5, 1),
        re_elected=[stays],
        new_councillors=[elections.NewCouncillor("Ada", "Lovelace", "ada@northbridge.example")],
        departing=[leaves],
    )
    stays.refresh_from_db()
    leaves.refresh_from_db()
    newcomer = Member.objects.get(user__email="ada@northbridge.example")
    assert (stays.elected_on, stays.term_starts_on, stays.term_ends_on) == (POLL, D(2027, 5, 10), D(2031, 5, 4))
    assert (newcomer.term_starts_on, newcomer.term_ends_on, newcomer.ward) == (D(2027, 5, 10), D(2031, 5, 4), ward)
    assert newcomer.user.groups.filter(name=Role.COUNCILLOR).exists()
    assert leaves.term_ends_on == D(2027, 5, 9)
    assert Member.objects.current(D(2027, 5, 9)).filter(pk=leaves.pk).exists()
    assert not Member.objects.current(D(2027, 5, 10)).filter(pk=leaves.pk).exists()
    outcomes = {r.member_id: r.outcome for r in recorded.contest.results.all()}
    assert outcomes == {stays.pk: Outcome.RE_ELECTED, newcomer.pk: Outcome.ELECTED, leaves.pk: Outcome.DEPARTED}
    entry = timeline(recorded.contest.election)[0]
    assert (entry.who, entry.reason) == ("Emma Clarke", "Election recorded")


def test_a_by_election_ends_one_term_and_starts_another_on_the_right_days(clerk):
    ward = WardFactory(name="Riverside")
    resigned = MemberFactory(ward=ward)
    terms.end_term(member=resigned, last_day=D(2026, 9, 14), reason=terms.LeavingReason.RESIGNED, by=clerk)
    recorded = elections.election_record_result(
        by=clerk,
        kind=ElectionKind.BY_ELECTION,
        poll_date=D(2026, 11, 5),
        ward=ward,
        next_poll_date=POLL,  # the seat's ordinary term ends at the next ordinary election
        new_councillors=[elections.NewCouncillor("Grace", "Hopper", "grace@northbridge.example")],
    )
    resigned.refresh_from_db()
    winner = recorded.contest.results.get().member
    assert resigned.term_ends_on == D(2026, 9, 14)
    assert winner.term_starts_on == D(2026, 11, 9)  # the fourth day after the by-election
    assert winner.term_ends_on == D(2027, 5, 9)  # when the seat's ordinary term would have ended
    assert Member.objects.current(D(2026, 11, 9)).filter(ward=ward).get() == winner


def test_a_by_election_re_elects_nobody(clerk):
    member = MemberFactory()
    with pytest.raises(RuleError, match="by-election fills an empty seat"):
        elections.election_record_result(
            by=clerk, kind=ElectionKind.BY_ELECTION, poll_date=POLL, ward=member.ward, re_elected=[member]
        )


def test_a_councillor_of_another_ward_cannot_be_recorded(clerk):
    other = MemberFactory()
    with pytest.raises(RuleError, match="not a sitting councillor"):
        elections.election_record_result(
            by=clerk, kind=ElectionKind.ORDINARY, poll_date=POLL, ward=WardFactory(), re_elected=[other]
        )


def test_a_ward_result_is_recorded_once(clerk):
    member = MemberFactory()
    elections.election_record_result(
        by=clerk, kind=ElectionKind.ORDINARY, poll_date=POLL, ward=member.ward, re_elected=[member]
    )
    with pytest.raises(RuleError, match="already been recorded"):
        elections.election_record_result(
            by=clerk, kind=ElectionKind.ORDINARY, poll_date=POLL, ward=member.ward, re_elected=[member]
        )


def test_departing_members_seats_end_on_their_last_day_and_later_ones_are_withdrawn(clerk):
    leaving = MemberFactory()
    scrutiny = BodyFactory(name="Environment O&S")
    seat = MembershipFactory(body=scrutiny, person=leaving.user, role=MembershipRole.CHAIR, start_date=D(2026, 5, 20))
    later = MembershipFactory(person=leaving.user, start_date=D(2027, 5, 20))
    already_over = MembershipFactory(person=leaving.user, start_date=D(2024, 5, 20), end_date=D(2025, 5, 19))
    recorded = elections.election_record_result(
        by=clerk,
        kind=ElectionKind.ORDINARY,
        poll_date=POLL,
        ward=leaving.ward,
        new_councillors=[elections.NewCouncillor("Ada", "Lovelace", "ada@northbridge.example")],
        departing=[leaving],
    )
    seat.refresh_from_db()
    assert seat.end_date == D(2027, 5, 9)
    assert not Membership.objects.filter(pk=later.pk).exists()
    assert Membership.objects.get(pk=already_over.pk).end_date == D(2025, 5, 19)
    assert {s.body for s in recorded.seats_to_fill} == {scrutiny, later.body}
    assert timeline(seat)[0].reason == "Term of office ended: not re-elected or stood down at the election"
    # The Chair's seat is free for the successor from the day after.
    other = MemberFactory().user
    MembershipFactory(body=scrutiny, person=other, role=MembershipRole.CHAIR, start_date=D(2027, 5, 10))


def test_end_term_refuses_a_last_day_before_the_term_started(clerk):
    member = MemberFactory(term_starts_on=D(2023, 5, 8))
    with pytest.raises(RuleError, match="took office"):
        terms.end_term(member=member, last_day=D(2023, 5, 1), reason="resigned", by=clerk)


# Access withdrawn the day after the last day, by the daily task.


@pytest.fixture
def leaving_cabinet_member(db, clerk):
    member = MemberFactory(user=UserFactory(roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]))
    portfolio = PortfolioFactory(cabinet_member=member, title="Corporate Services")
    body = BodyFactory(kind=BodyKind.WORKING_GROUP)
    permissions.grant("members.change_body", member.user, body, by=clerk, reason="For the test")
    terms.end_term(member=member, last_day=D(2026, 12, 6), reason=terms.LeavingReason.DIED, by=clerk)
    member.refresh_from_db()
    return member, portfolio, body


def _access(member, body):
    user = type(member.user).objects.get(pk=member.user.pk)  # fresh: roles are cached on the user
    return (
        sorted(user.groups.values_list("name", flat=True)),
        permissions.granted(user, type(body).objects.all(), "members.change_body").exists(),
    )


def test_roles_and_grants_stay_until_the_last_day_is_over(leaving_cabinet_member):
    member, portfolio, body = leaving_cabinet_member
    assert terms.withdraw_access_due(today=D(2026, 12, 6)) == 0
    assert _access(member, body) == (["Cabinet Member", "Councillor"], True)


def test_the_task_withdraws_roles_grants_and_portfolio_the_day_after_and_twice_is_safe(leaving_cabinet_member):
    member, portfolio, body = leaving_cabinet_member
    with mock.patch("members.services.terms._today", return_value=D(2026, 12, 7)):
        assert withdraw_access_after_terms() == 1
        assert withdraw_access_after_terms() == 0
    assert _access(member, body) == ([], False)
    portfolio.refresh_from_db()
    assert portfolio.cabinet_member is None
    entry = timeline(member.user)[0]
    assert entry.who == "System"
    assert entry.reason == "Roles changed: removed Cabinet Member, Councillor (term of office ended)"
    assert len([e for e in timeline(member.user) if e.reason.startswith("Roles changed")]) == 1
    # The person and their record stay.
    assert Member.objects.filter(pk=member.pk).exists()
    assert not Member.objects.current(D(2026, 12, 7)).filter(pk=member.pk).exists()


def test_a_grant_given_by_mistake_after_the_term_is_taken_back_on_the_next_run(leaving_cabinet_member):
    member, portfolio, body = leaving_cabinet_member
    terms.withdraw_access_due(today=D(2026, 12, 7))
    permissions.grant("members.change_body", member.user, body)
    assert terms.withdraw_access_due(today=D(2026, 12, 8)) == 1
    assert _access(member, body) == ([], False)


def test_revoke_all_grants_records_why_in_the_grant_history(clerk):
    person = UserFactory()
    body = BodyFactory()
    permissions.grant("members.change_body", person, body, by=clerk, reason="Clerk assigned")
    assert permissions.revoke_all_grants(person, reason="Term of office ended") == 1
    assert permissions.revoke_all_grants(person, reason="Term of office ended") == 0
    grants = body.bodyuserobjectpermission_set.model.history.filter(user=person).order_by("-history_date")
    assert grants[0].history_type == "-" and grants[0].history_change_reason == "Term of office ended"


def test_the_withdrawal_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["members-withdraw-access-after-terms"]
    assert entry["task"] == "members.tasks.withdraw_access_after_terms"
    assert entry["schedule"].hour == {0}


def test_a_mail_failure_on_the_invitation_does_not_lose_the_result(client_for, clerk, settings):
    ward = WardFactory(name="Castle")
    client = client_for(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    with mock.patch("council.mail.CeleryEmailBackend.send_messages", side_effect=OSError("mail is down")):
        response = client.post(
            reverse("members:election-record"),
            {
                "kind": ElectionKind.BY_ELECTION,
                "poll_date": "2026-11-05",
                "ward": ward.pk,
                "new_1_first_name": "Grace",
                "new_1_last_name": "Hopper",
                "new_1_email": "grace@northbridge.example",
            },
            follow=True,
        )
    assert response.status_code == 200
    assert Member.objects.filter(user__email="grace@northbridge.example", ward=ward).exists()
    assert "could not be sent" in response.content.decode()


def test_the_demo_council_records_its_last_ordinary_election(demo_council):
    from members.demo import TERM_ENDS_ON, WARDS
    from members.models import Election

    election = Election.objects.get(kind=ElectionKind.ORDINARY, poll_date=D(2023, 5, 4))
    assert election.contests.count() == len(WARDS)
    councillors = Member.objects.current(D(2026, 12, 6))
    assert {r.member_id for c in election.contests.all() for r in c.results.all()} == set(
        councillors.values_list("pk", flat=True)
    )
    assert terms.last_day_in_office(election.next_poll_date) == TERM_ENDS_ON
    assert all(m.term_starts_on == terms.term_starts_on(election.poll_date) for m in councillors)


def test_a_re_election_recorded_after_the_old_term_ended_gives_the_councillor_role_back(clerk):
    member = MemberFactory(term_ends_on=D(2027, 5, 9))
    terms.withdraw_access_due(today=D(2027, 5, 11))
    assert not member.user.groups.filter(name=Role.COUNCILLOR).exists()
    elections.election_record_result(
        by=clerk, kind=ElectionKind.ORDINARY, poll_date=POLL, ward=member.ward, re_elected=[member]
    )
    assert member.user.groups.filter(name=Role.COUNCILLOR).exists()
    assert timeline(member.user)[0].reason == "Roles changed: added Councillor (re-elected)"
    member.refresh_from_db()
    assert Member.objects.current(D(2027, 5, 12)).filter(pk=member.pk).exists()
