"""WCAG 1.4.10 (reflow): every page of the crawl, at 320 CSS pixels wide, scrolls only up and down.
A wide table scrolls inside its own labelled region (templates/components/table_scroll.html), so
the page itself never scrolls sideways."""

import pytest

from tests.crawl import html_pages, roles, world  # noqa: F401 (the fixture)
from tests.factories.council import PASSWORD

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 320
# What to fix: outside the regions that scroll on their own, the first elements that stick out past
# the right edge (their parent does not), else the innermost ones whose content is wider than the
# screen (a long word).
STICKING_OUT = """width => {
    const outside = [...document.querySelectorAll('body *')].filter(e => !e.parentElement.closest('.app-table-scroll'));
    const name = e => [e.tagName.toLowerCase(), ...e.classList].join('.');
    const right = e => e.getBoundingClientRect().right;
    const out = outside.filter(e => right(e) > width && right(e.parentElement) <= width);
    const wide = outside.filter(e => e.scrollWidth > width && e.clientWidth <= width);
    return (out.length ? out.slice(0, 3) : wide.slice(-3)).map(name);
}"""


def test_every_page_of_the_crawl_reflows_at_320_css_pixels(browser, live_server, client, world):  # noqa: F811 (the fixture)
    too_wide, seen = [], 0
    for who in roles():
        # The pages that answer this person with HTML, found quickly through the test client.
        urls = sorted({url for _name, url, _html in html_pages(client, world, who)})
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", viewport={"width": WIDTH, "height": 640}
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        if who is not None:
            sign_in(page, who.email, PASSWORD)
        as_whom = "an Administrator" if who else "the public"
        for url in urls:
            page.goto(url)
            seen += 1
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                culprits = ", ".join(page.evaluate(STICKING_OUT, WIDTH))
                too_wide.append(f"{url} as {as_whom}: {width} px ({culprits})")
        context.close()
    assert seen >= 150, seen
    assert too_wide == [], f"{len(too_wide)} pages scroll sideways at {WIDTH} px:\n" + "\n".join(too_wide)
