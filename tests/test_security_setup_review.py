"""The Monitoring Officer's review of council set-up, elections and terms of office (issue 13): an
attacker's tests of what Democratic Services' pages could be made to do beyond their purpose."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from council import permissions
from council.errors import RuleError
from council.roles import Role
from members.models import Election, Member, Officer, Result
from members.services import elections as election_services
from members.services import organisation, terms
from members.services.photos import check_photo
from tests.exempt_scenario import plant
from tests.factories import MemberFactory, PartyFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clerk(person_with_role):
    return person_with_role(Role.DEMOCRATIC_SERVICES)


def roles(person) -> set[str]:
    return set(person.groups.values_list("name", flat=True))


def councillor_post(email, ward, **extra):
    return {
        "title": "",
        "first_name": "Mallory",
        "last_name": "Attacker",
        "email": email,
        "ward": ward.pk,
        "party": "",
        "is_public": "on",
        **extra,
    }


# --- Taking over someone's sign-in by "adding" them -----------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.MONITORING_OFFICER])
def test_a_clerk_cannot_link_a_privileged_persons_sign_in_to_a_new_councillor(client, clerk, person_with_role, role):
    victim = person_with_role(role, first_name="Ada", last_name="Admin")
    client.force_login(clerk)
    response = client.post(reverse("members:councillor-add"), councillor_post(victim.email.upper(), WardFactory()))
    assert response.status_code == 200  # the form again, with the error
    assert "Ask an Administrator" in response.content.decode()
    victim.refresh_from_db()
    assert not Member.objects.filter(user=victim).exists()
    assert roles(victim) == {role.value}
    assert (victim.first_name, victim.last_name) == ("Ada", "Admin")
    assert mail.outbox == []


def test_a_clerk_cannot_link_an_administrators_sign_in_to_a_new_officer(client, clerk, person_with_role):
    victim = person_with_role(Role.ADMINISTRATOR)
    client.force_login(clerk)
    post = {"first_name": "X", "last_name": "Y", "email": victim.email, "job_title": "Clerk"}
    response = client.post(reverse("members:officer-add"), post)
    assert response.status_code == 200
    assert not Officer.objects.filter(user=victim).exists()
    assert roles(victim) == {Role.ADMINISTRATOR.value}


def test_an_officer_elected_is_still_linked_by_a_clerk(clerk, person_with_role):
    officer = person_with_role(Role.OFFICER)
    member, created = organisation.councillor_create(
        by=clerk, email=officer.email, first_name="Z", last_name="Z", ward=WardFactory()
    )
    assert member.user == officer and not created
    assert roles(officer) == {Role.OFFICER.value, Role.COUNCILLOR.value}


def test_an_administrator_may_link_a_privileged_person(person_with_role):
    admin = person_with_role(Role.ADMINISTRATOR)
    monitoring = person_with_role(Role.MONITORING_OFFICER)
    officer, created = organisation.officer_create(
        by=admin, email=monitoring.email, first_name="M", last_name="O", job_title="Monitoring Officer"
    )
    assert officer.user == monitoring and not created


def test_a_clerk_cannot_rename_a_privileged_person_through_their_councillor_record(clerk, person_with_role):
    admin = person_with_role(Role.ADMINISTRATOR)
    victim = person_with_role(Role.ADMINISTRATOR, first_name="Ada", last_name="Admin")
    member, _ = organisation.councillor_create(
        by=admin, email=victim.email, first_name="", last_name="", ward=WardFactory()
    )
    with pytest.raises(RuleError, match="Ask an Administrator"):
        organisation.councillor_update(member=member, by=clerk, name={"first_name": "Mallory"})
    victim.refresh_from_db()
    assert victim.first_name == "Ada"
    # Their other details are the clerk's to keep.
    organisation.councillor_update(member=member, by=clerk, phone="01632 960000")


def test_a_crafted_post_gives_no_role_beyond_councillor(client, clerk):
    client.force_login(clerk)
    post = councillor_post("new.person@northbridge.example", WardFactory(), roles=Role.ADMINISTRATOR.value)
    post["groups"] = "1"
    post["is_superuser"] = "on"
    response = client.post(reverse("members:councillor-add"), post)
    assert response.status_code == 302
    person = Member.objects.get(user__email="new.person@northbridge.example").user
    assert roles(person) == {Role.COUNCILLOR.value}
    assert not person.is_superuser and not person.is_staff


def test_adding_an_existing_active_person_sends_no_reset_link(client, clerk, person_with_role):
    officer = person_with_role(Role.OFFICER)
    client.force_login(clerk)
    client.post(reverse("members:councillor-add"), councillor_post(officer.email, WardFactory()))
    assert Member.objects.filter(user=officer).exists()
    assert mail.outbox == []
    assert officer.check_password("x") is False
    officer.refresh_from_db()
    assert officer.has_usable_password()


# --- Elections and terms -------------------------------------------------------------------------


def test_the_same_wards_result_cannot_be_recorded_twice(clerk):
    ward = WardFactory()
    sitting = MemberFactory(ward=ward)
    poll = datetime.date(2027, 5, 6)
    arguments = {"by": clerk, "kind": "ordinary", "poll_date": poll, "ward": ward, "re_elected": [sitting]}
    election_services.election_record_result(**arguments)
    with pytest.raises(RuleError):
        election_services.election_record_result(**arguments)
    assert Result.objects.filter(member=sitting).count() == 1
    assert Election.objects.count() == 1


def test_a_last_day_before_the_councillor_was_elected_is_refused(clerk):
    member = MemberFactory(elected_on=datetime.date(2023, 5, 4), term_starts_on=None)
    with pytest.raises(RuleError):
        terms.end_term(member=member, last_day=datetime.date(2020, 1, 1), reason="resigned", by=clerk)
    member.refresh_from_db()
    assert member.term_ends_on is None


def test_a_councillor_re_elected_keeps_their_roles_and_grants(clerk):
    ward = WardFactory()
    sitting = MemberFactory(ward=ward, user=UserFactory(roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]))
    sitting.term_ends_on = TODAY + datetime.timedelta(days=2)
    sitting.save()
    body = plant().body
    permissions.grant("members.change_body", sitting.user, body)
    poll = TODAY - datetime.timedelta(days=1)
    election_services.election_record_result(by=clerk, kind="ordinary", poll_date=poll, ward=ward, re_elected=[sitting])
    terms.withdraw_access_due(today=TODAY + datetime.timedelta(days=10))
    assert roles(sitting.user) == {Role.COUNCILLOR.value, Role.CABINET_MEMBER.value}
    assert permissions.users_with_grants().filter(pk=sitting.user.pk).exists()


def test_a_departed_councillor_cannot_open_an_exempt_paper_the_day_after_their_last_day(client, clerk):
    s = plant()
    member = Member.objects.get(user=s.member)
    url = reverse("scrutiny:document-open", args=[s.meeting.pk, s.document.pk])
    client.force_login(s.member)
    assert client.get(url).status_code == 200
    terms.end_term(member=member, last_day=TODAY - datetime.timedelta(days=1), reason="resigned", by=clerk)
    # Before the daily task has run, and after.
    assert client.get(url).status_code in (403, 404)
    terms.withdraw_access_due()
    assert client.get(url).status_code in (403, 404)


# --- Photos ----------------------------------------------------------------------------------------


def _png_with_gps() -> bytes:
    image = Image.new("RGB", (20, 20), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPSInfo
    exif[0x010F] = "QZXCAMERA"
    out = io.BytesIO()
    image.save(out, format="PNG", exif=exif)
    return out.getvalue()


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (20, 20), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    exif[0x010F] = "QZXCAMERA"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize("data", [_png_with_gps, _jpeg_with_gps])
def test_a_photos_location_and_camera_are_not_kept(data):
    raw = data()
    assert b"QZXCAMERA" in raw
    checked = check_photo(SimpleUploadedFile("p.png", raw))
    assert b"QZXCAMERA" not in checked.content
    with Image.open(io.BytesIO(checked.content)) as stored:
        assert not stored.getexif()


def test_a_polyglot_keeps_nothing_after_the_picture():
    raw = _jpeg_with_gps() + b"<html><script>alert(1)</script></html>"
    checked = check_photo(SimpleUploadedFile("p.jpg", raw))
    assert b"<script>" not in checked.content


@pytest.mark.parametrize(
    "raw",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"%PDF-1.4\n",
    ],
)
def test_anything_but_a_jpeg_or_png_is_refused(raw):
    with pytest.raises(RuleError):
        check_photo(SimpleUploadedFile("p.png", raw))


def test_a_hidden_councillors_photo_and_contact_details_are_not_public(client, clerk):
    ward = WardFactory()
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, format="PNG")
    member, _ = organisation.councillor_create(
        by=clerk,
        email="hidden@northbridge.example",
        first_name="Hidden",
        last_name="Person",
        ward=ward,
        party=PartyFactory(),
        photo=SimpleUploadedFile("p.png", out.getvalue()),
        photo_alt="A photo",
        phone="QZXPHONE",
        postal_address="QZXADDRESS",
        public_email="qzx@example.com",
        is_public=False,
    )
    client.logout()
    assert client.get(reverse("members:councillor-photo", args=[member.pk])).status_code == 404
    assert client.get(member.get_absolute_url()).status_code == 404
    listing = client.get(reverse("members:councillor-list")).content.decode()
    assert "QZXPHONE" not in listing and "Hidden" not in listing
    response = client.get(reverse("members:councillor-photo", args=[MemberFactory().pk]))
    assert response.status_code == 404  # no photo


# --- A councillor kept off the public pages --------------------------------------------------------


def test_a_hidden_councillors_contact_details_reach_no_public_page(client, clerk):
    """A councillor is a public figure: the minutes and attendance that name them stay public. Their
    contact details and photo are not shown anywhere public once they are kept off the public pages."""
    s = plant()
    member = Member.objects.get(user=s.member)
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, format="PNG")
    organisation.councillor_update(
        member=member,
        by=clerk,
        phone="QZXPHONE",
        postal_address="QZXADDRESS",
        public_email="qzxmail@example.com",
        photo=SimpleUploadedFile("p.png", out.getvalue()),
        photo_alt="QZXALT",
        is_public=False,
    )
    photo_url = reverse("members:councillor-photo", args=[member.pk])
    urls = [
        reverse("members:councillor-list"),
        reverse("members:body-list"),
        s.body.get_absolute_url(),
        s.meeting.get_absolute_url(),
        reverse("scrutiny:feed-all"),
        reverse("scrutiny:feed-body", args=[s.body.slug]),
        member.get_absolute_url(),
        photo_url,
    ]
    client.logout()
    for url in urls:
        response = client.get(url)
        text = b"".join(response.streaming_content) if response.streaming else response.content
        for planted in (b"QZXPHONE", b"QZXADDRESS", b"qzxmail", b"QZXALT", photo_url.encode()):
            assert planted not in text, (url, planted)
    assert client.get(photo_url).status_code == 404
    assert client.get(member.get_absolute_url()).status_code == 404


# --- History ---------------------------------------------------------------------------------------


def test_a_councillors_past_contact_details_stay_out_of_their_history_for_readers(client, clerk, person_with_role):
    """A home address taken off the public pages (a councillor who was threatened, say) must not
    stay readable in the History page by everyone signed in; those who keep the record read it."""
    member = MemberFactory()
    organisation.councillor_update(member=member, by=clerk, postal_address="QZXOLDHOME", phone="QZXOLDPHONE")
    organisation.councillor_update(member=member, by=clerk, postal_address="", phone="")
    url = reverse("history", args=["members", "member", member.pk])
    for reader in (UserFactory(), person_with_role(Role.COUNCILLOR), person_with_role(Role.OFFICER)):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert "QZXOLDHOME" not in text and "QZXOLDPHONE" not in text
    client.force_login(clerk)
    assert "QZXOLDHOME" in client.get(url).content.decode()


def test_a_hidden_councillors_history_is_not_for_a_reader_without_a_role(client, clerk):
    member = MemberFactory()
    organisation.councillor_update(member=member, by=clerk, is_public=False)
    client.force_login(UserFactory())
    assert client.get(reverse("history", args=["members", "member", member.pk])).status_code == 404


# --- Appointments: the executive does not scrutinise itself (LGA 2000 s.9FA(3)) -------------------


def test_a_councillor_on_overview_and_scrutiny_cannot_be_given_a_portfolio(client, clerk):
    from members.models import BodyKind, Portfolio
    from tests.factories import BodyFactory, MembershipFactory, PortfolioFactory

    member = MemberFactory()
    MembershipFactory(body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), person=member.user)
    with pytest.raises(RuleError, match="overview and scrutiny"):
        organisation.portfolio_create(by=clerk, title="Finance", cabinet_member=member)
    portfolio = PortfolioFactory(cabinet_member=None)
    client.force_login(clerk)
    response = client.post(
        reverse("members:portfolio-edit", args=[portfolio.pk]),
        {"title": portfolio.title, "responsibilities": "", "cabinet_member": member.pk},
    )
    assert response.status_code == 200 and "overview and scrutiny" in response.content.decode()
    portfolio.refresh_from_db()
    assert portfolio.cabinet_member is None
    assert not Portfolio.objects.filter(cabinet_member=member).exists()
    # A seat on an ordinary committee, or one on O&S that has ended, is no bar.
    other = MemberFactory()
    MembershipFactory(body=BodyFactory(kind=BodyKind.COMMITTEE), person=other.user)
    ended = TODAY - datetime.timedelta(days=1)
    MembershipFactory(body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), person=other.user, end_date=ended)
    organisation.portfolio_create(by=clerk, title="Housing", cabinet_member=other)


# --- Requests that must change nothing ---------------------------------------------------------------


def _history_rows() -> int:
    from django.apps import apps

    return sum(model.objects.count() for model in apps.get_models() if model.__name__.startswith("Historical"))


def test_a_get_with_the_forms_data_changes_nothing(client, clerk):
    ward, party, member = WardFactory(), PartyFactory(), MemberFactory()
    from tests.factories import OfficerFactory, PortfolioFactory

    officer, portfolio = OfficerFactory(), PortfolioFactory()
    data = {
        "name": "QZX",
        "code": "E05000001",
        "retired_on": TODAY.isoformat(),
        "first_name": "QZX",
        "last_name": "QZX",
        "email": "qzx@northbridge.example",
        "ward": ward.pk,
        "job_title": "QZX",
        "title": "QZX",
        "member": member.pk,
        "reason": "resigned",
        "last_day": TODAY.isoformat(),
        "kind": "by_election",
        "poll_date": TODAY.isoformat(),
        "new_1_first_name": "QZX",
        "new_1_last_name": "QZX",
        "new_1_email": "qzx2@northbridge.example",
        "start_date": TODAY.isoformat(),
    }
    urls = [
        reverse("members:ward-add"),
        reverse("members:ward-edit", args=[ward.pk]),
        reverse("members:ward-retire", args=[ward.pk]),
        reverse("members:party-add"),
        reverse("members:party-retire", args=[party.pk]),
        reverse("members:councillor-add"),
        reverse("members:councillor-edit", args=[member.pk]),
        reverse("members:officer-add"),
        reverse("members:officer-edit", args=[officer.pk]),
        reverse("members:officer-retire", args=[officer.pk]),
        reverse("members:portfolio-add"),
        reverse("members:portfolio-retire", args=[portfolio.pk]),
        reverse("members:election-record"),
        reverse("members:councillor-leave"),
        reverse("members:appointments-edit"),
    ]
    before = _history_rows()
    client.force_login(clerk)
    for url in urls:
        assert client.get(url, data).status_code == 200, url
    assert _history_rows() == before
    assert len(mail.outbox) == 0


def test_a_crafted_result_cannot_touch_another_wards_councillors(client, clerk):
    castle, abbey = WardFactory(name="Castle"), WardFactory(name="Abbey")
    elsewhere = MemberFactory(ward=abbey)
    sitting = MemberFactory(ward=castle)
    client.force_login(clerk)
    before = _history_rows()
    for field_name in ("re_elected", "departing"):
        response = client.post(
            reverse("members:election-record"),
            {
                "kind": "ordinary",
                "poll_date": "2027-05-06",
                "ward": castle.pk,
                "re_elected": [sitting.pk] if field_name == "departing" else [elsewhere.pk],
                field_name: [elsewhere.pk],
            },
        )
        assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert _history_rows() == before
    elsewhere.refresh_from_db()
    assert elsewhere.term_ends_on is None


def test_a_crafted_leaving_cannot_end_a_former_councillors_term_again(client, clerk):
    former = MemberFactory(term_ends_on=TODAY - datetime.timedelta(days=30))
    client.force_login(clerk)
    response = client.post(
        reverse("members:councillor-leave"),
        {"member": former.pk, "reason": "resigned", "last_day": (TODAY + datetime.timedelta(days=300)).isoformat()},
    )
    assert response.status_code == 200
    former.refresh_from_db()
    assert former.term_ends_on == TODAY - datetime.timedelta(days=30)
    with pytest.raises(RuleError):
        terms.end_term(member=former, last_day=TODAY + datetime.timedelta(days=300), reason="resigned", by=clerk)


def test_a_former_councillor_now_on_the_staff_keeps_the_grants_of_their_job(clerk, person_with_role):
    """Someone who left the council years ago and now works for it (a clerk) must not lose their
    committees, nor exempt papers shared with them, to the nightly task."""
    from tests.factories import BodyFactory

    former = MemberFactory(
        user=UserFactory(roles=[Role.DEMOCRATIC_SERVICES]), term_ends_on=TODAY - datetime.timedelta(days=900)
    )
    body = BodyFactory()
    permissions.grant("members.change_body", former.user, body, by=clerk, reason="Clerk assigned")
    terms.withdraw_access_due()
    assert permissions.granted(former.user, type(body).objects.all(), "members.change_body").exists()
    assert roles(former.user) == {Role.DEMOCRATIC_SERVICES.value}


# --- Officers: who counts as council staff for exempt papers ----------------------------------------


def test_an_officer_who_has_left_cannot_open_exempt_papers_nor_be_granted_them(client):
    from scrutiny import services as scrutiny_services
    from tests.factories import OfficerFactory

    s = plant()
    officer = OfficerFactory()
    scrutiny_services.need_to_know_set(item=s.exempt_item, officers=[officer.user], by=s.clerk)
    url = reverse("scrutiny:document-open", args=[s.meeting.pk, s.document.pk])
    client.force_login(officer.user)
    assert client.get(url).status_code == 200
    organisation.officer_retire(officer=officer, by=s.clerk, on=TODAY)
    assert client.get(url).status_code in (403, 404)
    client.force_login(s.clerk)
    form = client.get(reverse("scrutiny:need-to-know", args=[s.meeting.pk, s.exempt_item.pk])).content.decode()
    assert f'value="{officer.user.pk}"' not in form


def test_a_serving_councillor_cannot_be_added_as_an_officer(client, clerk):
    member = MemberFactory()
    client.force_login(clerk)
    post = {"first_name": "X", "last_name": "Y", "email": member.user.email, "job_title": "Adviser"}
    response = client.post(reverse("members:officer-add"), post)
    assert response.status_code == 200 and "serving councillor" in response.content.decode()
    assert not Officer.objects.filter(user=member.user).exists()
    assert roles(member.user) == {Role.COUNCILLOR.value}


def test_a_clerk_cannot_retire_the_monitoring_officers_record(client, clerk, person_with_role):
    admin = person_with_role(Role.ADMINISTRATOR)
    monitoring = person_with_role(Role.MONITORING_OFFICER)
    officer, _ = organisation.officer_create(
        by=admin, email=monitoring.email, first_name="M", last_name="O", job_title="Monitoring Officer"
    )
    client.force_login(clerk)
    response = client.post(reverse("members:officer-retire", args=[officer.pk]), {"retired_on": TODAY.isoformat()})
    assert response.status_code == 200 and "Ask an Administrator" in response.content.decode()
    officer.refresh_from_db()
    assert officer.retired_on is None
    organisation.officer_retire(officer=officer, by=admin)


def test_the_appointments_page_cannot_delete_seats_already_served(clerk):
    from members.models import BodyKind, Membership
    from members.services import appointments
    from tests.factories import BodyFactory, MembershipFactory

    body = BodyFactory(kind=BodyKind.COMMITTEE)
    served_since = TODAY - datetime.timedelta(days=200)
    seat = MembershipFactory(body=body, person=MemberFactory().user, start_date=served_since)
    with pytest.raises(RuleError, match="already"):
        appointments.appointments_save(
            start_date=served_since, appointments=[appointments.Appointment(body=body, people=set())], by=clerk
        )
    assert Membership.objects.filter(pk=seat.pk, end_date__isnull=True).exists()
    # Seats appointed from a day still to come are withdrawn as before.
    later = TODAY + datetime.timedelta(days=10)
    upcoming = MembershipFactory(body=body, person=MemberFactory().user, start_date=later)
    appointments.appointments_save(
        start_date=later,
        appointments=[appointments.Appointment(body=body, people={seat.person})],
        by=clerk,
    )
    assert not Membership.objects.filter(pk=upcoming.pk).exists()


def test_a_clerk_cannot_make_themselves_or_another_clerk_a_councillor(client, clerk, person_with_role):
    """A clerk recorded as a councillor could then appoint themselves to any committee on the
    appointments page and read its exempt papers."""
    other_clerk = person_with_role(Role.DEMOCRATIC_SERVICES)
    client.force_login(clerk)
    for person in (clerk, other_clerk):
        response = client.post(reverse("members:councillor-add"), councillor_post(person.email, WardFactory()))
        assert response.status_code == 200 and "Ask an Administrator" in response.content.decode()
        assert not Member.objects.filter(user=person).exists()
    response = client.post(
        reverse("members:officer-add"),
        {"first_name": "X", "last_name": "Y", "email": clerk.email, "job_title": "Clerk"},
    )
    assert response.status_code == 200 and not Officer.objects.filter(user=clerk).exists()
    # Another clerk records them as an officer (they are staff); an Administrator may do either.
    organisation.officer_create(by=other_clerk, email=clerk.email, first_name="", last_name="", job_title="Clerk")
    admin = person_with_role(Role.ADMINISTRATOR)
    organisation.councillor_create(by=admin, email=other_clerk.email, first_name="", last_name="", ward=WardFactory())


def test_a_crafted_appointments_post_cannot_seat_anyone_on_a_body_the_page_does_not_offer(client, clerk):
    from members.models import BodyKind, Membership
    from tests.factories import BodyFactory

    cabinet = BodyFactory(kind=BodyKind.CABINET)
    officer_user = UserFactory(roles=[Role.OFFICER])
    committee = BodyFactory(kind=BodyKind.COMMITTEE)
    member = MemberFactory()
    client.force_login(clerk)
    before = Membership.objects.count()
    response = client.post(
        reverse("members:appointments-edit"),
        {
            "start_date": (TODAY + datetime.timedelta(days=5)).isoformat(),
            f"body_{cabinet.pk}_members": [member.user.pk],
            f"body_{cabinet.pk}_chair": member.user.pk,
            f"body_{committee.pk}_members": [officer_user.pk],  # not a councillor
            f"body_{committee.pk}_chair": "",
            f"body_{committee.pk}_vice_chair": "",
        },
    )
    assert response.status_code == 200
    assert Membership.objects.count() == before


def test_a_councillor_whose_term_has_run_out_loses_exempt_papers_even_if_no_one_ended_their_seats(client, clerk):
    """A term's last day set in advance (at the last election, or on the set-up page), with no result
    or leaving recorded when it came: their seats were never ended, but they are no longer a
    councillor and must not open the committee's exempt papers."""
    s = plant()
    url = reverse("scrutiny:document-open", args=[s.meeting.pk, s.document.pk])
    client.force_login(s.member)
    assert client.get(url).status_code == 200
    Member.objects.filter(user=s.member).update(term_ends_on=TODAY - datetime.timedelta(days=1))
    assert client.get(url).status_code in (403, 404)
    terms.withdraw_access_due()
    assert client.get(url).status_code in (403, 404)
