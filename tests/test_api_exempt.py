"""The attacker's test for the open API (issue 15), written first: a marker in every field of an
exempt item and everything derived from it (tests/exempt_scenario.py: its paper's title and file
name, its minute, resolutions, actions, recommendations and the response, the correction, the
declared interest, what it concerns), and in a decision's exempt part. Every endpoint, list and
detail, is requested as the public and with the token of a councillor off the committee and of
another committee's clerk: the marker is in no answer. With the token of a member of the committee
it is there, where the pages show it to them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from executive import services as executive_services
from members.models import Member
from tests.api_kit import LISTS, api_get, list_url, token_for
from tests.exempt_scenario import EXEMPT_TITLE, FAIR_SUMMARY, PREFIX, plant
from tests.factories import CabinetFactory, ConsultationFactory, ForwardPlanEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

DECISION_SECRET = "QZXDECISION-the-preferred-bidder-price"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


class World:
    def __init__(self):
        self.s = plant()
        clerk = UserFactory(roles=["Democratic Services"])
        decided = timezone.localdate() - datetime.timedelta(days=30)
        decision = executive_services.decision_record(
            by=clerk,
            decision_maker=CabinetFactory(),
            decided_on=decided,
            title="Award the leisure contract",
            decision="To award the contract.",
            reasons="Best value.",
            exempt_paragraph=3,
            exempt_part=DECISION_SECRET,
        )
        self.decision = executive_services.decision_notice_publish(decision=decision, by=clerk, on=decided)
        entry = ForwardPlanEntryFactory()
        moment = timezone.now() - datetime.timedelta(days=40)
        self.edition = executive_services.forward_plan_publish(by=clerk, include=[entry], now=moment)
        self.consultation = ConsultationFactory(public=True)
        self.decision_clerk = clerk

    def urls(self) -> list[str]:
        s = self.s
        councillor = Member.objects.get(user=s.member)
        details = [
            reverse("record:api-body-detail", args=[s.body.slug]),
            reverse("record:api-councillor-detail", args=[councillor.pk]),
            reverse("record:api-ward-detail", args=[councillor.ward_id]),
            reverse("record:api-meeting-detail", args=[s.meeting.pk]),
            reverse("record:api-item-detail", args=[s.exempt_item.pk]),
            reverse("record:api-item-detail", args=[s.item.pk]),
            reverse("record:api-document-detail", args=[s.document.pk]),
            reverse("record:api-minutes-detail", args=[s.meeting.pk]),
            reverse("record:api-decision-detail", args=[self.decision.pk]),
            reverse("record:api-edition-detail", args=[self.edition.number]),
            reverse("record:api-recommendation-detail", args=[s.recommendation.pk]),
            reverse("record:api-recommendation-detail", args=[s.answered.pk]),
            reverse("record:api-consultation-detail", args=[self.consultation.pk]),
            reverse("record:api-forward-plan"),
            reverse("record:api-root"),
        ]
        filtered = [list_url(name, body=s.body.slug) for name in LISTS if "body" in name or "meeting" in name]
        return [list_url(name) for name in LISTS] + filtered + details


def sweep(client, world, token=None) -> dict[str, str]:
    texts = {}
    for url in world.urls():
        response = api_get(client, url, token)
        assert response.status_code in (200, 404), (url, response.status_code)
        headers = "\n".join(f"{key}: {value}" for key, value in response.items())
        texts[url] = headers + "\n" + response.content.decode()
    return texts


def found(texts, marker):
    return [url for url, text in texts.items() if marker in text]


@pytest.mark.parametrize("confirmed", [False, True], ids=["draft minutes", "confirmed minutes"])
def test_no_endpoint_shows_exempt_content_to_those_who_may_not_see_it(client, confirmed):
    world = World()
    s = world.s
    if confirmed:
        s.confirm()
    readers = {
        "the public": None,
        "a councillor off the committee": token_for(s.outsider),
        "another committee's clerk": token_for(s.other_clerk),
    }
    for who, token in readers.items():
        texts = sweep(client, world, token)
        assert found(texts, PREFIX) == [], who
        # The exempt item is on the public agenda by its title and paragraph (s.100B); its minute
        # by the clerk's fair summary once the minutes are confirmed (s.100C(2)).
        assert found(texts, EXEMPT_TITLE), who
        assert bool(found(texts, FAIR_SUMMARY)) is confirmed, who
        if who != "another committee's clerk":  # Democratic Services read decisions' exempt parts
            assert found(texts, DECISION_SECRET) == [], who


def test_a_member_of_the_committee_reads_the_exempt_content_where_the_pages_show_it(client):
    world = World()
    s = world.s
    texts = sweep(client, world, token_for(s.member))
    seen = set(found(texts, PREFIX))
    paper = reverse("record:api-document-detail", args=[s.document.pk])
    minutes = reverse("record:api-minutes-detail", args=[s.meeting.pk])
    recommendation = reverse("record:api-recommendation-detail", args=[s.recommendation.pk])
    item = reverse("record:api-item-detail", args=[s.exempt_item.pk])
    assert {paper, minutes, recommendation, item} <= seen
    # A councillor holds no right to a decision's exempt part; Democratic Services do (the page's rule).
    assert found(texts, DECISION_SECRET) == []
    assert found(sweep(client, world, token_for(world.decision_clerk)), DECISION_SECRET)


def test_the_draft_minutes_are_the_committees_until_confirmed(client):
    world = World()
    s = world.s
    minutes = reverse("record:api-minutes-detail", args=[s.meeting.pk])
    assert api_get(client, minutes).status_code == 404
    assert api_get(client, minutes, token_for(s.outsider)).status_code == 404
    body = api_get(client, minutes, token_for(s.member)).json()
    assert body["confirmed"] is False
    assert [row["minute"] for row in body["items"] if row["item"] == s.exempt_item.pk] == [s.minute.text]
    s.confirm()
    public = api_get(client, minutes).json()
    row = next(row for row in public["items"] if row["item"] == s.exempt_item.pk)
    assert row["minute_number"].startswith("OSC 3/")  # after the item and the exclusion of the public
    assert row == {
        "number": row["number"],
        "minute_number": row["minute_number"],
        "item": s.exempt_item.pk,
        "title": EXEMPT_TITLE,
        "exempt": True,
        "withheld": True,
        "fair_summary": FAIR_SUMMARY,
        "minute": None,
        "resolutions": [],
    }
