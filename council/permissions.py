"""The one place that answers "may this person do X to this object?" and "which objects may they see?".

Two layers decide, and either is enough:
- a **role** (a group) holds a model permission, e.g. ``members.change_body``: every object of the kind;
- an **object permission** (django-guardian) granted to a person or to a group (a committee's
  members), e.g. ``members.change_body`` on the Audit Committee for its clerk: that object only.

Views fetch objects through ``get_permitted_or_404`` so that an object a person may not see is
simply not found, and mark the few public pages (published records) with ``public``.
No other module calls guardian.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from guardian.ctypes import get_content_type
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from guardian.shortcuts import (
    assign_perm,
    get_objects_for_user,
    get_users_with_perms,
    remove_perm,
)
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from .history import ModelT, with_reason
from .roles import Role

#: A queryset of any kind, returned as the same kind (so its own methods, e.g. ``public()``, stay typed).
QuerySetT = TypeVar("QuerySetT", bound=QuerySet)

#: Marks a view that the public may open without signing in (published records).
public = login_not_required

#: The bases of a model's own grant tables (a direct foreign key to the object, faster to filter
#: than the generic table): ``class BodyUserObjectPermission(permissions.UserGrants)``.
UserGrants = UserObjectPermissionBase
GroupGrants = GroupObjectPermissionBase


def _codename(perm: str) -> str:
    return perm.split(".", 1)[1]


def roles_of(user) -> list[str]:
    """The person's role names, in the order of ``Role``; cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not hasattr(user, "_council_roles"):
        held = set(user.groups.values_list("name", flat=True))
        user._council_roles = [role.value for role in Role if role.value in held]
    return user._council_roles


def has_role(user, role: Role | str) -> bool:
    return Role(role).value in roles_of(user)


def can(user, perm: str, obj: Model | None = None) -> bool:
    """May ``user`` use ``perm`` ("app_label.codename") on ``obj`` (or on every object, if None)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.has_perm(perm):
        return True
    return obj is not None and user.has_perm(perm, obj)


def can_on(user, perm: str, obj: Model) -> bool:
    """``can(user, perm, obj)`` in one query: the role first (read once per request), then one
    query for a grant to the person or to any group of theirs (guardian's own object check asks
    the person's grants and their groups' in two). For checks made on every page (who clerks this
    body)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.has_perm(perm):
        return True
    return _grants(user, type(obj)._default_manager.filter(pk=obj.pk), perm).exists()


def require(user, perm: str, obj: Model | None = None) -> None:
    """Raise PermissionDenied (the 403 page) unless ``can(user, perm, obj)``."""
    if not can(user, perm, obj):
        raise PermissionDenied


#: Within ``pinned``: each person's object grants already read, as lists of primary keys.
_pinned: ContextVar[dict | None] = ContextVar("council_permissions_pinned", default=None)


@contextmanager
def pinned(memo: dict | None = None) -> Iterator[dict]:
    """Within it, the querysets ``permitted`` and ``granted`` return name a person's object grants
    as a literal list of primary keys, read once (one small query per model and permission) and
    kept in ``memo`` (pass the same dict to share them across blocks), rather than as nested
    sub-queries through the grant tables. For code that builds many rules for one person at one
    moment (a search); the lists are read when the rule is built, so a rule built inside is as
    live as one built outside for as long as the memo is kept (one request)."""
    memo = {} if memo is None else memo
    token = _pinned.set(memo)
    try:
        yield memo
    finally:
        _pinned.reset(token)


def kept(key: tuple, build: Callable[[], QuerySetT]) -> QuerySetT:
    """``build()``, a small set of one person's records (their seats' bodies, their need-to-know
    items); within ``pinned``, read once as a list of primary keys and named as that list."""
    memo = _pinned.get()
    if memo is None:
        return build()
    if key not in memo:
        queryset = build()
        memo[key] = (queryset.model, sorted(queryset.values_list("pk", flat=True)))
    model, pks = memo[key]
    return model._default_manager.filter(pk__in=pks)


def _grants(user, queryset: QuerySetT, perm: str, *, with_superuser: bool = True) -> QuerySetT:
    """The objects of ``queryset`` granted to ``user`` one by one for ``perm`` (guardian)."""
    memo = _pinned.get()
    if memo is None:
        return get_objects_for_user(
            user, _codename(perm), klass=queryset, accept_global_perms=False, with_superuser=with_superuser
        )
    model = queryset.model
    key = (user.pk, model._meta.label, perm, with_superuser)
    if key not in memo:
        every = model._default_manager.all()
        memo[key] = sorted(
            get_objects_for_user(
                user, _codename(perm), klass=every, accept_global_perms=False, with_superuser=with_superuser
            ).values_list("pk", flat=True)
        )
    return queryset.filter(pk__in=memo[key])


