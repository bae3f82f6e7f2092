"""Service navigation by role: apps register their items; the shell shows those a person may use."""

from dataclasses import dataclass

from django.urls import reverse

from . import permissions
from .roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 50
    perm: str | None = None  # a model permission (held through a role) needed to see the item
    roles: tuple[Role, ...] = ()  # or: any of these roles
    public: bool = False  # shown to visitors who have not signed in


_items: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _items:
            _items.append(item)


def _shown(item: NavItem, user) -> bool:
    if not user.is_authenticated:
        return item.public
    if item.perm and not permissions.can(user, item.perm):
        return False
    return not item.roles or any(permissions.has_role(user, role) for role in item.roles)


def items_for(request) -> list[dict]:
    shown = []
    for item in sorted(_items, key=lambda i: (i.order, i.label)):
        if not _shown(item, request.user):
            continue
        url = reverse(item.url_name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        shown.append({"label": item.label, "url": url, "current": current})
    return shown
