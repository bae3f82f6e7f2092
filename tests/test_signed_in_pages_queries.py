"""The signed-in meeting page asks the exempt rule once, or not at all for the body's clerk (issue 17):
the same papers and interests shown, in fewer queries, constant as exempt items grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scrutiny import services
from scrutiny.models import AgendaItem
from tests.exempt_scenario import PREFIX, marker, plant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def _exempt_rule_queries(queries) -> int:
    """The queries that read which of the meeting's exempt items a person may see."""
    return sum(
        1
        for query in queries
        if query["sql"].startswith('SELECT "scrutiny_agendaitem"."id" AS "pk" FROM "scrutiny_agendaitem"')
        and '"scrutiny_agendaitem"."exempt" AND' in query["sql"]
    )


def _grow(s, n):
    """``n`` more published exempt items (the meeting is held: made as the publication left them),
    each with an interest declared."""
    publication = s.meeting.publications.first()
    start = s.meeting.items.count()
    for number in range(n):
        item = AgendaItem.objects.create(
            meeting=s.meeting,
            position=start + number + 1,
            title=f"Exempt {number}",
            exempt=True,
            exempt_paragraph=3,
            public_interest_reason="Personal information",
            published_in=publication,
        )
        services.declaration_add(
            item=item, person=s.member, kind="non_registrable", nature=f"Nature {number}", left_room=False, by=s.clerk
        )


@pytest.mark.parametrize(("who", "rule_asked"), [("clerk", 0), ("member", 1)])
def test_the_meeting_page_asks_the_exempt_rule_at_most_once_and_still_shows_the_exempt_content(
    client, django_assert_num_queries, who, rule_asked
):
    s = plant()
    client.force_login(getattr(s, who))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(s.meeting.get_absolute_url()).content.decode()
    # Both may see the exempt paper and the nature of the interest declared in the exempt item.
    assert marker("document title") in page
    assert marker("declaration") in page
    assert _exempt_rule_queries(queries) == rule_asked
    _grow(s, 6)
    with django_assert_num_queries(len(queries)):
        client.get(s.meeting.get_absolute_url())


def test_an_outsider_still_sees_no_exempt_content_on_the_meeting_page(client):
    s = plant()
    client.force_login(s.outsider)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(s.meeting.get_absolute_url()).content.decode()
    assert PREFIX not in page
    assert _exempt_rule_queries(queries) == 1


def test_the_bodies_a_clerk_clerks_are_built_once_per_request_and_never_kept_beyond_it(client):
    from django.test import RequestFactory

    from council import permissions
    from council.roles import Role
    from members import access as members_access
    from tests.factories import BodyFactory, UserFactory

    first, second = BodyFactory(name="Audit Committee"), BodyFactory(name="Licensing Committee")
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", clerk, first)
    request = RequestFactory().get("/dashboard/")
    request.user = clerk
    assert list(members_access.bodies_clerked_in(request)) == [first]
    permissions.grant("members.change_body", clerk, second)
    # The same request keeps the rule it built (still read from the database when used) ...
    assert set(members_access.bodies_clerked_in(request)) == {first, second}
    # ... and the dashboard of the next request lists both bodies.
    client.force_login(clerk)
    page = client.get("/dashboard/").content.decode()
    assert "Audit Committee" in page
    assert "Licensing Committee" in page
