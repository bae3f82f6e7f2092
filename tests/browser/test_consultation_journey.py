"""The consultations journey of issue #6, as the people make it: the Cabinet Member consults all
members; a councillor saves a draft, comes back and submits; the owner follows who has responded
and reminds the rest; and a councillor responds without JavaScript."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from council.roles import Role
from members.models import Consultation, ConsultationState, QuestionKind, Response, ResponseState
from members.models.reminders import Reminder, ReminderKind
from tests.factories import (
    ConsultationFactory,
    MemberFactory,
    QuestionFactory,
    QuestionOptionFactory,
)
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Member roles in commissioning"
IDEA = "Sit on the programme board of reviews in my ward."


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def cabinet_member():
    hartley = MemberFactory(
        user__first_name="Richard", user__last_name="Hartley", user__email="hartley@northbridge.example"
    )
    hartley.user.groups.add(Group.objects.get(name=Role.CABINET_MEMBER.value))
    return hartley


def test_cabinet_member_consults_a_councillor_responds_and_the_owner_reminds_the_rest(page):
    hartley = cabinet_member()
    mclain = MemberFactory(user__first_name="Alan", user__last_name="McLain", user__email="mclain@northbridge.example")
    quiet = MemberFactory(user__first_name="Joan", user__last_name="Quiet")

    # The Cabinet Member sets up the consultation and its questions, then opens it.
    sign_in(page, hartley.user.email, PASSWORD)
    page.get_by_role("link", name="Consultations", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Create a consultation").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Purpose").fill("How do you want to take part in commissioning reviews?")
    today = timezone.localdate()
    page.get_by_label("Opening date").fill((today + datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Opening time").fill("09:00")
    page.get_by_label("Closing date").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Closing time").fill("17:00")
    page.get_by_label("All members").check()
    page.get_by_role("button", name="Create consultation").click()
    assert_accessible(page)
    consultation = Consultation.objects.get(title=TITLE)
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Free text").check()
    page.get_by_label("Question", exact=True).fill("What role would you like in commissioning?")
    page.get_by_role("button", name="Add question").click()
    assert_accessible(page)
    page.get_by_role("button", name="Open now").click()
    assert_accessible(page)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.OPEN
    invited = set(
        Reminder.objects.filter(consultation=consultation, kind=ReminderKind.INVITATION).values_list(
            "member__user__last_name", flat=True
        )
    )
    assert {"McLain", "Quiet", "Hartley"} <= invited
    sign_out(page)

    # A councillor finds it on "Your consultations", saves a draft, comes back and submits.
    sign_in(page, mclain.user.email, PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your consultations").click()
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("1. What role would you like in commissioning?").fill(IDEA)
    page.get_by_role("button", name="Save as draft").click()
    assert_accessible(page)
    assert Response.objects.get(consultation=consultation, member=mclain).state == ResponseState.DRAFT
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your consultations").click()
    expect(page.locator("main")).to_contain_text("Draft")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_label("1. What role would you like in commissioning?")).to_have_value(IDEA)
    mail.outbox.clear()
    page.get_by_role("button", name="Submit response").click()
    assert_accessible(page)
    response = Response.objects.get(consultation=consultation, member=mclain)
    assert response.state == ResponseState.SUBMITTED
    assert [message.to for message in mail.outbox] == [[mclain.user.email]]
    assert IDEA in mail.outbox[0].body
    sign_out(page)

    # The owner sees who has responded and reminds only those who have not.
    sign_in(page, hartley.user.email, PASSWORD)
    page.get_by_role("link", name="Consultations", exact=True).click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Response tracker").click()
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Alan McLain")
    page.get_by_role("button", name="Remind members who have not responded").click()
    assert_accessible(page)
    adhoc = set(
        Reminder.objects.filter(consultation=consultation, kind=ReminderKind.ADHOC).values_list(
            "member__user__last_name", flat=True
        )
    )
    assert quiet.user.last_name in adhoc and "McLain" not in adhoc


def test_a_councillor_responds_without_javascript(page_without_javascript):
    page = page_without_javascript
    member = MemberFactory(user__email="mclain@northbridge.example")
    consultation = ConsultationFactory(title=TITLE, owner=cabinet_member().user)
    question = QuestionFactory(
        consultation=consultation, position=1, kind=QuestionKind.SINGLE_CHOICE, text="When should members join?"
    )
    for position, label in enumerate(["At Analyse", "At Plan"], start=1):
        QuestionOptionFactory(question=question, position=position, label=label)
    QuestionFactory(
        consultation=consultation, position=2, kind=QuestionKind.FREE_TEXT, text="Anything else?", max_length=50
    )

    sign_in(page, member.user.email, PASSWORD)
    page.goto(f"/consultations/{consultation.pk}/respond/")
    page.get_by_label("2. Anything else?").fill("x" * 60)
    page.get_by_role("button", name="Submit response").click()
    # Nothing chosen and too long: the GOV.UK error pattern, and the text typed is kept.
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    expect(page.get_by_label("2. Anything else?")).to_have_value("x" * 60)
    assert_accessible(page)
    page.get_by_label("At Analyse").check()
    page.get_by_label("2. Anything else?").fill("Keep us informed.")
    page.get_by_role("button", name="Submit response").click()
    assert Response.objects.get(consultation=consultation, member=member).state == ResponseState.SUBMITTED
    assert_accessible(page)
