"""A clock the test moves: ``django.utils.timezone.now`` (what the product reads) answers its time."""

import datetime

from django.utils import timezone


class MovingClock:
    def __init__(self, now: datetime.datetime):
        self.now = now

    def move(self, **delta):
        self.now += datetime.timedelta(**delta)


def moving_clock(monkeypatch, now: datetime.datetime | None = None) -> MovingClock:
    """Set ``timezone.now`` to a clock starting at ``now`` (the real time if not given) for the test."""
    clock = MovingClock(now or timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
