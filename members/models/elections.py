"""Elections: an ordinary election or a by-election, the wards it contested, and each ward's result:
who was elected (or re-elected) and which sitting councillors left, with the days their terms
start and end (members/services/terms.py works those days out)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import formats

from council.history import tracked

from .organisation import Member, Ward


class ElectionKind(models.TextChoices):
    ORDINARY = "ordinary", "Ordinary election"
    BY_ELECTION = "by_election", "By-election"


class ElectionQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-poll_date", "-pk")


class Election(models.Model):
    """One poll: the council's ordinary election on its ordinary day, or a by-election to fill a
    casual vacancy. One record per kind and day; each ward contested adds a ``Contest``."""

    kind = models.CharField("kind", max_length=20, choices=ElectionKind)
    poll_date = models.DateField("day of the poll")
    next_poll_date = models.DateField(
        "next ordinary election",
        null=True,
        blank=True,
        help_text="The day of the next ordinary election for these seats, if known: the terms end then.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="recorded by"
    )
    recorded_at = models.DateTimeField("recorded at", auto_now_add=True)
    history = tracked()

    objects = ElectionQuerySet.as_manager()

    class Meta:
        ordering = ["-poll_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "poll_date"], name="one_election_per_kind_and_day"),
            models.CheckConstraint(
                condition=models.Q(next_poll_date__isnull=True) | models.Q(next_poll_date__gt=models.F("poll_date")),
                name="next_poll_after_poll",
                violation_error_message="The next ordinary election must be after this one",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {formats.date_format(self.poll_date, 'j F Y')}"

    def get_absolute_url(self):
        return reverse("members:election-detail", args=[self.pk])


class Contest(models.Model):
    """A ward contested at an election, with its turnout if known."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="contests")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="contests")
    turnout = models.DecimalField(
        "turnout (%)", max_digits=4, decimal_places=1, null=True, blank=True, help_text="Leave empty if not known."
    )
    history = tracked()

    class Meta:
        ordering = ["election", "ward__name"]
        verbose_name = "ward contested"
        verbose_name_plural = "wards contested"
        constraints = [
            models.UniqueConstraint(fields=["election", "ward"], name="one_result_per_ward_per_election"),
            models.CheckConstraint(
                condition=models.Q(turnout__isnull=True) | models.Q(turnout__gte=0, turnout__lte=100),
                name="turnout_is_a_percentage",
                violation_error_message="Turnout must be between 0 and 100",
            ),
        ]

    def __str__(self):
        return f"{self.ward}: {self.election}"


class Outcome(models.TextChoices):
    ELECTED = "elected", "Elected"
    RE_ELECTED = "re_elected", "Re-elected"
    DEPARTED = "departed", "Left the council"


class ResultQuerySet(models.QuerySet):
    def taking_office(self):
        return self.filter(outcome__in=(Outcome.ELECTED, Outcome.RE_ELECTED))

    def departing(self):
        return self.filter(outcome=Outcome.DEPARTED)


class Result(models.Model):
    """A councillor in a ward's result: elected or re-elected (their term's first day, and its last
    if known), or departing (their last day)."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="results")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="election_results")
    outcome = models.CharField("outcome", max_length=20, choices=Outcome)
    term_starts_on = models.DateField("term starts on", null=True, blank=True)
    term_ends_on = models.DateField("last day of the term", null=True, blank=True)
    history = tracked()

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["contest", "outcome", "member__user__last_name"]
        verbose_name = "election result"
        constraints = [
            models.UniqueConstraint(fields=["contest", "member"], name="one_outcome_per_councillor_per_contest"),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_outcome_display()} ({self.contest})"
