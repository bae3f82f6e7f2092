from decimal import Decimal

import factory

from commissioning.models import (
    STAGE_ORDER,
    Indicator,
    Polarity,
    Review,
    ReviewStage,
    SavingLine,
    WorkPlanVersion,
)
from members.models import BodyKind

from .council import UserFactory
from .members import BodyFactory, PortfolioFactory


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review with its four stages; ``portfolios=[...]`` (default: one new portfolio)."""

    class Meta:
        model = Review
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Review of service {n}")
    service_area = "Adult social care"
    scope = "Day services for adults with learning disabilities."
    outcomes = "More people supported to live independently."
    directorate = "Adults and Health"
    budget_in_scope = Decimal("1250000.00")
    lead_officer = factory.SubFactory(UserFactory, roles=["Commissioning Officer"])
    created_by = factory.SelfAttribute("lead_officer")

    @factory.post_generation
    def portfolios(self, create, extracted, **kwargs):
        if not create:
            return
        self.portfolios.set(extracted if extracted is not None else [PortfolioFactory()])

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if create:
            ReviewStage.objects.bulk_create(
                [ReviewStage(review=self, stage=stage) for stage in STAGE_ORDER], ignore_conflicts=True
            )


class ProgrammeBoardFactory(BodyFactory):
    name = factory.Sequence(lambda n: f"Programme Board {n}")
    slug = factory.Sequence(lambda n: f"programme-board-{n}")
    kind = BodyKind.PROGRAMME_BOARD
    purpose = "Oversees a commissioning review."


class SavingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavingLine

    review = factory.SubFactory(ReviewFactory)
    financial_year = 2026
    budget_reference = factory.Sequence(lambda n: f"BL-{n:03d}")
    description = "Reduced agency staffing"
    claimed = Decimal("100000.00")
    forecast = Decimal("100000.00")
    realised = Decimal("0.00")
    owner = factory.SubFactory(UserFactory, roles=["Officer"])


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    review = factory.SubFactory(ReviewFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    definition = "Percentage of people supported at home."
    unit = "%"
    polarity = Polarity.HIGHER
    baseline = Decimal("60")
    target = Decimal("75")
    tolerance = Decimal("5")


class WorkPlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkPlanVersion

    number = factory.Sequence(lambda n: n + 1)
    prepared_by = factory.SubFactory(UserFactory, roles=["Commissioning Officer"])


__all__ = [
    "IndicatorFactory",
    "ProgrammeBoardFactory",
    "ReviewFactory",
    "SavingLineFactory",
    "WorkPlanVersionFactory",
]
