"""Words shared by every commissioning model: the cycle's stages and the RAG rating."""

from django.db import models


class Stage(models.TextChoices):
    """The commissioning cycle, in order. A gate stands at the end of each stage."""

    ANALYSE = "analyse", "Analyse"
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    REVIEW = "review", "Review"


STAGE_ORDER = list(Stage.values)
#: Members act as critical friend in these stages (DOMAIN.md): their gates show the engagement.
ENGAGEMENT_STAGES = (Stage.ANALYSE, Stage.PLAN)


def next_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def previous_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index - 1] if index > 0 else None


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
