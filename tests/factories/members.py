import datetime

import factory

from members.models import Body, BodyKind, Member, Membership, MembershipRole, Officer, Party, Portfolio, Ward

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
