"""A council's decade on top of the demo (issue 17): ``load(years=10, fraction=1.0)``.

About 40 bodies (the demo's and 33 more), 4,000 meetings with published agendas, registers,
minutes and resolutions, 40,000 agenda items, 60,000 documents (sharing a few hundred real small
PDFs, their pages' text extracted for search), declarations, votes, scrutiny's recommendations
with the executive's responses, actions, key decisions in the forward plan and a few call-ins,
300 commissioning reviews through the cycle with 3,000 savings lines, 500 consultations
with 20,000 responses; every row with its history row. ``years`` is how many municipal years
before the demo's (2026/27) it covers; ``fraction`` scales every count (0.01: about 40
meetings, for tests). The same seed gives the same rows on every run (``fingerprint``).

It lives in ``record``, the top layer, because it writes every domain app's records. Rows are
written with ``bulk_create`` and their history with ``bulk_history_create``, so no signal runs:
the search index is rebuilt only if asked (``index=True``; the nightly rebuild would do it).
"""

import hashlib
import time
from dataclasses import dataclass

from django.db import transaction

from .base import DECADE, SEED, Loaded, Plan, Writer


class AlreadyLoaded(Exception):
    """The decade is already in this database: loading it twice would double every count."""


@dataclass(frozen=True)
class Result:
    rows: dict[str, int]
    history_rows: int
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def is_loaded() -> bool:
    from members.models import Body

    from .people import BODIES

    return Body.objects.filter(name=BODIES[0].name).exists()


def load(*, years: int = 10, fraction: float = 1.0, seed: int = SEED, index: bool = False) -> Result:
    """Load the decade (the demo council first, if it is not there); returns the rows written."""
    from council.demo import load_all
    from members.models import Member

    from . import commissioning, consultations, executive, meetings, people, proceedings
    from .people import DEMO_TERM_STARTS

    if not 1 <= years <= 12:
        raise ValueError("years must be from 1 to 12")
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be more than 0 and at most 1")
    started = time.perf_counter()
    plan = Plan(years=years, fraction=fraction)
    with transaction.atomic():
        if not Member.objects.filter(term_starts_on=DEMO_TERM_STARTS).exists():
            load_all()
        if is_loaded():
            raise AlreadyLoaded("The council's past is already loaded in this database.")
        loaded = Loaded()
        writer = Writer(loaded)
        council = people.load(writer, plan, seed)
        held = meetings.load(writer, plan, seed, council)
        executive.load(writer, plan, seed, council, held)
        proceedings.load(writer, plan, seed, council, held)
        commissioning.load(writer, plan, seed, council)
        consultations.load(writer, plan, seed, council)
    if index:
        from record.services.search import index_rebuild

        index_rebuild()
    return Result(rows=loaded.rows, history_rows=loaded.history_rows, seconds=time.perf_counter() - started)


#: What ``fingerprint`` reads of each model: fields that say what a row is, never its key.
_FINGERPRINT = {
    "members.Body": ("name", "kind", "start_date", "end_date"),
    "members.Member": ("user__email", "ward__name", "party__name", "term_starts_on", "term_ends_on"),
    "members.Membership": ("body__name", "person__email", "role", "start_date", "end_date"),
    "scrutiny.Meeting": ("body__name", "starts_at", "status"),
    "scrutiny.AgendaItem": ("meeting__body__name", "meeting__starts_at", "position", "title", "exempt"),
    "scrutiny.SupportingDocument": ("item__meeting__starts_at", "item__title", "position", "title", "sha256"),
    "scrutiny.Minute": ("item__meeting__starts_at", "item__title", "text"),
    "scrutiny.MinuteNumber": ("label", "item__title"),
    "scrutiny.Publication": ("meeting__body__name", "meeting__starts_at", "sha256", "published_at"),
    "commissioning.Review": ("title", "stage", "status", "budget_in_scope", "created_at"),
    "commissioning.SavingLine": ("financial_year", "budget_reference", "claimed", "forecast", "realised", "status"),
    "members.Consultation": ("title", "opens_at", "closes_at", "state"),
    "members.Response": ("consultation__title", "member__user__email", "submitted_at"),
    "executive.ExecutiveDecision": ("title", "decided_on", "decision", "call_in_ends_on"),
    "members.Answer": ("response__member__user__email", "question__text", "text", "scale"),
    "executive.ForwardPlanEntry": ("title", "expected_decision_on", "amount_pounds", "status", "created_at"),
    "executive.CallIn": ("decision__title", "valid_on", "item__title", "outcome", "effective_on"),
    "executive.CallInSignature": ("call_in__decision__title", "member__email", "signed_at"),
    "scrutiny.Declaration": ("item__title", "item__meeting__starts_at", "person__email", "kind", "nature"),
    "scrutiny.Vote": ("resolution__minute__item__title", "result", "votes_for", "votes_against", "recorded"),
    "scrutiny.MemberVote": ("vote__resolution__minute__item__title", "person__email", "cast"),
    "scrutiny.Recommendation": ("resolution__minute__item__title", "text", "made_on", "response", "responded_on"),
    "scrutiny.Action": ("resolution__minute__item__title", "description", "due_date", "status"),
    "scrutiny.DocumentPageText": ("document__title", "document__item__meeting__starts_at", "number", "text"),
}


def fingerprint() -> str:
    """A SHA-256 over what the rows of the main models say (not their keys): two loads with the
    same seed into databases with the same demo give the same fingerprint."""
    from django.apps import apps

    digest = hashlib.sha256()
    for label, fields in _FINGERPRINT.items():
        model = apps.get_model(label)
        for row in sorted(model._default_manager.values_list(*fields).order_by(), key=repr):
            digest.update(repr(row).encode())
    return digest.hexdigest()


__all__ = ["DECADE", "SEED", "AlreadyLoaded", "Plan", "Result", "fingerprint", "is_loaded", "load"]
