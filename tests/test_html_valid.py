"""Every page of the crawl is valid HTML: the Nu Html Checker (vnu, the W3C's validator, from the
npm package vnu-jar) finds no errors in any of them. One JVM start checks them all."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.crawl import html_pages, roles, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

VNU = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(directory: Path) -> list[dict]:
    java = shutil.which("java")
    assert java, "The HTML check needs Java (apt-get install default-jre-headless)"
    assert VNU.exists(), f"{VNU} is missing: npm ci installs it (package.json's vnu-jar)"
    finished = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(directory)],
        capture_output=True,
        text=True,
        check=False,
    )
    # vnu writes its report to stderr and exits 1 when it found errors.
    return [message for message in json.loads(finished.stderr)["messages"] if message["type"] == "error"]


def test_every_page_of_the_crawl_is_valid_html(client, world, tmp_path):  # noqa: F811 (the fixture)
    where = {}
    for number, who in enumerate(roles()):
        for name, url, html in html_pages(client, world, who):
            file = tmp_path / f"{number}-{name.replace(':', '-')}.html"
            file.write_text(html)
            where[file.name] = f"{url} as {'an Administrator' if who else 'the public'}"
    assert len(where) >= 150, len(where)

    errors = vnu_errors(tmp_path)

    found = [
        f"{where[Path(e['url']).name]} line {e.get('lastLine')}: {e['message']} [{e.get('extract', '').strip()}]"
        for e in errors
    ]
    assert found == [], f"{len(found)} HTML errors:\n" + "\n".join(found)


def test_a_meetings_date_is_given_to_the_date_field_in_iso_so_the_field_is_not_empty():
    """A date field's value must be ISO (found by the check above): given 22/10/2026, browsers show
    an empty field, and saving the meeting's other changes would ask for its date again."""
    import datetime

    from scrutiny.forms.meetings import MeetingForm

    html = str(MeetingForm(initial={"day": datetime.date(2026, 10, 22)})["day"])

    assert 'type="date"' in html and 'value="2026-10-22"' in html
