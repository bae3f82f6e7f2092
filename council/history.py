"""Audit history: one place that configures django-simple-history and reads it back in words.

Every domain model declares ``history = tracked()``. The request middleware records who made
each change; services name the change with ``with_reason`` ("Roles changed", "Gate passed").

Who may read a history is the object's own read rule, not the model permission: each app registers,
per model, the objects a person may read and the fields of one object they may not see
(``register_read_rule``, from its AppConfig.ready()); the foundation names no domain model.
"""

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.db import models
from django.utils import formats, timezone
from simple_history.models import HistoricalRecords

KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
NOT_SET = "Not set"
WITHHELD = "withheld (exempt information)"

ModelT = TypeVar("ModelT", bound=models.Model)


def tracked(**options) -> HistoricalRecords:
    """The project-wide simple-history configuration for a model's ``history`` attribute."""
    options.setdefault("cascade_delete_history", False)  # deleting an object keeps its record
    return HistoricalRecords(**options)


def with_reason(obj: ModelT, reason: str, *, by=None) -> ModelT:
    """Name the next saved change of ``obj`` (e.g. "Roles changed") and who made it in its history.

    Without ``by``, the history records the person of the current request (or System outside one).
    """
    if reason:
        obj._change_reason = reason
    if by is not None:
        obj._history_user = by
    return obj


def saved_by(obj: ModelT, by, reason: str) -> ModelT:
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


# --- Who may read a history: the object's own read rule ---------------------------------------------


@dataclass(frozen=True)
class ReadRule:
    """How the History pages decide for one model.

    ``readable(user, queryset)`` narrows ``queryset`` to the objects ``user`` may read, by the rule
    the object's own page follows. ``withheld(user, obj)`` names the fields of ``obj`` that ``user``
    may not see (exempt content); ``named_by`` the fields the object's name (``str``) shows, so a
    page that withholds one of them does not print the name either.
    """

    readable: Callable[..., models.QuerySet]
    withheld: Callable[..., Collection[str]] | None = None
    named_by: tuple[str, ...] = ()


_rules: dict[type[models.Model], ReadRule] = {}


def register_read_rule(
    model: type[models.Model],
    *,
    readable: Callable[..., models.QuerySet],
    withheld: Callable[..., Collection[str]] | None = None,
    named_by: tuple[str, ...] = (),
) -> None:
    _rules[model] = ReadRule(readable, withheld, named_by)


def read_rule(model: type[models.Model]) -> ReadRule | None:
    return _rules.get(model)


def readable(user, model: type[models.Model], queryset: models.QuerySet | None = None) -> models.QuerySet:
    """The objects of ``model`` (of ``queryset``, if given) whose history ``user`` may read.

    A model with no registered rule is read by nobody: its model permission would say nothing about
    which of its objects a person may see (every tracked model has a rule; a test checks it).
    """
    queryset = model._default_manager.all() if queryset is None else queryset
    rule = _rules.get(model)
    if rule is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    return rule.readable(user, queryset)


def withheld_fields(user, obj: models.Model) -> frozenset[str]:
    """The fields of ``obj`` whose values ``user`` may not see in its history."""
    rule = _rules.get(type(obj))
    if rule is None or rule.withheld is None:
        return frozenset()
    return frozenset(rule.withheld(user, obj))


def name_withheld(obj: models.Model, withheld: Collection[str]) -> bool:
    """Does the object's name show a field withheld from this reader?"""
    rule = _rules.get(type(obj))
    return rule is not None and any(name in withheld for name in rule.named_by)


# --- Reading a history back in words -------------------------------------------------------------


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    history_model = model.history.model
    names = {f.name for f in history_model._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields if f.name in names and not f.primary_key]


def _related_labels(fields, records, withheld: Collection[str] = ()) -> dict[tuple[str, object], str]:
    """One query per foreign key field: labels for every related id the records mention."""
    labels = {}
    for f in fields:
        if not f.is_relation or f.name in withheld:
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


def _differences(record, previous, fields: list[models.Field]) -> dict[str, tuple]:
    """What ``record`` changed, by field name: (before, after); on creation, what it set."""
    if previous is None:
        return {f.name: (None, value) for f in fields if (value := getattr(record, f.attname)) not in (None, "")}
    # Only the tracked concrete fields are named: no m2m, so diff_against makes no query.
    delta = record.diff_against(previous, included_fields=[f.name for f in fields if f.editable])
    changed = {change.field: (change.old, change.new) for change in delta.changes}
    # diff_against leaves out the fields no form edits (it reads records with model_to_dict):
    # those the system sets, such as an agenda item's publication, are compared here.
    for f in fields:
        if not f.editable and getattr(previous, f.attname) != getattr(record, f.attname):
            changed[f.name] = (getattr(previous, f.attname), getattr(record, f.attname))
    return changed


def timeline(obj: models.Model, *, withheld: Collection[str] = ()) -> list[Entry]:
    """The history of ``obj``, newest first, with field-by-field differences in words.

    Each record is compared with the one before by simple-history's ``diff_against``. The values of
    the ``withheld`` fields are never read out: a change to one shows that it changed, as
    ``WITHHELD``. Three queries whatever the length: the records with their authors, then one per
    foreign key.
    """
    model = type(obj)
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    fields = tracked_fields(model)
    related = _related_labels(fields, records, withheld)

    def shown(f, value):
        return WITHHELD if f.name in withheld and value not in (None, "") else display_value(f, value, related)

    entries = []
    previous = None
    for record in records:
        changed = _differences(record, previous, fields)
        changes = []
        for f in fields:
            if f.name in changed:
                before, after = changed[f.name]
                changes.append(Change(field_label(f), "" if previous is None else shown(f, before), shown(f, after)))
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
