"""Commissioning reviews, their stages and gates, programme boards, working groups and member input."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from council.history import tracked
from council.permissions import GroupGrants, UserGrants
from members.models import Body, Member, Portfolio, Ward

from .common import Rag, Stage


class ReviewStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


#: Statuses in which the cycle can still move.
OPEN_STATUSES = (ReviewStatus.PROPOSED, ReviewStatus.IN_PROGRESS, ReviewStatus.ON_HOLD)


class ReviewQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Review(models.Model):
    """A commissioning review (commissioning exercise) of one service area."""

    title = models.CharField("title", max_length=200)
    service_area = models.CharField("service area", max_length=150)
    scope = models.TextField("scope", help_text="What the review covers and what it does not.")
    outcomes = models.TextField("intended outcomes")
    directorate = models.CharField("directorate", max_length=150)
    budget_in_scope = models.DecimalField(
        "budget in scope (£)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The annual budget of the services in scope, in pounds and pence.",
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_reviews", verbose_name="lead officer"
    )
    portfolios = models.ManyToManyField(
        Portfolio,
        through="ReviewPortfolio",
        related_name="reviews",
        verbose_name="accountable portfolios",
        help_text="The Cabinet Member of each portfolio is accountable for the review.",
    )
    stage = models.CharField("current stage", max_length=10, choices=Stage.choices, default=Stage.ANALYSE)
    status = models.CharField("status", max_length=20, choices=ReviewStatus, default=ReviewStatus.PROPOSED)
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices, blank=True)
    rag_reason = models.TextField("reason for the RAG rating", blank=True)
    rag_date = models.DateField("RAG rating date", null=True, blank=True)
    programme_board = models.OneToOneField(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_of_review",
        verbose_name="programme board",
    )
    working_group = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supported_reviews",
        verbose_name="Cabinet Working Group",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="created by"
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    history = tracked()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        permissions = [
            ("approve_gate", "Pass or reverse a review's stage gate"),
            ("comment_review", "Comment on a review as a member (critical friend)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rag="") | (Q(rag_date__isnull=False) & ~Q(rag_reason="")),
                name="rag_rating_has_reason_and_date",
                violation_error_message="A RAG rating needs a reason and a date",
            ),
            models.CheckConstraint(
                condition=Q(budget_in_scope__isnull=True) | Q(budget_in_scope__gte=0),
                name="review_budget_not_negative",
                violation_error_message="The budget in scope cannot be negative",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("commissioning:review-detail", args=[self.pk])


class ReviewPortfolio(models.Model):
    """A portfolio whose Cabinet Member is accountable for a review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="accountabilities")
    portfolio = models.ForeignKey(Portfolio, on_delete=models.PROTECT, related_name="+")
    history = tracked()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "portfolio"], name="one_accountability_per_portfolio")]

    def __str__(self):
        return f"{self.portfolio} for {self.review}"


class ReviewUserObjectPermission(UserGrants):
    """Per-review grants to people (a programme board member may edit their review)."""

    content_object = models.ForeignKey(Review, on_delete=models.CASCADE)
    history = tracked()


class ReviewGroupObjectPermission(GroupGrants):
    content_object = models.ForeignKey(Review, on_delete=models.CASCADE)
    history = tracked()


class ReviewStage(models.Model):
    """One stage of a review's cycle with its planned and actual dates."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField("stage", max_length=10, choices=Stage.choices)
    planned_start = models.DateField("planned start", null=True, blank=True)
    planned_end = models.DateField("planned end", null=True, blank=True)
    actual_start = models.DateField("actual start", null=True, blank=True)
    actual_end = models.DateField("actual end", null=True, blank=True)
    history = tracked()

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "stage"], name="one_row_per_review_stage"),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="stage_planned_end_after_start",
                violation_error_message="The planned end must be the same as or after the planned start",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=models.F("actual_start")),
                name="stage_actual_end_after_start",
                violation_error_message="The actual end must be the same as or after the actual start",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} stage of {self.review}"


class GateDirection(models.TextChoices):
    PASSED = "passed", "Gate passed"
    REVERSED = "reversed", "Returned to the previous stage"


class ApproverCapacity(models.TextChoices):
    CABINET_MEMBER = "cabinet_member", "Accountable Cabinet Member"
    PROGRAMME_BOARD = "programme_board", "Programme board"


class GateDecision(models.Model):
    """Passing a stage's gate, or going back a stage: who decided, when and on what evidence."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="gate_decisions")
    from_stage = models.CharField("from stage", max_length=10, choices=Stage.choices)
    to_stage = models.CharField(
        "to stage", max_length=10, choices=Stage.choices, blank=True, help_text="Blank when the Review gate closes it."
    )
    direction = models.CharField("decision", max_length=10, choices=GateDirection)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="approved by"
    )
    capacity = models.CharField("as", max_length=20, choices=ApproverCapacity)
    decided_on = models.DateField("date of the decision", default=datetime.date.today)
    evidence = models.TextField("evidence")
    members_engaged = models.BooleanField(
        "members engaged", default=False, help_text="Whether members' critical-friend input was on record."
    )
    recorded_at = models.DateTimeField("recorded", auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["review", "recorded_at", "pk"]

    def __str__(self):
        return f"{self.get_direction_display()}: {self.get_from_stage_display()} ({self.review})"


class EngagementNote(models.Model):
    """A member's critical-friend input at Analyse or Plan: ward feedback by member and ward."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="engagement_notes")
    stage = models.CharField("stage", max_length=10, choices=Stage.choices)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name="councillor")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="+", verbose_name="ward")
    note = models.TextField("feedback")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="recorded by"
    )
    recorded_at = models.DateTimeField("recorded", auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["review", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=["analyse", "plan"]),
                name="engagement_at_analyse_or_plan",
                violation_error_message="Members' input is recorded at the Analyse and Plan stages",
            ),
        ]

    def __str__(self):
        return f"{self.member} ({self.ward}) on {self.review}"


class ReviewComment(models.Model):
    """A councillor's comment on a review as critical friend."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    stage = models.CharField("stage", max_length=10, choices=Stage.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("comment")
    created_at = models.DateTimeField("posted", auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["review", "created_at", "pk"]

    def __str__(self):
        return f"Comment by {self.author} on {self.review}"


class BoardDecision(models.Model):
    """An entry in a programme board's decisions log."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="board_decisions")
    decision = models.TextField("decision")
    decided_on = models.DateField("date")
    decided_by = models.CharField(
        "decided by", max_length=250, help_text="Who took the decision, for example the board or a named member."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("recorded", auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["review", "-decided_on", "-pk"]

    def __str__(self):
        return f"Board decision of {self.decided_on:%d %B %Y} ({self.review})"


class WorkingGroupNote(models.Model):
    """A note of a Cabinet Working Group's work on a review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="working_group_notes")
    met_on = models.DateField("date")
    note = models.TextField("note")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("recorded", auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["review", "-met_on", "-pk"]

    def __str__(self):
        return f"Working group note of {self.met_on:%d %B %Y} ({self.review})"
