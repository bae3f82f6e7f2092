"""Sections that higher apps add to a committee's and a councillor's public page, without ``members``
importing them (the layers, tests/test_layers.py): scrutiny adds a committee's meetings by municipal
year, its work programme, its recommendations tracker and its calendar feeds, and a councillor's
attendance; the executive adds the decisions a councillor took as a Cabinet Member.

Each section's ``context`` takes the request and the committee (or councillor) and returns the
template's context, or None when the section has nothing for this page. It reads through its own
app's permission-scoped selectors, in a fixed number of queries however many rows there are.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    template: str
    order: int = 50
    context: Callable = field(default=lambda request, obj: {}, compare=False)  # (request, obj) -> dict | None


@dataclass
class ShownSection:
    template: str
    context: dict


_body_sections: list[Section] = []
_councillor_sections: list[Section] = []


def register_body_section(*sections: Section) -> None:
    for section in sections:
        if section not in _body_sections:
            _body_sections.append(section)


def register_councillor_section(*sections: Section) -> None:
    for section in sections:
        if section not in _councillor_sections:
            _councillor_sections.append(section)


def _shown(sections: list[Section], request, obj) -> list[ShownSection]:
    shown = []
    for section in sorted(sections, key=lambda s: (s.order, s.template)):
        context = section.context(request, obj)
        if context is not None:
            shown.append(ShownSection(section.template, context))
    return shown


def body_sections(request, body) -> list[ShownSection]:
    return _shown(_body_sections, request, body)


def councillor_sections(request, councillor) -> list[ShownSection]:
    return _shown(_councillor_sections, request, councillor)
