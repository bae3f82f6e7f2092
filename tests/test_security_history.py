"""History pages follow the object's own read rule (issue 11, finding 6).

A Democratic Services officer holds the model permission to read every minute, but a committee's
draft minutes are for its clerks and members, and what is derived from an exempt item is for those
who may see the exempt item (the body's current members, its clerks, officers granted
need-to-know). The History pages must not be a side door to either.
"""

import datetime
import io

import pikepdf
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.models import ReviewUserObjectPermission
from council import history, permissions
from council.packs.models import PackBuild
from council.roles import Role
from members.models import BodyKind
from scrutiny import services
from scrutiny.models import AgendaItem, WorkProgrammeEntry
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    OfficerFactory,
    QuestionFactory,
    ResponseFactory,
    ReviewFactory,
    SavingLineFactory,
    UserFactory,
)
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date
PUBLIC_INTEREST = "Tender prices would harm the negotiating position of the council"
PAPER_TITLE = "Bidder scores for the leisure contract"
EXEMPT_MINUTE = "The committee compared the bids of Acme Leisure and Borough Gyms."
EXEMPT_RESOLUTION = "Resolved that the contract be awarded to Acme Leisure at 4.2 million pounds."
EXEMPT_ACTION = "Negotiate the Acme Leisure price down by 5 per cent"
DRAFT_MINUTE = "The Assistant Chief Executive introduced the commissioning report."


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_upload(name="scores.pdf"):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


@pytest.fixture
def body():
    return BodyFactory(name="Overview and Scrutiny Committee", kind=BodyKind.OVERVIEW_SCRUTINY)


