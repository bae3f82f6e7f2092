"""A resident asks for email alerts on a committee's page, confirms from the email, and gets the
next agenda by email; then unsubscribes from the email's link (issue 15)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from council import permissions
from council.roles import Role
from record import tasks
from tests.alerts_kit import published_agenda
from tests.factories import BodyFactory, UserFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

RESIDENT = "sam.resident@example.org"


def _path(message, name: str) -> str:
    found = re.search(rf"https://democracy\.northbridge\.example(/alerts/{name}/[\w-]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_resident_subscribes_to_a_committee_and_receives_the_next_agenda(page):
    body = BodyFactory(name="Planning Committee", slug="planning")
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", clerk, body)

    page.goto(body.get_absolute_url())
    page.get_by_role("link", name="Get email alerts about Planning Committee").click()
    assert_accessible(page)
    page.get_by_role("button", name="Subscribe").click()  # nothing typed: the GOV.UK error pattern
    expect(page.get_by_role("link", name="Enter your email address")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill(RESIDENT)
    page.get_by_label("A daily digest: one email a day at most").check()
    page.get_by_label("As it happens: one email each time").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)

    [confirmation] = [m for m in mail.outbox if RESIDENT in m.to]
    page.goto(_path(confirmation, "confirm"))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your email alerts are confirmed")).to_be_visible()
    assert_accessible(page)

    meeting = published_agenda(body, clerk, {"title": "Local Plan review"})
    tasks.send_alerts()
    [alert] = [m for m in mail.outbox if RESIDENT in m.to and m is not confirmation]
    assert alert.subject.startswith("Agenda published: Planning Committee")
    assert f"https://democracy.northbridge.example{meeting.get_absolute_url()}" in alert.body
    assert "Local Plan review" in alert.body

    # The agenda, from the email's link, and then the email's unsubscribe link.
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_text("Local Plan review").first).to_be_visible()
    page.goto(_path(alert, "unsubscribe"))
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You have unsubscribed")).to_be_visible()
    page.get_by_role("link", name="Manage your other email alerts").click()
    expect(page.get_by_text("This address gets no email alerts.")).to_be_visible()
    assert_accessible(page)
