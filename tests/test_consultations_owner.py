"""Running a consultation: creating it, its questions, its states, its documents, who may do what."""

import datetime
import zoneinfo
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from council.roles import Role
from members.consultations import services
from members.consultations.selectors import consultations as selectors
from members.consultations.tasks import open_and_close_due
from members.models import (
    AudienceKind,
    Consultation,
    ConsultationDocument,
    ConsultationState,
    Question,
    QuestionKind,
)
from tests.factories import (
    ConsultationFactory,
    MemberFactory,
    QuestionFactory,
    ResponseFactory,
    WardFactory,
)
from tests.test_documents import pdf_bytes

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def soon(days=1, **kwargs):
    return timezone.now() + datetime.timedelta(days=days, **kwargs)


@pytest.fixture
def officer(person_with_role):
    return person_with_role(Role.OFFICER, first_name="Priya", last_name="Shah")


@pytest.fixture
def cabinet_member(person_with_role):
    return person_with_role(Role.CABINET_MEMBER, first_name="Richard", last_name="Hartley")


def draft(owner, **fields):
    return ConsultationFactory(
        owner=owner, state=ConsultationState.DRAFT, opens_at=soon(1), closes_at=soon(15), **fields
    )


def add_question(consultation, by, **fields):
    values = {"kind": QuestionKind.FREE_TEXT, "text": "Anything else?"} | fields
    return services.question_add(consultation=consultation, by=by, **values)


# Creating ------------------------------------------------------------------------------------


def form_data(**overrides):
    opens, closes = timezone.localtime(soon(2)), timezone.localtime(soon(16))
    data = {
        "title": "Member roles in commissioning",
        "purpose": "How you want to take part.",
        "opens_day": opens.date().isoformat(),
        "opens_time": "09:00",
        "closes_day": closes.date().isoformat(),
        "closes_time": "17:00",
        "audience": "all",
    }
    return data | overrides


def test_an_officer_creates_a_consultation_for_a_cabinet_member(client_for, officer, cabinet_member):
    response = client_for(officer).post(reverse("members:consultation-add"), form_data(owner=cabinet_member.pk))
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response.url == consultation.get_absolute_url()
    assert consultation.owner == cabinet_member and consultation.created_by == officer
    assert consultation.state == ConsultationState.DRAFT
    assert timezone.localtime(consultation.opens_at).hour == 9
    assert consultation.history.first().history_change_reason == "Consultation created for Richard Hartley"


def test_a_cabinet_member_cannot_create_one_on_someone_elses_behalf(client_for, cabinet_member, officer):
    response = client_for(cabinet_member).post(reverse("members:consultation-add"), form_data(owner=officer.pk))
    assert response.status_code == 200
    assert "Only an officer may create a consultation on someone else" in response.content.decode()
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        (
            {"closes_day": (timezone.localdate()).isoformat(), "closes_time": "00:01"},
            "closing time must be after",
            "closes_day",
        ),
        ({"opens_day": "2020-01-01"}, "opening time must be in the future", "opens_day"),
        ({"audience": "wards"}, "Select at least one ward", "wards"),
        ({"audience": "bodies"}, "Select at least one committee", "bodies"),
        ({"audience": "parties"}, "Select at least one party", "parties"),
        ({"audience": "named"}, "Select at least one member", "members"),
        ({"opens_day": "2027-02-30"}, "must be a real date", "opens_day"),
    ],
)
def test_bad_consultations_are_refused_with_the_typing_kept(client_for, officer, overrides, message, field):
    response = client_for(officer).post(reverse("members:consultation-add"), form_data(owner=officer.pk, **overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert message in page
    assert f'href="#id_{field}' in page or field in response.context["form"].errors
    assert "Member roles in commissioning" in page
    assert not Consultation.objects.exists()


def test_closing_at_nine_london_the_day_after_the_clocks_go_back_is_nine_gmt(client_for, officer, settings):
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2026, 10, 20, 12, tzinfo=datetime.UTC)):
        response = client_for(officer).post(
            reverse("members:consultation-add"),
            form_data(owner=officer.pk, opens_day="2026-10-21", closes_day="2026-10-26", closes_time="09:00"),
        )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    # British Summer Time ended on Sunday 25 October 2026 at 01:00 UTC: 09:00 on Monday is 09:00 UTC.
    assert consultation.closes_at == datetime.datetime(2026, 10, 26, 9, tzinfo=datetime.UTC)
    assert consultation.opens_at == datetime.datetime(2026, 10, 21, 8, tzinfo=datetime.UTC)  # 09:00 BST
    page = client_for(officer).get(consultation.get_absolute_url()).content.decode()
    assert "Monday 26 October 2026, 09:00" in page


