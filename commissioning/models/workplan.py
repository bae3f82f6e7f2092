"""The Commissioning Work Plan: versions of the schedule of reviews and their approval trail."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from council.history import tracked
from executive.models import ExecutiveDecision, ForwardPlanEntry
from scrutiny.models import Meeting, WorkProgrammeEntry

from .reviews import Review


class WorkPlanState(models.TextChoices):
    DRAFT = "draft", "Draft"
    CABINET_APPROVED = "cabinet_approved", "Approved by Cabinet"
    IN_CORPORATE_STRATEGY = "in_corporate_strategy", "Incorporated in the Corporate Strategy"
    COUNCIL_AGREED = "council_agreed", "Agreed by Council"


#: Each state may move only to the next, in this order.
STATE_ORDER = list(WorkPlanState.values)


def state_phrase(state: str) -> str:
    """The state in the middle of a sentence: "approved by Cabinet" (Cabinet keeps its capital)."""
    label = str(dict(WorkPlanState.choices)[state])
    return label[:1].lower() + label[1:]


class WorkPlanVersionQuerySet(models.QuerySet):
    def agreed(self):
        return self.filter(state=WorkPlanState.COUNCIL_AGREED)

    def public(self):
        """What the public reads: the versions Council has agreed (a Council decision is public)."""
        return self.agreed()

    def current_agreed(self) -> "WorkPlanVersion | None":
        """The version in force: the latest agreed by Council; earlier agreed versions are superseded."""
        return self.agreed().order_by("-number").first()


class WorkPlanVersion(models.Model):
    number = models.PositiveIntegerField("version", unique=True)
    title = models.CharField("title", max_length=200, default="Commissioning Work Plan")
    state = models.CharField("state", max_length=30, choices=WorkPlanState, default=WorkPlanState.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="based on"
    )
    notes = models.TextField("notes", blank=True)
    # The key decision on the forward plan that Cabinet's approval of this version is taken under
    # (the 2012 Regulations reg 9): its 28 clear days apply to the approval.
    forward_plan_entry = models.ForeignKey(
        ForwardPlanEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_plan_versions",
        verbose_name="forward plan entry",
    )
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("created", auto_now_add=True)
    history = tracked()

    objects = WorkPlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def get_absolute_url(self):
        return reverse("commissioning:workplan-detail", args=[self.number])

    @property
    def is_frozen(self) -> bool:
        """Only a draft can change; an agreed version never does (changes make a new version)."""
        return self.state != WorkPlanState.DRAFT

    @property
    def state_phrase(self) -> str:
        return state_phrase(self.state)

    @property
    def next_state(self) -> str | None:
        """The one state this version may move to next, or None once Council has agreed it."""
        index = STATE_ORDER.index(self.state)
        return STATE_ORDER[index + 1] if index + 1 < len(STATE_ORDER) else None


class WorkPlanEntry(models.Model):
    version = models.ForeignKey(WorkPlanVersion, on_delete=models.CASCADE, related_name="entries")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="work_plan_entries")
    position = models.PositiveIntegerField("order")
    starts_on = models.DateField("start")
    ends_on = models.DateField("end")
    note = models.CharField("note", max_length=250, blank=True)
    history = tracked()

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "review"], name="review_once_per_work_plan"),
            models.UniqueConstraint(fields=["version", "position"], name="one_review_per_work_plan_position"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="work_plan_entry_ends_after_start",
                violation_error_message="The end must be the same as or after the start",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.review}"


class WorkPlanTransition(models.Model):
    """A recorded step of the approval trail: who, when, and the meeting or decision reference."""

    version = models.ForeignKey(WorkPlanVersion, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField("from", max_length=30, choices=WorkPlanState)
    to_state = models.CharField("to", max_length=30, choices=WorkPlanState)
    decided_on = models.DateField("date of the decision")
    reference = models.CharField("decision reference", max_length=250)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decision = models.ForeignKey(
        ExecutiveDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_plan_transitions",
        verbose_name="executive decision",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("recorded", auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["version", "recorded_at", "pk"]

    def __str__(self):
        return f"Version {self.version.number}: {self.get_to_state_display()}"

    @property
    def from_state_phrase(self) -> str:
        return state_phrase(self.from_state)


class WorkPlanBringBack(models.Model):
    """A work plan version put on an O&S committee's work programme (held here, not in scrutiny)."""

    version = models.ForeignKey(WorkPlanVersion, on_delete=models.PROTECT, related_name="bring_backs")
    entry = models.OneToOneField(WorkProgrammeEntry, on_delete=models.PROTECT, related_name="work_plan_bring_back")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("recorded", auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.version} on {self.entry.body}'s work programme"
