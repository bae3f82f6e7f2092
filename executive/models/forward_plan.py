"""The forward plan: notices of key decisions (the 2012 Regulations reg 9), published in editions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from council.errors import RuleError
from council.history import tracked
from members.models import Portfolio, Ward
from scrutiny.models import ExemptParagraph

from .decision_makers import DecisionMaker


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


class KeyReason(models.TextChoices):
    """Why an entry is a key decision (reg 8), as ``entry_assess_key`` records it."""

    NOT_KEY = "not_key", "Not a key decision"
    EXPENDITURE = "expenditure", "Expenditure or savings above the threshold"
    WARDS = "wards", "Significant in its effects on communities in two or more wards"
    OFFICER = "officer", "Marked key by the officer"


class ForwardPlanEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EntryStatus.PUBLISHED)

    def public(self):
        """What the public reads: entries that have been in a published edition."""
        return self.filter(status__in=(EntryStatus.PUBLISHED, EntryStatus.DECIDED))

    def for_list(self):
        return self.select_related(
            "decision_maker__body",
            "decision_maker__portfolio__cabinet_member__user",
            "decision_maker__officer__user",
            "portfolio",
        ).prefetch_related("wards")


class ForwardPlanEntry(models.Model):
    """A matter on which a decision will be taken: on publication, a notice of a key decision."""

    title = models.CharField("matter", max_length=250)
    summary = models.TextField("summary", blank=True)
    decision_maker = models.ForeignKey(DecisionMaker, on_delete=models.PROTECT, related_name="entries")
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, null=True, blank=True, related_name="forward_plan_entries"
    )
    wards = models.ManyToManyField(Ward, blank=True, related_name="forward_plan_entries", verbose_name="wards affected")
    expected_decision_on = models.DateField("expected decision date")
    documents = models.TextField("documents to be considered", blank=True)
    documents_available = models.TextField(
        "how to get the documents", blank=True, help_text="Where they will be published, or whom to ask."
    )
    private = models.BooleanField("to be decided in private", default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(
        "Schedule 12A paragraph", choices=ExemptParagraph, null=True, blank=True
    )
    private_reasons = models.TextField("why it will be decided in private", blank=True)
    # The key decision assessment (reg 8): the questions, then the answer ``entry_assess_key`` records.
    amount_pounds = models.PositiveBigIntegerField(
        "expenditure or savings (£)", null=True, blank=True, help_text="The likely expenditure or savings, in pounds."
    )
    wards_significant = models.BooleanField(
        "significant in its effects on communities in two or more wards", default=False
    )
    officer_key_reason = models.TextField(
        "other reason it is a key decision", blank=True, help_text="Leave empty unless it is key for another reason."
    )
    is_key = models.BooleanField("key decision", default=False, editable=False)
    key_reason = models.CharField(
        "why it is (or is not) key", max_length=20, choices=KeyReason, blank=True, editable=False
    )
    status = models.CharField("status", max_length=20, choices=EntryStatus, default=EntryStatus.DRAFT, editable=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="drafted by", editable=False
    )
    created_at = models.DateTimeField("drafted at", auto_now_add=True)
    history = tracked()

    objects = ForwardPlanEntryQuerySet.as_manager()

    class Meta:
        ordering = ["expected_decision_on", "pk"]
        verbose_name = "forward plan entry"
        verbose_name_plural = "forward plan entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(private=False) | (Q(exempt_paragraph__isnull=False) & ~Q(private_reasons="")),
                name="private_entry_has_paragraph_and_reasons",
                violation_error_message="A decision in private needs its Schedule 12A paragraph and the reasons",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("executive:entry-detail", args=[self.pk])


class ForwardPlanEditionQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-number")


class ForwardPlanEdition(models.Model):
    """One published forward plan: what every published entry said, fixed with its SHA-256.

    Created once by ``forward_plan_publish``; never changed or deleted (the database refuses too:
    ``edition_guard``)."""

    number = models.PositiveIntegerField("edition", unique=True)
    published_at = models.DateTimeField("published at")
    published_on = models.DateField("published on")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="published by"
    )
    entries = models.ManyToManyField(ForwardPlanEntry, related_name="editions", editable=False)
    contents = models.JSONField("what was published")
    sha256 = models.CharField("SHA-256 of what was published", max_length=64)
    history = tracked()

    objects = ForwardPlanEditionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = "forward plan edition"

    def __str__(self):
        return f"Forward plan, edition {self.number}"

    def save(self, *args, **kwargs):
        # The edition is the council's evidence of notice (reg 9): written once, never rewritten.
        if not self._state.adding:
            raise RuleError("A forward plan edition cannot be changed")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("executive:edition-detail", args=[self.number])

    def delete(self, *args, **kwargs):
        raise RuleError("A forward plan edition cannot be deleted")

    @property
    def sha256_chunks(self) -> list[str]:
        return [self.sha256[i : i + 8] for i in range(0, len(self.sha256), 8)]
