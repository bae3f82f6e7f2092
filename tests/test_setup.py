"""Setting up the council's own data: the services' rules (members/services/organisation.py) and
the photo check (members/services/photos.py)."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from council import permissions
from council.errors import RuleError
from council.roles import Role
from members import access, services
from members.models import Member, Officer, Party, Portfolio, Ward
from members.services import photos
from tests.factories import (
    BodyFactory,
    MemberFactory,
    MembershipFactory,
    OfficerFactory,
    PartyFactory,
    PortfolioFactory,
    UserFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def clerk():
    return UserFactory(first_name="Priya", last_name="Shah", roles=[Role.DEMOCRATIC_SERVICES])


def image_bytes(fmt="JPEG", size=(40, 30), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt)
    return out.getvalue()


def photo(content=None, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type=content_type)


def councillor(by, **fields):
    values = {
        "email": "ada.lovelace@northbridge.example",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "ward": fields.pop("ward", None) or WardFactory(name="Riverside"),
        "party": PartyFactory(name="Labour"),
        "elected_on": datetime.date(2023, 5, 4),
        "term_starts_on": datetime.date(2023, 5, 8),
        "term_ends_on": TODAY + datetime.timedelta(days=900),
        "photo_alt": "",
    }
    values.update(fields)
    return services.councillor_create(by=by, **values)


# Who may set up the council


def test_democratic_services_and_administrators_set_up_the_council():
    assert access.can_set_up_council(UserFactory(roles=[Role.DEMOCRATIC_SERVICES]))
    assert access.can_set_up_council(UserFactory(roles=[Role.ADMINISTRATOR]))
    for role in set(Role) - {Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR}:
        assert not access.can_set_up_council(UserFactory(roles=[role])), role
    from django.contrib.auth.models import AnonymousUser

    assert not access.can_set_up_council(AnonymousUser())
    assert not access.can_set_up_council(UserFactory(roles=[Role.ADMINISTRATOR], is_active=False))


# Wards


@pytest.mark.parametrize("code", ["", "E05012345", "e05012345", " E05000001 "])
def test_a_ward_code_is_an_ons_code_or_empty(clerk, code):
    ward = services.ward_create(by=clerk, name="Riverside", code=code)
    assert ward.code == code.strip().upper()


@pytest.mark.parametrize("code", ["E0501234", "E050123456", "W05012345", "E06012345", "E05O12345"])
def test_a_ward_code_in_another_format_is_refused(clerk, code):
    with pytest.raises(RuleError) as error:
        services.ward_create(by=clerk, name="Riverside", code=code)
    assert error.value.field == "code"
    assert "like E05012345" in error.value.message
    assert not Ward.objects.exists()


def test_ward_names_and_codes_are_unique(clerk):
    ward = services.ward_create(by=clerk, name="Riverside", code="E05012345")
    with pytest.raises(RuleError, match="already exists"):
        services.ward_create(by=clerk, name="riverside ")
    with pytest.raises(RuleError, match="already has this ONS code"):
        services.ward_create(by=clerk, name="Hillside", code="E05012345")
    assert services.ward_update(ward=ward, by=clerk, name="Riverside", code="E05012345").name == "Riverside"


def test_a_ward_change_is_in_its_history_with_who_made_it(clerk):
    ward = services.ward_create(by=clerk, name="Riverside")
    services.ward_update(ward=ward, by=clerk, name="Riverside and Docks", code="")
    latest = ward.history.first()
    assert latest.history_change_reason == "Ward details changed"
    assert latest.history_user == clerk


def test_a_retired_ward_is_kept_with_its_councillors_and_not_offered_again(clerk):
    ward = WardFactory(name="Old Town")
    serving = MemberFactory(ward=ward)
    services.ward_retire(ward=ward, by=clerk, on=TODAY)

    ward.refresh_from_db()
    assert ward.retired_on == TODAY
    assert Ward.objects.filter(pk=ward.pk).exists()
    assert ward not in Ward.objects.in_use()
    assert Member.objects.get(pk=serving.pk).ward == ward
    assert ward.history.first().history_change_reason == "Ward retired"
    with pytest.raises(RuleError, match="retired. Choose a ward in use"):
        councillor(clerk, ward=ward)
    with pytest.raises(RuleError, match="already retired"):
        services.ward_retire(ward=ward, by=clerk)


def test_a_ward_retired_from_a_later_day_is_in_use_until_then(clerk):
    ward = services.ward_retire(ward=WardFactory(), by=clerk, on=TODAY + datetime.timedelta(days=30))
    assert ward in Ward.objects.in_use()
    assert ward not in Ward.objects.retired()


# Parties


def test_a_party_has_its_group_and_a_unique_name(clerk):
    party = services.party_create(by=clerk, name="Labour", abbreviation="Lab", group_name="Labour Group")
    assert party.group_name == "Labour Group"
    with pytest.raises(RuleError) as error:
        services.party_create(by=clerk, name="LABOUR")
    assert error.value.field == "name"
    services.party_update(party=party, by=clerk, name="Labour", abbreviation="Lab", group_name="Labour and Co-op Group")
    assert Party.objects.get(pk=party.pk).group_name == "Labour and Co-op Group"


def test_a_retired_party_keeps_its_councillors_and_is_not_offered_again(clerk):
    party = PartyFactory(name="Liberal")
    member = MemberFactory(party=party)
    services.party_retire(party=party, by=clerk)
    assert Member.objects.get(pk=member.pk).party == party
    assert party not in Party.objects.in_use()
    with pytest.raises(RuleError) as error:
        councillor(clerk, party=party)
    assert error.value.field == "party"
    # A councillor who already stood for it keeps it when their other details change.
    services.councillor_update(member=member, by=clerk, phone="01632 960000")
    assert Member.objects.get(pk=member.pk).phone == "01632 960000"


# Councillors


def test_adding_a_councillor_creates_their_sign_in_with_the_councillor_role(clerk):
    member, created = councillor(clerk, title="Cllr", public_email="ada@council.example", is_public=True)

    assert created
    person = member.user
    assert person.email == "ada.lovelace@northbridge.example"
    assert person.get_full_name() == "Ada Lovelace"
    assert permissions.roles_of(person) == [Role.COUNCILLOR.value]
    # Never a shared password: an unguessable one, until they choose their own from the invitation.
    assert person.has_usable_password()
    assert not person.check_password("password")
    assert member.history.first().history_user == clerk
    assert member.history.first().history_change_reason == "Councillor added"
    assert member in Member.objects.public()


def test_a_person_who_already_signs_in_is_linked_not_duplicated(clerk):
    officer = UserFactory(email="sam@northbridge.example", roles=[Role.OFFICER])
    member, created = councillor(clerk, email="Sam@Northbridge.example")
    assert not created
    assert member.user == officer
    officer = User.objects.get(pk=officer.pk)
    assert set(permissions.roles_of(officer)) == {Role.OFFICER.value, Role.COUNCILLOR.value}
    assert officer.history.first().history_change_reason == "Roles changed: added Councillor"
    assert officer.history.first().history_user == clerk
    with pytest.raises(RuleError, match="already a councillor"):
        councillor(clerk, email="sam@northbridge.example", ward=WardFactory())


def test_a_refused_councillor_leaves_no_person_behind(clerk):
    with pytest.raises(RuleError):
        councillor(clerk, term_ends_on=datetime.date(2023, 5, 1))
    assert not User.objects.filter(email="ada.lovelace@northbridge.example").exists()


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"elected_on": datetime.date(2023, 5, 4), "term_starts_on": datetime.date(2023, 5, 1)}, "term_starts_on"),
        ({"term_starts_on": datetime.date(2027, 5, 8), "term_ends_on": datetime.date(2027, 5, 8)}, "term_ends_on"),
        ({"term_starts_on": datetime.date(2023, 5, 8), "term_ends_on": datetime.date(2024, 5, 8)}, "term_ends_on"),
    ],
    ids=["starts-before-the-poll", "ends-as-it-starts", "ends-in-the-past"],
)
def test_term_dates_are_checked(clerk, dates, field):
    with pytest.raises(RuleError) as error:
        councillor(clerk, **dates)
    assert error.value.field == field


def test_a_councillors_term_cannot_be_ended_by_changing_its_dates(clerk):
    """Leaving office is its own action (end the term): not a change of details."""
    member = MemberFactory(term_ends_on=TODAY + datetime.timedelta(days=400))
    with pytest.raises(RuleError) as error:
        services.councillor_update(member=member, by=clerk, term_ends_on=TODAY - datetime.timedelta(days=1))
    assert error.value.field == "term_ends_on"
    assert "end their term" in error.value.message
    assert Member.objects.get(pk=member.pk).term_ends_on == TODAY + datetime.timedelta(days=400)
    # A later end is a change of details.
    services.councillor_update(member=member, by=clerk, term_ends_on=TODAY + datetime.timedelta(days=800))
    assert Member.objects.get(pk=member.pk).term_ends_on == TODAY + datetime.timedelta(days=800)


def test_a_former_councillors_details_can_still_be_corrected(clerk):
    member = MemberFactory(term_ends_on=datetime.date(2024, 5, 9))
    services.councillor_update(member=member, by=clerk, postal_address="Town Hall", name={"first_name": "Alan"})
    member.refresh_from_db()
    assert member.postal_address == "Town Hall"
    assert member.user.first_name == "Alan"
    assert member.user.history.first().history_change_reason == "Name changed"


def test_former_councillors_are_kept_out_of_current_and_public(clerk):
    serving = MemberFactory()
    former = MemberFactory(term_ends_on=TODAY - datetime.timedelta(days=1))
    hidden = MemberFactory(is_public=False)
    assert set(Member.objects.current()) == {serving, hidden}
    assert set(Member.objects.former()) == {former}
    assert set(Member.objects.public()) == {serving}
    assert former.is_former() and not serving.is_former()
    # The public still finds the former councillor's page (past minutes name them), not the hidden one.
    from django.contrib.auth.models import AnonymousUser

    assert set(access.councillors_visible(AnonymousUser())) == {serving, former}


def test_a_photo_needs_its_description(clerk):
    with pytest.raises(RuleError) as error:
        councillor(clerk, photo=photo())
    assert error.value.field == "photo_alt"
    assert not Member.objects.exists()


def test_a_photo_is_stored_re_encoded_under_a_name_of_ours(clerk):
    member, _ = councillor(clerk, photo=photo(name="../../evil.php.jpg"), photo_alt="Ada Lovelace, smiling")
    assert member.photo.name.startswith(f"members/photos/{member.pk}/photo")
    assert member.photo.name.endswith(".jpg")
    with member.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (40, 30)


def test_a_png_stays_a_png_and_a_large_photo_is_made_smaller(clerk):
    checked = photos.check_photo(photo(image_bytes("PNG", size=(2400, 1200)), name="p.png"))
    assert checked.content_type == "image/png"
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.size == (photos.PHOTO_MAX_SIDE, photos.PHOTO_MAX_SIDE // 2)


def test_a_text_file_renamed_as_a_photo_is_refused():
    with pytest.raises(RuleError) as error:
        photos.check_photo(photo(b"<script>alert(1)</script>", name="photo.jpg"))
    assert error.value.field == "photo"
    assert error.value.message == photos.NOT_A_PHOTO


def test_an_image_that_is_not_jpeg_or_png_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(RuleError, match="JPG or PNG"):
        photos.check_photo(photo(out.getvalue(), name="photo.png"))


def test_an_oversized_photo_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(photos, "PHOTO_MAX_BYTES", 1000)
    big = image_bytes("PNG", size=(400, 400), color=(1, 2, 3)) + b"\0" * 2000
    with pytest.raises(RuleError) as error:
        photos.check_photo(photo(big, name="big.png"))
    assert error.value.field == "photo"
    assert "smaller than" in error.value.message


def test_a_photo_of_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(photos, "PHOTO_MAX_PIXELS", 100)
    with pytest.raises(RuleError, match="too large"):
        photos.check_photo(photo(image_bytes(size=(20, 20))))


def test_a_replaced_photo_is_deleted_and_a_removed_one_too(clerk, django_capture_on_commit_callbacks):
    member, _ = councillor(clerk, photo=photo(), photo_alt="Ada")
    first = member.photo.name
    storage = member.photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.councillor_update(member=member, by=clerk, photo=photo(image_bytes("PNG"), name="new.png"))
    assert member.photo.name.endswith(".png")
    assert not storage.exists(first)
    second = member.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.councillor_update(member=member, by=clerk, remove_photo=True)
    assert not Member.objects.get(pk=member.pk).photo
    assert not storage.exists(second)


# Invitations (through the page, which sends them once the councillor is saved)


def _add_councillor_page(client, ward, **extra):
    from django.urls import reverse

    return client.post(
        reverse("members:councillor-add"),
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace.hopper@northbridge.example",
            "ward": ward.pk,
            "is_public": "on",
            **extra,
        },
        follow=True,
    )


def test_a_new_councillor_is_sent_an_invitation_to_choose_a_password(client, clerk, django_capture_on_commit_callbacks):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = _add_councillor_page(client, WardFactory())
    assert response.status_code == 200
    member = Member.objects.get(user__email="grace.hopper@northbridge.example")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace.hopper@northbridge.example"]
    assert "/accounts/reset/" in mail.outbox[0].body
    assert "sent an email to choose a password" in response.content.decode()
    assert member.party is None and member.party_name == "Independent"


def test_a_mail_failure_leaves_the_councillor_saved_with_a_warning(client, clerk, monkeypatch):
    from council.mail import CeleryEmailBackend

    def down(self, messages):
        raise ConnectionRefusedError("mail queue down")

    monkeypatch.setattr(CeleryEmailBackend, "send_messages", down)
    client.force_login(clerk)
    response = _add_councillor_page(client, WardFactory())
    assert Member.objects.filter(user__email="grace.hopper@northbridge.example").exists()
    text = response.content.decode()
    assert "could not be sent" in text
    assert "Forgotten your password?" in text


def test_a_person_who_already_signs_in_is_not_invited_again(client, clerk, django_capture_on_commit_callbacks):
    UserFactory(email="grace.hopper@northbridge.example", roles=[Role.OFFICER])
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = _add_councillor_page(client, WardFactory())
    assert Member.objects.filter(user__email="grace.hopper@northbridge.example").exists()
    assert mail.outbox == []
    assert "already signs in" in response.content.decode()


# Officers


def test_adding_an_officer_creates_or_links_their_sign_in(clerk):
    officer, created = services.officer_create(
        by=clerk,
        email="li.wei@northbridge.example",
        first_name="Li",
        last_name="Wei",
        job_title="Head of Finance",
        directorate="Resources",
        phone="01632 960001",
    )
    assert created
    assert permissions.roles_of(officer.user) == [Role.OFFICER.value]
    # A former councillor employed later (a serving one cannot be: LGA 1972 s.80, see
    # tests/test_security_setup_review.py).
    councillor_person = MemberFactory(term_ends_on=datetime.date(2024, 5, 5)).user
    linked, created = services.officer_create(
        by=clerk, email=councillor_person.email, first_name="x", last_name="y", job_title="Policy Officer"
    )
    assert not created and linked.user == councillor_person
    with pytest.raises(RuleError, match="already an officer"):
        services.officer_create(
            by=clerk, email="li.wei@northbridge.example", first_name="Li", last_name="Wei", job_title="Other"
        )


def test_an_officer_who_leaves_changes_nothing_else(clerk):
    officer = OfficerFactory()
    body = BodyFactory()
    seat = MembershipFactory(person=officer.user, body=body)
    roles = permissions.roles_of(officer.user)
    services.officer_retire(officer=officer, by=clerk, on=TODAY)

    officer.refresh_from_db()
    assert officer.retired_on == TODAY and officer not in Officer.objects.in_use()
    assert officer.user.is_active
    assert permissions.roles_of(User.objects.get(pk=officer.user.pk)) == roles
    assert body.memberships.current().filter(pk=seat.pk).exists()
    assert officer.history.first().history_change_reason == "Officer left the council"


# Portfolios


def test_a_portfolio_is_held_by_a_serving_councillor(clerk):
    serving = MemberFactory()
    former = MemberFactory(term_ends_on=TODAY - datetime.timedelta(days=1))
    portfolio = services.portfolio_create(by=clerk, title="Corporate Services", cabinet_member=serving)
    assert portfolio.cabinet_member == serving
    with pytest.raises(RuleError) as error:
        services.portfolio_create(by=clerk, title="Housing", cabinet_member=former)
    assert error.value.field == "cabinet_member"
    with pytest.raises(RuleError, match="already exists"):
        services.portfolio_create(by=clerk, title="corporate services")


def test_a_retired_portfolio_is_kept(clerk):
    portfolio = PortfolioFactory()
    services.portfolio_retire(portfolio=portfolio, by=clerk)
    assert Portfolio.objects.filter(pk=portfolio.pk).exists()
    assert portfolio not in Portfolio.objects.in_use()
    # A portfolio whose holder has since left office keeps them until it is changed.
    services.portfolio_update(portfolio=portfolio, by=clerk, responsibilities="Finance and assets")


# Bodies


def test_a_body_has_terms_of_reference(clerk):
    body = services.body_create(
        by=clerk, name="Licensing Committee", kind="committee", terms_of_reference="Licensing Act 2003 functions."
    )
    assert body.terms_of_reference == "Licensing Act 2003 functions."
    services.body_update(body=body, by=clerk, terms_of_reference="Licensing Act 2003 and Gambling Act 2005.")
    assert body.history.first().terms_of_reference == "Licensing Act 2003 and Gambling Act 2005."
