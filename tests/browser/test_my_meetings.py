"""A councillor opens My meetings from their navigation and sends apologies in one click, without
JavaScript; the clerk sees them on the meeting page."""

import datetime

import pytest
from django.utils import timezone

from members.models import MembershipRole
from scrutiny.models import Attendance, AttendanceStatus
from tests.factories import MeetingFactory, MemberFactory, MembershipFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_councillor_sends_apologies_from_my_meetings_without_javascript(page_without_javascript):
    meeting = MeetingFactory(
        body__name="Overview and Scrutiny Committee", starts_at=timezone.now() + datetime.timedelta(days=10)
    )
    ravi = MemberFactory(user__first_name="Ravi", user__last_name="Patel", user__email="ravi@northbridge.example").user
    MembershipFactory(body=meeting.body, person=ravi, role=MembershipRole.MEMBER)

    page = page_without_javascript
    sign_in(page, ravi.email, PASSWORD)
    page.get_by_role("link", name="My meetings").click()
    assert page.get_by_role("heading", name="My meetings", level=1).is_visible()
    assert "Overview and Scrutiny Committee" in page.locator(".app-my-meetings__bodies").inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="Send apologies").click()
    assert "Your apologies for" in page.locator(".govuk-notification-banner").inner_text()
    assert "Apologies sent" in page.locator(f"#meeting-{meeting.pk}").inner_text()
    assert page.get_by_role("button", name="Send apologies").count() == 0
    assert_accessible(page)
    assert Attendance.objects.get(meeting=meeting, person=ravi).status == AttendanceStatus.APOLOGIES

    # The register on the meeting page shows them.
    page.locator(f"#meeting-{meeting.pk}-title").get_by_role("link").click()
    assert "Ravi Patel" in page.locator(".app-attendance").inner_text().split("Apologies")[1]
    assert_accessible(page)
