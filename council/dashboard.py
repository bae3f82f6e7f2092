"""The home dashboard: apps register panels, each shown to the roles it serves."""

from collections.abc import Callable
from dataclasses import dataclass, field

from . import permissions
from .roles import Role


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    order: int = 50
    roles: tuple[Role, ...] = ()  # empty: everyone signed in
    context: Callable | None = field(default=None, compare=False)  # (request) -> dict, or None: not shown


@dataclass
class ShownPanel:
    title: str
    template: str
    context: dict


_panels: list[Panel] = []


def register(*panels: Panel) -> None:
    for panel in panels:
        if panel not in _panels:
            _panels.append(panel)


def panels_for(request) -> list[ShownPanel]:
    user = request.user
    shown = []
    for panel in sorted(_panels, key=lambda p: (p.order, p.title)):
        if panel.roles and not any(permissions.has_role(user, role) for role in panel.roles):
            continue
        context = panel.context(request) if panel.context else {}
        if context is None:  # the panel is not for this person (e.g. only a committee's chair)
            continue
        shown.append(ShownPanel(panel.title, panel.template, context))
    return shown
