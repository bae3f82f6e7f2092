"""Helpers for the open API's tests (tests/test_api_*.py): a personal token, and requests with it."""

from django.urls import reverse

from record.services.api_tokens import api_token_create


def token_for(person, name: str = "Tests") -> str:
    """A working token of ``person``: its secret, as they would send it."""
    return api_token_create(person=person, name=name, by=person)[1]


def api_get(client, url: str, token: str | None = None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get(url, **headers)


#: Every list endpoint of the API, by its route name.
LISTS = (
    "record:api-body-list",
    "record:api-councillor-list",
    "record:api-ward-list",
    "record:api-meeting-list",
    "record:api-item-list",
    "record:api-document-list",
    "record:api-minutes-list",
    "record:api-decision-list",
    "record:api-edition-list",
    "record:api-recommendation-list",
    "record:api-consultation-list",
)


def list_url(name: str, **query) -> str:
    query.setdefault("page_size", 200)
    return reverse(name) + "?" + "&".join(f"{key}={value}" for key, value in query.items())


def committee_business(name: str, *, days_ago: int = 20, councillor=None):
    """A public committee whose meeting was held ``days_ago`` with its agenda published: an open item
    and an exempt one, each with a paper; the open item minuted with a resolution and a
    recommendation, the minutes confirmed. Returns (body, meeting)."""
    import datetime

    from django.utils import timezone

    from council import permissions
    from scrutiny import services
    from scrutiny.models import Meeting, MeetingStatus
    from tests.exempt_scenario import upload
    from tests.factories import BodyFactory, MeetingFactory, MembershipFactory, UserFactory

    body = BodyFactory(name=name, slug=name.lower().replace(" ", "-"))
    clerk = UserFactory(roles=["Democratic Services"])
    permissions.grant("members.change_body", clerk, body)
    if councillor is not None:
        MembershipFactory(body=body, person=councillor)
    when = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) - datetime.timedelta(days=days_ago)
    meeting = MeetingFactory(body=body, starts_at=when)
    item = services.agenda_item_add(meeting=meeting, by=clerk, title=f"{name}: budget monitoring")
    exempt = services.agenda_item_add(
        meeting=meeting,
        by=clerk,
        title=f"{name}: a contract",
        exempt=True,
        exempt_paragraph=3,
        public_interest_reason="Commercial prices",
    )
    services.document_add(item=item, upload=upload("report.pdf"), title="Budget report", kind="report", by=clerk)
    services.document_add(item=exempt, upload=upload("tender.pdf"), title="Tender prices", kind="report", by=clerk)
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=meeting, by=clerk)
    minute = services.minute_write(item=item, text="The report was noted.", by=clerk)
    resolution = services.resolution_add(minute=minute, text="Resolved that the report be noted.", by=clerk)
    services.recommendation_add(
        resolution=resolution,
        text="That the Cabinet reviews the budget.",
        to_whom="Cabinet",
        made_on=meeting.date,
        by=clerk,
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.MINUTES_CONFIRMED)
    return body, Meeting.objects.get(pk=meeting.pk)


#: The names the root gives each endpoint (record.api.views.ENDPOINTS).
ENDPOINT_NAMES = (
    "bodies",
    "councillors",
    "wards",
    "meetings",
    "agenda_items",
    "documents",
    "minutes",
    "decisions",
    "forward_plan",
    "forward_plan_editions",
    "recommendations",
    "consultations",
    "schema",
    "documentation",
)
