"""Linking members' consultations to a review's Analyse and Plan stages."""

from django.db import IntegrityError, transaction

from council.errors import RuleError
from council.history import saved_by, with_reason
from members.models import Consultation

from ..models import ENGAGEMENT_STAGES, Review, Stage, StageConsultation


@transaction.atomic
def stage_consultation_link(*, review: Review, stage: str, consultation: Consultation, by) -> StageConsultation:
    if stage not in ENGAGEMENT_STAGES:
        raise RuleError("Members are consulted at the Analyse and Plan stages", field="stage")
    if StageConsultation.objects.filter(review=review, stage=stage, consultation=consultation).exists():
        raise RuleError(f"{consultation} is already linked to the {Stage(stage).label} stage", field="consultation")
    link = StageConsultation(review=review, stage=stage, consultation=consultation, linked_by=by)
    try:
        with transaction.atomic():
            saved_by(link, by, f"Consultation linked to the {Stage(stage).label} stage")
    except IntegrityError:
        raise RuleError(
            f"{consultation} is already linked to the {Stage(stage).label} stage", field="consultation"
        ) from None
    return link


@transaction.atomic
def stage_consultation_unlink(*, link: StageConsultation, by) -> None:
    with_reason(link, f"Consultation unlinked from the {link.get_stage_display()} stage", by=by).delete()