def permitted(user, queryset: QuerySetT, perm: str) -> QuerySetT:
    """The objects of ``queryset`` on which ``user`` may use ``perm``: by role or by object grant."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.has_perm(perm):
        return queryset
    return _grants(user, queryset, perm)


def viewable(user, queryset: QuerySetT, perm: str) -> QuerySetT:
    """What ``user`` may read: the queryset's ``public()`` objects (published records, open to
    everyone) together with those ``permitted`` for ``perm``."""
    allowed = permitted(user, queryset, perm)
    if not hasattr(queryset, "public"):
        return allowed
    if getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(perm):
        return queryset
    return queryset.filter(Q(pk__in=queryset.public().values("pk")) | Q(pk__in=allowed.values("pk")))


def get_permitted_or_404(user, queryset: QuerySet[ModelT], perm: str, **lookup) -> ModelT:
    """Fetch one object through the permitted queryset: one you may not use is not found.

    A person who may use ``perm`` on nothing at all (the wrong role) gets the 403 page instead.
    """
    allowed = permitted(user, queryset, perm)
    try:
        return allowed.get(**lookup)
    except allowed.model.DoesNotExist:
        if not allowed.exists():
            raise PermissionDenied from None
        raise Http404 from None


def granted(user, queryset: QuerySetT, perm: str) -> QuerySetT:
    """Only the objects granted to ``user`` one by one (e.g. "the committees I clerk"), ignoring roles."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return _grants(user, queryset, perm, with_superuser=False)


def holds_grant(user, perm: str) -> bool:
    """Has ``user`` been granted ``perm`` on any object one by one (to them or to a group of
    theirs), whatever their roles? The model is the permission's own, found by name."""
    if not getattr(user, "is_authenticated", False):
        return False
    app_label, codename = perm.split(".", 1)
    permission = (
        Permission.objects.select_related("content_type")
        .filter(content_type__app_label=app_label, codename=codename)
        .first()
    )
    model = permission.content_type.model_class() if permission else None
    return model is not None and granted(user, model._default_manager.all(), perm).exists()


def grant(perm: str, to, obj: Model, *, by=None, reason: str = "") -> None:
    """Grant ``perm`` on ``obj`` to a person or a group (prefer a group where the rule is a group's).

    Granting twice changes nothing. Grants kept in a model's own history-tracked table (a body's:
    who made whom a clerk) record ``by`` and ``reason``; without ``by``, the person of the current
    request, or System outside one.
    """
    table, holder = _grant_table(to, obj)
    if table.objects.is_generic():
        assign_perm(perm, to, obj)
        return
    row = {holder: to, "content_object": obj, "permission": _permission(perm, obj)}
    if not table.objects.filter(**row).exists():
        with_reason(table(**row), reason, by=by).save()


def revoke(perm: str, frm, obj: Model, *, by=None, reason: str = "") -> None:
    """Take back a grant of ``perm`` on ``obj``; recorded like ``grant``."""
    table, holder = _grant_table(frm, obj)
    if table.objects.is_generic():
        remove_perm(perm, frm, obj)
        return
    # One row at a time, not a bulk delete, so that each deletion's history names who and why.
    for row in table.objects.filter(**{holder: frm, "content_object": obj, "permission": _permission(perm, obj)}):
        with_reason(row, reason, by=by).delete()


def _grant_table(to, obj: Model) -> tuple[type[Model], str]:
    """Guardian's grant model for ``obj`` (the model's own table if it has one) and its holder field."""
    if isinstance(to, Group):
        return get_group_obj_perms_model(obj), "group"
    return get_user_obj_perms_model(obj), "user"


def _permission(perm: str, obj: Model) -> Permission:
    return Permission.objects.get(content_type=get_content_type(obj), codename=_codename(perm))


def holders(perm: str, obj: Model) -> QuerySet:
    """People granted ``perm`` on ``obj`` directly or through a group (not through a role)."""
    users = get_users_with_perms(
        obj, only_with_perms_in=[_codename(perm)], with_group_users=True, with_superusers=False
    )
    return get_user_model().objects.filter(pk__in=users.values("pk")).order_by("last_name", "first_name")


def granted_to(perms, obj: Model) -> QuerySet:
    """People granted any of ``perms`` on ``obj`` one by one (to them, not through a group or a role)."""
    table = get_user_obj_perms_model(obj)
    codenames = [_codename(perm) for perm in perms]
    if table.objects.is_generic():
        rows = table.objects.filter(
            content_type=get_content_type(obj), object_pk=str(obj.pk), permission__codename__in=codenames
        )
    else:
        rows = table.objects.filter(content_object=obj, permission__codename__in=codenames)
    return get_user_model().objects.filter(pk__in=rows.values("user"))


def people_with_role(role: Role | str) -> QuerySet:
    return get_user_model().objects.filter(groups__name=Role(role).value, is_active=True)


def revoke_all_grants(user, *, by=None, reason: str = "") -> int:
    """Take back every object permission granted to ``user`` one by one, on any kind of object (a
    clerk's committees, need-to-know on exempt papers, shared consultations...), recorded like
    ``revoke``. Grants through a group or a role are not touched. Returns how many were taken back;
    a second call takes back nothing."""
    from django.apps import apps

    taken = 0
    for table in apps.get_models():
        if not issubclass(table, UserObjectPermissionBase):
            continue
        # One row at a time, so that each deletion's history (where the table keeps one) names why.
        for row in table.objects.filter(user=user):
            with_reason(row, reason, by=by).delete()
            taken += 1
    return taken


def users_with_grants() -> QuerySet:
    """Everyone granted any object permission one by one (on any kind of object)."""
    from django.apps import apps

    ids: set[int] = set()
    for table in apps.get_models():
        if issubclass(table, UserObjectPermissionBase):
            ids.update(table.objects.values_list("user", flat=True).distinct())
    return get_user_model().objects.filter(pk__in=ids)
