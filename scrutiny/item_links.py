"""Links from agenda items to records of the apps above scrutiny (an executive decision called in
and placed on an O&S agenda): those apps register a provider here, so the meeting page shows the
link without scrutiny importing them (the layers, tests/test_layers.py).

A provider takes the ids of the items on a page and returns {item id: [(text, url), ...]}, in a
fixed number of queries however many items there are. It returns only links to public records, or
records every reader of the agenda may open."""

from collections.abc import Callable, Iterable

ItemLink = tuple[str, str]
Provider = Callable[[list[int]], dict[int, list[ItemLink]]]

_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def links_for(item_ids: Iterable[int]) -> dict[int, list[ItemLink]]:
    ids = list(item_ids)
    links: dict[int, list[ItemLink]] = {}
    if not ids:
        return links
    for provider in _providers:
        for item_id, found in provider(ids).items():
            links.setdefault(item_id, []).extend(found)
    return links
