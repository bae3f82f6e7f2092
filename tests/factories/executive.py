import datetime

import factory

from executive.models import DecisionMaker, DecisionMakerKind, ForwardPlanEntry
from members.models import BodyKind

from .council import UserFactory
from .members import BodyFactory, PortfolioFactory


class CabinetBodyFactory(BodyFactory):
    class Meta:
        django_get_or_create = ("slug",)

    kind = BodyKind.CABINET
    name = "Cabinet"
    slug = "cabinet"
    purpose = "Takes the executive's decisions."


class CabinetFactory(factory.django.DjangoModelFactory):
    """The Cabinet as a decision maker."""

    class Meta:
        model = DecisionMaker

    kind = DecisionMakerKind.CABINET
    body = factory.SubFactory(CabinetBodyFactory)


class CabinetMemberDecisionMakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionMaker

    kind = DecisionMakerKind.CABINET_MEMBER
    portfolio = factory.SubFactory(PortfolioFactory)


class ForwardPlanEntryFactory(factory.django.DjangoModelFactory):
    """A draft entry, not yet assessed (use ``executive.services.entry_draft`` to assess it)."""

    class Meta:
        model = ForwardPlanEntry
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Re-commission service {n}")
    summary = "To agree the re-commissioning of the service."
    decision_maker = factory.SubFactory(CabinetFactory)
    expected_decision_on = datetime.date(2027, 2, 10)
    documents = "Report of the Assistant Chief Executive"
    documents_available = "On the council's website five clear working days before the decision."
    drafted_by = factory.SubFactory(UserFactory, roles=["Officer"])

    @factory.post_generation
    def wards(self, create, extracted, **kwargs):
        if create and extracted:
            self.wards.set(extracted)
