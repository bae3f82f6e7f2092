"""members.access: who manages a body, who sits on it, who sees it. Each rule as a story: the public,
the wrong role, the right role, and the right role on another body's record."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from council import permissions
from council.roles import Role
from members import access
from members.models import BodyKind
from scrutiny import access as scrutiny_access
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def audit():
    return BodyFactory(name="Audit Committee", kind=BodyKind.OVERVIEW_SCRUTINY)


@pytest.fixture
def other():
    return BodyFactory(name="Housing Scrutiny Committee", kind=BodyKind.OVERVIEW_SCRUTINY)


@pytest.fixture
def clerk(audit):
    person = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant(access.MANAGE_BODY, person, audit)
    return person


# Managing a body ------------------------------------------------------------------------------


def test_nobody_but_its_clerks_and_administrators_manages_a_body(audit, other, clerk):
    councillor = MemberFactory().user
    colleague = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])  # the right role, but not its clerk
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])

    assert not access.can_manage_body(AnonymousUser(), audit)
    assert not access.can_manage_body(councillor, audit)
    assert not access.can_manage_body(colleague, audit)
    assert access.can_manage_body(clerk, audit)
    assert not access.can_manage_body(clerk, other)
    assert access.can_manage_body(administrator, audit) and access.can_manage_body(administrator, other)
    assert access.manages_every_body(administrator) and not access.manages_every_body(clerk)

    assert list(access.bodies_managed(clerk)) == [audit]
    assert set(access.bodies_managed(administrator)) == {audit, other}
    assert not access.bodies_managed(AnonymousUser()).exists()
    assert list(access.bodies_managed(clerk, access.bodies_visible(clerk).exclude(pk=audit.pk))) == []


def test_the_bodies_a_person_clerks_are_granted_one_by_one_not_by_role(audit, other, clerk):
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    assert list(access.bodies_clerked(clerk)) == [audit]
    assert not access.bodies_clerked(administrator).exists()
    assert list(access.clerks_of(audit)) == [clerk]
    assert not access.clerks_of(other).exists()


def test_a_managed_body_is_fetched_through_the_permission(audit, other, clerk):
    assert access.managed_body_or_404(clerk, slug=audit.slug) == audit
    with pytest.raises(Http404):  # another body's is simply not found
        access.managed_body_or_404(clerk, slug=other.slug)
    with pytest.raises(PermissionDenied):  # one who manages nothing is refused
        access.managed_body_or_404(MemberFactory().user, slug=audit.slug)


# Sitting on a body ----------------------------------------------------------------------------


def test_a_current_member_sits_on_the_body_and_no_other(audit, other, today):
    member = MembershipFactory(body=audit, start_date=today - datetime.timedelta(days=30)).person
    assert access.sits_on(member, audit)
    assert access.sits_on(member, audit.pk)
    assert not access.sits_on(member, other)
    assert not access.sits_on(AnonymousUser(), audit)
    assert not access.sits_on(member, None)
    assert list(access.bodies_sat_on(member)) == [audit]


def test_a_former_member_no_longer_sits_on_the_body(audit, today):
    seat = MembershipFactory(
        body=audit, start_date=today - datetime.timedelta(days=365), end_date=today - datetime.timedelta(days=1)
    )
    assert not access.sits_on(seat.person, audit)
    assert not access.bodies_sat_on(seat.person).exists()
    assert not access.seats(seat.person).exists()
    assert access.sits_on(seat.person, audit, on=today - datetime.timedelta(days=1))  # they did, that day


def test_a_seat_lasts_to_the_end_of_its_last_day(audit, today):
    seat = MembershipFactory(body=audit, start_date=today - datetime.timedelta(days=10), end_date=today)
    assert access.sits_on(seat.person, audit)
    assert not access.sits_on(seat.person, audit, on=today + datetime.timedelta(days=1))


def test_a_member_appointed_from_a_later_day_does_not_sit_on_it_yet(audit, today):
    seat = MembershipFactory(body=audit, start_date=today + datetime.timedelta(days=7))
    assert not access.sits_on(seat.person, audit)
    assert access.sits_on(seat.person, audit, on=today + datetime.timedelta(days=7))


def test_clerking_a_body_is_not_sitting_on_it(audit, clerk):
    assert access.can_manage_body(clerk, audit)
    assert not access.sits_on(clerk, audit)


def test_scrutiny_asks_members_access_who_sits_on_a_body(audit, today):
    """The history of draft minutes is for the body's clerks and current members: a former member
    is refused the moment their seat has ended."""
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(body=audit)
    current = MembershipFactory(body=audit, start_date=today - datetime.timedelta(days=30)).person
    former = MembershipFactory(
        body=audit, start_date=today - datetime.timedelta(days=365), end_date=today - datetime.timedelta(days=1)
    ).person
    assert scrutiny_access.may_view_minutes_history(current, meeting)
    assert not scrutiny_access.may_view_minutes_history(former, meeting)
    assert not scrutiny_access.may_view_minutes_history(AnonymousUser(), meeting)


# Seeing bodies and councillors ----------------------------------------------------------------


def test_public_bodies_are_seen_by_everyone_and_the_others_by_role(audit):
    board = BodyFactory(kind=BodyKind.PROGRAMME_BOARD)
    officer = UserFactory(roles=[Role.OFFICER])
    assert set(access.bodies_visible(AnonymousUser())) == {audit}
    assert set(access.bodies_visible(officer)) == {audit, board}


def test_a_councillor_is_public_but_their_history_is_for_the_roles_that_may_read_it():
    councillor = MemberFactory()
    assert list(access.councillors_visible(AnonymousUser())) == [councillor]
    assert not access.can_view_history(AnonymousUser(), councillor)
    assert not access.can_view_history(UserFactory(), councillor)  # signed in, with no role
    assert access.can_view_history(UserFactory(roles=[Role.ADMINISTRATOR]), councillor)
