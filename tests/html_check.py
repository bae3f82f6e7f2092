"""The Nu Html Checker (vnu, the W3C's validator, from the npm package vnu-jar), run once over a
folder of pages: one JVM start checks them all."""

import json
import shutil
import subprocess
from pathlib import Path

VNU = Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: A page with one error vnu must find (a ``<p>`` inside a ``<ul>``), written beside the crawl's pages
#: so that each run shows the checker ran over the folder and reports what it finds.
CANARY = "canary.html"
CANARY_HTML = '<!DOCTYPE html><html lang="en"><head><title>Canary</title></head><body><ul><p>x</p></ul></body></html>'


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


def html_errors(directory: Path, where: dict[str, str]) -> list[str]:
    """vnu's errors in the pages of ``directory`` (file name: where it came from), each said with
    where the page came from; the canary's expected error is checked and left out."""
    (directory / CANARY).write_text(CANARY_HTML)
    errors = vnu_errors(directory)
    canary = [e for e in errors if Path(e["url"]).name == CANARY]
    assert canary, "vnu found no error in a page that has one: the check did not run over the pages"
    return [
        f"{where[Path(e['url']).name]} line {e.get('lastLine')}: {e['message']} [{e.get('extract', '').strip()}]"
        for e in errors
        if Path(e["url"]).name != CANARY
    ]
