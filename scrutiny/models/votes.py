"""How a meeting voted on a resolution, as the clerk minutes it: the result with its counts and,
when a recorded (named) vote is asked for under standing orders, how each member voted."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from council.history import tracked

from .minutes import Resolution


class VoteResult(models.TextChoices):
    CARRIED = "carried", "Carried"
    LOST = "lost", "Lost"
    CARRIED_ON_CASTING_VOTE = "carried_casting", "Carried on the Chair's casting vote"


class Cast(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstained"


class Vote(models.Model):
    """The vote on one resolution."""

    resolution = models.OneToOneField(Resolution, on_delete=models.PROTECT, related_name="vote")
    result = models.CharField("result", max_length=20, choices=VoteResult)
    votes_for = models.PositiveIntegerField("for")
    votes_against = models.PositiveIntegerField("against")
    abstentions = models.PositiveIntegerField("abstentions")
    recorded = models.BooleanField(
        "recorded vote", default=False, help_text="A named vote asked for under standing orders."
    )
    casting_vote_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="casting vote given by",
    )
    history = tracked()

    class Meta:
        ordering = ["resolution"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(result="carried_casting")
                | (Q(votes_for=F("votes_against")) & Q(casting_vote_by__isnull=False)),
                name="casting_vote_only_on_a_tie",
                violation_error_message="The Chair has a casting vote only when the votes are equal",
            ),
        ]

    def __str__(self):
        return f"{self.get_result_display()}: {self.resolution}"

    def get_absolute_url(self):
        return self.resolution.get_absolute_url()

    @property
    def summary(self) -> str:
        """ "Carried (7 for, 2 against, 1 abstention)", as the minutes print it."""
        abstentions = f"{self.abstentions} abstention{'' if self.abstentions == 1 else 's'}"
        return f"{self.get_result_display()} ({self.votes_for} for, {self.votes_against} against, {abstentions})"

    def named(self) -> list[tuple[str, list]]:
        """A recorded vote's names by how they voted ("For", [members]), from ``member_votes`` (which
        the minutes prefetch)."""
        groups: dict[str, list] = {cast: [] for cast in Cast.values}
        for member_vote in self.member_votes.all():
            groups[member_vote.cast].append(member_vote.person)
        return [(Cast(cast).label, people) for cast, people in groups.items() if people]


class MemberVote(models.Model):
    """One member's vote in a recorded vote."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="member_votes")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="member"
    )
    cast = models.CharField("voted", max_length=10, choices=Cast)
    history = tracked()

    class Meta:
        ordering = ["vote", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "person"],
                name="one_member_vote_per_vote",
                violation_error_message="This member's vote is already recorded",
            ),
        ]

    def __str__(self):
        return f"{self.person.get_full_name()}: {self.get_cast_display()}"

    def get_absolute_url(self):
        return self.vote.get_absolute_url()
