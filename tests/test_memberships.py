"""Committee memberships and clerks: the rules at their boundaries, then the pages that use them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from council import permissions
from council.errors import RuleError
from council.roles import Role
from members import services
from members.models import BodyKind, BodyUserObjectPermission, Membership, MembershipRole
from tests.factories import (
    BodyFactory,
    MemberFactory,
    MembershipFactory,
    OfficerFactory,
    PortfolioFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MAY_20 = datetime.date(2025, 5, 20)
MAY_31 = datetime.date(2026, 5, 31)
JUNE_1 = datetime.date(2026, 6, 1)


@pytest.fixture
def clerk():
    return UserFactory(first_name="Priya", last_name="Shah", roles=[Role.DEMOCRATIC_SERVICES])


@pytest.fixture
def scrutiny():
    return BodyFactory(name="Overview and Scrutiny Committee", kind=BodyKind.OVERVIEW_SCRUTINY)


def add(body, person, role=MembershipRole.MEMBER, start=MAY_20, end=None, by=None):
    return services.membership_add(body=body, person=person, role=role, start_date=start, end_date=end, by=by)


def refused(call) -> RuleError:
    with pytest.raises(RuleError) as error:
        call()
    return error.value


# Adding a member ------------------------------------------------------------------------------


def test_a_membership_is_added_with_who_added_it(scrutiny, clerk):
    person = MemberFactory().user
    membership = add(scrutiny, person, by=clerk)
    record = membership.history.get()
    assert record.history_user == clerk
    assert record.history_change_reason == "Membership added"


def test_sharing_a_single_day_with_a_membership_counts_as_overlapping(scrutiny):
    person = MemberFactory(user__first_name="Alan", user__last_name="McLain").user
    add(scrutiny, person, start=MAY_20, end=MAY_31)

    error = refused(lambda: add(scrutiny, person, start=MAY_31))
    assert error.message == (
        "Alan McLain is already a member of Overview and Scrutiny Committee from 20 May 2025 to 31 May 2026"
    )
    assert error.field == "person"
    add(scrutiny, person, start=JUNE_1)  # the day after is a new term
    assert scrutiny.memberships.count() == 2


def test_an_earlier_term_must_end_before_an_open_ended_one_starts(scrutiny):
    person = MemberFactory().user
    add(scrutiny, person, start=JUNE_1)
    error = refused(lambda: add(scrutiny, person, start=MAY_20, end=JUNE_1))
    assert error.message.endswith("from 1 June 2026")
    add(scrutiny, person, start=MAY_20, end=MAY_31)


def test_the_same_person_may_sit_on_another_body_at_the_same_time(scrutiny):
    person = MemberFactory().user
    add(scrutiny, person)
    working_group = BodyFactory(kind=BodyKind.WORKING_GROUP)
    add(working_group, person)
    seats = Membership.objects.filter(person=person, end_date__isnull=True)
    assert {seat.body for seat in seats} == {scrutiny, working_group}


def test_a_chair_until_31_may_and_a_new_chair_from_1_june_is_fine(scrutiny):
    add(scrutiny, MemberFactory().user, role=MembershipRole.CHAIR, start=MAY_20, end=MAY_31)
    add(scrutiny, MemberFactory().user, role=MembershipRole.CHAIR, start=JUNE_1)
    assert scrutiny.memberships.filter(role=MembershipRole.CHAIR).count() == 2


def test_a_second_chair_whose_dates_overlap_is_refused_naming_the_chair(scrutiny):
    chair = MemberFactory(user__first_name="Michael", user__last_name="Brennan").user
    add(scrutiny, chair, role=MembershipRole.CHAIR, start=MAY_20, end=MAY_31)

    error = refused(lambda: add(scrutiny, MemberFactory().user, role=MembershipRole.CHAIR, start=MAY_31))
    assert error.message == (
        "Overview and Scrutiny Committee already has a Chair, Michael Brennan, from 20 May 2025 to 31 May 2026. "
        "Change their end date first"
    )
    assert error.field == "role"


def test_a_chair_with_an_end_date_clashes_with_an_open_ended_chair(scrutiny):
    """The database only stops two open-ended Chairs; the rule checks every overlap."""
    add(scrutiny, MemberFactory().user, role=MembershipRole.CHAIR, start=MAY_20)
    error = refused(lambda: add(scrutiny, MemberFactory().user, role=MembershipRole.CHAIR, start=JUNE_1, end=JUNE_1))
    assert error.message.endswith("from 20 May 2025. Change their end date first")


def test_a_vice_chair_does_not_clash_with_the_chair(scrutiny):
    chair = add(scrutiny, MemberFactory().user, role=MembershipRole.CHAIR)
    vice_chair = add(scrutiny, MemberFactory().user, role=MembershipRole.VICE_CHAIR)
    assert set(scrutiny.memberships.all()) == {chair, vice_chair}


@pytest.mark.parametrize("kind", [BodyKind.OVERVIEW_SCRUTINY, BodyKind.TASK_AND_FINISH])
def test_a_cabinet_member_cannot_sit_on_scrutiny(kind):
    cabinet_member = PortfolioFactory().cabinet_member.user
    error = refused(lambda: add(BodyFactory(kind=kind), cabinet_member))
    assert error.message == "Cabinet Members cannot sit on overview and scrutiny committees"
    assert error.field == "person"


def test_a_cabinet_member_may_sit_on_a_working_group():
    cabinet_member = PortfolioFactory().cabinet_member.user
    seats = [add(BodyFactory(kind=kind), cabinet_member) for kind in (BodyKind.WORKING_GROUP, BodyKind.CABINET)]
    assert [seat.body.kind for seat in seats] == [BodyKind.WORKING_GROUP, BodyKind.CABINET]
    assert Membership.objects.filter(person=cabinet_member).count() == 2


def test_officers_and_co_opted_people_may_sit_on_bodies(scrutiny):
    officer = OfficerFactory().user
    board_seat = add(BodyFactory(kind=BodyKind.PROGRAMME_BOARD), officer)
    co_optee = UserFactory()
    co_opted = add(scrutiny, co_optee, role=MembershipRole.CO_OPTED)
    assert (board_seat.person, co_opted.person, co_opted.role) == (officer, co_optee, MembershipRole.CO_OPTED)
    assert Membership.objects.filter(pk__in=[board_seat.pk, co_opted.pk]).count() == 2


def test_an_end_before_the_start_is_refused_on_the_end_date(scrutiny):
    error = refused(lambda: add(scrutiny, MemberFactory().user, start=JUNE_1, end=MAY_31))
    assert error.message == "The end date must be the same as or after the start date"
    assert error.field == "end_date"
    add(scrutiny, MemberFactory().user, start=JUNE_1, end=JUNE_1)  # one day is a membership


def test_a_refused_membership_leaves_nothing_behind(scrutiny):
    cabinet_member = PortfolioFactory().cabinet_member.user
    refused(lambda: add(scrutiny, cabinet_member))
    refused(lambda: add(scrutiny, MemberFactory().user, start=JUNE_1, end=MAY_31))
    assert Membership.objects.count() == 0
    assert Membership.history.count() == 0


# Ending a membership --------------------------------------------------------------------------


def test_ending_a_membership_records_the_end_date_who_and_why(scrutiny, clerk):
    membership = add(scrutiny, MemberFactory().user)
    services.membership_end(membership=membership, end_date=MAY_31, by=clerk)
    membership.refresh_from_db()
    assert membership.end_date == MAY_31
    latest = membership.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (clerk, "Membership ended")


def test_a_membership_may_end_on_the_day_it_starts_but_not_before(scrutiny, clerk):
    membership = add(scrutiny, MemberFactory().user, start=JUNE_1)
    error = refused(lambda: services.membership_end(membership=membership, end_date=MAY_31, by=clerk))
    assert error.message == "The end date must be the same as or after the date they joined, 1 June 2026"
    assert error.field == "end_date"
    membership.refresh_from_db()
    assert membership.end_date is None
    services.membership_end(membership=membership, end_date=JUNE_1, by=clerk)


def test_an_end_date_that_runs_into_a_later_term_is_refused(scrutiny, clerk):
    person = MemberFactory().user
    first = add(scrutiny, person, start=MAY_20, end=MAY_31)
    add(scrutiny, person, start=JUNE_1)
    error = refused(lambda: services.membership_end(membership=first, end_date=JUNE_1, by=clerk))
    assert error.field == "end_date"
    assert "from 1 June 2026" in error.message


# Clerks -----------------------------------------------------------------------------------------


def grant_history(body, person):
    return BodyUserObjectPermission.history.filter(content_object_id=body.pk, user_id=person.pk).order_by(
        "history_date"
    )


def test_assigning_a_clerk_is_recorded_with_who_assigned_them(scrutiny, clerk):
    colleague = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    services.body_assign_clerk(body=scrutiny, clerk=colleague, by=clerk)
    services.body_assign_clerk(body=scrutiny, clerk=colleague, by=clerk)  # already a clerk: nothing to do

    assert permissions.can(colleague, "members.change_body", scrutiny)
    [record] = grant_history(scrutiny, colleague)
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", clerk, "Clerk assigned")


def test_removing_a_clerk_is_recorded_and_may_leave_a_body_without_one(scrutiny, clerk):
    services.body_assign_clerk(body=scrutiny, clerk=clerk, by=clerk)
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    services.body_remove_clerk(body=scrutiny, clerk=clerk, by=admin)

    clerk = type(clerk).objects.get(pk=clerk.pk)
    assert not permissions.can(clerk, "members.change_body", scrutiny)
    assert not permissions.holders("members.change_body", scrutiny).exists()
    removal = grant_history(scrutiny, clerk).last()
    assert (removal.history_type, removal.history_user, removal.history_change_reason) == ("-", admin, "Clerk removed")


def test_only_a_clerk_can_be_removed_and_only_democratic_services_can_clerk(scrutiny, clerk):
    error = refused(lambda: services.body_remove_clerk(body=scrutiny, clerk=clerk, by=clerk))
    assert error.message == "Priya Shah is not a clerk of Overview and Scrutiny Committee"
    officer = UserFactory(first_name="Mark", last_name="Ellison", roles=[Role.OFFICER])
    error = refused(lambda: services.body_assign_clerk(body=scrutiny, clerk=officer, by=clerk))
    assert error.message == "Mark Ellison is not in Democratic Services, so cannot clerk a committee"
    assert error.field == "clerk"


# The pages --------------------------------------------------------------------------------------


def add_url(body):
    return reverse("members:membership-add", args=[body.slug])


def test_adding_a_member_story(client, scrutiny, clerk):
    """Anonymous -> wrong role -> clerk of another committee -> its own clerk."""
    person = MemberFactory(user__first_name="Alan", user__last_name="McLain").user
    data = {"person": person.pk, "role": MembershipRole.MEMBER, "start_date": "2025-05-20"}

    assert client.post(add_url(scrutiny), data)["Location"].startswith(reverse("login"))

    client.force_login(MemberFactory().user)
    assert client.get(add_url(scrutiny)).status_code == 403

    other = BodyFactory()
    permissions.grant("members.change_body", clerk, other)
    client.force_login(clerk)
    assert client.get(add_url(scrutiny)).status_code == 404
    assert client.post(add_url(scrutiny), data).status_code == 404
    assert not scrutiny.memberships.exists()

    permissions.grant("members.change_body", clerk, scrutiny)
    assert client.get(add_url(scrutiny)).status_code == 200
    response = client.post(add_url(scrutiny), data, follow=True)
    assert response.redirect_chain == [(scrutiny.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "Alan McLain has been added to Overview and Scrutiny Committee" in page
    assert scrutiny.memberships.get().person == person


def test_an_administrator_manages_every_committee(client, scrutiny):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    response = client.post(
        add_url(scrutiny), {"person": UserFactory().pk, "role": MembershipRole.CO_OPTED, "start_date": "2025-05-20"}
    )
    assert response.status_code == 302
    assert scrutiny.memberships.get().role == MembershipRole.CO_OPTED


def test_an_empty_form_is_explained_in_govuk_words(client, scrutiny, clerk):
    permissions.grant("members.change_body", clerk, scrutiny)
    client.force_login(clerk)
    page = client.post(add_url(scrutiny), {"start_date": "2025-02-30"}).content.decode()
    assert "<title>Error: " in page
    for message in ("Select a person", "Select a role", "Start date must be a real date"):
        assert page.count(message) == 2, message  # in the summary and by the field
    assert 'href="#id_role_0"' in page
    page = client.post(add_url(scrutiny), {"person": "", "start_date": "", "end_date": ""}).content.decode()
    assert page.count("Enter the start date") == 2


def test_a_refused_membership_keeps_what_was_typed_and_links_to_the_field(client, scrutiny, clerk):
    permissions.grant("members.change_body", clerk, scrutiny)
    cabinet_member = PortfolioFactory().cabinet_member.user
    client.force_login(clerk)
    response = client.post(
        add_url(scrutiny),
        {"person": cabinet_member.pk, "role": MembershipRole.MEMBER, "start_date": "2025-05-20"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Cabinet Members cannot sit on overview and scrutiny committees") == 2
    assert 'href="#id_person"' in page
    assert 'value="2025-05-20"' in page
    assert f'value="{cabinet_member.pk}" selected' in page
    assert not scrutiny.memberships.exists()


def test_people_are_listed_as_a_clerk_knows_them_in_a_fixed_number_of_queries(
    client, scrutiny, clerk, django_assert_num_queries
):
    permissions.grant("members.change_body", clerk, scrutiny)
    client.force_login(clerk)
    MemberFactory(user__first_name="Alan", user__last_name="McLain", ward__name="Riverside")
    OfficerFactory(user__first_name="David", user__last_name="Okonjo", job_title="Assistant Chief Executive")
    page = client.get(add_url(scrutiny)).content.decode()
    assert "Councillor Alan McLain (Riverside)" in page
    assert "David Okonjo, Assistant Chief Executive" in page
    assert page.index("McLain") < page.index("Okonjo")

    with CaptureQueriesContext(connection) as few:
        client.get(add_url(scrutiny))
    MemberFactory.create_batch(10)
    OfficerFactory.create_batch(10)
    with django_assert_num_queries(len(few)):
        client.get(add_url(scrutiny))


def test_the_history_of_a_membership_added_on_the_web_names_the_clerk(client, scrutiny, clerk):
    permissions.grant("members.change_body", clerk, scrutiny)
    client.force_login(clerk)
    client.post(
        add_url(scrutiny),
        {"person": MemberFactory().user.pk, "role": MembershipRole.MEMBER, "start_date": "2025-05-20"},
    )
    membership = scrutiny.memberships.get()
    page = client.get(reverse("history", args=["members", "membership", membership.pk])).content.decode()
    assert "Membership added" in page
    assert "by Priya Shah" in page


def end_url(membership):
    return reverse("members:membership-end", args=[membership.body.slug, membership.pk])


def test_ending_a_membership_story(client, scrutiny, clerk):
    membership = MembershipFactory(body=scrutiny, person__first_name="Alan", person__last_name="McLain")
    elsewhere = MembershipFactory()

    assert client.get(end_url(membership))["Location"].startswith(reverse("login"))
    client.force_login(MemberFactory().user)
    assert client.get(end_url(membership)).status_code == 403

    permissions.grant("members.change_body", clerk, scrutiny)
    client.force_login(clerk)
    assert client.get(end_url(elsewhere)).status_code == 404
    # A membership of another body, asked for under this body's address, is not found either.
    wrong = reverse("members:membership-end", args=[scrutiny.slug, elsewhere.pk])
    assert client.get(wrong).status_code == 404

    page = client.get(end_url(membership)).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page  # today, ready to confirm
    response = client.post(end_url(membership), {"end_date": "2026-05-31"}, follow=True)
    assert response.redirect_chain == [(scrutiny.get_absolute_url(), 302)]
    assert "Alan McLain’s membership of Overview and Scrutiny Committee has ended" in response.content.decode()
    membership.refresh_from_db()
    assert membership.end_date == MAY_31
    assert client.get(end_url(membership)).status_code == 404  # already over


def test_an_end_before_the_start_is_explained_on_the_end_page(client, scrutiny, clerk):
    membership = MembershipFactory(body=scrutiny)
    permissions.grant("members.change_body", clerk, scrutiny)
    client.force_login(clerk)
    page = client.post(end_url(membership), {"end_date": "2025-05-19"}).content.decode()
    assert page.count("The end date must be the same as or after the date they joined, 20 May 2025") == 2
    assert 'value="2025-05-19"' in page
    page = client.post(end_url(membership), {"end_date": ""}).content.decode()
    assert "Enter the end date" in page


def clerks_url(body):
    return reverse("members:body-clerks", args=[body.slug])


def remove_url(body, person):
    return reverse("members:body-clerk-remove", args=[body.slug, person.pk])


def test_managing_clerks_story(client, scrutiny, clerk):
    colleague = UserFactory(first_name="Tom", last_name="Bradshaw", roles=[Role.DEMOCRATIC_SERVICES])
    officer = UserFactory(first_name="Mark", last_name="Ellison", roles=[Role.OFFICER])
    UserFactory(roles=[Role.DEMOCRATIC_SERVICES])  # still to choose from after Tom is added

    assert client.get(clerks_url(scrutiny))["Location"].startswith(reverse("login"))
    client.force_login(MemberFactory().user)
    assert client.get(clerks_url(scrutiny)).status_code == 403
    assert client.post(remove_url(scrutiny, clerk)).status_code == 403

    other = BodyFactory()
    permissions.grant("members.change_body", clerk, other)
    client.force_login(clerk)
    assert client.get(clerks_url(scrutiny)).status_code == 404

    permissions.grant("members.change_body", clerk, scrutiny)
    page = client.get(clerks_url(scrutiny)).content.decode()
    assert "Tom Bradshaw" in page  # offered
    assert "Mark Ellison" not in page  # not in Democratic Services

    response = client.post(clerks_url(scrutiny), {"clerk": colleague.pk}, follow=True)
    assert response.redirect_chain == [(clerks_url(scrutiny), 302)]
    assert "Tom Bradshaw is now a clerk of Overview and Scrutiny Committee" in response.content.decode()
    assert permissions.can(colleague, "members.change_body", scrutiny)
    assert grant_history(scrutiny, colleague).get().history_user == clerk

    page = client.post(clerks_url(scrutiny), {"clerk": officer.pk}).content.decode()
    assert page.count("Select a person in Democratic Services") == 2

    assert client.get(remove_url(scrutiny, colleague)).status_code == 405
    response = client.post(remove_url(scrutiny, colleague), follow=True)
    assert response.redirect_chain == [(clerks_url(scrutiny), 302)]
    assert "Tom Bradshaw is no longer a clerk of Overview and Scrutiny Committee" in response.content.decode()
    assert grant_history(scrutiny, colleague).last().history_user == clerk
    assert client.post(remove_url(scrutiny, colleague)).status_code == 404  # not a clerk any more


def test_a_clerk_who_removes_themselves_returns_to_the_committee_page(client, scrutiny, clerk):
    permissions.grant("members.change_body", clerk, scrutiny)
    client.force_login(clerk)
    response = client.post(remove_url(scrutiny, clerk), follow=True)
    assert response.redirect_chain == [(scrutiny.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "Democratic Services" in page  # the contact when a committee has no clerk
    assert "Manage clerks" not in page


def test_the_committee_page_offers_management_only_to_those_who_may(client, scrutiny, clerk):
    membership = MembershipFactory(body=scrutiny, person__first_name="Alan", person__last_name="McLain")
    client.force_login(MemberFactory().user)
    page = client.get(scrutiny.get_absolute_url()).content.decode()
    for text in ("Add a member", "End membership", "Manage clerks"):
        assert text not in page

    permissions.grant("members.change_body", clerk, scrutiny)
    client.force_login(clerk)
    page = client.get(scrutiny.get_absolute_url()).content.decode()
    assert add_url(scrutiny) in page and clerks_url(scrutiny) in page
    assert end_url(membership) in page
    assert 'End membership<span class="govuk-visually-hidden"> of Alan McLain</span>' in page


def test_a_membership_starting_later_is_shown_and_can_be_ended(client, scrutiny, clerk):
    later = MembershipFactory(body=scrutiny, start_date=timezone.localdate() + datetime.timedelta(days=30))
    permissions.grant("members.change_body", clerk, scrutiny)
    client.force_login(clerk)
    page = client.get(scrutiny.get_absolute_url()).content.decode()
    assert escape(later.person.get_full_name()) in page  # a name like O'Connor is escaped in HTML
    assert end_url(later) in page


def test_the_committee_page_keeps_a_constant_number_of_queries_for_its_clerk(
    client, scrutiny, clerk, django_assert_num_queries
):
    permissions.grant("members.change_body", clerk, scrutiny)
    client.force_login(clerk)

    def seat_three():
        MembershipFactory(body=scrutiny, person=MemberFactory().user)
        MembershipFactory(body=scrutiny, start_date=timezone.localdate() + datetime.timedelta(days=30))
        MembershipFactory(body=scrutiny, end_date=datetime.date(2025, 12, 31))

    seat_three()
    url = scrutiny.get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        seat_three()
    with django_assert_num_queries(len(few)):
        client.get(url)
