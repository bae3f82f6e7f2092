"""Crawlable and linkable: robots.txt, the sitemap, canonical links and Open Graph on every page,
and schema.org/Event microdata on meeting pages."""

import datetime
import re
from unittest import mock

import pytest
from django.urls import reverse

from executive import services as executive_services
from members.models import BodyKind, ConsultationState
from scrutiny.models import MeetingDateChange, MeetingStatus, Publication
from tests.factories import (
    BodyFactory,
    CabinetFactory,
    ConsultationFactory,
    ForwardPlanEntryFactory,
    MeetingFactory,
    MemberFactory,
    UserFactory,
)
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

SITE = "https://democracy.northbridge.example"
NOW = london(2026, 12, 10, 12)


@pytest.fixture(autouse=True)
def _on_10_december_2026(settings):
    settings.SITE_URL = SITE
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"])


def _publish(meeting, clerk):
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.save()
    Publication.objects.create(
        meeting=meeting,
        kind="agenda",
        version=1,
        published_by=clerk,
        published_at=NOW - datetime.timedelta(days=1),
        contents={"items": []},
        sha256="0" * 64,
        clear_working_days=5,
        deadline_met=True,
    )
    return meeting


def _decision(clerk, *, title, publish=True):
    decision = executive_services.decision_record(
        by=clerk,
        decision_maker=CabinetFactory(),
        decided_on=datetime.date(2026, 12, 1),
        title=title,
        decision="To name it Riverside Park.",
        reasons="The residents chose it.",
    )
    if publish:
        decision = executive_services.decision_notice_publish(
            decision=decision, by=clerk, on=datetime.date(2026, 12, 2)
        )
    return decision


# robots.txt --------------------------------------------------------------------------------------


def test_robots_txt_opens_the_public_pages_and_closes_the_signed_in_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Allow: /" in lines
    for closed in ("/dashboard/", "/accounts/", "/people/", "/history/", "/set-up/", "/packs/", "/*.ics$"):
        assert f"Disallow: {closed}" in lines
    assert "Allow: /consultations/public/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


# The sitemap -------------------------------------------------------------------------------------


