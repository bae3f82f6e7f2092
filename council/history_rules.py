"""Who may read the History page of the foundation's records.

- A person's record: whoever may read the people pages (``council.view_user``).
- A sign-in log entry: whoever may read the sign-in log (``council.view_signinevent``).
- A pack's builds and versions: whoever may download that edition of that pack (its kind's
  ``can_download``): a confidential pack's history names the papers it was built from.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from . import permissions
from .accounts.models import SignInEvent
from .history import register_read_rule
from .packs.models import PackBuild, PackVersion
from .packs.registry import get_kind


def may_download(user, row: PackBuild | PackVersion) -> bool:
    try:
        kind = get_kind(row.kind)
    except KeyError:
        return False
    obj = kind.model._default_manager.filter(pk=row.object_id).first()
    if obj is None:
        return False
    try:
        return bool(kind.can_download(user, obj, row.edition))
    except (Http404, PermissionDenied):
        return False


def packs_readable(user, queryset: QuerySet) -> QuerySet:
    """Asked one row at a time (a pack's kind answers for its own objects): the History page asks
    about one row only."""
    return queryset.filter(pk__in=[row.pk for row in queryset if may_download(user, row)])


def register() -> None:
    register_read_rule(get_user_model(), readable=lambda user, qs: permissions.permitted(user, qs, "council.view_user"))
    register_read_rule(
        SignInEvent, readable=lambda user, qs: permissions.permitted(user, qs, "council.view_signinevent")
    )
    for model in (PackBuild, PackVersion):
        register_read_rule(model, readable=packs_readable)
