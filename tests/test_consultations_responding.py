"""Members respond online: drafts, submission, changes until the deadline, the deadline itself
(Europe/London, across the clock change), the confirmation email, the pages and who may use them."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from council.errors import RuleError
from council.roles import Role
from members.consultations.selectors.deadlines import closes_in, closing_phrase, is_accepting
from members.consultations.selectors.mine import my_consultations
from members.consultations.selectors.responses import Given, saved_answers
from members.consultations.services.responses import (
    AnswersInvalid,
    ConsultationClosed,
    response_save_draft,
    response_submit,
)
from members.models import (
    AudienceKind,
    ConsultationDocument,
    ConsultationState,
    QuestionKind,
    Response,
    ResponseState,
)
from tests.factories import (
    ConsultationFactory,
    MemberFactory,
    QuestionFactory,
    QuestionOptionFactory,
    UserFactory,
    WardFactory,
)
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def member():
    return MemberFactory(user__first_name="Priya", user__last_name="Shah", user__email="priya.shah@northbridge.example")


@pytest.fixture
def consultation():
    """Every kind of question: free text with a limit, single and multiple choice, the agree scale
    and ward feedback; the last two optional."""
    consultation = ConsultationFactory(title="How members take part in commissioning")
    QuestionFactory(
        consultation=consultation,
        position=1,
        kind=QuestionKind.FREE_TEXT,
        text="What should members do in a commissioning review?",
        help_text="For example, sit on the programme board.",
        max_length=20,
    )
    single = QuestionFactory(consultation=consultation, position=2, kind=QuestionKind.SINGLE_CHOICE, text="When?")
    for position, label in enumerate(["At Analyse", "At Plan"], start=1):
        QuestionOptionFactory(question=single, position=position, label=label)
    multiple = QuestionFactory(consultation=consultation, position=3, kind=QuestionKind.MULTIPLE_CHOICE, text="How?")
    for position, label in enumerate(["Workshops", "Email", "Visits"], start=1):
        QuestionOptionFactory(question=multiple, position=position, label=label)
    QuestionFactory(
        consultation=consultation, position=4, kind=QuestionKind.AGREE_SCALE, text="Members are heard.", required=False
    )
    QuestionFactory(
        consultation=consultation,
        position=5,
        kind=QuestionKind.WARD_FEEDBACK,
        text="What does your ward need?",
        required=False,
    )
    return consultation


def qs(consultation):
    return list(consultation.questions.order_by("position"))


def complete_answers(consultation):
    text, single, multiple, scale, ward = qs(consultation)
    return {
        text.pk: Given(text="Sit on boards"),
        single.pk: Given(options=(single.options.first().pk,)),
        multiple.pk: Given(options=tuple(multiple.options.values_list("pk", flat=True)[:2])),
        scale.pk: Given(scale=4),
    }


def reasons(response):
    return list(response.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True))


# Drafts, submission and changes.


def test_a_draft_needs_no_answers_but_keeps_the_limits(consultation, member):
    text = qs(consultation)[0]
    response = response_save_draft(
        consultation=consultation, member=member, answers={text.pk: Given(text="Half a thought")}, based_on_version=0
    )
    assert response.state == ResponseState.DRAFT
    assert response.submitted_at is None
    assert saved_answers(response) == {text.pk: Given(text="Half a thought")}

    with pytest.raises(AnswersInvalid) as raised:
        response_save_draft(
            consultation=consultation, member=member, answers={text.pk: Given(text="x" * 21)}, based_on_version=1
        )
    assert raised.value.errors == {text.pk: "Your answer to question 1 must be 20 characters or less"}
    assert saved_answers(Response.objects.get()) == {text.pk: Given(text="Half a thought")}
    assert reasons(Response.objects.get()) == ["Draft saved"]


def test_submitting_needs_every_required_answer(consultation, member):
    text, single, multiple, *_ = qs(consultation)
    with pytest.raises(AnswersInvalid) as raised:
        response_submit(consultation=consultation, member=member, answers={}, based_on_version=0)
    assert raised.value.errors == {
        text.pk: "Enter your answer to question 1",
        single.pk: "Select an answer to question 2",
        multiple.pk: "Select at least one answer to question 3",
    }
    assert not Response.objects.exists()


def test_a_submitted_response_is_recorded_with_its_time_and_history(consultation, member):
    now = timezone.now()
    draft = response_save_draft(consultation=consultation, member=member, answers={}, based_on_version=0)
    response = response_submit(
        consultation=consultation,
        member=member,
        answers=complete_answers(consultation),
        based_on_version=draft.version,
        now=now,
    )
    assert response.state == ResponseState.SUBMITTED
    assert response.submitted_at == now
    assert saved_answers(response) == complete_answers(consultation)
    assert reasons(response) == ["Draft saved", "Response submitted"]
    answer = response.answers.get(question=qs(consultation)[0])
    assert answer.history.get().history_change_reason == "Response submitted"
    assert answer.history.get().history_user == member.user


def test_changing_a_submitted_response_before_the_deadline_keeps_it_submitted(consultation, member):
    answers = complete_answers(consultation)
    first = response_submit(consultation=consultation, member=member, answers=answers, based_on_version=0)
    submitted_at = first.submitted_at
    text = qs(consultation)[0]
    answers[text.pk] = Given(text="Chair the board")
    changed = response_submit(consultation=consultation, member=member, answers=answers, based_on_version=1)
    assert changed.state == ResponseState.SUBMITTED
    assert changed.submitted_at == submitted_at
    assert saved_answers(changed)[text.pk].text == "Chair the board"
    assert reasons(changed) == ["Response submitted", "Response changed"]


def test_a_submitted_response_is_not_turned_back_into_a_draft(consultation, member):
    response_submit(
        consultation=consultation, member=member, answers=complete_answers(consultation), based_on_version=0
    )
    with pytest.raises(RuleError):
        response_save_draft(consultation=consultation, member=member, answers={}, based_on_version=1)
    assert Response.objects.get().state == ResponseState.SUBMITTED


def test_an_answer_cleared_in_a_draft_is_removed(consultation, member):
    text = qs(consultation)[0]
    response_save_draft(
        consultation=consultation, member=member, answers={text.pk: Given(text="A")}, based_on_version=0
    )
    response = response_save_draft(consultation=consultation, member=member, answers={}, based_on_version=1)
    assert saved_answers(response) == {}


def test_choices_must_be_the_questions_own(consultation, member):
    single = qs(consultation)[1]
    other = QuestionOptionFactory()
    with pytest.raises(AnswersInvalid) as raised:
        response_save_draft(
            consultation=consultation,
            member=member,
            answers={single.pk: Given(options=(other.pk,))},
            based_on_version=0,
        )
    assert raised.value.errors == {single.pk: "Select one of the answers listed for question 2"}


# The deadline, in Europe/London.


def test_the_deadline_reads_in_london_time(consultation):
    consultation.closes_at = london(2026, 12, 4, 17)
    assert closing_phrase(consultation) == "closes at 5pm on Friday 4 December 2026"
    assert closes_in(consultation, london(2026, 12, 2, 9)) == "closes in 2 days"
    assert closes_in(consultation, london(2026, 12, 3, 23, 59)) == "closes tomorrow"
    assert closes_in(consultation, london(2026, 12, 4, 0, 1)) == "closes today"


def test_days_to_the_deadline_are_counted_in_london_across_the_autumn_clock_change(consultation):
    # Clocks go back at 01:00 UTC on Sunday 25 October 2026. Half past midnight on Saturday in
    # London is still Friday in UTC: two days to Monday, not three.
    consultation.closes_at = london(2026, 10, 26, 0, 10)
    assert closes_in(consultation, utc(2026, 10, 23, 23, 30)) == "closes in 2 days"
    assert closing_phrase(consultation) == "closes at 12:10am on Monday 26 October 2026"


@pytest.mark.parametrize(
    ("closes", "just_before", "at"),
    [
        # 5pm on Monday 26 October 2026 is 17:00 UTC (GMT, after the clocks went back on the 25th).
        (london(2026, 10, 26, 17), utc(2026, 10, 26, 16, 59, 59), utc(2026, 10, 26, 17)),
        # 9am on Monday 29 March 2027 is 08:00 UTC (BST, after the clocks went forward on the 28th).
        (london(2027, 3, 29, 9), utc(2027, 3, 29, 7, 59, 59), utc(2027, 3, 29, 8)),
        # Midnight at the end of Saturday 24 October 2026 (BST) is 23:00 UTC on the 24th.
        (london(2026, 10, 25, 0), utc(2026, 10, 24, 22, 59, 59), utc(2026, 10, 24, 23)),
    ],
)
def test_responses_are_taken_until_the_closing_time_and_not_at_it(member, closes, just_before, at):
    consultation = ConsultationFactory(opens_at=closes - datetime.timedelta(days=20), closes_at=closes)
    text = QuestionFactory(consultation=consultation, required=False)
    assert is_accepting(consultation, just_before)
    assert not is_accepting(consultation, at)

    response_save_draft(
        consultation=consultation,
        member=member,
        answers={text.pk: Given(text="In time")},
        based_on_version=0,
        now=just_before,
    )
    with pytest.raises(ConsultationClosed) as raised:
        response_submit(
            consultation=consultation, member=member, answers={text.pk: Given(text="Late")}, based_on_version=1, now=at
        )
    assert str(raised.value) == (
        f"This consultation {closing_phrase(consultation).replace('closes', 'closed')}. "
        "Your answers have not been recorded."
    )
    response = Response.objects.get()
    assert response.state == ResponseState.DRAFT
    assert saved_answers(response)[text.pk].text == "In time"
    assert reasons(response) == ["Draft saved"]


def test_the_deadline_holds_even_before_the_beat_has_closed_the_consultation(member):
    consultation = ConsultationFactory(
        opens_at=timezone.now() - datetime.timedelta(days=10), closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert consultation.state == ConsultationState.OPEN
    with pytest.raises(ConsultationClosed):
        response_save_draft(consultation=consultation, member=member, answers={}, based_on_version=0)
    assert not Response.objects.exists()


def test_nothing_is_taken_before_opening_or_after_the_owner_closes_it(member):
    early = ConsultationFactory(opens_at=timezone.now() + datetime.timedelta(hours=1))
    closed = ConsultationFactory(state=ConsultationState.CLOSED)
    for consultation in (early, closed):
        with pytest.raises(ConsultationClosed):
            response_save_draft(consultation=consultation, member=member, answers={}, based_on_version=0)
    assert not Response.objects.exists()


# The response page.


def respond_url(consultation):
    return reverse("members:consultation-respond", args=[consultation.pk])


def test_the_page_renders_every_question_by_kind(client, consultation, member):
    client.force_login(member.user)
    other_ward = WardFactory(name="Abbey")
    html = client.get(respond_url(consultation)).content.decode()
    text, single, multiple, scale, ward = qs(consultation)

    assert consultation.purpose in html
    # Free text with a limit: the GOV.UK character count, the limit stated without JavaScript.
    assert 'data-module="govuk-character-count"' in html
    assert 'data-maxlength="20"' in html
    assert "You can enter up to 20 characters" in html
    assert f'id="id_q{text.pk}-info"' in html
    assert " maxlength=" not in html  # the browser must not cut off what is typed
    assert "For example, sit on the programme board." in html  # help text as a hint
    assert re.search(rf'type="radio"\s+name="q{single.pk}"', html)
    assert re.search(rf'type="checkbox"\s+name="q{multiple.pk}"', html)
    assert "Strongly agree" in html and "4. Members are heard. (optional)" in html
    # Ward feedback: the member's own ward first and chosen, then every ward.
    assert "5. What does your ward need?" in html
    select = html[html.index(f'name="q{ward.pk}_ward"') :]
    assert select.index(member.ward.name) < select.index(other_ward.name)
    assert f'<option value="{member.ward_id}" selected>' in html
    assert "Save as draft" in html and "Submit response" in html
    assert 'method="post" novalidate' in html
    assert "closes in 14 days" in html or "closes in 13 days" in html


def _form(consultation, **overrides):
    text, single, multiple, scale, ward = qs(consultation)
    data = {
        "version": "0",
        f"q{text.pk}": "Sit on boards",
        f"q{single.pk}": str(single.options.first().pk),
        f"q{multiple.pk}": [str(pk) for pk in multiple.options.values_list("pk", flat=True)[:2]],
        f"q{scale.pk}": "",
        f"q{ward.pk}_ward": "",
        f"q{ward.pk}": "",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_submitting_records_the_response_and_emails_a_copy(
    client, consultation, member, django_capture_on_commit_callbacks
):
    client.force_login(member.user)
    ward = qs(consultation)[4]
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            respond_url(consultation),
            _form(consultation, **{f"q{ward.pk}_ward": str(member.ward_id), f"q{ward.pk}": "More bus routes"}),
            follow=True,
        )
    assert page.redirect_chain[-1][0] == reverse("members:my-consultations")
    assert "Your response has been submitted" in page.content.decode()
    response = Response.objects.get()
    assert response.state == ResponseState.SUBMITTED

    [email] = mail.outbox
    assert email.to == ["priya.shah@northbridge.example"]
    assert "How members take part in commissioning" in email.subject
    assert "closes at" in email.body
    assert "Sit on boards" in email.body and "At Analyse" in email.body and "Workshops, Email" in email.body
    assert f"{member.ward.name}: More bus routes" in email.body
    assert f"https://democracy.northbridge.example{respond_url(consultation)}" in email.body
    assert "token" not in email.body
    html, kind = email.alternatives[0]
    assert (
        kind == "text/html"
        and "Sit on boards" in html
        and f'href="https://democracy.northbridge.example{respond_url(consultation)}"' in html
    )

    # Changed before the deadline: still submitted, "Response changed", another copy.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            respond_url(consultation), _form(consultation, version="1", **{f"q{qs(consultation)[0].pk}": "Chair"})
        )
    assert reasons(Response.objects.get()) == ["Response submitted", "Response changed"]
    assert [m.subject for m in mail.outbox] == ["Your changed response to “How members take part in commissioning”"]
    assert "Submit changes" in client.get(respond_url(consultation)).content.decode()


def test_a_draft_is_saved_without_the_required_answers_and_no_email(
    client, consultation, member, django_capture_on_commit_callbacks
):
    client.force_login(member.user)
    text = qs(consultation)[0]
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(respond_url(consultation), {"version": "0", f"q{text.pk}": "Later", "action": "draft"})
    assert page.status_code == 302
    assert Response.objects.get().state == ResponseState.DRAFT
    assert mail.outbox == []
    html = client.get(respond_url(consultation)).content.decode()
    assert "Later</textarea>" in html
    assert 'name="version" value="1"' in html


def test_missing_and_too_long_answers_are_shown_in_the_govuk_error_pattern(client, consultation, member):
    client.force_login(member.user)
    text, single, multiple, *_ = qs(consultation)
    page = client.post(
        respond_url(consultation),
        _form(consultation, **{f"q{text.pk}": "x" * 25, f"q{single.pk}": "", f"q{multiple.pk}": []}),
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: " in html
    assert f'<a href="#id_q{text.pk}">Your answer to question 1 must be 20 characters or less</a>' in html
    # Radios and checkboxes link to their first input.
    assert f'<a href="#id_q{single.pk}_0">Select an answer to question 2</a>' in html
    assert f'<a href="#id_q{multiple.pk}_0">Select at least one answer to question 3</a>' in html
    assert "x" * 25 + "</textarea>" in html  # what was typed is kept
    assert not Response.objects.exists()


def test_a_late_submission_keeps_what_was_typed_and_records_nothing(client, consultation, member):
    client.force_login(member.user)
    text = qs(consultation)[0]
    response_save_draft(
        consultation=consultation, member=member, answers={text.pk: Given(text="Early")}, based_on_version=0
    )
    page_opened = client.get(respond_url(consultation))
    assert page_opened.status_code == 200
    # The deadline passes while the member types (the beat has not closed it yet).
    consultation.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    consultation.opens_at = consultation.closes_at - datetime.timedelta(days=7)
    consultation.save()

    page = client.post(respond_url(consultation), _form(consultation, version="1", **{f"q{text.pk}": "My late words"}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: " in html
    closed = closing_phrase(consultation).replace("closes", "closed")
    assert f"This consultation {closed}. Your answers have not been recorded." in html
    assert "My late words</textarea>" in html
    assert "Submit response" not in html and "Save as draft" not in html
    response = Response.objects.get()
    assert response.state == ResponseState.DRAFT
    assert saved_answers(response)[text.pk].text == "Early"
    assert reasons(response) == ["Draft saved"]


def test_after_the_deadline_the_page_is_closed_and_shows_the_members_answers(client, member):
    consultation = ConsultationFactory(
        opens_at=timezone.now() - datetime.timedelta(days=10), closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    text = QuestionFactory(consultation=consultation, text="Anything else?")
    Response.objects.create(consultation=consultation, member=member, state="submitted", submitted_at=timezone.now())
    Response.objects.get().answers.create(question=text, text="Thank you")
    client.force_login(member.user)
    html = client.get(respond_url(consultation)).content.decode()
    assert "Responses can no longer be made or changed" in html
    assert "Thank you" in html
    assert "<textarea" not in html


def test_documents_are_listed_with_the_purpose(client, consultation, member):
    document = ConsultationDocument.objects.create(
        consultation=consultation,
        title="Member roles in commissioning (report)",
        file="consultations/x/report.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=consultation.owner,
    )
    client.force_login(member.user)
    html = client.get(respond_url(consultation)).content.decode()
    assert "Member roles in commissioning (report)" in html
    try:  # the documents are served by the owner's pages, another part of the work
        link = reverse("members:consultation-document", args=[consultation.pk, document.pk])
    except NoReverseMatch:
        link = None
    if link:
        assert f'href="{link}"' in html


# Who may respond.


def test_the_public_is_sent_to_sign_in(client, consultation):
    page = client.get(respond_url(consultation))
    assert page.status_code == 302 and page["Location"].startswith(reverse("login"))
    page = client.get(reverse("members:my-consultations"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "role", [Role.OFFICER, Role.COMMISSIONING_OFFICER, Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR]
)
def test_officers_may_not_respond(client, consultation, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(respond_url(consultation)).status_code == 403
    assert client.get(reverse("members:my-consultations")).status_code == 403


def test_a_member_outside_the_audience_is_refused(client, member):
    consultation = ConsultationFactory(audience=AudienceKind.WARDS)
    consultation.audience_wards.add(WardFactory())
    client.force_login(member.user)
    assert client.get(respond_url(consultation)).status_code == 403
    assert client.post(respond_url(consultation), {"version": "0", "action": "draft"}).status_code == 403
    assert not Response.objects.exists()


def test_a_cabinet_member_in_the_audience_responds(client, consultation):
    cabinet = MemberFactory(user=UserFactory(roles=[Role.CABINET_MEMBER]))
    client.force_login(cabinet.user)
    assert client.get(respond_url(consultation)).status_code == 200


def test_a_consultation_not_yet_open_is_not_found(client, member):
    draft = ConsultationFactory(state=ConsultationState.DRAFT)
    later = ConsultationFactory(opens_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(member.user)
    assert client.get(respond_url(draft)).status_code == 404
    assert client.get(respond_url(later)).status_code == 404


def test_a_member_sees_only_their_own_response(client, consultation, member):
    text = qs(consultation)[0]
    colleague = MemberFactory()
    response_save_draft(
        consultation=consultation,
        member=colleague,
        answers={text.pk: Given(text="Colleague's words")},
        based_on_version=0,
    )
    client.force_login(member.user)
    html = client.get(respond_url(consultation)).content.decode()
    assert "Colleague's words" not in html
    assert 'name="version" value="0"' in html


# Your consultations.


def test_your_consultations_lists_open_drafts_submitted_and_closed(client, member):
    now = timezone.now()
    open_one = ConsultationFactory(title="Libraries", closes_at=london(2099, 12, 4, 17))
    drafted = ConsultationFactory(title="Parks")
    submitted = ConsultationFactory(title="Roads")
    closed = ConsultationFactory(
        title="Leisure",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=2),
        state=ConsultationState.REPORTED,
        summary_published_at=now,
    )
    ConsultationFactory(title="Not for you", audience=AudienceKind.NAMED)
    ConsultationFactory(title="Not open yet", state=ConsultationState.DRAFT)
    Response.objects.create(consultation=drafted, member=member)
    Response.objects.create(consultation=submitted, member=member, state="submitted", submitted_at=now)
    client.force_login(member.user)

    page = client.get(reverse("members:my-consultations"))
    mine = page.context["mine"]
    assert [r.consultation for r in mine.open] == [open_one]
    assert [r.consultation for r in mine.drafts] == [drafted]
    assert [r.consultation for r in mine.submitted] == [submitted]
    assert [r.consultation for r in mine.closed] == [closed]
    html = page.content.decode()
    assert "Closes at 5pm on Friday 4 December 2099" in html
    assert "Change your response" in html
    assert "Not for you" not in html and "Not open yet" not in html
    try:  # the summary pages are another part of the work
        summary = reverse("members:consultation-summary", args=[closed.pk])
    except NoReverseMatch:
        summary = None
    if summary:
        assert summary in html


def test_your_consultations_follows_each_kind_of_audience(member):
    body_seat = ConsultationFactory(audience=AudienceKind.BODIES)
    from tests.factories import BodyFactory, MembershipFactory

    body = BodyFactory()
    MembershipFactory(body=body, person=member.user, start_date=datetime.date(2025, 5, 20))
    body_seat.audience_bodies.add(body)
    by_ward = ConsultationFactory(audience=AudienceKind.WARDS)
    by_ward.audience_wards.add(member.ward)
    by_party = ConsultationFactory(audience=AudienceKind.PARTIES)
    by_party.audience_parties.add(member.party)
    named = ConsultationFactory(audience=AudienceKind.NAMED)
    named.audience_members.add(member)
    other = ConsultationFactory(audience=AudienceKind.WARDS)
    other.audience_wards.add(WardFactory())
    listed = {row.consultation for row in my_consultations(member).open}
    assert listed == {body_seat, by_ward, by_party, named}


def test_your_consultations_makes_as_many_queries_with_many_consultations(client, member, django_assert_num_queries):
    client.force_login(member.user)
    url = reverse("members:my-consultations")

    def add(n):
        for _ in range(n):
            draft = ConsultationFactory()
            Response.objects.create(consultation=draft, member=member)
            ConsultationFactory(state=ConsultationState.CLOSED, summary_published_at=timezone.now())
            ward = ConsultationFactory(audience=AudienceKind.WARDS)
            ward.audience_wards.add(member.ward)

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(15)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_dashboard_lists_consultations_to_respond_to(client, consultation, member):
    client.force_login(member.user)
    html = client.get(reverse("home")).content.decode()
    assert "Consultations to respond to" in html
    assert consultation.title in html
    assert respond_url(consultation) in html


def test_the_response_page_makes_as_many_queries_with_many_questions(client, member, django_assert_num_queries):
    consultation = ConsultationFactory()
    client.force_login(member.user)
    url = respond_url(consultation)

    def add(n):
        for _ in range(n):
            single = QuestionFactory(consultation=consultation, kind=QuestionKind.SINGLE_CHOICE)
            QuestionOptionFactory(question=single)
            QuestionOptionFactory(question=single)
            QuestionFactory(consultation=consultation, kind=QuestionKind.FREE_TEXT, max_length=500)
            QuestionFactory(consultation=consultation, kind=QuestionKind.WARD_FEEDBACK)
            WardFactory()
        text = consultation.questions.filter(kind=QuestionKind.FREE_TEXT).first()
        Response.objects.get_or_create(consultation=consultation, member=member)
        Response.objects.get().answers.get_or_create(question=text, defaults={"text": "Saved"})

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(12)
    with django_assert_num_queries(len(few)):
        client.get(url)
