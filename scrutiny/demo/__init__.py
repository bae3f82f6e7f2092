"""The scrutiny demo: a municipal year of meetings for every body with their agendas, the minutes
of the meeting the product was born from, and a few agenda packs (``meetings``, ``minutes``,
``packs``). ``load()`` is run by ``manage.py load_demo`` through ``council.demo``."""

from members.models import Body, Portfolio

from . import attendance, meetings, packs
from .meetings import SOURCE_MEETING
from .meetings import _meeting_days as _meeting_days  # commissioning's demo spaces its meetings alike

__all__ = ["SOURCE_MEETING", "load"]


def load():
    if not Portfolio.objects.exists() or not Body.objects.exists():
        return []
    meetings.load()
    attendance.load()  # the source meeting's register, and the demo councillor's apologies
    # The packs of the source meeting and a few other published agendas, built through the engine.
    packs.load()
    return []
