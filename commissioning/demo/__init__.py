"""The demo council's commissioning: reviews through the cycle with their boards, priorities,
savings over three years, indicators with actuals, and the work plan (agreed and draft).

Each subject has its own module with an idempotent ``load()`` (``reviews``, ``priorities``,
``savings``, ``indicators``, ``workplan``, ``decisions``, ``packs``; the reviews themselves are in ``data``);
this runs them in order, after the members and scrutiny demos (the work plan answers the source
meeting's action). ``load()`` is run by ``manage.py load_demo`` through ``council.demo``.
"""

import datetime

from members.consultations import demo as consultations_demo
from members.models import Body, BodyKind, Consultation
from scrutiny import services as meeting_services
from scrutiny.demo.meetings import _meeting_days
from scrutiny.models import Meeting

from ..models import Review, StageConsultation
from ..services import consultations as consultation_services
from . import decisions, indicators, packs, priorities, reviews, savings, workplan
from .data import REVIEWS

__all__ = ["REVIEWS", "load"]

BOARD_ROOM = "Committee Room 3, Town Hall"


def load():
    reviews.load()
    priorities.load()
    savings.load()
    indicators.load()
    workplan.load()
    decisions.load()
    _board_meetings()
    _analyse_stage_consultation()
    packs.load()  # the agreed work plan's pack, through the pack engine
    return []


def _analyse_stage_consultation():
    """The Leisure Centres review asks members what matters in their ward at its Analyse stage."""
    review = Review.objects.filter(title="Leisure Centres Management").first()
    consultation = Consultation.objects.filter(title=consultations_demo.LEISURE).first()
    if review is None or consultation is None:
        return
    if not StageConsultation.objects.filter(review=review, consultation=consultation).exists():
        consultation_services.stage_consultation_link(
            review=review, stage="analyse", consultation=consultation, by=consultation.owner
        )


def _board_meetings():
    """Programme boards meet every six weeks through the municipal year, the Cabinet Working Group
    every two months; their meetings are internal (no published agenda)."""
    bodies = Body.objects.filter(kind__in=[BodyKind.PROGRAMME_BOARD, BodyKind.CABINET_WORKING_GROUP])
    for index, body in enumerate(bodies.exclude(meetings__isnull=False).order_by("pk")):
        review = Review.objects.filter(programme_board=body).select_related("lead_officer").first()
        convenor = review.lead_officer if review else Review.objects.filter(working_group=body).first().lead_officer
        weeks = 6 if body.kind == BodyKind.PROGRAMME_BOARD else 8
        first = datetime.date(2026, 6, 8) + datetime.timedelta(days=index % 10)
        for day in _meeting_days(first, weeks, 8 if weeks == 6 else 6):
            if not Meeting.objects.filter(body=body, starts_at__date=day).exists():
                meeting_services.meeting_schedule(
                    body=body, day=day, start_time=datetime.time(10), venue=BOARD_ROOM, by=convenor
                )
