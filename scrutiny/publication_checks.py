"""Checks a higher app adds to agenda and supplement publication, without scrutiny importing it.

The executive registers the 2012 Regulations reg 5 (a Cabinet item taken in private needs its
notices) from its ``AppConfig.ready``; ``agenda_publish`` and ``supplement_publish`` call every
check, inside their transaction, with the items about to be published. A check refuses by raising
``council.errors.RuleError``.
"""

import datetime
from collections.abc import Callable, Iterable

Check = Callable[..., None]  # (*, meeting, items, today) -> None

_checks: list[Check] = []


def register(check: Check) -> None:
    if check not in _checks:
        _checks.append(check)


def run(*, meeting, items: Iterable, today: datetime.date) -> None:
    items = list(items)
    for check in _checks:
        check(meeting=meeting, items=items, today=today)
