"""Links from an executive record to where it comes from, offered by higher apps.

The executive must not know the apps built on it (tests/test_layers.py), yet a decision's page
should lead back to the commissioning review it comes from. So a higher app registers a provider
here, from its ``AppConfig.ready``: a function ``(user, record) -> list[RelatedLink]`` that asks
its own permission rules, so a link is shown only to those who may follow it.
"""

from collections.abc import Callable
from dataclasses import dataclass

ENTRY = "entry"
DECISION = "decision"


@dataclass(frozen=True)
class RelatedLink:
    label: str  # what the link is, e.g. "Commissioning review"
    text: str
    url: str


Provider = Callable[..., list[RelatedLink]]
_providers: dict[str, list[Provider]] = {ENTRY: [], DECISION: []}


def register(kind: str, provider: Provider) -> None:
    if provider not in _providers[kind]:
        _providers[kind].append(provider)


def links(kind: str, user, record) -> list[RelatedLink]:
    return [link for provider in _providers[kind] for link in provider(user, record)]
