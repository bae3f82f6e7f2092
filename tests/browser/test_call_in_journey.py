"""Call-in in the browser: three members of overview and scrutiny call a published decision in,
Democratic Services place it on the O&S meeting and record that it was referred back, and the
public decisions page says so."""

import pytest
from django.utils import timezone

from council.roles import Role
from executive import services
from executive.models import CallIn
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, CabinetFactory, MeetingFactory, MembershipFactory, UserFactory
from tests.factories.council import PASSWORD
from tests.factories.scrutiny import london

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Close the Riverside depot"


def test_three_members_call_a_decision_in_and_the_committee_refers_it_back(page, live_server):
    today = timezone.localdate()
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    decision = services.decision_record(
        by=clerk,
        decision_maker=CabinetFactory(),
        decided_on=today,
        title=TITLE,
        decision="To close the depot and move its work to Northgate.",
        reasons="It is under-used.",
        today=today,
    )
    services.decision_notice_publish(decision=decision, by=clerk, on=today)
    committee = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY, name="Overview and Scrutiny Committee")
    members = []
    for n in range(3):
        member = UserFactory(email=f"member{n}@northbridge.example", roles=[Role.COUNCILLOR])
        MembershipFactory(person=member, body=committee, role=MembershipRole.MEMBER)
        members.append(member)
    meeting = MeetingFactory(body=committee, starts_at=london(today.year, today.month, today.day))

    for n, member in enumerate(members):
        sign_in(page, member.email, PASSWORD)
        page.goto(f"{live_server.url}{decision.get_absolute_url()}")
        assert "Subject to call-in until" in page.content()
        button = "Call in this decision" if n == 0 else "Add your name to the call-in"
        page.get_by_role("button", name=button).click()
        assert_accessible(page)
        if n == 0:
            page.get_by_role("button", name="Call in this decision").click()
            assert "Enter your reasons" in page.content()  # the error summary, then the reasons
            assert_accessible(page)
            page.get_by_label("Your reasons for calling the decision in").fill("The staff were not consulted.")
            page.get_by_label("Referred back to the decision maker for reconsideration").check()
            page.get_by_role("button", name="Call in this decision").click()
        else:
            page.get_by_label("I support the reasons given").check()
            page.get_by_role("button", name="Add my name").click()
        page.wait_for_load_state()
        page.context.clear_cookies()
    assert "Called in" in page.content()
    assert CallIn.objects.get().valid_on == today

    sign_in(page, "clerk@northbridge.example", PASSWORD)
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    page.get_by_role("button", name="Place the call-in on a meeting").click()
    assert_accessible(page)
    page.get_by_label(str(meeting)).check()
    page.get_by_role("button", name="Add it to the agenda").click()
    assert "Call-in placed on the agenda" in page.content()
    assert meeting.items.get().title == f"Call-in: {TITLE}"
    page.get_by_role("button", name="Record the outcome").click()
    assert_accessible(page)
    page.get_by_label("Referred back to the decision maker for reconsideration").check()
    page.get_by_label("The committee's concerns").fill("Consult the staff before closing the depot.")
    page.get_by_role("button", name="Record the outcome").click()
    assert "Outcome recorded" in page.content()
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/executive/decisions/?call_in=called_in")
    assert_accessible(page)
    assert TITLE in page.content()
    assert "Called in: referred back to the decision maker" in page.content()
    page.get_by_role("link", name=TITLE).click()
    assert "Consult the staff before closing the depot." in page.content()
    assert "The staff were not consulted." in page.content()
    assert_accessible(page)
