"""Entries in a member's register of interests, and dispensations, for the interest-aware agenda
tests (tests/test_interest_aware_agendas.py, tests/matrix_agendas.py, the exempt scenario, the browser
journey); named apart from tests/interests_kit.py, the register pages' own."""

import datetime

from django.utils import timezone

from members.models import Dispensation, Interest, InterestCategory, InterestKind
from tests.factories import UserFactory


def interest_for(person, *, wards=(), **fields) -> Interest:
    values = {
        "kind": InterestKind.DISCLOSABLE_PECUNIARY,
        "category": InterestCategory.LAND,
        "description": "Owns a house on Mill Lane",
        "became_aware_on": datetime.date(2024, 1, 10),
        "notified_on": datetime.date(2024, 1, 20),
    }
    values.update(fields)
    interest = Interest.objects.create(person=person, **values)
    interest.wards.set(wards)
    return interest


def dispensation_for(person, *, interest=None, body=None, starts_on=None, ends_on=None, **fields) -> Dispensation:
    today = timezone.localdate()
    values = {
        "scope": "Setting the council tax",
        "reasons": "So many members have the interest that the meeting could not go ahead (s.33(2)(a))",
        "granted_by": UserFactory(),
        "granted_on": today - datetime.timedelta(days=60),
        "may_participate": True,
        "may_vote": True,
    }
    values.update(fields)
    return Dispensation.objects.create(
        person=person,
        interest=interest,
        body=body,
        starts_on=starts_on or today - datetime.timedelta(days=30),
        ends_on=ends_on or today + datetime.timedelta(days=365),
        **values,
    )
