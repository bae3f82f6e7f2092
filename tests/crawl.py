"""The crawl: every page of the site, its ids filled from the demo council (the route walk of
tests/test_security_csp.py), as the public and as an Administrator see it. The browser's 320 px
reflow test walks it (the HTML validity check runs over the pages of the policy walk itself, so
that every page is fetched once for both: tests/html_check.py)."""

from django.urls import reverse

from council.roles import Role
from tests.factories import UserFactory
from tests.test_security_csp import World, _routes, directives, world

# ``world`` is the walk's pytest fixture: a test module that imports it from here can ask for it.
__all__ = ["World", "html_pages", "page_urls", "roles", "world"]


def roles():
    """Who the crawl looks as: the public (None) and an Administrator, who may open every page."""
    return [None, UserFactory(roles=[Role.ADMINISTRATOR])]


def page_urls(world: World) -> list[tuple[str, str]]:
    """(route name, address) of every route, once each."""
    return [(name, reverse(name, kwargs=world.kwargs(name, converters))) for name, converters in _routes()]


def html_pages(client, world: World, who):
    """Yield (route name, address, HTML) of each page that answers with HTML to ``who``."""
    client.raise_request_exception = False
    client.logout()
    if who is not None:
        client.force_login(who)
    for name, url in page_urls(world):
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        if not content_type.startswith("text/html") or not response.content:
            continue
        if "sandbox" in directives(response.get("Content-Security-Policy", "default-src 'self'")):
            continue  # an uploaded document, served as it came
        yield name, url, response.content.decode()
