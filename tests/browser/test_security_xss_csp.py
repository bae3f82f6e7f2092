"""What people type is shown as text and never runs, and the Content-Security-Policy stops a script
that got into a page anyway (issue 11, findings 1 and 2).

A payload goes into the free-text fields people type (a consultation question and its help text,
typed by the owner; a meeting's venue, an agenda item's title, a minute, a resolution, a
recommendation and the executive's response; a review's title and scope; a saving's description
and evidence; a councillor's answer), then every page that shows them is opened in Chromium.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.models import SavingLine
from council import permissions
from council.roles import Role
from members.consultations.selectors.responses import Given
from members.consultations.services.responses import response_submit
from members.models import ConsultationState, QuestionKind
from scrutiny import services as scrutiny_services
from scrutiny.models import AgendaItem, MeetingStatus
from tests.factories import (
    BodyFactory,
    ConsultationFactory,
    MeetingFactory,
    MemberFactory,
    ReviewFactory,
    SavingLineFactory,
    UserFactory,
)
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=1;alert(1)</script>'


def watch(page):
    """Record any dialog a script opens and any report that the page broke its own policy."""
    page.dialogs, page.csp_errors = [], []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "console",
        lambda message: page.csp_errors.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return page


def assert_inert(page, url, *, shows=PAYLOAD):
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None, url
    assert page.dialogs == [], url
    assert shows in page.locator("main").inner_text(), url  # shown to the reader as the text it is
    # The service's own pages break none of its rules (the GOV.UK scripts load from static files).
    assert page.csp_errors == [], (url, page.csp_errors)
    assert page.locator("body.js-enabled.govuk-frontend-supported").count() == 1, url


def test_a_payload_in_every_field_people_type_renders_inert(page):
    watch(page)
    clerk = UserFactory(first_name="Emma", last_name="Clarke", roles=[Role.DEMOCRATIC_SERVICES])
    owner = UserFactory(first_name="Priya", last_name="Shah", roles=[Role.OFFICER])
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    councillor = MemberFactory()

    # Scrutiny: a held meeting with the payload in its venue, item, minute, resolution and recommendation.
    body = BodyFactory(name="Overview and Scrutiny Committee", slug="overview")
    permissions.grant("members.change_body", clerk, body)
    when = timezone.now() - datetime.timedelta(days=2)
    meeting = MeetingFactory(body=body, starts_at=when, venue=PAYLOAD, status=MeetingStatus.SCHEDULED)
    AgendaItem.objects.create(meeting=meeting, position=1, title=PAYLOAD)
    # Only business published beforehand is minuted (s.100B(4)): the agenda went out three weeks before.
    scrutiny_services.agenda_publish(meeting=meeting, by=clerk, now=when - datetime.timedelta(days=21))
    scrutiny_services.meeting_mark_held(meeting=meeting, by=clerk, now=when + datetime.timedelta(hours=3))
    minute = scrutiny_services.minute_write(item=meeting.items.get(), text=PAYLOAD, by=clerk)
    resolution = scrutiny_services.resolution_add(minute=minute, text=PAYLOAD, by=clerk)
    recommendation = scrutiny_services.recommendation_add(
        resolution=resolution, text=PAYLOAD, to_whom=PAYLOAD, made_on=timezone.localdate(), by=clerk
    )
    scrutiny_services.recommendation_respond(
        recommendation=recommendation,
        response="accepted",
        response_text=PAYLOAD,
        responded_on=timezone.localdate(),
        by=clerk,
    )

    # Commissioning: a review and a saving.
    review = ReviewFactory(title=PAYLOAD, scope=PAYLOAD)
    saving = SavingLineFactory(review=review, description=PAYLOAD, evidence=PAYLOAD, realised=Decimal("0"))

    # A consultation whose question and help text the owner types into the form.
    consultation = ConsultationFactory(
        owner=owner, created_by=owner, state=ConsultationState.DRAFT, title="Member roles in commissioning"
    )
    sign_in(page, owner.email, PASSWORD)
    page.goto(reverse("members:question-add", args=[consultation.pk]))
    page.get_by_label("Free text").check()
    page.get_by_label("Question", exact=True).fill(PAYLOAD)
    page.get_by_label("Help text (optional)").fill(PAYLOAD)
    page.get_by_role("button", name="Add question").click()
    page.wait_for_load_state("load")
    question = consultation.questions.get()
    assert question.help_text == PAYLOAD and question.kind == QuestionKind.FREE_TEXT
    assert_inert(page, consultation.get_absolute_url())
    assert_accessible(page)
    consultation.state = ConsultationState.OPEN
    consultation.save()
    response_submit(
        consultation=consultation, member=councillor, answers={question.pk: Given(text=PAYLOAD)}, based_on_version=0
    )
    assert_inert(page, reverse("members:consultation-response", args=[consultation.pk, councillor.pk]))

    # The councillor reads the question and its help text.
    page.context.clear_cookies()
    sign_in(page, councillor.user.email, PASSWORD)
    assert_inert(page, reverse("members:consultation-respond", args=[consultation.pk]))
    assert_accessible(page)

    # The clerk's and the public's meeting pages.
    page.context.clear_cookies()
    assert_inert(page, meeting.get_absolute_url())
    sign_in(page, clerk.email, PASSWORD)
    for url in (
        meeting.get_absolute_url(),
        reverse("scrutiny:minutes", args=[meeting.pk]),
        reverse("scrutiny:recommendations"),
    ):
        assert_inert(page, url)
    assert_accessible(page)

    # Commissioning pages, as an Administrator.
    page.context.clear_cookies()
    sign_in(page, administrator.email, PASSWORD)
    for url in (review.get_absolute_url(), reverse("commissioning:saving-detail", args=[saving.pk])):
        assert_inert(page, url)
    assert_accessible(page)
    assert SavingLine.objects.get(pk=saving.pk).description == PAYLOAD


def test_the_policy_blocks_a_script_injected_into_a_page_and_reports_it(page):
    watch(page)
    page.goto(reverse("accessibility"))
    page.wait_for_load_state("load")
    assert page.csp_errors == []
    reported = page.evaluate(
        """() => new Promise(resolve => {
            document.addEventListener("securitypolicyviolation", event => resolve(event.violatedDirective));
            const script = document.createElement("script");
            script.textContent = "window.__xss = 1";
            document.body.appendChild(script);
            const image = document.createElement("img");
            image.setAttribute("alt", "");
            image.setAttribute("src", "data:image/gif;base64,R0lGODlhAQABAAAAACw=");
            image.setAttribute("onerror", "window.__xss = 1");
            image.setAttribute("onload", "window.__xss = 1");
            document.body.appendChild(image);
            setTimeout(() => resolve(null), 5000);
        })"""
    )
    assert reported == "script-src-elem"
    page.wait_for_timeout(200)  # the image's handler would have fired by now
    assert page.evaluate("window.__xss") is None
    assert any("Content Security Policy" in error for error in page.csp_errors)
    assert_accessible(page)