@pytest.fixture
def clerk(body):
    person = UserFactory(first_name="Emma", last_name="Clarke", roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", person, body)
    return person


@pytest.fixture
def other_clerk():
    """Democratic Services, clerking another committee only."""
    person = UserFactory(first_name="Sam", last_name="Other", roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", person, BodyFactory(name="Licensing Committee"))
    return person


@pytest.fixture
def committee_member(body):
    member = MemberFactory()
    MembershipFactory(body=body, person=member.user)
    return member.user


@pytest.fixture
def councillor_off_committee():
    return MemberFactory().user


def _meeting(body, clerk, when, *, exempt):
    meeting = MeetingFactory(body=body, starts_at=when)
    plain = services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    secret = None
    if exempt:
        secret = services.agenda_item_add(
            meeting=meeting, by=clerk, title="Leisure contract award", exempt=True, exempt_paragraph=3,
            public_interest_reason=PUBLIC_INTEREST,
        )  # fmt: skip
        services.document_add(item=secret, upload=pdf_upload(), title=PAPER_TITLE, kind="report", by=clerk)
    services.agenda_publish(meeting=meeting, by=clerk, today=(when - datetime.timedelta(days=14)).date())
    services.meeting_mark_held(meeting=meeting, by=clerk, now=when + datetime.timedelta(hours=3))
    return meeting, AgendaItem.objects.get(pk=plain.pk), secret and AgendaItem.objects.get(pk=secret.pk)


@pytest.fixture
def minuted(body, clerk):
    """A held meeting with draft minutes of an ordinary item and of an exempt item with a
    resolution, an action brought back to the committee and a recommendation."""
    meeting, plain, secret = _meeting(body, clerk, london(2026, 10, 8), exempt=True)
    draft = services.minute_write(item=plain, text=DRAFT_MINUTE, by=clerk)
    plain_action = services.action_add(
        resolution=services.resolution_add(minute=draft, text="Resolved that the report be noted.", by=clerk),
        description="Bring back the commissioning work plan", owner_text="Cabinet", when_available=True, by=clerk,
    )  # fmt: skip
    exempt_minute = services.minute_write(item=secret, text=EXEMPT_MINUTE, by=clerk)
    resolution = services.resolution_add(minute=exempt_minute, text=EXEMPT_RESOLUTION, by=clerk)
    action = services.action_add(
        resolution=resolution, description=EXEMPT_ACTION, owner_text="Director", when_available=True,
        bring_back_to=body, by=clerk,
    )  # fmt: skip
    recommendation = services.recommendation_add(
        resolution=resolution, text="Cabinet award the contract to Acme Leisure", to_whom="Cabinet",
        made_on=D(2026, 10, 8), by=clerk,
    )  # fmt: skip
    return {
        "meeting": meeting,
        "item": secret,
        "document": secret.documents.get(),
        "draft": draft,
        "plain_action": plain_action,
        "exempt_minute": exempt_minute,
        "resolution": resolution,
        "action": action,
        "recommendation": recommendation,
    }


@pytest.fixture
def confirmed(minuted, body, clerk):
    """The same minutes, confirmed as a correct record at the committee's next meeting."""
    later, _, _ = _meeting(body, clerk, london(2026, 11, 12), exempt=False)
    services.minutes_confirm(meeting=minuted["meeting"], confirmed_at_meeting=later, by=clerk)
    return minuted


def history_url(obj):
    return reverse("history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def status(client, person, obj):
    client.force_login(person)
    return client.get(history_url(obj)).status_code


# --- Draft minutes: the body's clerks and members only -------------------------------------------


def test_another_committees_clerk_cannot_read_the_history_of_a_draft_minute(client, minuted, other_clerk):
    assert status(client, other_clerk, minuted["draft"]) == 404


def test_a_councillor_off_the_committee_cannot_read_the_history_of_a_draft_minute(
    client, minuted, councillor_off_committee
):
    assert status(client, councillor_off_committee, minuted["draft"]) == 404


def test_the_committees_clerk_and_members_read_the_history_of_a_draft_minute(client, minuted, clerk, committee_member):
    for person in (clerk, committee_member):
        client.force_login(person)
        page = client.get(history_url(minuted["draft"])).content.decode()
        assert DRAFT_MINUTE in page


def test_anonymous_is_asked_to_sign_in(client, minuted):
    response = client.get(history_url(minuted["draft"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- What is derived from an exempt item, even once the minutes are confirmed ----------------------


@pytest.mark.parametrize("key", ["exempt_minute", "resolution", "action", "recommendation"])
def test_another_committees_clerk_cannot_read_the_history_of_what_an_exempt_item_produced(
    client, confirmed, other_clerk, key
):
    assert status(client, other_clerk, confirmed[key]) == 404


@pytest.mark.parametrize("key", ["exempt_minute", "resolution", "action", "recommendation"])
def test_a_councillor_off_the_committee_cannot_read_the_history_of_what_an_exempt_item_produced(
    client, confirmed, councillor_off_committee, key
):
    assert status(client, councillor_off_committee, confirmed[key]) == 404


def test_the_work_programme_entry_brought_back_by_an_exempt_action_keeps_its_history_private(
    client, confirmed, other_clerk, clerk
):
    entry = WorkProgrammeEntry.objects.get(action=confirmed["action"])
    assert status(client, other_clerk, entry) == 404
    assert status(client, clerk, entry) == 200


@pytest.mark.parametrize("key", ["exempt_minute", "resolution", "action", "recommendation"])
def test_the_clerk_and_a_member_read_the_exempt_history(client, confirmed, clerk, committee_member, key):
    for person in (clerk, committee_member):
        assert status(client, person, confirmed[key]) == 200


@pytest.mark.parametrize(("key", "expected"), [("action", 200), ("recommendation", 200), ("exempt_minute", 404)])
def test_an_officer_with_need_to_know_reads_the_exempt_actions_but_not_the_draft_wordings(
    client, confirmed, clerk, key, expected
):
    """Need-to-know opens the exempt item; a minute's history also holds its drafts, which are for
    the body's clerks and members only."""
    officer = OfficerFactory().user
    assert status(client, officer, confirmed[key]) == 404
    services.need_to_know_set(item=confirmed["item"], officers=[officer], by=clerk)
    assert status(client, officer, confirmed[key]) == expected


def test_a_confirmed_ordinary_minutes_history_stays_with_the_committee_but_its_actions_are_public(
    client, confirmed, other_clerk, councillor_off_committee
):
    """The confirmed wording is on the minutes page; the history also holds every draft."""
    for person in (other_clerk, councillor_off_committee):
        assert status(client, person, confirmed["draft"]) == 404
        assert status(client, person, confirmed["plain_action"]) == 200


def test_an_action_of_draft_minutes_is_for_the_committee_until_they_are_confirmed(
    client, minuted, clerk, committee_member, other_clerk, councillor_off_committee
):
    for person in (other_clerk, councillor_off_committee):
        assert status(client, person, minuted["plain_action"]) == 404
    for person in (clerk, committee_member):
        assert status(client, person, minuted["plain_action"]) == 200


def test_the_exempt_minutes_history_shows_its_wording_to_the_clerk(client, confirmed, clerk):
    client.force_login(clerk)
    assert EXEMPT_MINUTE in client.get(history_url(confirmed["exempt_minute"])).content.decode()


# --- Field by field: an exempt item's history, its paper's history, the publication record ---------


def test_an_exempt_items_history_shows_its_title_and_paragraph_but_not_the_public_interest_reason(
    client, minuted, other_clerk
):
    client.force_login(other_clerk)
    page = client.get(history_url(minuted["item"])).content.decode()
    assert "Leisure contract award" in page
    assert "3: the financial or business affairs" in page
    assert PUBLIC_INTEREST not in page
    assert PAPER_TITLE not in page
    assert history.WITHHELD in page


def test_an_exempt_papers_history_withholds_its_title_from_those_who_may_not_open_it(
    client, minuted, other_clerk, councillor_off_committee
):
    for person in (other_clerk, councillor_off_committee):
        client.force_login(person)
        response = client.get(history_url(minuted["document"]))
        page = response.content.decode()
        assert response.status_code == 200  # the item is on the public agenda; its paper's details are not
        assert PAPER_TITLE not in page
        assert "scores.pdf" not in page
        assert "History of this supporting document" in page
        assert history.WITHHELD in page


def test_the_publication_record_history_withholds_the_exempt_papers_titles(client, minuted, other_clerk, clerk):
    publication = minuted["item"].published_in
    fingerprint = minuted["document"].sha256
    client.force_login(other_clerk)
    page = client.get(history_url(publication)).content.decode()
    assert PAPER_TITLE not in page
    assert fingerprint not in page
    client.force_login(clerk)
    page = client.get(history_url(publication)).content.decode()
    assert fingerprint in page
    assert PAPER_TITLE not in page  # the record names an exempt paper by its fingerprint only


def test_the_clerk_and_a_member_read_the_exempt_item_and_its_paper_in_full(client, minuted, clerk, committee_member):
    for person in (clerk, committee_member):
        client.force_login(person)
        assert PUBLIC_INTEREST in client.get(history_url(minuted["item"])).content.decode()
        assert PAPER_TITLE in client.get(history_url(minuted["document"])).content.decode()


def test_an_unpublished_items_history_is_for_its_clerks_only(client, body, clerk, other_clerk, committee_member):
    meeting = MeetingFactory(body=body, starts_at=london(2027, 1, 14))
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Not yet on the agenda")
    assert status(client, other_clerk, item) == 404
    assert status(client, clerk, item) == 200


def test_the_exempt_access_log_history_is_for_the_bodys_clerks(client, minuted, clerk, other_clerk, committee_member):
    access = services.exempt_access_record(document=minuted["document"], by=committee_member)
    assert status(client, other_clerk, access) == 404
    assert status(client, clerk, access) == 200


# --- Members, the foundation and commissioning --------------------------------------------------


def test_a_councillors_response_history_is_for_that_councillor_and_the_consultations_managers(
    client, other_clerk, councillor_off_committee
):
    response = ResponseFactory()
    shared_with = UserFactory(roles=[Role.OFFICER])
    permissions.grant("members.change_consultation", shared_with, response.consultation)
    for person in (response.member.user, response.consultation.owner, shared_with):
        assert status(client, person, response) == 200
    for person in (councillor_off_committee, other_clerk, UserFactory(roles=[Role.OFFICER])):
        assert status(client, person, response) == 404


def test_a_consultations_history_is_for_those_who_manage_it_and_its_questions_also_for_those_asked(client):
    question = QuestionFactory()
    consultation = question.consultation
    councillor = MemberFactory().user  # asked: the consultation asks all members
    stranger = UserFactory(roles=[Role.OFFICER])
    assert status(client, consultation.owner, consultation) == 200
    assert status(client, councillor, consultation) == 404
    assert status(client, stranger, consultation) == 404
    assert status(client, councillor, question) == 200
    assert status(client, stranger, question) == 404


def test_a_persons_history_follows_the_people_pages(client, other_clerk):
    person = UserFactory()
    assert status(client, UserFactory(roles=[Role.ADMINISTRATOR]), person) == 200
    assert status(client, other_clerk, person) == 404


def test_a_confidential_packs_history_is_for_those_who_may_download_it(
    client, minuted, clerk, committee_member, other_clerk, councillor_off_committee
):
    build = PackBuild.objects.create(
        kind="agenda", object_id=str(minuted["meeting"].pk), edition="confidential", requested_by=clerk
    )
    public = PackBuild.objects.create(
        kind="agenda", object_id=str(minuted["meeting"].pk), edition="public", requested_by=clerk
    )
    for person in (clerk, committee_member):
        assert status(client, person, build) == 200
    for person in (other_clerk, councillor_off_committee):
        assert status(client, person, build) == 404
        assert status(client, person, public) == 200


def test_a_reviews_parts_follow_the_review_and_its_edit_grants_its_editors(client, other_clerk):
    review = ReviewFactory()
    line = SavingLineFactory(review=review)
    councillor = MemberFactory().user
    assert status(client, councillor, line) == 200
    officer = UserFactory(roles=[Role.OFFICER])
    permissions.grant("commissioning.change_review", officer, review)
    grant = ReviewUserObjectPermission.objects.get(user=officer, content_object=review)
    assert status(client, UserFactory(roles=[Role.COMMISSIONING_OFFICER]), grant) == 200
    assert status(client, councillor, grant) == 404


# --- Query counts ---------------------------------------------------------------------------------


def _rewrite(item, clerk, times):
    for n in range(times):
        services.minute_write(item=item, text=f"{EXEMPT_MINUTE} Draft {n}.", by=clerk)


def test_the_history_page_keeps_a_constant_number_of_queries_as_rows_grow(
    client, minuted, clerk, committee_member, django_assert_num_queries
):
    client.force_login(committee_member)
    minute, item = minuted["exempt_minute"], minuted["item"]
    _rewrite(item, clerk, 2)
    with CaptureQueriesContext(connection) as few_minute:
        client.get(history_url(minute))
    with CaptureQueriesContext(connection) as few_item:
        client.get(history_url(item))
    _rewrite(item, clerk, 12)
    for n in range(8):
        item.public_interest_reason = f"{PUBLIC_INTEREST} ({n})"
        item.save()
    with django_assert_num_queries(len(few_minute)):
        client.get(history_url(minute))
    with django_assert_num_queries(len(few_item)):
        client.get(history_url(item))


def test_withheld_fields_keep_the_query_count_constant_too(
    client, minuted, clerk, other_clerk, django_assert_num_queries
):
    client.force_login(other_clerk)
    item = minuted["item"]
    with CaptureQueriesContext(connection) as few:
        client.get(history_url(item))
    for n in range(8):
        item.public_interest_reason = f"{PUBLIC_INTEREST} ({n})"
        item.save()
    with django_assert_num_queries(len(few)):
        client.get(history_url(item))


# --- Links to History pages -----------------------------------------------------------------------


def test_the_minutes_page_links_only_to_the_histories_the_person_may_read(
    client, confirmed, clerk, other_clerk, committee_member
):
    minutes_url = reverse("scrutiny:minutes", args=[confirmed["meeting"].pk])
    client.force_login(other_clerk)
    page = client.get(minutes_url).content.decode()
    assert "The Assistant Chief Executive introduced" in page  # the confirmed minutes are public
    assert history_url(confirmed["draft"]) not in page
    assert history_url(confirmed["exempt_minute"]) not in page
    for person in (clerk, committee_member):
        client.force_login(person)
        page = client.get(minutes_url).content.decode()
        assert history_url(confirmed["draft"]) in page
        assert history_url(confirmed["exempt_minute"]) in page


# --- Every tracked model has a read rule ----------------------------------------------------------

PRODUCT_APPS = ("council", "members", "scrutiny", "executive", "commissioning")


def test_every_tracked_model_has_a_registered_read_rule():
    """A new tracked model without a read rule would have a History page nobody can read."""
    missing = [
        model._meta.label
        for app in PRODUCT_APPS
        for model in apps.get_app_config(app).get_models()
        if hasattr(model, "history")
        and not model._meta.model_name.startswith("historical")
        and history.read_rule(model) is None
    ]
    assert missing == []
