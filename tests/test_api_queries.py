"""Every list of the open API reads a fixed number of queries however many rows it gives, for the
public and for a token's holder (measured with one committee's business, asserted with four)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from executive import services as executive_services
from tests.api_kit import LISTS, api_get, committee_business, list_url, token_for
from tests.factories import (
    CabinetFactory,
    ConsultationFactory,
    ForwardPlanEntryFactory,
    MemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


class Council:
    def __init__(self):
        self.clerk = UserFactory(roles=["Democratic Services"])
        self.councillor = MemberFactory().user
        self.made = 0

    def grow(self, n: int):
        for _ in range(n):
            self.made += 1
            committee_business(f"Committee {self.made}", councillor=self.councillor)
            MemberFactory()
            ConsultationFactory(public=True)
            decided = timezone.localdate() - datetime.timedelta(days=30 + self.made)
            decision = executive_services.decision_record(
                by=self.clerk,
                decision_maker=CabinetFactory(body__name=f"Cabinet {self.made}", body__slug=f"cabinet-{self.made}"),
                decided_on=decided,
                title=f"Decision {self.made}",
                decision="To agree.",
                reasons="Reasons.",
            )
            executive_services.decision_notice_publish(decision=decision, by=self.clerk, on=decided)
            moment = timezone.now() - datetime.timedelta(days=60 - self.made)
            executive_services.forward_plan_publish(by=self.clerk, include=[ForwardPlanEntryFactory()], now=moment)


def count(client, url, token):
    with CaptureQueriesContext(connection) as queries:
        response = api_get(client, url, token)
    assert response.status_code == 200, url
    return len(queries), len(response.json()["results"])


def test_each_list_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    council = Council()
    council.grow(1)
    readers = {"the public": None, "a councillor": token_for(council.councillor)}
    for token in readers.values():  # warm: a token's first use today notes the day; content types are cached
        for name in LISTS:
            api_get(client, list_url(name), token)
    measured = {(who, name): count(client, list_url(name), token) for who, token in readers.items() for name in LISTS}
    council.grow(3)
    for (who, name), (queries, rows) in measured.items():
        with django_assert_num_queries(queries, info=f"{who}: {name}"):
            response = api_get(client, list_url(name), readers[who])
        grown = len(response.json()["results"])
        assert grown > rows or name in ("record:api-ward-list",) or grown == rows > 0, (who, name, rows, grown)
