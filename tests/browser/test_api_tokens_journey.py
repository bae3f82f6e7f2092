"""A councillor reads about the open API, makes a personal token, uses it, and revokes it."""

import pytest

from record.models import ApiToken
from tests.factories import MemberFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_councillor_makes_an_api_token_uses_it_and_revokes_it(page, live_server):
    councillor = MemberFactory(user__email="cllr.patel@northbridge.example").user
    page.goto("/api/")
    assert page.get_by_role("heading", name="Open data API").is_visible()
    assert_accessible(page)

    sign_in(page, councillor.email, PASSWORD)
    page.goto("/api/tokens/")
    assert_accessible(page)
    page.get_by_role("button", name="Make a token").click()  # no name: the error summary
    assert page.title().startswith("Error: ")
    assert "Enter a name for the token" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    page.get_by_label("Name of the token").fill("Ward newsletter")
    page.get_by_role("button", name="Make a token").click()
    secret = page.locator("#new-token").inner_text().strip()
    assert secret.startswith("cgapi_")
    assert_accessible(page)

    api = page.context.request
    answer = api.get(f"{live_server.url}/api/v1/", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200 and answer.json()["licence"] == "Open Government Licence v3.0"

    page.goto("/api/tokens/")  # shown once: not on the page again
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke Ward newsletter").click()
    assert "revoked" in page.locator(".govuk-notification-banner").inner_text()
    assert ApiToken.objects.get().is_revoked
    refused = api.get(f"{live_server.url}/api/v1/", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status == 401
