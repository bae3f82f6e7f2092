"""The search index hears of every change to a searchable record (``record.services.search``).

Thin receivers only: the rows are written by the service. Changes made without ``save`` (a
``QuerySet.update``) are caught by the nightly rebuild: until then a stale ``public`` flag can hide
a row from the public's search, never show one (each hit shown is asked the live rule again).
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

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


def _grants_changed(sender, instance=None, raw=False, **kwargs):
    if raw:
        return
    search.grants_changed()


def _grants_changed_m2m(sender, action=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        search.grants_changed()


def connect_grants() -> None:
    """A person's search rules are read, within a search, as lists kept in the cache
    (``record.selectors.search.GrantLists``): every table those lists are read from bumps their
    version when written: object grants (every grant table, to people and to groups), a person's
    groups, a group's permissions, seats, councillors' terms, agenda items (need-to-know is on
    exempt items only)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

    from members.models import Member, Membership
    from scrutiny.models import AgendaItem

    tables = [
        model for model in apps.get_models() if issubclass(model, UserObjectPermissionBase | GroupObjectPermissionBase)
    ]
    for model in (*tables, Membership, Member, AgendaItem):
        label = model._meta.label_lower
        post_save.connect(_grants_changed, sender=model, dispatch_uid=_UID.format("grants-saved", label))
        post_delete.connect(_grants_changed, sender=model, dispatch_uid=_UID.format("grants-deleted", label))
    for through in (get_user_model().groups.through, Group.permissions.through):
        m2m_changed.connect(
            _grants_changed_m2m, sender=through, dispatch_uid=_UID.format("grants-m2m", through._meta.label_lower)
        )
