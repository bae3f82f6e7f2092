"""Pack kinds, registered by the apps in their AppConfig.ready() (the foundation names none)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model

from .spec import PackSpec


@dataclass(frozen=True)
class PackKind:
    """``name`` e.g. "agenda"; ``model`` the kind of object packs are of; ``build_spec(obj, edition)``
    returns the PackSpec; ``can_build(user, obj, edition)`` and ``can_download(user, obj, edition)``
    answer the permission questions (through council.permissions); ``editions(obj)`` the editions
    that exist for obj; ``label(edition)`` what people call each ("Public agenda pack")."""

    name: str
    model: type[Model]
    build_spec: Callable[[Model, str], PackSpec]
    can_build: Callable
    can_download: Callable
    editions: Callable[[Model], list[str]]
    label: Callable[[str], str]


_kinds: dict[str, PackKind] = {}


def register(kind: PackKind) -> None:
    _kinds[kind.name] = kind


def get_kind(name: str) -> PackKind:
    return _kinds[name]


def kinds() -> list[PackKind]:
    return list(_kinds.values())
