"""What every part of the scaled load shares: the plan of how many rows, the seeded random source,
dates in the council's time zone, and writing rows with their history in batches."""

import contextlib
import datetime
import random
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models

LONDON = zoneinfo.ZoneInfo("Europe/London")
SEED = 2026
#: The demo council's municipal year (May 2026 to April 2027): the decade is the years before it.
DEMO_YEAR = 2026
REASON = "Loaded with the council's past (load_scale)"
BATCH = 2000

#: A council's decade (issue 17): the counts at ``years=10, fraction=1``.
DECADE = {
    "bodies": 33,  # on top of the demo's 7: about 40
    "meetings": 4000,
    "agenda_items": 40000,
    "documents": 60000,
    "pdfs": 300,
    "reviews": 300,
    "saving_lines": 3000,
    "consultations": 500,
    "responses": 20000,
    # What the meetings did beyond their minutes (why these sizes: docs/decisions/0043-load-scale.md):
    # a declaration for about every third meeting, a vote on about one resolution in three, 60
    # recommendations a year from scrutiny, 400 actions a year, 40 key decisions a year in the
    # forward plan, and three call-ins a year.
    "declarations": 1500,
    "votes": 6000,
    "recommendations": 600,
    "actions": 4000,
    "key_decisions": 400,
    "call_ins": 30,
}
#: Counts that grow with the years covered (the bodies and the PDFs do not).
PER_YEAR = {"meetings", "agenda_items", "documents", "reviews", "saving_lines", "consultations", "responses"}
PER_YEAR |= {"declarations", "votes", "recommendations", "actions", "key_decisions", "call_ins"}


@dataclass(frozen=True)
class Plan:
    """How many of each: the decade's figures, for ``years`` municipal years, times ``fraction``."""

    years: int = 10
    fraction: float = 1.0

    def count(self, name: str, *, least: int = 1) -> int:
        wanted = DECADE[name] * self.fraction * (self.years / 10 if name in PER_YEAR else 1)
        return max(least, round(wanted))

    @property
    def first_year(self) -> int:
        return DEMO_YEAR - self.years

    @property
    def municipal_years(self) -> list[int]:
        return list(range(self.first_year, DEMO_YEAR))


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """An aware moment on ``day`` in the council's time zone."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def weekday_on_or_after(day: datetime.date, weekdays: Sequence[int] = (0, 1, 2, 3)) -> datetime.date:
    while day.weekday() not in weekdays:
        day += datetime.timedelta(days=1)
    return day


def share(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders): the parts add up exactly."""
    whole = sum(weights)
    if not weights or whole <= 0:
        return [0] * len(weights)
    exact = [total * weight / whole for weight in weights]
    parts = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


@dataclass
class Loaded:
    """What a load made: rows (and their history rows) per model, in the order they were written."""

    rows: dict[str, int] = field(default_factory=dict)
    history_rows: int = 0

    def add(self, model: type[models.Model], count: int) -> None:
        label = model._meta.label
        self.rows[label] = self.rows.get(label, 0) + count


class Writer:
    """Writes rows in batches with ``bulk_create`` and, for each, its "created" history row with
    ``bulk_history_create``: dated and signed by what the object carries (``_history_date``,
    ``_history_user``), else by ``when`` and ``by``."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded

    def create(self, model: type[models.Model], objects: Iterable[models.Model], *, when=None, by=None) -> list:
        objects = list(objects)
        if not objects:
            return []
        created = model._default_manager.bulk_create(objects, batch_size=BATCH)
        self.loaded.add(model, len(created))
        history = getattr(model, "history", None)
        if history is not None:
            history.bulk_history_create(
                created, batch_size=BATCH, default_user=by, default_change_reason=REASON, default_date=when
            )
            self.loaded.history_rows += len(created)
        return created


def dated(obj: models.Model, when: datetime.datetime, by=None) -> models.Model:
    """Mark ``obj``'s history row with when it was made and by whom."""
    obj._history_date = when  # type: ignore[attr-defined]
    if by is not None:
        obj._history_user = by  # type: ignore[attr-defined]
    return obj


@contextlib.contextmanager
def own_timestamps(*fields: models.DateTimeField):
    """Let the rows carry the moments of the past they were made at, not the moment of the load:
    ``auto_now``/``auto_now_add`` are off on ``fields`` for the ``with`` block."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def rng(seed: int, part: str) -> random.Random:
    """A random source of its own for each part, so one part's changes never move another's rows."""
    return random.Random(f"{seed}:{part}")  # noqa: S311 (test data, not security)
