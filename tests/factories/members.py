import datetime

import factory
from django.utils import timezone

from members.models import (
    AudienceKind,
    Body,
    BodyKind,
    Consultation,
    ConsultationState,
    Member,
    Membership,
    MembershipRole,
    Officer,
    Party,
    Portfolio,
    Question,
    QuestionKind,
    QuestionOption,
    Response,
    Ward,
)

from .council import UserFactory


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("name",)

    name = factory.Iterator(["Labour", "Conservative", "Liberal Democrats", "Green"])


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward

    name = factory.Sequence(lambda n: f"Ward {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory, roles=["Councillor"])
    ward = factory.SubFactory(WardFactory)
    party = factory.SubFactory(PartyFactory)
    elected_on = datetime.date(2023, 5, 4)
    term_starts_on = datetime.date(2023, 5, 8)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    user = factory.SubFactory(UserFactory, roles=["Officer"])
    job_title = "Policy Officer"
    directorate = "Corporate Services"


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    title = factory.Sequence(lambda n: f"Portfolio {n}")
    cabinet_member = factory.SubFactory(MemberFactory)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Committee {n}")
    slug = factory.Sequence(lambda n: f"committee-{n}")
    kind = BodyKind.OVERVIEW_SCRUTINY
    purpose = "Scrutinises the council's services."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER
    start_date = datetime.date(2025, 5, 20)


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A consultation open from yesterday for two weeks, asking all members (state as given)."""

    class Meta:
        model = Consultation

    title = factory.Sequence(lambda n: f"Consultation {n}")
    purpose = "How members want to take part in commissioning."
    owner = factory.SubFactory(UserFactory, roles=["Cabinet Member"])
    created_by = factory.SelfAttribute("owner")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    state = ConsultationState.OPEN
    audience = AudienceKind.ALL_MEMBERS


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    consultation = factory.SubFactory(ConsultationFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = QuestionKind.FREE_TEXT
    text = factory.Sequence(lambda n: f"Question {n}?")
    required = True


class QuestionOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionOption

    question = factory.SubFactory(QuestionFactory, kind=QuestionKind.SINGLE_CHOICE)
    position = factory.Sequence(lambda n: n + 1)
    label = factory.Sequence(lambda n: f"Option {n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    consultation = factory.SubFactory(ConsultationFactory)
    member = factory.SubFactory(MemberFactory)
