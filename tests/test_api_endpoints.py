"""The open API's endpoints: what each gives, filtered by committee and dates, a page at a time with
links, in a stable order; the root, the OpenAPI schema (validated) and the docs page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from executive import services as executive_services
from members.models import BodyKind, Member
from tests.api_kit import ENDPOINT_NAMES, api_get, committee_business, token_for
from tests.factories import (
    BodyFactory,
    CabinetFactory,
    ConsultationFactory,
    ForwardPlanEntryFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def results(client, url, token=None):
    response = api_get(client, url, token)
    assert response.status_code == 200, (url, response.status_code)
    return response.json()["results"]


def test_the_root_lists_every_endpoint_and_the_licence(client):
    root = client.get("/api/v1/").json()
    assert set(ENDPOINT_NAMES) <= set(root)
    assert root["licence"] == "Open Government Licence v3.0"
    for name in ENDPOINT_NAMES:
        assert root[name].startswith("http://testserver/api/"), name


def test_the_schema_is_valid_openapi_and_served(client):
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    validate_schema(schema)  # against the OpenAPI 3 meta-schema drf-spectacular ships
    assert {"/api/v1/meetings/", "/api/v1/decisions/", "/api/v1/forward-plan/"} <= set(schema["paths"])
    served = client.get("/api/v1/schema/?format=json")
    assert served.status_code == 200 and served.json()["openapi"].startswith("3.")
    assert served.json()["info"]["license"]["name"] == "Open Government Licence v3.0"


def test_the_docs_page_describes_the_api_for_people(client):
    page = client.get(reverse("record:api-docs"))
    text = page.content.decode()
    assert page.status_code == 200 and "Open Government Licence v3.0" in text
    assert "/api/v1/schema/" in text and "/api/v1/meetings/" in text and "Retry-After" in text
    assert "Agenda items" in text and "/api/tokens/" in text


def test_meetings_are_filtered_by_committee_and_dates_a_page_at_a_time(client):
    audit = BodyFactory(slug="audit", name="Audit Committee")
    other = BodyFactory(slug="planning", name="Planning Committee")
    for month in (1, 3, 5, 7):
        MeetingFactory(body=audit, starts_at=london(2026, month, 10))
    MeetingFactory(body=other, starts_at=london(2026, 3, 12))
    everything = results(client, "/api/v1/meetings/")
    assert [m["starts_at"][:10] for m in everything] == [
        "2026-01-10",
        "2026-03-10",
        "2026-03-12",
        "2026-05-10",
        "2026-07-10",
    ]
    audit_spring = results(client, "/api/v1/meetings/?body=audit&from=2026-03-01&to=2026-05-10")
    assert [m["starts_at"][:10] for m in audit_spring] == ["2026-03-10", "2026-05-10"]
    assert {m["body"]["slug"] for m in audit_spring} == {"audit"}
    first = client.get("/api/v1/meetings/?page_size=2").json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    assert first["licence"] == "Open Government Licence v3.0"
    second = client.get(first["next"]).json()
    assert second["previous"] and [m["id"] for m in second["results"]] != [m["id"] for m in first["results"]]
    assert client.get("/api/v1/meetings/?page_size=100000").json()["count"] == 5  # capped, not refused
    assert client.get("/api/v1/meetings/?from=not-a-date").status_code == 400


def test_the_page_size_is_capped(client, settings):
    body = BodyFactory()
    for day in range(1, 4):
        MeetingFactory(body=body, starts_at=london(2026, 2, day))
    from record.api.pagination import PageNumberPagination

    assert PageNumberPagination.max_page_size == settings.API_MAX_PAGE_SIZE == 200
    assert len(client.get("/api/v1/meetings/?page_size=2").json()["results"]) == 2


def test_a_meeting_gives_its_agenda_as_the_public_page_shows_it(client):
    body, meeting = committee_business("Audit Committee")
    detail = client.get(reverse("record:api-meeting-detail", args=[meeting.pk])).json()
    agenda = {item["title"]: item for item in detail["agenda"]}
    open_item = agenda["Audit Committee: budget monitoring"]
    exempt = agenda["Audit Committee: a contract"]
    assert [d["title"] for d in open_item["documents"]] == ["Budget report"]
    assert open_item["documents"][0]["download"].startswith("http://testserver/meetings/")
    assert exempt["exempt"] is True and exempt["exempt_paragraph"] == 3
    assert "paragraph 3 of Part 1 of Schedule 12A" in exempt["exempt_notice"]
    assert exempt["documents"] == []
    assert "Tender prices" not in str(detail) and "Commercial prices" not in str(detail)
    # The body's clerk's token shows its exempt papers, as the meeting page does.
    clerk = UserFactory(roles=["Administrator"])
    mine = api_get(client, reverse("record:api-meeting-detail", args=[meeting.pk]), token_for(clerk)).json()
    assert "Tender prices" in str(mine)
    items = results(client, f"/api/v1/agenda-items/?body={body.slug}&exempt=true")
    assert [item["title"] for item in items] == ["Audit Committee: a contract"]
    documents = results(client, f"/api/v1/documents/?meeting={meeting.pk}")
    assert [d["title"] for d in documents] == ["Budget report"]


def test_minutes_and_recommendations_of_confirmed_minutes(client):
    body, meeting = committee_business("Audit Committee")
    minutes = results(client, "/api/v1/minutes/?body=audit-committee")
    assert [(m["meeting"], m["confirmed"]) for m in minutes] == [(meeting.pk, True)]
    detail = client.get(reverse("record:api-minutes-detail", args=[meeting.pk])).json()
    noted = next(row for row in detail["items"] if row["title"] == "Audit Committee: budget monitoring")
    assert noted["minute"] == "The report was noted."
    assert [r["text"] for r in noted["resolutions"]] == ["Resolved that the report be noted."]
    recommendations = results(client, "/api/v1/recommendations/?body=audit-committee")
    assert [r["text"] for r in recommendations] == ["That the Cabinet reviews the budget."]
    assert recommendations[0]["meeting"] == meeting.pk and recommendations[0]["body"]["slug"] == body.slug


def test_bodies_and_councillors_give_public_fields_only(client):
    audit = BodyFactory(slug="audit", name="Audit Committee")
    BodyFactory(kind=BodyKind.PROGRAMME_BOARD, name="Home care board")
    councillor = MemberFactory(public_email="cllr@northbridge.example", phone="01234 567890")
    MembershipFactory(body=audit, person=councillor.user, role="chair")
    hidden = MemberFactory(is_public=False)
    bodies = results(client, "/api/v1/bodies/")
    assert [b["slug"] for b in bodies] == ["audit"]
    assert bodies[0]["members"][0]["name"] == councillor.user.get_full_name()
    assert bodies[0]["members"][0]["role"] == "Chair"
    assert client.get(reverse("record:api-body-detail", args=["audit"])).json()["name"] == "Audit Committee"
    councillors = results(client, "/api/v1/councillors/")
    assert [c["id"] for c in councillors] == [councillor.pk]
    record = councillors[0]
    assert record["ward"]["name"] == councillor.ward.name and record["party"] == councillor.party.name
    assert record["committees"] == [{"body": {"slug": "audit", "name": "Audit Committee"}, "role": "Chair"}]
    assert record["photo"] is None
    text = str(councillors)
    assert councillor.user.email not in text and "01234" not in text
    assert client.get(reverse("record:api-councillor-detail", args=[hidden.pk])).status_code == 404
    assert results(client, f"/api/v1/councillors/?ward={councillor.ward_id}")[0]["id"] == councillor.pk
    wards = results(client, "/api/v1/wards/")
    assert {w["name"] for w in wards} == set(Member.objects.values_list("ward__name", flat=True))


def test_decisions_and_the_forward_plan_as_published(client):
    clerk = UserFactory(roles=["Democratic Services"])
    decided = timezone.localdate() - datetime.timedelta(days=30)
    cabinet = CabinetFactory()
    published = executive_services.decision_record(
        by=clerk,
        decision_maker=cabinet,
        decided_on=decided,
        title="Name the park",
        decision="Riverside.",
        reasons="Chosen.",
    )
    executive_services.decision_notice_publish(decision=published, by=clerk, on=decided)
    executive_services.decision_record(
        by=clerk, decision_maker=cabinet, decided_on=decided, title="Not yet noticed", decision="X.", reasons="Y."
    )
    decisions = results(client, f"/api/v1/decisions/?from={decided.isoformat()}&to={decided.isoformat()}")
    assert [d["title"] for d in decisions] == ["Name the park"]
    assert decisions[0]["exempt_part"] is None and decisions[0]["notice_published_on"] == decided.isoformat()
    assert results(client, "/api/v1/decisions/?body=cabinet")[0]["title"] == "Name the park"
    assert results(client, "/api/v1/decisions/?to=2000-01-01") == []
    assert client.get("/api/v1/forward-plan/").status_code == 404  # nothing published yet
    entry = ForwardPlanEntryFactory(title="Re-commission home care")
    ForwardPlanEntryFactory(title="A draft")
    edition = executive_services.forward_plan_publish(
        by=clerk, include=[entry], now=timezone.now() - datetime.timedelta(days=2)
    )
    current = client.get("/api/v1/forward-plan/").json()
    assert current["number"] == edition.number and [e["matter"] for e in current["entries"]] == [
        "Re-commission home care"
    ]
    assert [e["number"] for e in results(client, "/api/v1/forward-plan/editions/")] == [edition.number]
    one = client.get(reverse("record:api-edition-detail", args=[edition.number])).json()
    assert one["sha256"] == edition.sha256 and "A draft" not in str(one)


def test_consultations_are_the_public_ones_with_their_published_outcome(client):
    shown = ConsultationFactory(public=True, title="Libraries", outcome="Kept open")
    ConsultationFactory(public=False, title="Members only")
    ConsultationFactory(public=True, state="draft", title="Not yet open")
    consultations = results(client, "/api/v1/consultations/")
    assert [c["title"] for c in consultations] == ["Libraries"]
    assert consultations[0]["outcome"] is None  # not yet published
    shown.outcome_published_at = timezone.now()
    shown.save()
    assert results(client, "/api/v1/consultations/")[0]["outcome"] == "Kept open"