def test_closing_just_after_the_clocks_go_forward(officer):
    consultation = draft(officer)
    consultation.opens_at = datetime.datetime(2027, 3, 27, 9, tzinfo=LONDON)
    closes = datetime.datetime(2027, 3, 29, 9, tzinfo=LONDON)  # British Summer Time from 28 March 2027
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2027, 3, 20, tzinfo=datetime.UTC)):
        services.consultation_update(
            consultation=consultation, opens_at=consultation.opens_at, closes_at=closes, by=officer
        )
    consultation.refresh_from_db()
    assert consultation.closes_at == datetime.datetime(2027, 3, 29, 8, tzinfo=datetime.UTC)
    add_question(consultation, officer)
    # Opens at 09:00 GMT on Saturday; still open at 08:59 BST (07:59 UTC) on Monday, closed at 09:00 BST.
    assert services.open_and_close_due(now=datetime.datetime(2027, 3, 27, 9, 0, tzinfo=datetime.UTC)) == (1, 0)
    services.open_and_close_due(now=datetime.datetime(2027, 3, 29, 7, 59, tzinfo=datetime.UTC))
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.OPEN
    services.open_and_close_due(now=datetime.datetime(2027, 3, 29, 8, 0, tzinfo=datetime.UTC))
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.CLOSED


# Editing -------------------------------------------------------------------------------------


def test_an_open_consultation_only_moves_its_closing_time_later(officer):
    consultation = ConsultationFactory(owner=officer)
    with pytest.raises(RuleError, match="only move later"):
        services.consultation_correct(
            consultation=consultation, closes_at=consultation.closes_at - datetime.timedelta(hours=1), by=officer
        )
    later = consultation.closes_at + datetime.timedelta(days=3)
    services.consultation_correct(consultation=consultation, closes_at=later, by=officer)
    consultation.refresh_from_db()
    assert consultation.closes_at == later


def test_an_open_consultations_title_is_corrected_only_with_a_reason(officer):
    consultation = ConsultationFactory(owner=officer, title="Member rolse")
    with pytest.raises(RuleError, match="Say why") as error:
        services.consultation_correct(consultation=consultation, title="Member roles", by=officer)
    assert error.value.field == "reason"
    services.consultation_correct(consultation=consultation, title="Member roles", reason="Typo", by=officer)
    consultation.refresh_from_db()
    assert consultation.title == "Member roles"
    assert consultation.history.first().history_change_reason == "Typo"


def test_the_open_edit_page_offers_no_audience_or_opening_time(client_for, officer):
    consultation = ConsultationFactory(owner=officer)
    page = client_for(officer).get(reverse("members:consultation-correct", args=[consultation.pk])).content.decode()
    assert 'name="closes_day"' in page and 'name="reason"' in page
    assert 'name="audience"' not in page and 'name="opens_day"' not in page


def test_an_open_consultation_is_corrected_not_changed_as_a_draft(client_for, officer):
    consultation = ConsultationFactory(owner=officer)
    with pytest.raises(RuleError, match="The consultation is open"):
        services.consultation_update(consultation=consultation, title="New", by=officer)
    page = client_for(officer).get(reverse("members:consultation-edit", args=[consultation.pk]), follow=True)
    assert "Correct its title, purpose or closing time instead" in page.content.decode()
    draft_ = draft(officer)
    with pytest.raises(RuleError, match="is a draft"):
        services.consultation_correct(consultation=draft_, title="New", reason="x", by=officer)


