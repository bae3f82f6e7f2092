"""Signing in and out, password reset, and the styled error pages."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from council.roles import Role
from tests.factories import UserFactory
from tests.factories.council import authenticator_for, code_from

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (reverse("home"), reverse("people"), reverse("members:body-add")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_sign_in_with_email_and_password_then_sign_out(client, password):
    person = UserFactory(
        email="clerk@northbridge.example", first_name="Priya", last_name="Shah", roles=[Role.DEMOCRATIC_SERVICES]
    )
    device = authenticator_for(person)
    response = client.post(reverse("login"), {"username": "clerk@northbridge.example", "password": password})
    assert response.status_code == 302 and response["Location"].startswith(reverse("two-factor-verify"))
    response = client.post(response["Location"], {"code": code_from(device)})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert person.get_full_name() in client.get(reverse("home")).content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_password_gets_the_error_summary(client):
    UserFactory(email="officer@northbridge.example")
    response = client.post(reverse("login"), {"username": "officer@northbridge.example", "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'value="officer@northbridge.example"' in page


def test_password_reset_by_email(client, django_capture_on_commit_callbacks):
    person = UserFactory(email="member@northbridge.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "member@northbridge.example"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a-new-long-passphrase")


def test_denied_page_is_the_styled_403(client):
    client.force_login(UserFactory(roles=[Role.COUNCILLOR]))
    response = client.get(reverse("people"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "You do not have permission to see this page" in page
    assert "Northbridge Borough Council" in page


def test_not_found_page_is_styled(client):
    response = client.get("/no-such-page/")
    assert response.status_code in (302, 404)
    client.force_login(UserFactory())
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_page_is_styled(client):
    from council.views import server_error

    response = server_error(None)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "Northbridge Borough Council" in page


def test_health_check_is_public(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and "Every part of the service is working." in response.content.decode()


def test_password_reset_email_names_the_council_and_service(client, django_capture_on_commit_callbacks):
    UserFactory(email="member@northbridge.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "member@northbridge.example"})
    message = mail.outbox[0]
    assert "Northbridge Borough Council" in message.subject + message.body
    assert "Commissioning governance" in message.body


def test_sign_in_page_uses_gov_uk_labels_and_does_not_steal_focus(client):
    page = client.get(reverse("login")).content.decode()
    assert "Email address" in page
    assert "autofocus" not in page


def test_the_accessibility_statement_is_public_and_linked_from_every_page(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "Accessibility statement" in response.content.decode()
    assert f'href="{reverse("accessibility")}"' in client.get(reverse("login")).content.decode()
