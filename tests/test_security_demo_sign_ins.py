"""Demo sign-ins stay demo-only: the demo council's one published password never opens a live
service, the demo cannot be loaded into one, and nobody can choose that password for themselves."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from council.demo import DEMO_PASSWORD
from council.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_the_demo_password_does_not_sign_in_on_a_live_service(client, settings):
    """A live database that somehow holds a demo account (a copied demo, a person given the demo
    password) still refuses the published password."""
    settings.DEBUG = False
    person = UserFactory(email="demo.councillor@northbridge.example", roles=[Role.COUNCILLOR])
    person.set_password(DEMO_PASSWORD)
    person.save()

    response = sign_in(client, person.email, DEMO_PASSWORD)

    page = response.content.decode()
    assert response.status_code == 200
    assert "demo council" in page and "govuk-error-summary" in page
    assert client.get(reverse("home")).status_code != 200 or "_auth_user_id" not in client.session


def test_the_demo_password_signs_in_on_the_demo(client, settings):
    settings.DEBUG = True
    person = UserFactory(email="demo.councillor@northbridge.example", roles=[Role.COUNCILLOR])
    person.set_password(DEMO_PASSWORD)
    person.save()

    response = sign_in(client, person.email, DEMO_PASSWORD)

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_demo_is_not_loaded_into_a_live_service(settings):
    settings.DEBUG = False
    from django.contrib.auth import get_user_model

    with pytest.raises(CommandError, match="only where DEBUG is on"):
        call_command("load_demo")
    assert get_user_model().objects.count() == 0


@pytest.mark.parametrize("debug", [True, False])
def test_nobody_may_choose_the_demo_password(settings, debug):
    settings.DEBUG = debug
    with pytest.raises(ValidationError, match="demo council"):
        validate_password(DEMO_PASSWORD, UserFactory.build())


def test_an_invited_person_cannot_set_the_demo_password(client, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("person-add"),
            {"first_name": "Grace", "last_name": "Hopper", "email": "grace@northbridge.example", "roles": []},
        )
    client.logout()
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD},
    )
    assert response.status_code == 200
    assert "demo council" in response.content.decode()
