"""A body's template of standard agenda items, kept by its clerks."""

from django.db import transaction
from django.db.models import Max

from council.errors import RuleError
from council.history import with_reason

from ..models import ItemKind, StandardItem


@transaction.atomic
def standard_item_add(*, body, title: str, kind: str = ItemKind.STANDING, by) -> StandardItem:
    title = title.strip()
    if body.standard_items.filter(title__iexact=title).exists():
        raise RuleError("The committee already has a standard item with this title", field="title")
    last = body.standard_items.aggregate(last=Max("position"))["last"] or 0
    item = StandardItem(body=body, position=last + 1, title=title, kind=kind)
    with_reason(item, "Standard item added", by=by).save()
    return item


@transaction.atomic
def standard_item_remove(*, item: StandardItem, by) -> None:
    with_reason(item, "Standard item removed", by=by).delete()
