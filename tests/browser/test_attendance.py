"""A clerk records who attended a meeting and a declaration of interest, with and without JavaScript."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from council import permissions
from council.roles import Role
from members.models import MembershipRole
from scrutiny.models import Attendance, AttendanceStatus, Declaration
from tests.factories import MeetingFactory, MemberFactory, MembershipFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _seat(body, first, last, role=MembershipRole.MEMBER):
    person = MemberFactory(user__first_name=first, user__last_name=last).user
    MembershipFactory(body=body, person=person, role=role)
    return person


def test_clerk_records_apologies_a_substitute_and_a_declaration(page, page_without_javascript):
    clerk = UserFactory(
        first_name="Emma", last_name="Clarke", email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES]
    )
    meeting = MeetingFactory(
        body__name="Overview and Scrutiny Committee", starts_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    permissions.grant("members.change_body", clerk, meeting.body)
    chair = _seat(meeting.body, "Anne", "Cole", MembershipRole.CHAIR)
    _seat(meeting.body, "Ravi", "Patel")
    _seat(meeting.body, "Sam", "Ortiz", MembershipRole.SUBSTITUTE)
    item = meeting.items.create(position=1, title="Strategic Commissioning")

    sign_in(page, clerk.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Record attendance").click()
    assert_accessible(page)

    page.get_by_role("group", name="Anne Cole").get_by_label("Present", exact=True).check()
    page.get_by_role("group", name="Ravi Patel").get_by_label("Apologies").check()
    sam = page.get_by_role("group", name="Sam Ortiz")
    sam.get_by_label("Present", exact=True).check()
    sam.get_by_label("Substitute for").select_option(label="Ravi Patel")
    page.get_by_role("button", name="Save attendance").click()

    attendance = page.locator(".app-attendance").inner_text()
    assert "Sam Ortiz (substitute for Ravi Patel)" in attendance
    assert "Ravi Patel" in attendance.split("Apologies")[1]
    assert_accessible(page)

    page.get_by_role("link", name="Record a declaration of interest on Strategic Commissioning").click()
    assert_accessible(page)
    page.get_by_label("Who is declaring an interest?").select_option(label="Anne Cole")
    page.get_by_label("Disclosable pecuniary interest").check()
    page.get_by_label("Nature of the interest").fill("Director of a company bidding for the contract")
    page.get_by_role("button", name="Record declaration").click()
    item_text = page.locator(f"#item-{item.pk}").inner_text()
    assert "Anne Cole: disclosable pecuniary interest." in item_text
    assert "unless they have a dispensation" in item_text  # stayed in the room: the clerk is warned
    assert_accessible(page)
    assert Declaration.objects.get().person == chair

    # Without JavaScript the register is the same plain form.
    plain = page_without_javascript
    sign_in(plain, clerk.email, PASSWORD)
    plain.goto(reverse("scrutiny:attendance-record", args=[meeting.pk]))
    plain.get_by_role("group", name="Anne Cole").get_by_label("Attended remotely").check()
    plain.get_by_role("button", name="Save attendance").click()
    assert "Attended remotely" in plain.locator(".app-attendance").inner_text()
    assert_accessible(plain)
    assert Attendance.objects.get(person=chair).status == AttendanceStatus.VIRTUAL
