"""A council with no demo data gets its first Administrator from the command line:
``manage.py create_administrator``, with an invitation email or a printed one-time link."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from council.roles import Role
from tests.factories import UserFactory
from tests.factories.council import code_from

pytestmark = pytest.mark.django_db

User = get_user_model()
EMAIL = "ada.lovelace@northbridge.example"
NEW_PASSWORD = "harbour-lights-at-dusk"  # noqa: S105 - the person's own, chosen in the test


def create(*args, **options) -> str:
    out = io.StringIO()
    call_command("create_administrator", *args, stdout=out, **options)
    return out.getvalue()


def link_path(text: str) -> str:
    return re.search(r"https://democracy\.northbridge\.example(/accounts/reset/\S+/)", text).group(1)


def set_password(client, path: str):
    """Open the one-time link and choose a password, as the person would."""
    form_url = client.get(path)["Location"]
    return client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_on_an_empty_database_it_makes_one_administrator_with_no_password_and_emails_a_link(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = False  # it is for production
    assert not User.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        out = create(EMAIL, "--first-name", "Ada", "--last-name", "Lovelace")

    person = User.objects.get()
    assert (person.email, person.get_full_name()) == (EMAIL, "Ada Lovelace")
    assert list(person.groups.values_list("name", flat=True)) == [Role.ADMINISTRATOR.value]
    assert not person.has_usable_password()
    assert "sent" in out and EMAIL in out and "/accounts/reset/" not in out

    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert "You have been made an Administrator" in mail.outbox[0].body
    assert reverse("password_reset") not in mail.outbox[0].body  # that form is for people with a password
    response = set_password(client, link_path(mail.outbox[0].body))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_the_history_says_the_command_made_them(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        create(EMAIL, "--first-name", "Ada", "--last-name", "Lovelace")
    record = User.objects.get().history.get()
    assert record.history_user is None
    assert "create_administrator" in record.history_change_reason


def test_print_link_lets_them_choose_a_password_then_two_factor_comes_before_anything_else(client):
    out = create(EMAIL, "--first-name", "Ada", "--last-name", "Lovelace", "--print-link")
    assert mail.outbox == []
    person = User.objects.get()

    path = link_path(out)
    response = set_password(client, path)
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_complete")

    # Signed in with the new password, the Administrator must set up an authenticator app first.
    response = client.post(reverse("login"), {"username": EMAIL, "password": NEW_PASSWORD})
    assert response["Location"].startswith(reverse("two-factor-setup"))
    for name in ("home", "people", "members:council-setup"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-setup"))

    client.get(reverse("two-factor-setup"))
    device = person.totpdevice_set.get()
    response = client.post(reverse("two-factor-setup"), {"code": code_from(device)})
    assert response.status_code == 302
    assert client.get(reverse("people")).status_code == 200
    assert client.get(reverse("members:council-setup")).status_code == 200


def test_the_link_works_once():
    from django.test import Client

    out = create(EMAIL, "--first-name", "Ada", "--last-name", "Lovelace", "--print-link")
    path = link_path(out)
    assert set_password(Client(), path).status_code == 302

    again = Client().get(path, follow=True)
    assert "This link has expired" in again.content.decode()
    assert "already been used" in again.content.decode()
    person = User.objects.get()
    assert person.check_password(NEW_PASSWORD)


def test_an_address_that_is_already_a_person_is_refused():
    UserFactory(email=EMAIL, roles=[Role.COUNCILLOR])
    with pytest.raises(CommandError, match="already") as refused:
        create(EMAIL.upper(), "--first-name", "Ada", "--last-name", "Lovelace")
    assert "/people/" in str(refused.value)
    assert User.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize("email", ["not-an-address", "ada@", ""])
def test_an_address_that_is_not_valid_is_refused(email):
    with pytest.raises(CommandError, match="email address"):
        create(email, "--first-name", "Ada", "--last-name", "Lovelace")
    assert not User.objects.exists()


def test_names_are_needed():
    with pytest.raises(CommandError):
        create(EMAIL, "--first-name", " ", "--last-name", "Lovelace")
    assert not User.objects.exists()


def test_a_refusal_exits_non_zero(capsys):
    from django.core.management import ManagementUtility

    argv = ["manage.py", "create_administrator", "nobody", "--first-name", "A", "--last-name", "B"]
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(argv).execute()
    assert exited.value.code != 0
    assert "email address" in capsys.readouterr().err


def test_an_administrator_who_has_not_chosen_a_password_gets_a_new_link_not_a_second_account(client):
    create(EMAIL, "--first-name", "Ada", "--last-name", "Lovelace", "--print-link")
    with pytest.raises(CommandError, match="--new-link"):
        create(EMAIL, "--first-name", "Ada", "--last-name", "Lovelace", "--print-link")

    out = create(EMAIL, "--new-link", "--print-link")
    assert set_password(client, link_path(out)).status_code == 302
    assert User.objects.get().check_password(NEW_PASSWORD)

    # Once they have a password, there is no new link from here: they use "Forgotten your password?".
    with pytest.raises(CommandError, match="Forgotten your password"):
        create(EMAIL, "--new-link", "--print-link")


def test_a_new_link_is_only_for_an_administrator(django_capture_on_commit_callbacks):
    councillor = UserFactory(email=EMAIL, roles=[Role.COUNCILLOR])
    councillor.set_unusable_password()
    councillor.save()
    with pytest.raises(CommandError, match="not an Administrator"):
        create(EMAIL, "--new-link")
    with pytest.raises(CommandError, match="not an Administrator"):
        create("nobody@northbridge.example", "--new-link")
    assert mail.outbox == []


def test_when_the_email_cannot_be_sent_the_link_is_printed_instead(monkeypatch, client):
    monkeypatch.setattr("council.management.commands.create_administrator.send_invitation", lambda person: False)
    err = io.StringIO()
    out = create(EMAIL, "--first-name", "Ada", "--last-name", "Lovelace", stderr=err)
    assert "could not be sent" in err.getvalue()
    assert set_password(client, link_path(out)).status_code == 302
