"""The search index hears of every change to a searchable record (``record.services.search``).

Thin receivers only: the rows are written by the service. Changes made without ``save`` (a
``QuerySet.update``) are caught by the nightly rebuild: until then a stale ``public`` flag can hide
a row from the public's search, never show one (each hit shown is asked the live rule again).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .services import search

_UID = "record.search.{}.{}"


def _saved(sender, instance, created=False, raw=False, **kwargs):
    if raw:  # loading fixtures
        return
    search.index_record(record=instance, created=created)


def _deleted(sender, instance, **kwargs):
    model, pk = type(instance), instance.pk
    transaction.on_commit(lambda: search.unindex_record(model=model, pk=pk))


def connect() -> None:
    for source in search.SOURCES:
        label = source.model._meta.label_lower
        post_save.connect(_saved, sender=source.model, dispatch_uid=_UID.format("saved", label))
        post_delete.connect(_deleted, sender=source.model, dispatch_uid=_UID.format("deleted", label))
