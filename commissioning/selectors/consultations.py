"""Members' consultations linked to a review's stages, and whether members were engaged."""

from django.db.models import Count, Q

from members.models import ResponseState

from ..models import EngagementNote, Review, StageConsultation


def stage_consultations(review: Review) -> dict[str, list[StageConsultation]]:
    """The review's linked consultations by stage, each with ``submitted`` (responses submitted):
    one query."""
    links = (
        StageConsultation.objects.filter(review=review)
        .select_related("consultation__owner")
        .annotate(
            submitted=Count("consultation__responses", filter=Q(consultation__responses__state=ResponseState.SUBMITTED))
        )
        .order_by("stage", "linked_at", "pk")
    )
    by_stage: dict[str, list[StageConsultation]] = {}
    for link in links:
        by_stage.setdefault(link.stage, []).append(link)
    return by_stage


def members_engaged_at(review: Review, stage: str) -> bool:
    """Members were engaged at a stage if their input was recorded there, or a consultation linked
    to it has at least one submitted response."""
    if EngagementNote.objects.filter(review=review, stage=stage).exists():
        return True
    return StageConsultation.objects.filter(
        review=review, stage=stage, consultation__responses__state=ResponseState.SUBMITTED
    ).exists()
