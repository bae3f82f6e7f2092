"""The new user's walk through the executive thread (issue 14): what a clerk and a councillor meet on
their pages, and whether each says what is true."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from executive import services
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, CabinetFactory, ForwardPlanEntryFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2027, 2, 9, 12, tzinfo=datetime.UTC)  # Tuesday 9 February 2027


@pytest.fixture(autouse=True)
def _on_9_february_2027():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"])


GE_DAY = D(2027, 2, 8)


def _general_exception(clerk, on=GE_DAY):
    chair = UserFactory(roles=["Councillor"])
    MembershipFactory(person=chair, role=MembershipRole.CHAIR, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    entry = ForwardPlanEntryFactory(title="Emergency home care contract", decision_maker=CabinetFactory())
    entry.is_key = True
    entry.save()
    return services.general_exception_publish(
        entry=entry, by=clerk, scrutiny_chair=chair, reasons="The provider gave notice.", on=on
    )


def test_the_clerks_dashboard_after_a_general_exception_notice_says_when_it_may_be_taken(client, clerk):
    # The notice publishes the entry before any forward plan edition carries it: the clerk's
    # dashboard used to fail (500) on its missing edition date.
    notice = _general_exception(clerk)
    client.force_login(clerk)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert notice.entry.title in page
    assert "May be taken from 16 February 2027" in page  # 5 clear working days after 8 February


def test_once_in_an_edition_too_the_general_exceptions_earlier_day_stands(client, clerk):
    notice = _general_exception(clerk)
    services.forward_plan_publish(by=clerk, now=NOW)  # 28 clear days from 9 February: 10 March
    client.force_login(clerk)
    page = client.get(reverse("home")).content.decode()
    assert "May be taken from 16 February 2027" in page
    assert notice.entry.title in page
