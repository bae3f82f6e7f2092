"""The council set-up pages: who may open them, the GOV.UK error pattern, and query counts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from council.roles import Role
from members.models import Body, Member, Officer, Party, Portfolio, Ward
from tests.factories import (
    MemberFactory,
    OfficerFactory,
    PartyFactory,
    PortfolioFactory,
    UserFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SET_UP_ROLES = [Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR]
OTHER_ROLES = [role for role in Role if role not in SET_UP_ROLES]


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pages():
    """Every set-up page, with a record for those that need one."""
    ward, party, member = WardFactory(), PartyFactory(), MemberFactory()
    officer, portfolio = OfficerFactory(), PortfolioFactory()
    return [
        reverse("members:council-setup"),
        reverse("members:ward-list"),
        reverse("members:ward-add"),
        reverse("members:ward-edit", args=[ward.pk]),
        reverse("members:ward-retire", args=[ward.pk]),
        reverse("members:party-list"),
        reverse("members:party-add"),
        reverse("members:party-edit", args=[party.pk]),
        reverse("members:party-retire", args=[party.pk]),
        reverse("members:councillor-setup-list"),
        reverse("members:councillor-add"),
        reverse("members:councillor-edit", args=[member.pk]),
        reverse("members:officer-list"),
        reverse("members:officer-add"),
        reverse("members:officer-edit", args=[officer.pk]),
        reverse("members:officer-retire", args=[officer.pk]),
        reverse("members:portfolio-list"),
        reverse("members:portfolio-add"),
        reverse("members:portfolio-edit", args=[portfolio.pk]),
        reverse("members:portfolio-retire", args=[portfolio.pk]),
    ]


@pytest.mark.parametrize("role", SET_UP_ROLES, ids=lambda r: r.name.lower())
def test_democratic_services_and_administrators_open_every_set_up_page(client, role):
    client.force_login(UserFactory(roles=[role]))
    for url in pages():
        assert client.get(url).status_code == 200, url


def test_the_public_is_sent_to_sign_in(client):
    for url in pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", OTHER_ROLES, ids=lambda r: r.name.lower())
def test_every_other_role_is_refused_every_page_and_every_change(client, role):
    client.force_login(UserFactory(roles=[role]))
    for url in pages():
        assert client.get(url).status_code == 403, url
        if url.endswith(("/add/", "/edit/", "/retire/")):
            assert client.post(url, {"name": "Changed", "retired_on": str(TODAY)}).status_code == 403, url
    assert not Ward.objects.filter(name="Changed").exists()
    assert not Ward.objects.exclude(retired_on=None).exists()


def test_a_record_that_does_not_exist_is_not_found(client):
    client.force_login(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    for name in ("ward-edit", "party-edit", "councillor-edit", "officer-edit", "portfolio-edit"):
        assert client.get(reverse(f"members:{name}", args=[999_999])).status_code == 404


def test_a_retired_record_cannot_be_retired_again(client):
    client.force_login(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    ward = WardFactory(retired_on=TODAY)
    assert client.get(reverse("members:ward-retire", args=[ward.pk])).status_code == 404


def test_the_navigation_shows_council_set_up_to_those_who_may_use_it(client):
    client.force_login(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    assert "Council set-up" in client.get(reverse("home")).content.decode()
    client.force_login(UserFactory(roles=[Role.COUNCILLOR]))
    assert "Council set-up" not in client.get(reverse("home")).content.decode()


def test_the_hub_counts_what_is_in_use(client):
    client.force_login(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    WardFactory.create_batch(2)
    WardFactory(retired_on=TODAY)
    MemberFactory(term_ends_on=TODAY - datetime.timedelta(days=1))
    text = client.get(reverse("members:council-setup")).content.decode()
    wards = Ward.objects.in_use().count()
    assert f"{wards} in use" in text
    assert "1 former" in text


# Adding and changing, in the GOV.UK error pattern


def _error_page(response):
    text = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in text
    assert "<title>Error:" in text.replace("\n", "").replace("  ", "")
    return text


@pytest.fixture
def clerk_client(client):
    client.force_login(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    return client


def test_a_ward_with_a_wrong_code_comes_back_with_what_was_typed(clerk_client):
    response = clerk_client.post(reverse("members:ward-add"), {"name": "Riverside", "code": "E0512"})
    text = _error_page(response)
    assert "Enter an ONS ward code in the correct format, like E05012345" in text
    assert 'value="Riverside"' in text and 'value="E0512"' in text
    assert '<a href="#id_code">' in text
    assert not Ward.objects.exists()


def test_a_ward_is_added_changed_and_retired(clerk_client):
    response = clerk_client.post(reverse("members:ward-add"), {"name": "Riverside", "code": "e05012345"})
    assert response.status_code == 302
    ward = Ward.objects.get(name="Riverside", code="E05012345")
    clerk_client.post(reverse("members:ward-edit", args=[ward.pk]), {"name": "Riverside North", "code": ""})
    ward.refresh_from_db()
    assert ward.name == "Riverside North" and ward.code == ""
    response = clerk_client.post(reverse("members:ward-retire", args=[ward.pk]), {"retired_on": str(TODAY)})
    assert response.status_code == 302
    assert Ward.objects.get(pk=ward.pk).retired_on == TODAY
    text = clerk_client.get(reverse("members:ward-list")).content.decode()
    assert "Retired" in text
    assert reverse("history", args=["members", "ward", ward.pk]) in text


def test_a_retire_page_without_a_date_keeps_the_record_in_use(clerk_client):
    party = PartyFactory()
    text = _error_page(clerk_client.post(reverse("members:party-retire", args=[party.pk]), {"retired_on": ""}))
    assert "Enter the day it is retired from" in text
    assert Party.objects.get(pk=party.pk).retired_on is None


def test_a_party_name_taken_is_refused_on_its_field(clerk_client):
    PartyFactory(name="Labour")
    text = _error_page(
        clerk_client.post(reverse("members:party-add"), {"name": "labour", "group_name": "Labour Group"})
    )
    assert "A party with this name already exists" in text
    assert 'value="Labour Group"' in text


def test_a_councillor_without_required_details_keeps_what_was_typed(clerk_client):
    ward = WardFactory()
    response = clerk_client.post(
        reverse("members:councillor-add"),
        {
            "first_name": "Grace",
            "last_name": "",
            "email": "not-an-email",
            "ward": ward.pk,
            "phone": "01632 960000",
            "term_starts_on": "2027-05-08",
            "term_ends_on": "2027-05-01",
        },
    )
    text = _error_page(response)
    assert "Enter their last name" in text
    assert "Enter an email address in the correct format" in text
    assert 'value="Grace"' in text and 'value="01632 960000"' in text and 'value="2027-05-08"' in text
    assert f'<option value="{ward.pk}" selected>' in text
    assert not Member.objects.exists()


def test_a_refused_photo_is_reported_on_the_photo_field(clerk_client):
    ward = WardFactory()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = clerk_client.post(
        reverse("members:councillor-add"),
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace@northbridge.example",
            "ward": ward.pk,
            "photo": SimpleUploadedFile("grace.jpg", b"just some text", content_type="image/jpeg"),
            "photo_alt": "Grace at her desk",
        },
    )
    text = _error_page(response)
    assert "The selected file must be a JPG or PNG photo" in text
    assert '<a href="#id_photo">' in text
    assert 'value="Grace at her desk"' in text
    assert not Member.objects.exists()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 30), (10, 120, 10)).save(out, format="JPEG")
    return out.getvalue()


def test_a_councillor_with_a_photo_is_shown_with_it_and_the_photo_is_served(clerk_client, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ward = WardFactory(name="Riverside")
    response = clerk_client.post(
        reverse("members:councillor-add"),
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace@northbridge.example",
            "ward": ward.pk,
            "public_email": "cllr.hopper@northbridge.example",
            "phone": "01632 960000",
            "postal_address": "Town Hall\nNorthbridge",
            "photo": SimpleUploadedFile("grace.jpg", _jpeg(), content_type="image/jpeg"),
            "photo_alt": "Grace Hopper in the council chamber",
            "is_public": "on",
        },
    )
    member = Member.objects.get(user__email="grace@northbridge.example")
    assert response["Location"] == member.get_absolute_url()
    clerk_client.logout()
    page = client.get(member.get_absolute_url()).content.decode()
    assert 'alt="Grace Hopper in the council chamber"' in page
    assert "cllr.hopper@northbridge.example" in page
    assert "Town Hall<br>Northbridge" in page
    photo = client.get(reverse("members:councillor-photo", args=[member.pk]))
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert photo["X-Content-Type-Options"] == "nosniff"
    assert b"".join(photo.streaming_content).startswith(b"\xff\xd8")


def test_a_councillor_kept_off_the_public_pages_is_not_found_by_the_public(client):
    member = MemberFactory(is_public=False)
    assert client.get(member.get_absolute_url()).status_code == 404
    assert client.get(reverse("members:councillor-photo", args=[member.pk])).status_code == 404
    assert member.user.get_full_name() not in client.get(reverse("members:councillor-list")).content.decode()


def test_the_change_page_refuses_ending_a_term_by_its_dates(clerk_client):
    member = MemberFactory(term_ends_on=TODAY + datetime.timedelta(days=300))
    response = clerk_client.post(
        reverse("members:councillor-edit", args=[member.pk]),
        {
            "first_name": member.user.first_name,
            "last_name": member.user.last_name,
            "ward": member.ward_id,
            "party": member.party_id,
            "term_starts_on": "2023-05-08",
            "term_ends_on": str(TODAY - datetime.timedelta(days=2)),
            "is_public": "on",
        },
    )
    text = _error_page(response)
    assert "end their term" in text
    assert Member.objects.get(pk=member.pk).term_ends_on == TODAY + datetime.timedelta(days=300)


def test_the_change_page_keeps_a_retired_ward_a_councillor_already_has(clerk_client):
    ward = WardFactory(name="Old Town", retired_on=TODAY)
    WardFactory(name="New Town")
    member = MemberFactory(ward=ward)
    text = clerk_client.get(reverse("members:councillor-edit", args=[member.pk])).content.decode()
    assert "Old Town" in text
    assert "Old Town" not in clerk_client.get(reverse("members:councillor-add")).content.decode()


def test_an_officer_is_added_and_their_leaving_says_what_stays(clerk_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            reverse("members:officer-add"),
            {"first_name": "Li", "last_name": "Wei", "email": "li.wei@northbridge.example", "job_title": "Head of Law"},
        )
    assert response.status_code == 302
    officer = Officer.objects.get(user__email="li.wei@northbridge.example")
    text = clerk_client.get(reverse("members:officer-retire", args=[officer.pk])).content.decode()
    assert "and nothing else" in text


def test_a_portfolio_offers_serving_councillors_only(clerk_client):
    serving = MemberFactory(user__first_name="Serving")
    former = MemberFactory(user__first_name="Former", term_ends_on=TODAY - datetime.timedelta(days=1))
    text = clerk_client.get(reverse("members:portfolio-add")).content.decode()
    assert f'value="{serving.pk}"' in text and f'value="{former.pk}"' not in text
    response = clerk_client.post(
        reverse("members:portfolio-add"), {"title": "Corporate Services", "cabinet_member": former.pk}
    )
    _error_page(response)
    assert not Portfolio.objects.exists()


def test_terms_of_reference_are_edited_on_the_committee_page_and_shown(clerk_client, client):
    response = clerk_client.post(
        reverse("members:body-add"),
        {"name": "Licensing Committee", "kind": "committee", "terms_of_reference": "Licensing Act 2003 functions."},
    )
    body = Body.objects.get(name="Licensing Committee")
    assert response["Location"] == body.get_absolute_url()
    clerk_client.logout()
    assert "Licensing Act 2003 functions." in client.get(body.get_absolute_url()).content.decode()


# The public pages of former councillors


def test_the_public_reads_former_councillors_and_their_pages(client):
    former = MemberFactory(
        user__first_name="Alan", user__last_name="Former", term_ends_on=TODAY - datetime.timedelta(days=3)
    )
    serving = MemberFactory(user__first_name="Beth", user__last_name="Serving")
    MemberFactory(user__last_name="Hidden", term_ends_on=TODAY - datetime.timedelta(days=3), is_public=False)
    text = client.get(reverse("members:councillor-former-list")).content.decode()
    assert "Alan Former" in text and "Beth Serving" not in text and "Hidden" not in text
    page = client.get(former.get_absolute_url()).content.decode()
    assert "Former councillor" in page
    assert "Former councillor" not in client.get(serving.get_absolute_url()).content.decode()
    assert "Alan Former" not in client.get(reverse("members:councillor-list")).content.decode()


# Query counts


def _constant(client, django_assert_num_queries, url, grow):
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow()
    with django_assert_num_queries(len(few), info=url):
        client.get(url)


def test_set_up_lists_keep_a_constant_number_of_queries(clerk_client, django_assert_num_queries):
    lists = {
        "members:council-setup": lambda: MemberFactory.create_batch(5),
        "members:ward-list": lambda: WardFactory.create_batch(10),
        "members:party-list": lambda: [PartyFactory(name=f"Party {n}") for n in range(10)],
        "members:councillor-setup-list": lambda: (
            MemberFactory.create_batch(5),
            MemberFactory.create_batch(5, term_ends_on=TODAY - datetime.timedelta(days=1)),
        ),
        "members:officer-list": lambda: OfficerFactory.create_batch(10),
        "members:portfolio-list": lambda: PortfolioFactory.create_batch(10),
    }
    for name, grow in lists.items():
        grow()
        _constant(clerk_client, django_assert_num_queries, reverse(name), grow)


def test_the_former_councillors_page_keeps_a_constant_number_of_queries(client, django_assert_num_queries):
    def grow():
        MemberFactory.create_batch(5, term_ends_on=TODAY - datetime.timedelta(days=1))

    grow()
    _constant(client, django_assert_num_queries, reverse("members:councillor-former-list"), grow)


def test_a_former_councillor_stays_in_a_past_meetings_attendance(client):
    from scrutiny.models import Attendance, AttendanceStatus
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=30))
    member = MemberFactory(user__first_name="Alan", user__last_name="McLain")
    Attendance.objects.create(meeting=meeting, person=member.user, status=AttendanceStatus.PRESENT)
    Member.objects.filter(pk=member.pk).update(term_ends_on=TODAY - datetime.timedelta(days=1))

    assert "Alan McLain" in client.get(meeting.get_absolute_url()).content.decode()
    page = client.get(member.get_absolute_url())
    assert page.status_code == 200
    assert "Former councillor" in page.content.decode()