def test_a_correction_the_service_refuses_is_shown_in_the_error_summary(client_for, officer):
    consultation = ConsultationFactory(owner=officer, title="Member rolse")
    closes = timezone.localtime(consultation.closes_at) + datetime.timedelta(days=1)
    data = {
        "title": "Member roles",
        "purpose": consultation.purpose,
        "closes_day": closes.date().isoformat(),
        "closes_time": closes.strftime("%H:%M"),
    }
    url = reverse("members:consultation-correct", args=[consultation.pk])
    page = client_for(officer).post(url, data).content.decode()
    assert "Error: " in page and "Say why the title or purpose is being corrected" in page
    assert client_for(officer).post(url, data | {"reason": "Typo"}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Member roles"


def test_a_closed_consultation_cannot_be_changed(officer):
    consultation = ConsultationFactory(owner=officer, state=ConsultationState.CLOSED)
    with pytest.raises(RuleError, match="has closed"):
        services.consultation_correct(consultation=consultation, title="New", reason="x", by=officer)


# Questions -----------------------------------------------------------------------------------


def test_choice_questions_take_their_options_one_per_line(officer):
    consultation = draft(officer)
    question = add_question(
        consultation,
        officer,
        kind=QuestionKind.MULTIPLE_CHOICE,
        text="Which roles?",
        options=["Board member", "", " Champion ", "Board member"],
    )
    assert [o.label for o in question.options.all()] == ["Board member", "Champion"]
    with pytest.raises(RuleError, match="at least two options") as error:
        add_question(consultation, officer, kind=QuestionKind.SINGLE_CHOICE, text="Which?", options=["Only one"])
    assert error.value.field == "options"


def test_a_character_limit_applies_to_free_text_only(officer):
    consultation = draft(officer)
    text = add_question(consultation, officer, max_length=500)
    scale = add_question(consultation, officer, kind=QuestionKind.AGREE_SCALE, text="Agree?", max_length=500)
    assert text.max_length == 500 and scale.max_length is None


@pytest.mark.parametrize("response_state", ["draft", "submitted"])
def test_questions_cannot_change_once_a_member_has_started_responding(officer, response_state):
    consultation = ConsultationFactory(owner=officer)
    question = QuestionFactory(consultation=consultation)
    ResponseFactory(
        consultation=consultation,
        state=response_state,
        submitted_at=timezone.now() if response_state == "submitted" else None,
    )
    calls = [
        lambda: add_question(consultation, officer),
        lambda: services.question_update(question=question, kind="text", text="Changed?", by=officer),
        lambda: services.question_remove(question=question, by=officer),
        lambda: services.question_move(question=question, up=True, by=officer),
    ]
    for call in calls:
        with pytest.raises(RuleError) as error:
            call()
        assert error.value.message == "Members have started responding: the questions cannot change under their answers"
    question.refresh_from_db()
    assert question.text.startswith("Question") and consultation.questions.count() == 1


def test_an_open_consultation_without_responses_may_still_change_its_questions(client_for, officer):
    consultation = ConsultationFactory(owner=officer)
    QuestionFactory(consultation=consultation)
    page = client_for(officer).get(consultation.get_absolute_url()).content.decode()
    assert "No member has started a response yet, so the questions can still change" in page
    add_question(consultation, officer, text="One more?")
    assert consultation.questions.count() == 2


def test_the_question_page_says_why_it_is_refused(client_for, officer):
    consultation = ConsultationFactory(owner=officer)
    QuestionFactory(consultation=consultation)
    ResponseFactory(consultation=consultation)
    client = client_for(officer)
    response = client.post(
        reverse("members:question-add", args=[consultation.pk]), {"kind": "text", "text": "New?"}, follow=True
    )
    assert "the questions cannot change under their answers" in response.content.decode()
    assert consultation.questions.count() == 1
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Add a question" not in page


def test_questions_move_up_and_down(client_for, officer):
    consultation = draft(officer)
    first, second = (
        add_question(consultation, officer, text="First?"),
        add_question(consultation, officer, text="Second?"),
    )
    client_for(officer).post(reverse("members:question-move", args=[consultation.pk, second.pk]), {"direction": "up"})
    assert list(Question.objects.filter(consultation=consultation).values_list("text", flat=True)) == [
        "Second?",
        "First?",
    ]
    assert first.history.first().history_change_reason == "Question moved"


def test_question_form_errors_follow_the_pattern(client_for, officer):
    consultation = draft(officer)
    response = client_for(officer).post(
        reverse("members:question-add", args=[consultation.pk]), {"kind": "single", "text": "Which?", "options": "One"}
    )
    page = response.content.decode()
    assert "<title>Error: " in page and "Enter at least two options, one on each line" in page and "Which?" in page


# States --------------------------------------------------------------------------------------


def test_opening_needs_a_question_and_invites_members_in_the_same_transaction(officer):
    consultation = draft(officer)
    with pytest.raises(RuleError, match="at least one question"):
        services.consultation_open(consultation=consultation, by=officer)
    add_question(consultation, officer)
    with mock.patch("members.consultations.services.reminders.plan_on_open") as plan:
        services.consultation_open(consultation=consultation, by=officer)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.OPEN
    plan.assert_called_once()
    assert plan.call_args.kwargs["by"] == officer


def test_a_failed_invitation_plan_leaves_the_consultation_a_draft(officer):
    consultation = draft(officer)
    add_question(consultation, officer)
    with (
        mock.patch("members.consultations.services.reminders.plan_on_open", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        services.consultation_open(consultation=consultation, by=officer)
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.DRAFT


def test_a_consultation_whose_closing_time_has_passed_cannot_open(officer):
    consultation = draft(officer)
    add_question(consultation, officer)
    with pytest.raises(RuleError, match="closing time has passed"):
        services.consultation_open(consultation=consultation, by=officer, now=soon(20))


def test_closing_early_needs_a_reason_and_cancels_reminders(client_for, officer):
    consultation = ConsultationFactory(owner=officer)
    client = client_for(officer)
    url = reverse("members:consultation-close", args=[consultation.pk])
    page = client.post(url, {"reason": ""}).content.decode()
    assert "Error: " in page and "Say why the consultation is closing early" in page
    with mock.patch("members.consultations.services.reminders.cancel_pending") as cancel:
        response = client.post(url, {"reason": "The Cabinet decision has been brought forward"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.CLOSED and consultation.closes_at <= timezone.now()
    cancel.assert_called_once()
    assert "Closed early: The Cabinet decision" in consultation.history.first().history_change_reason


def test_reporting_publishes_the_summary_and_the_outcome_can_follow(officer):
    consultation = ConsultationFactory(owner=officer, state=ConsultationState.OPEN)
    with pytest.raises(RuleError, match="Close the consultation"):
        services.consultation_report(consultation=consultation, by=officer)
    consultation.state = ConsultationState.CLOSED
    consultation.save()
    with mock.patch("members.consultations.services.reminders.plan_thank_you") as thank:
        services.consultation_report(consultation=consultation, by=officer)
        consultation.refresh_from_db()
        assert consultation.state == ConsultationState.REPORTED and consultation.summary_published_at
        assert consultation.outcome_published_at is None
        services.outcome_publish(consultation=consultation, outcome="You said X; we did Y.", by=officer)
    consultation.refresh_from_db()
    assert consultation.outcome_published_at and consultation.outcome == "You said X; we did Y."
    assert thank.call_count == 2


def test_the_beat_opens_and_closes_on_time_and_firing_twice_changes_nothing(officer):
    due = draft(officer)
    add_question(due, officer)
    due.opens_at = soon(-0.01)
    due.save()
    empty = draft(officer)
    empty.opens_at = soon(-0.01)
    empty.save()
    ended = ConsultationFactory(owner=officer, closes_at=soon(-0.01), opens_at=soon(-5))
    with mock.patch("members.consultations.services.reminders.plan_on_open") as plan:
        assert open_and_close_due() == {"opened": 1, "closed": 1}
        assert open_and_close_due() == {"opened": 0, "closed": 0}
    assert plan.call_count == 1
    for obj in (due, empty, ended):
        obj.refresh_from_db()
    assert (due.state, empty.state, ended.state) == ("open", "draft", "closed")


# Documents -----------------------------------------------------------------------------------


def test_documents_are_checked_by_content_and_served_to_managers_and_the_audience(
    client_for, officer, person_with_role
):
    consultation = ConsultationFactory(owner=officer)
    client = client_for(officer)
    url = reverse("members:consultation-document-add", args=[consultation.pk])
    page = client.post(url, {"title": "Notes", "file": SimpleUploadedFile("notes.html", b"<html><script>x</script>")})
    assert "program or a web page" in page.content.decode()
    fake = client.post(url, {"title": "Fake", "file": SimpleUploadedFile("paper.pdf", b"not a pdf at all")})
    assert "not a valid PDF" in fake.content.decode()
    assert not ConsultationDocument.objects.exists()
    ok = client.post(url, {"title": "Commissioning cycle", "file": SimpleUploadedFile("cycle.pdf", pdf_bytes())})
    assert ok.status_code == 302
    document = ConsultationDocument.objects.get()
    assert document.content_type == "application/pdf" and len(document.sha256) == 64
    file_url = reverse("members:consultation-document", args=[consultation.pk, document.pk])
    assert client.get(file_url).status_code == 200
    member = MemberFactory()
    assert client_for(member.user).get(file_url).status_code == 200
    consultation.audience = AudienceKind.WARDS
    consultation.save()
    consultation.audience_wards.set([WardFactory()])
    assert client_for(member.user).get(file_url).status_code == 404
    assert client_for(person_with_role(Role.OFFICER)).get(file_url).status_code == 404
    client_for(officer).post(reverse("members:consultation-document-remove", args=[consultation.pk, document.pk]))
    assert not ConsultationDocument.objects.exists()


# Permissions ---------------------------------------------------------------------------------

OWNER_PAGES = [
    "consultation-detail",
    "consultation-correct",
    "consultation-tracker",
    "consultation-summary",
    "consultation-csv",
    "consultation-share",
    "question-add",
    "consultation-close",
]


@pytest.mark.parametrize("name", OWNER_PAGES)
def test_who_may_open_the_owners_pages(client, client_for, officer, person_with_role, name):
    consultation = ConsultationFactory(owner=officer)
    url = reverse(f"members:{name}", args=[consultation.pk])
    assert client_for(officer).get(url).status_code == 200
    shared = person_with_role(Role.COMMISSIONING_OFFICER)
    services.share(consultation=consultation, person=shared, by=officer)
    assert client_for(shared).get(url).status_code == 200
    assert client_for(person_with_role(Role.ADMINISTRATOR)).get(url).status_code == 200
    assert client_for(person_with_role(Role.OFFICER)).get(url).status_code == 404
    assert client_for(person_with_role(Role.CABINET_MEMBER)).get(url).status_code == 404
    assert client_for(MemberFactory().user).get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_list_shows_own_and_shared_consultations_and_all_to_administrators(client_for, officer, person_with_role):
    mine = ConsultationFactory(owner=officer, title="Mine")
    other = ConsultationFactory(title="Parking permits")
    shared = ConsultationFactory(title="Shared with me")
    services.share(consultation=shared, person=officer, by=shared.owner)
    page = client_for(officer).get(reverse("members:consultation-list")).content.decode()
    assert mine.title in page and shared.title in page and other.title not in page
    admin_page = (
        client_for(person_with_role(Role.ADMINISTRATOR)).get(reverse("members:consultation-list")).content.decode()
    )
    assert all(c.title in admin_page for c in (mine, other, shared))
    assert client_for(MemberFactory().user).get(reverse("members:consultation-list")).status_code == 403


def test_sharing_is_only_with_officers_and_can_be_taken_back(client_for, officer, person_with_role):
    consultation = ConsultationFactory(owner=officer)
    councillor = MemberFactory().user
    with pytest.raises(RuleError, match="only be shared with an officer"):
        services.share(consultation=consultation, person=councillor, by=officer)
    colleague = person_with_role(Role.OFFICER)
    client = client_for(officer)
    client.post(reverse("members:consultation-share", args=[consultation.pk]), {"person": colleague.pk})
    assert list(selectors.shared_with(consultation)) == [colleague]
    client.post(reverse("members:consultation-unshare", args=[consultation.pk, colleague.pk]))
    assert not selectors.shared_with(consultation).exists()
    assert client_for(colleague).get(consultation.get_absolute_url()).status_code == 404


def test_the_list_costs_the_same_queries_with_many_consultations(client_for, officer, django_assert_num_queries):
    client = client_for(officer)
    url = reverse("members:consultation-list")
    ConsultationFactory(owner=officer, audience=AudienceKind.WARDS).audience_wards.set([WardFactory()])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        ConsultationFactory(owner=officer, audience=AudienceKind.WARDS).audience_wards.set([WardFactory()])
        ConsultationFactory(owner=officer)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_owner_publishes_the_summary_and_later_the_outcome_through_the_pages(client_for, officer):
    consultation = ConsultationFactory(owner=officer, state=ConsultationState.CLOSED)
    client = client_for(officer)
    assert (
        client.post(reverse("members:consultation-report", args=[consultation.pk]), {"outcome": ""}).status_code == 302
    )
    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.REPORTED and consultation.outcome_published_at is None
    page = client.post(
        reverse("members:consultation-outcome", args=[consultation.pk]), {"outcome": ""}
    ).content.decode()
    assert "Error: " in page and "Enter what changed because of members" in page
    client.post(reverse("members:consultation-outcome", args=[consultation.pk]), {"outcome": "We set up boards."})
    consultation.refresh_from_db()
    assert consultation.outcome == "We set up boards." and consultation.outcome_published_at


def test_a_draft_is_edited_through_its_page_and_keeps_only_the_chosen_audience(client_for, officer):
    consultation = draft(officer)
    ward = WardFactory(name="Riverside")
    data = form_data(owner=officer.pk, title="Renamed", audience="wards", wards=[ward.pk])
    response = client_for(officer).post(reverse("members:consultation-edit", args=[consultation.pk]), data)
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Renamed" and list(consultation.audience_wards.all()) == [ward]
    data = form_data(owner=officer.pk, audience="all", wards=[ward.pk])
    client_for(officer).post(reverse("members:consultation-edit", args=[consultation.pk]), data)
    assert not consultation.audience_wards.exists()


def test_a_draft_whose_opening_time_passed_without_questions_says_why_it_did_not_open(client_for, officer):
    consultation = draft(officer)
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=soon(-1))
    services.open_and_close_due()
    page = client_for(officer).get(consultation.get_absolute_url()).content.decode()
    assert "Its opening time has passed but it did not open" in page
