"""Who may read the History page of each commissioning record: the rules of ``access.py``.

- A review and each of its parts (stages, gates, members' input, boards, comments, savings,
  priority, indicators, linked consultations): whoever may read the review (``access.can_view``)
  and holds the part's own read permission.
- Who may edit a review (its grants): those who may edit it (``access.can_edit``).
- The council-wide priority weights: whoever may read them.
- The work plan's versions and what they hold: whoever may read the version (``versions_visible_to``);
  the forward plan entry and executive decision they link to only for those who may read those.
- A review's forward plan entries: whoever may read both the review and the entry.
"""

from django.db.models import QuerySet

from council import permissions
from council.history import register_read_rule
from executive import access as executive_access
from scrutiny import access as scrutiny_access

from .models import (
    BoardDecision,
    CriterionScore,
    CriterionWeight,
    EngagementNote,
    GateDecision,
    Indicator,
    IndicatorActual,
    PriorityAssessment,
    Review,
    ReviewComment,
    ReviewDecision,
    ReviewGroupObjectPermission,
    ReviewPortfolio,
    ReviewStage,
    ReviewUserObjectPermission,
    SavingLine,
    StageConsultation,
    WorkingGroupNote,
    WorkPlanBringBack,
    WorkPlanEntry,
    WorkPlanTransition,
    WorkPlanVersion,
)
from .selectors.reviews import reviews_visible_to
from .selectors.workplan import versions_visible_to

#: The parts of a review, with the path from each to its review.
REVIEW_PARTS = {
    ReviewPortfolio: "review",
    ReviewStage: "review",
    GateDecision: "review",
    EngagementNote: "review",
    ReviewComment: "review",
    BoardDecision: "review",
    WorkingGroupNote: "review",
    StageConsultation: "review",
    SavingLine: "review",
    PriorityAssessment: "review",
    CriterionScore: "assessment__review",
    Indicator: "review",
    IndicatorActual: "indicator__review",
}


def _view_perm(model) -> str:
    return f"commissioning.view_{model._meta.model_name}"


def _part_of_readable_review(model, path: str):
    def readable(user, queryset: QuerySet) -> QuerySet:
        allowed = permissions.permitted(user, queryset, _view_perm(model))
        return allowed.filter(**{f"{path}__in": reviews_visible_to(user)})

    return readable


def _reviews_editable(user) -> QuerySet:
    return permissions.permitted(user, Review.objects.all(), "commissioning.change_review")


def _bring_back_withheld(user, bring_back: WorkPlanBringBack) -> tuple[str, ...]:
    """The work programme entry a bring-back answers is named by its wording, which is the action's:
    as open as the minutes that made it (``scrutiny.access``)."""
    if bring_back.entry.action_id is None or scrutiny_access.may_see(user, bring_back.entry):
        return ()
    return ("entry",)


def _version_withheld(user, version: WorkPlanVersion) -> tuple[str, ...]:
    """A draft forward plan entry is not the public's, even named on an agreed version's history."""
    entry_id = version.forward_plan_entry_id
    if entry_id is None or executive_access.entries_visible(user).filter(pk=entry_id).exists():
        return ()
    return ("forward_plan_entry",)


def _transition_withheld(user, transition: WorkPlanTransition) -> tuple[str, ...]:
    """A decision whose notice is not yet published is not the public's (reg 13)."""
    decision_id = transition.decision_id
    if decision_id is None or executive_access.decisions_visible(user).filter(pk=decision_id).exists():
        return ()
    return ("decision",)


def _review_decisions_readable(user, queryset: QuerySet) -> QuerySet:
    allowed = permissions.permitted(user, queryset, _view_perm(ReviewDecision))
    return allowed.filter(review__in=reviews_visible_to(user), entry__in=executive_access.entries_visible(user))


def register() -> None:
    register_read_rule(ReviewDecision, readable=_review_decisions_readable)
    register_read_rule(Review, readable=lambda user, qs: qs.filter(pk__in=reviews_visible_to(user).values("pk")))
    for model, path in REVIEW_PARTS.items():
        register_read_rule(model, readable=_part_of_readable_review(model, path))
    for grants in (ReviewUserObjectPermission, ReviewGroupObjectPermission):
        register_read_rule(grants, readable=lambda user, qs: qs.filter(content_object__in=_reviews_editable(user)))
    register_read_rule(
        CriterionWeight, readable=lambda user, qs: permissions.permitted(user, qs, _view_perm(CriterionWeight))
    )
    register_read_rule(
        WorkPlanVersion,
        readable=lambda user, qs: qs.filter(pk__in=versions_visible_to(user).values("pk")),
        withheld=_version_withheld,
    )
    register_read_rule(WorkPlanEntry, readable=lambda user, qs: qs.filter(version__in=versions_visible_to(user)))
    register_read_rule(
        WorkPlanTransition,
        readable=lambda user, qs: qs.filter(version__in=versions_visible_to(user)),
        withheld=_transition_withheld,
    )
    register_read_rule(
        WorkPlanBringBack,
        readable=lambda user, qs: qs.filter(version__in=versions_visible_to(user)),
        withheld=_bring_back_withheld,
    )
