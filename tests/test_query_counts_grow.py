"""Every page's query count is constant as the archive grows, and its lists are bounded (issue 17).

The crawl (tests/crawl.py: every route, its ids filled from the demo council) is walked as the
public and as an Administrator on the demo, then again after the archive has grown to four times
the demo's (tests/growth.py: its meetings with items, papers, minutes, resolutions,
recommendations and actions, executive and officer decisions, forward plan entries, reviews with
their savings lines and indicators, consultations with their responses, copied into three earlier
years; and more history of the records the crawl opens). No page may make one query more.

Then the archive grows to seven times the demo's, and each HTML page that had grown is asked again:
its lists were already full pages, so it is no bigger (a list shows a page of rows, not all of
them). Only HTML pages are held to a size: the open data files (CSV and JSON), the calendar feeds
and the sitemap hold the whole record by design, and the API's lists are paginated by its own page
size (``PAGE_SIZE``).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from council.roles import Role
from tests import growth
from tests.crawl import World, page_urls
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A page that may make more queries on the grown archive than on the demo, and why (none else may).
EMPTY_ON_THE_DEMO = "the demo has none, and an empty list's page of rows is never asked for: one page, however many"
ALLOWANCES = {
    # The tests' sign-ins are forced, so the demo's sign-in log is empty.
    ("sign-in-log", "an Administrator"): (1, EMPTY_ON_THE_DEMO),
    # The demo's recommendations are not yet answered: the page of answered ones is empty.
    ("scrutiny:recommendations", "the public"): (1, EMPTY_ON_THE_DEMO),
    ("scrutiny:recommendations", "an Administrator"): (1, EMPTY_ON_THE_DEMO),
}

# What an HTML page whose lists are full pages may still gain when the archive grows again: a count in
# a heading has more digits.
SLACK_BYTES = 1_500
# Pages with a row for each year of the archive, and what three more years add to them.
A_ROW_A_YEAR = {
    # The savings overview's totals by financial year, and its financial year filter.
    ("commissioning:savings", "an Administrator"): 4_000,
}

# The tests' page size, so that the archive fills a page of every list (the product's is 20).
PAGE_SIZE = 5


def _get(client, url) -> tuple[int, int, int]:
    """(queries, status, size of the HTML or -1) of one page, asked with an empty cache."""
    cache.clear()
    ContentType.objects.clear_cache()  # what one request caches must not spare the next its queries
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.get("Content-Type", "").startswith("text/html") and not response.streaming
    return len(queries), response.status_code, len(response.content) if html else -1


def _as(client, who):
    client.logout()
    if who is not None:
        client.force_login(who)


def _walk(client, urls, who) -> dict[str, tuple[int, int, int]]:
    _as(client, who)
    return {name: _get(client, url) for name, url in urls}


def test_no_page_makes_more_queries_or_grows_as_the_archive_grows(client, demo_council, settings):
    settings.LIST_PAGE_SIZE = PAGE_SIZE
    client.raise_request_exception = False
    world = World()
    urls = page_urls(world)  # the ids are the demo's, the same on every walk
    lookers = {"the public": None, "an Administrator": UserFactory(roles=[Role.ADMINISTRATOR])}
    demo = {looker: _walk(client, urls, who) for looker, who in lookers.items()}

    archive = growth.Archive()
    added = archive.grow(range(1, 4), history_of=[world.meeting, world.item, world.review])
    assert added["Meeting"] >= 400 and added["SupportingDocument"] >= 700 and added["Recommendation"] >= 700, added
    assert added["ExecutiveDecision"] and added["SavingLine"] and added["Response"] and added["history"], added
    grown = {looker: _walk(client, urls, who) for looker, who in lookers.items()}

    more_queries, answered = [], 0
    for looker in lookers:
        for name, url in urls:
            (before, status, _), (after, status_after, _) = demo[looker][name], grown[looker][name]
            assert status_after == status, f"{name} {url} as {looker}: {status} on the demo, {status_after} grown"
            answered += status == 200
            allowed, _reason = ALLOWANCES.get((name, looker), (0, ""))
            if after > before + allowed:
                more_queries.append(f"{name} {url} as {looker}: {before} queries on the demo, {after} grown")
    assert not more_queries, "\n".join(more_queries)
    assert answered >= 250, answered  # the walk reached real pages, not only refusals

    archive.grow(range(4, 7))
    bigger = []
    for looker, who in lookers.items():
        _as(client, who)
        for name, url in urls:
            queries, _, size = grown[looker][name]
            if size < 0 or size <= demo[looker][name][2]:
                continue  # not HTML, or it did not grow with the archive
            queries_again, _, size_again = _get(client, url)
            assert queries_again == queries, f"{name} {url} as {looker}: {queries} queries, then {queries_again}"
            if size_again > size + SLACK_BYTES + A_ROW_A_YEAR.get((name, looker), 0):
                bigger.append(f"{name} {url} as {looker}: {size} bytes at 4 years, {size_again} at 7")
    assert not bigger, "\n".join(bigger)
