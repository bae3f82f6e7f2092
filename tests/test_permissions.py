"""council.permissions: roles and object grants, to people and to groups."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404

from council import permissions
from council.roles import Role, declared_role_permissions
from members.models import Body
from tests.factories import BodyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_roles_exist_as_groups_holding_the_declared_permissions():
    declared = declared_role_permissions()
    for role in Role:
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == declared[role.value]


def test_a_role_permission_covers_every_object_and_an_object_grant_covers_one():
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    mine, theirs = BodyFactory(), BodyFactory()
    permissions.grant("members.change_body", clerk, mine)

    assert permissions.can(admin, "members.change_body", theirs)
    assert permissions.can(clerk, "members.change_body", mine)
    assert not permissions.can(clerk, "members.change_body", theirs)
    assert not permissions.can(clerk, "members.change_body")
    assert list(permissions.permitted(clerk, Body.objects.all(), "members.change_body")) == [mine]
    assert set(permissions.permitted(admin, Body.objects.all(), "members.change_body")) == {mine, theirs}
    assert list(permissions.granted(clerk, Body.objects.all(), "members.change_body")) == [mine]


def test_a_grant_to_a_group_reaches_its_people():
    committee_members = Group.objects.create(name="Audit Committee members")
    member = UserFactory(roles=[Role.COUNCILLOR])
    member.groups.add(committee_members)
    body = BodyFactory()
    permissions.grant("members.change_body", committee_members, body)

    assert permissions.can(member, "members.change_body", body)
    assert list(permissions.holders("members.change_body", body)) == [member]
    permissions.revoke("members.change_body", committee_members, body)
    member = type(member).objects.get(pk=member.pk)  # fresh permission cache
    assert not permissions.can(member, "members.change_body", body)


def test_get_permitted_or_404_hides_objects_and_refuses_the_wrong_role():
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    councillor = UserFactory(roles=[Role.COUNCILLOR])
    mine, theirs = BodyFactory(), BodyFactory()
    permissions.grant("members.change_body", clerk, mine)
    queryset = Body.objects.all()

    assert permissions.get_permitted_or_404(clerk, queryset, "members.change_body", pk=mine.pk) == mine
    with pytest.raises(Http404):
        permissions.get_permitted_or_404(clerk, queryset, "members.change_body", pk=theirs.pk)
    with pytest.raises(PermissionDenied):
        permissions.get_permitted_or_404(councillor, queryset, "members.change_body", pk=mine.pk)


def test_an_inactive_person_may_do_nothing():
    admin = UserFactory(roles=[Role.ADMINISTRATOR], is_active=False)
    assert not permissions.can(admin, "members.change_body", BodyFactory())
    assert not permissions.permitted(admin, Body.objects.all(), "members.view_body").exists()


def test_pinned_grants_answer_as_the_live_ones_and_are_read_once(django_assert_num_queries):
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    outsider = UserFactory(roles=[Role.COUNCILLOR])
    mine, theirs = BodyFactory(), BodyFactory()
    committee_members = Group.objects.create(name="Audit Committee members")
    committee_members.user_set.add(outsider)
    permissions.grant("members.change_body", clerk, mine)
    permissions.grant("members.change_body", committee_members, theirs)
    live = {
        user: set(permissions.permitted(user, Body.objects.all(), "members.change_body")) for user in (clerk, outsider)
    }

    with permissions.pinned() as memo:
        pinned = {
            user: permissions.permitted(user, Body.objects.all(), "members.change_body") for user in (clerk, outsider)
        }
        narrowed = permissions.permitted(clerk, Body.objects.exclude(pk=mine.pk), "members.change_body")
        granted = permissions.granted(clerk, Body.objects.all(), "members.change_body")

    assert {user: set(queryset) for user, queryset in pinned.items()} == live == {clerk: {mine}, outsider: {theirs}}
    assert list(narrowed) == []
    assert list(granted) == [mine]
    with permissions.pinned(memo), django_assert_num_queries(1):  # the lists kept: only the rule's own query
        assert list(permissions.permitted(clerk, Body.objects.all(), "members.change_body")) == [mine]


def test_kept_reads_a_persons_small_set_once_within_pinned(django_assert_num_queries):
    mine, theirs = BodyFactory(), BodyFactory()

    def build():
        return Body.objects.filter(pk=mine.pk)

    assert list(permissions.kept(("bodies",), build)) == [mine]  # outside: the queryset itself
    with permissions.pinned() as memo:
        kept = permissions.kept(("bodies",), build)
        assert list(kept) == [mine]
    with permissions.pinned(memo), django_assert_num_queries(1):
        assert list(permissions.kept(("bodies",), lambda: Body.objects.filter(pk=theirs.pk))) == [mine]
