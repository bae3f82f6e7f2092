"""Signing in as an officer: setting up an authenticator app, then the code, without JavaScript."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from council.roles import Role
from tests.factories import UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def code_for_key(typed_key: str, seconds_later: int = 0) -> str:
    """What an authenticator app shows for a key typed into it (now, or a little later: a code is
    accepted once only, so the next sign-in uses the next one)."""
    key = typed_key.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() + seconds_later
    return f"{totp.token():06d}"


def test_officer_sets_up_an_authenticator_app_and_signs_in_without_javascript(page_without_javascript):
    page = page_without_javascript
    UserFactory(email="officer@northbridge.example", first_name="Sam", last_name="Okafor", roles=[Role.OFFICER])

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("officer@northbridge.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    assert_accessible(page)
    qr = page.get_by_role("img", name="QR code for setting up your authenticator app")
    assert page.evaluate("img => img.naturalWidth", qr.element_handle()) > 0
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator(".govuk-details__text code").inner_text()

    page.get_by_label("Code from your authenticator app").fill("12")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Code from your authenticator app").fill(code_for_key(key))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")

    # Signed out, the next sign-in asks for the code from the app.
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("officer@northbridge.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(code_for_key(key, seconds_later=30))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