def _sitemap(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return set(re.findall(r"<loc>([^<]+)</loc>", response.content.decode()))


def test_the_sitemap_lists_the_public_record_and_nothing_else(client, clerk):
    public_body = BodyFactory(slug="audit-committee", kind=BodyKind.COMMITTEE)
    private_body = BodyFactory(slug="housing-working-group", kind=BodyKind.WORKING_GROUP)
    published = _publish(MeetingFactory(body=public_body, starts_at=london(2026, 12, 17)), clerk)
    unpublished = MeetingFactory(body=public_body, starts_at=london(2027, 1, 14))
    private_meeting = _publish(MeetingFactory(body=private_body, starts_at=london(2026, 12, 18)), clerk)
    councillor = MemberFactory()
    hidden = MemberFactory(is_public=False)
    decision = _decision(clerk, title="Name the new park")
    unpublished_decision = _decision(clerk, title="Close the depot", publish=False)
    consultation = ConsultationFactory(public=True)
    draft = ConsultationFactory(public=True, state=ConsultationState.DRAFT)
    members_only = ConsultationFactory(public=False)
    entry, draft_entry = ForwardPlanEntryFactory(), ForwardPlanEntryFactory()
    executive_services.forward_plan_publish(by=clerk, include=[entry], now=NOW - datetime.timedelta(days=3))

    urls = _sitemap(client)

    def url(path):
        return SITE + path

    for path in ("/", "/committees/", "/councillors/", "/meetings/", "/executive/forward-plan/", "/accessibility/"):
        assert url(path) in urls
    assert url(public_body.get_absolute_url()) in urls
    assert url(published.get_absolute_url()) in urls
    assert url(councillor.get_absolute_url()) in urls
    assert url(decision.get_absolute_url()) in urls
    assert url(reverse("members:consultation-public", args=[consultation.pk])) in urls
    assert url(reverse("executive:entry-detail", args=[entry.pk])) in urls
    assert url(reverse("executive:entry-detail", args=[draft_entry.pk])) not in urls
    assert url(private_body.get_absolute_url()) not in urls
    assert url(private_meeting.get_absolute_url()) not in urls
    assert url(unpublished.get_absolute_url()) not in urls
    assert url(hidden.get_absolute_url()) not in urls
    assert url(unpublished_decision.get_absolute_url()) not in urls
    for other in (draft, members_only):
        assert url(reverse("members:consultation-public", args=[other.pk])) not in urls


def test_the_sitemap_takes_the_same_queries_however_many_rows(client, clerk, django_assert_num_queries):
    def add():
        body = BodyFactory(kind=BodyKind.COMMITTEE)
        _publish(MeetingFactory(body=body, starts_at=london(2026, 12, 17)), clerk)
        MemberFactory()
        _decision(clerk, title="A decision")
        ConsultationFactory(public=True)

    add()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    for _ in range(4):
        add()
    with django_assert_num_queries(len(few)):
        client.get("/sitemap.xml")


# Canonical links and Open Graph ------------------------------------------------------------------


def _meta(page: str, prop: str) -> str | None:
    found = re.search(rf'<meta property="{prop}" content="([^"]*)">', page)
    return found.group(1) if found else None


def test_every_page_has_its_canonical_address_without_the_query_string(client):
    page = client.get("/meetings/?committee=audit&utm_source=x").content.decode()
    assert f'<link rel="canonical" href="{SITE}/meetings/">' in page
    assert _meta(page, "og:url") == f"{SITE}/meetings/"
    assert _meta(page, "og:type") == "website"
    assert _meta(page, "og:site_name")
    assert _meta(page, "og:title") == "Meetings"


def test_the_home_has_its_open_graph_title_and_description(client):
    page = client.get("/").content.decode()
    assert f'<link rel="canonical" href="{SITE}/">' in page
    assert _meta(page, "og:title") == "Meetings, decisions and consultations"
    assert "public record" in _meta(page, "og:description")


def test_open_graph_titles_are_escaped_once(client):
    consultation = ConsultationFactory(public=True, title='Fish & chips "night" <b>')
    page = client.get(reverse("members:consultation-public", args=[consultation.pk])).content.decode()
    assert _meta(page, "og:title") == "Fish &amp; chips &quot;night&quot; &lt;b&gt;"
    assert "<title>Fish &amp; chips &quot;night&quot; &lt;b&gt; – " in page
    assert _meta(page, "og:description") == "How members want to take part in commissioning."


def test_a_page_without_a_description_has_no_description(client):
    page = client.get("/accounts/login/").content.decode()
    assert _meta(page, "og:description") is None and _meta(page, "og:title")


# schema.org/Event on the meeting page ------------------------------------------------------------


def _itemprops(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'itemprop="([^"]+)"\s+(?:content|href)="([^"]*)"', page):
        found.setdefault(name, []).append(value)
    return found


def test_the_meeting_page_carries_schema_org_event_microdata(client):
    body = BodyFactory(name="Audit Committee", slug="audit-committee", kind=BodyKind.COMMITTEE)
    meeting = MeetingFactory(
        body=body,
        starts_at=london(2026, 12, 17, 18),
        ends_at=london(2026, 12, 17, 20),
        venue="Council Chamber, Town Hall",
    )

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert 'itemscope itemtype="https://schema.org/Event"' in " ".join(page.split())
    props = _itemprops(" ".join(page.split()))
    assert props["name"][0] == "Audit Committee, 17 December 2026"
    assert props["startDate"] == ["2026-12-17T18:00:00+00:00"]
    assert props["endDate"] == ["2026-12-17T20:00:00+00:00"]
    assert props["eventStatus"] == ["https://schema.org/EventScheduled"]
    assert "Council Chamber, Town Hall" in props["address"]
    assert "https://schema.org/Place" in page and "https://schema.org/Organization" in page
    assert "Audit Committee, Northbridge Borough Council" in props["name"]
    assert props["url"] == ["/committees/audit-committee/"]


def test_a_cancelled_or_moved_meeting_says_so_in_its_microdata(client, clerk):
    cancelled = MeetingFactory(
        body=BodyFactory(kind=BodyKind.COMMITTEE), starts_at=london(2026, 12, 17), status=MeetingStatus.CANCELLED
    )
    moved = MeetingFactory(body=BodyFactory(kind=BodyKind.COMMITTEE), starts_at=london(2026, 12, 18))
    MeetingDateChange.objects.create(
        meeting=moved,
        from_date=datetime.date(2026, 12, 16),
        to_date=datetime.date(2026, 12, 18),
        changed_by=clerk,
        changed_at=NOW,
        notice={},
    )

    page = " ".join(client.get(cancelled.get_absolute_url()).content.decode().split())
    assert _itemprops(page)["eventStatus"] == ["https://schema.org/EventCancelled"]
    page = " ".join(client.get(moved.get_absolute_url()).content.decode().split())
    assert _itemprops(page)["eventStatus"] == ["https://schema.org/EventRescheduled"]
