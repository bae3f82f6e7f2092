"""One member's response as the consultation's managers see it: the answers and who changed which
answer when. Drafts stay the member's own: only what was submitted is shown."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from council.roles import Role
from members.consultations import services
from members.consultations.selectors.responses import Given
from members.consultations.services.responses import response_save_draft, response_submit
from members.models import AudienceKind, QuestionKind, Response
from tests.factories import (
    BodyFactory,
    ConsultationFactory,
    MemberFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionOptionFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(person_with_role):
    return person_with_role(Role.CABINET_MEMBER, first_name="Richard", last_name="Hartley")


@pytest.fixture
def consultation(owner):
    consultation = ConsultationFactory(owner=owner, title="Member roles in commissioning")
    consultation.time_q = QuestionFactory(
        consultation=consultation, kind=QuestionKind.SINGLE_CHOICE, text="How much time could you give?"
    )
    consultation.less = QuestionOptionFactory(question=consultation.time_q, position=1, label="Less than 2 hours")
    consultation.more = QuestionOptionFactory(question=consultation.time_q, position=2, label="More than 5 hours")
    consultation.else_q = QuestionFactory(
        consultation=consultation, kind=QuestionKind.FREE_TEXT, text="Anything else?", required=False
    )
    return consultation


@pytest.fixture
def member():
    return MemberFactory(user__first_name="Alan", user__last_name="McLain", ward=WardFactory(name="Riverside"))


def answer_and_change(consultation, member):
    """A draft (never submitted as such), a submission, then a change to one answer."""
    q, c = consultation.time_q, consultation.else_q
    response_save_draft(
        consultation=consultation,
        member=member,
        answers={c.pk: Given(text="A draft thought I took back")},
        based_on_version=0,
    )
    response_submit(
        consultation=consultation,
        member=member,
        answers={q.pk: Given(options=(consultation.less.pk,)), c.pk: Given(text="Training would help")},
        based_on_version=1,
    )
    return response_submit(
        consultation=consultation,
        member=member,
        answers={q.pk: Given(options=(consultation.more.pk,)), c.pk: Given(text="Training would help")},
        based_on_version=2,
    )


def url(consultation, member):
    return reverse("members:consultation-response", args=[consultation.pk, member.pk])


def test_the_owner_reads_a_response_and_who_changed_which_answer_when(client_for, owner, consultation, member):
    response = answer_and_change(consultation, member)
    page = client_for(owner).get(url(consultation, member)).content.decode()
    assert "Alan McLain’s response" in page
    assert "Riverside" in page
    # The answers as they stand.
    assert "More than 5 hours" in page and "Training would help" in page
    # The history: submitted, then one answer changed, by whom and when (UK time).
    records = list(response.history.order_by("history_date"))
    changed_at = formats.date_format(timezone.localtime(records[-1].history_date), "j F Y, H:i")
    assert f"Changed by Alan McLain on {changed_at}" in page
    assert "Submitted by Alan McLain" in page
    changed = page.split("Changed by Alan McLain", 1)[1].split("Submitted by", 1)[0]
    assert "How much time could you give?" in changed
    assert "Less than 2 hours" in changed and "More than 5 hours" in changed
    assert "Anything else?" not in changed  # unchanged answers are not repeated
    # What the member only ever had in a draft stays theirs.
    assert "A draft thought I took back" not in page


def test_the_tracker_links_each_submitted_response(client_for, owner, consultation, member):
    answer_and_change(consultation, member)
    drafting = MemberFactory(user__first_name="Owen", user__last_name="Pritchard")
    response_save_draft(
        consultation=consultation,
        member=drafting,
        answers={consultation.else_q.pk: Given(text="Not yet")},
        based_on_version=0,
    )
    page = client_for(owner).get(reverse("members:consultation-tracker", args=[consultation.pk])).content.decode()
    assert f'href="{url(consultation, member)}"' in page
    assert url(consultation, drafting) not in page


def test_a_draft_or_missing_response_is_not_found(client_for, owner, consultation, member):
    response_save_draft(
        consultation=consultation,
        member=member,
        answers={consultation.else_q.pk: Given(text="Not yet")},
        based_on_version=0,
    )
    assert client_for(owner).get(url(consultation, member)).status_code == 404
    assert client_for(owner).get(url(consultation, MemberFactory())).status_code == 404


def test_only_the_owner_their_officers_and_administrators_read_a_response(
    client, client_for, owner, consultation, member, person_with_role
):
    answer_and_change(consultation, member)
    address = url(consultation, member)
    shared = person_with_role(Role.COMMISSIONING_OFFICER)
    services.share(consultation=consultation, person=shared, by=owner)
    for person in (owner, shared, person_with_role(Role.ADMINISTRATOR)):
        assert client_for(person).get(address).status_code == 200
    assert client_for(person_with_role(Role.OFFICER)).get(address).status_code == 404  # not theirs to know about
    assert client_for(member.user).get(address).status_code == 403  # they see their own on the response page
    assert client_for(MemberFactory().user).get(address).status_code == 403
    client.logout()
    signed_out = client.get(address)
    assert signed_out.status_code == 302 and "login" in signed_out["Location"]


def test_a_response_page_costs_the_same_queries_however_often_it_changed(
    client_for, owner, consultation, member, django_assert_num_queries
):
    response = answer_and_change(consultation, member)
    client = client_for(owner)
    client.get(url(consultation, member))
    with CaptureQueriesContext(connection) as few:
        client.get(url(consultation, member))
    for n in range(5):
        response = response_submit(
            consultation=consultation,
            member=member,
            answers={
                consultation.time_q.pk: Given(options=((consultation.less, consultation.more)[n % 2].pk,)),
                consultation.else_q.pk: Given(text=f"Thought {n}"),
            },
            based_on_version=Response.objects.get(pk=response.pk).version,
        )
    with django_assert_num_queries(len(few)):
        client.get(url(consultation, member))


def test_the_consultation_s_history_says_what_changed_who_changed_it_and_why(client_for, owner):
    consultation = ConsultationFactory(owner=owner, title="Member rolse in commissioning")
    services.consultation_correct(
        consultation=consultation, title="Member roles in commissioning", reason="Typo in the title", by=owner
    )
    page = client_for(owner).get(reverse("members:consultation-detail", args=[consultation.pk])).content.decode()
    history = page.split(">History<", 1)[1]
    assert "Typo in the title" in history and "Richard Hartley" in history
    assert "Title: Member rolse in commissioning → Member roles in commissioning" in history


def test_the_printable_summary_link_says_it_opens_in_a_new_tab(client_for, owner, consultation):
    page = client_for(owner).get(reverse("members:consultation-summary", args=[consultation.pk])).content.decode()
    link = page.split('href="?print=1"', 1)[1].split("</a>", 1)[0]
    assert 'target="_blank"' not in link or "(opens in new tab)" in link


def test_a_respondent_who_has_since_left_the_committee_asked_reads_the_published_summary(client_for, owner):
    body = BodyFactory()
    consultation = ConsultationFactory(owner=owner, audience=AudienceKind.BODIES)
    consultation.audience_bodies.add(body)
    question = QuestionFactory(consultation=consultation, text="Anything else?")
    respondent, stayed = MemberFactory(), MemberFactory()
    seat = MembershipFactory(body=body, person=respondent.user)
    MembershipFactory(body=body, person=stayed.user)
    response_submit(
        consultation=consultation,
        member=respondent,
        answers={question.pk: Given(text="Training would help")},
        based_on_version=0,
    )
    seat.end_date = timezone.localdate() - datetime.timedelta(days=1)
    seat.save()
    consultation.state = "reported"
    consultation.summary_published_at = timezone.now()
    consultation.save()
    summary = reverse("members:consultation-summary", args=[consultation.pk])
    assert client_for(respondent.user).get(summary).status_code == 200  # the thank-you email links here
    assert client_for(stayed.user).get(summary).status_code == 200
    assert client_for(MemberFactory().user).get(summary).status_code == 403  # never asked, never answered


def test_the_outcome_page_does_not_repeat_its_heading_as_the_label(client_for, owner):
    consultation = ConsultationFactory(owner=owner, state="reported", summary_published_at=timezone.now())
    page = client_for(owner).get(reverse("members:consultation-outcome", args=[consultation.pk])).content.decode()
    assert "<h1" in page
    heading = page.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "Publish the outcome" in heading
    assert page.count("You said, we did") == 1


def test_an_answer_cleared_when_changing_shows_as_not_answered(client_for, owner, consultation, member):
    response = answer_and_change(consultation, member)
    response_submit(
        consultation=consultation,
        member=member,
        answers={consultation.time_q.pk: Given(options=(consultation.more.pk,))},
        based_on_version=response.version,
    )
    page = client_for(owner).get(url(consultation, member)).content.decode()
    latest = page.split("Changed by Alan McLain", 1)[1].split("Changed by", 1)[0]
    assert "Anything else?" in latest and "Training would help" in latest and "Not answered" in latest
    assert "How much time could you give?" not in latest
