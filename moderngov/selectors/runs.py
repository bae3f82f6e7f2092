"""What the import's pages show: the runs the person may see, and one run's counts in rows."""

from django.shortcuts import get_object_or_404

from .. import access
from ..models import ImportRun
from ..services.importing import KINDS


def runs_for(user):
    return access.runs_visible(user).for_listing()


def run_for(user, pk: int) -> ImportRun:
    return get_object_or_404(runs_for(user).prefetch_related("files"), pk=pk)


def count_rows(run: ImportRun) -> list[dict]:
    """One row per kind of record, in the order the import writes them."""
    empty = {"created": 0, "changed": 0, "unchanged": 0, "left": 0}
    return [{"kind": kind.capitalize(), **run.counts.get(kind, empty)} for kind in KINDS if kind in run.counts]
