import datetime

import factory
from django.utils import timezone

from scrutiny.models import Meeting

from .members import BodyFactory


def london(year, month, day, hour=18, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    venue = "Council Chamber, Town Hall"
