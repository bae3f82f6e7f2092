"""``permissions.can_on``: the same answer as ``can`` for an object, in one query (issue 17: the
meeting page asks who clerks its body on every request)."""

import pytest
from django.contrib.auth.models import Group

from council import permissions
from council.roles import Role
from members import access
from tests.factories import BodyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_clerk_by_grant_a_clerk_through_a_group_an_administrator_and_an_outsider(django_assert_num_queries):
    body, other = BodyFactory(), BodyFactory()
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", clerk, body)
    team = Group.objects.create(name="Audit clerks")
    through_team = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    through_team.groups.add(team)
    permissions.grant("members.change_body", team, body)
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    outsider = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    inactive = UserFactory(roles=[Role.DEMOCRATIC_SERVICES], is_active=False)
    permissions.grant("members.change_body", inactive, body)

    for person, expected in ((clerk, True), (through_team, True), (administrator, True), (outsider, False)):
        assert access.can_manage_body(person, body) is expected
        assert permissions.can(person, "members.change_body", body) is expected
        assert access.can_manage_body(person, other) is (person == administrator)
    assert access.can_manage_body(inactive, body) is False

    fresh = type(clerk).objects.get(pk=clerk.pk)
    access.can_manage_body(fresh, other)  # the person's role permissions, read once for the request
    with django_assert_num_queries(1):
        assert access.can_manage_body(fresh, body)
