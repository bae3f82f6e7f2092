"""Imports only go down the layers:
council <- members <- scrutiny <- executive <- commissioning <- moderngov <- record."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["council", "members", "scrutiny", "executive", "commissioning", "moderngov", "record"]
# The project wiring names every app by string (INSTALLED_APPS, the root URLconf): not imports.


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_only_layers_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    offenders = {}
    for path in (ROOT / app).rglob("*.py"):
        bad = imported_apps(path) - allowed
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}
