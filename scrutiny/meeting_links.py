"""Links a higher app adds to a meeting's page, without scrutiny importing it (the executive adds
a Cabinet meeting's private meeting notices and decisions). Each registered function takes the
person and the meeting and returns ``(text, url)`` pairs; it decides what that person may see."""

from collections.abc import Callable

Links = Callable[..., list[tuple[str, str]]]  # (user, meeting) -> [(text, url)]

_sources: list[Links] = []


def register(source: Links) -> None:
    if source not in _sources:
        _sources.append(source)


def for_meeting(user, meeting) -> list[tuple[str, str]]:
    return [link for source in _sources for link in source(user, meeting)]
