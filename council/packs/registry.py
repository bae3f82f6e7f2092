"""Pack kinds, registered by the apps in their AppConfig.ready() (the foundation names none)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model

from .spec import PackSpec, Watermark


def serve_as_stored(user, obj, edition: str, version) -> Watermark | None:
    """The default: a download records nothing and the stored file is served as it is."""
    return None


def not_watermarked(edition: str) -> bool:
    return False


def no_second_factor(edition: str) -> bool:
    return False


@dataclass(frozen=True)
class PackKind:
    """``name`` e.g. "agenda"; ``model`` the kind of object packs are of; ``build_spec(obj, edition)``
    returns the PackSpec; ``can_build(user, obj, edition)`` and ``can_download(user, obj, edition)``
    answer the permission questions (through council.permissions); ``editions(obj)`` the editions
    that exist for obj; ``label(edition)`` what people call each ("Public agenda pack").

    ``on_download(user, obj, edition, version)`` is called for each download ``can_download`` has
    allowed, before anything is sent: the kind records what it must (in a service of its own, one
    transaction) and returns a ``Watermark`` for that person's copy, or None to serve the stored
    file as it is. ``watermarked(edition)`` says whether downloads of an edition are such personal
    copies (the versions page then explains why a copy's SHA-256 is not the stored version's).
    ``needs_second_factor(edition)`` says whether an edition is opened (its versions page and its
    downloads) only in a session verified with two factors, whatever the person's role.
    """

    name: str
    model: type[Model]
    build_spec: Callable[[Model, str], PackSpec]
    can_build: Callable
    can_download: Callable
    editions: Callable[[Model], list[str]]
    label: Callable[[str], str]
    on_download: Callable = serve_as_stored
    watermarked: Callable[[str], bool] = not_watermarked
    needs_second_factor: Callable[[str], bool] = no_second_factor


_kinds: dict[str, PackKind] = {}


def register(kind: PackKind) -> None:
    _kinds[kind.name] = kind


def get_kind(name: str) -> PackKind:
    return _kinds[name]


def kinds() -> list[PackKind]:
    return list(_kinds.values())
