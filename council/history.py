"""Audit history: one place that configures django-simple-history and reads it back in words.

Every domain model declares ``history = tracked()``. The request middleware records who made
each change; services name the change with ``with_reason`` ("Roles changed", "Gate passed").
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from simple_history.models import HistoricalRecords

KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
NOT_SET = "Not set"


def tracked(**options) -> HistoricalRecords:
    """The project-wide simple-history configuration for a model's ``history`` attribute."""
    options.setdefault("cascade_delete_history", False)  # deleting an object keeps its record
    return HistoricalRecords(**options)


def with_reason(obj: models.Model, reason: str, *, by=None) -> models.Model:
    """Name the next saved change of ``obj`` (e.g. "Roles changed") and who made it in its history.

    Without ``by``, the history records the person of the current request (or System outside one).
    """
    if reason:
        obj._change_reason = reason
    if by is not None:
        obj._history_user = by
    return obj


def saved_by(obj: models.Model, by, reason: str) -> models.Model:
    """Save ``obj``, recording ``by`` and ``reason`` in its history; returns ``obj``."""
    with_reason(obj, reason, by=by).save()
    return obj


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    who: str
    when: datetime.datetime
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    history_model = model.history.model
    names = {f.name for f in history_model._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields if f.name in names and not f.primary_key]


def _related_labels(fields, records) -> dict[tuple[str, object], str]:
    """One query per foreign key field: labels for every related id the records mention."""
    labels = {}
    for f in fields:
        if not f.is_relation:
            continue
        ids = {getattr(r, f.attname) for r in records} - {None}
        if not ids:
            continue
        found = f.related_model._base_manager.in_bulk(ids)
        for pk in ids:
            labels[(f.name, pk)] = str(found[pk]) if pk in found else f"(removed, no. {pk})"
    return labels


def display_value(f: models.Field, value, related: dict) -> str:
    if value is None or value == "":
        return NOT_SET
    if f.is_relation:
        return related.get((f.name, value), str(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def field_label(f: models.Field) -> str:
    text = str(f.verbose_name)
    return text[:1].upper() + text[1:]


def timeline(obj: models.Model) -> list[Entry]:
    """The history of ``obj``, newest first, with field-by-field differences in words.

    Three queries whatever the length: the records with their authors, then one per foreign key.
    """
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    fields = tracked_fields(model)
    related = _related_labels(fields, records)
    entries = []
    previous = None
    for record in records:
        changes = []
        for f in fields:
            new = getattr(record, f.attname)
            if previous is None:
                if new not in (None, ""):
                    changes.append(Change(field_label(f), "", display_value(f, new, related)))
                continue
            old = getattr(previous, f.attname)
            if old != new:
                changes.append(Change(field_label(f), display_value(f, old, related), display_value(f, new, related)))
        user = record.history_user
        entries.append(
            Entry(
                who=(user.get_full_name() or user.email) if user else "System",
                when=record.history_date,
                kind=KINDS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries
