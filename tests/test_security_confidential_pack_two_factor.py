"""The members' confidential agenda pack opens only in a session verified with two factors
(docs/decisions/0029). Councillors need no authenticator app to sign in; one signed in on a password
alone who opens the pack (from their summons or the meeting page) is led to set one up, then back to
the pack."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from council.packs import services as pack_services
from members.models import MembershipRole
from scrutiny import packs, services
from scrutiny.models import ExemptDocumentAccess
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory
from tests.factories.council import authenticator_for, code_from

pytestmark = pytest.mark.django_db

MARKER = "PINK-PAPER-42 leisure tender"


@pytest.fixture
def body():
    return BodyFactory(name="Overview and Scrutiny Committee")


@pytest.fixture
def clerk(body, clerk_of):
    return clerk_of(body)


@pytest.fixture
def councillor(body):
    """A member of the committee with no authenticator app (a password is all a councillor needs to sign in)."""
    person = MemberFactory(user__first_name="Sam", user__last_name="McLain").user
    MembershipFactory(body=body, person=person, role=MembershipRole.MEMBER)
    return person


@pytest.fixture
def meeting(body, clerk, councillor):
    meeting = MeetingFactory(body=body)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    services.agenda_item_add(
        meeting=meeting, by=clerk, title=MARKER, exempt=True, exempt_paragraph=3,
        public_interest_reason="Tender prices would harm the council's negotiating position",
    )  # fmt: skip
    services.agenda_publish(meeting=meeting, by=clerk)
    done = pack_services.build_now(packs.KIND, meeting, "confidential", by=clerk)
    assert done.status == "done", done.error
    return meeting


def routes(meeting):
    args = [packs.KIND, meeting.pk, "confidential"]
    return [
        reverse("packs:download", args=args),
        reverse("packs:download-version", args=[*args, 1]),
        reverse("packs:versions", args=args),  # the link in the summons
    ]


def test_a_councillor_on_a_password_alone_is_refused_the_confidential_pack_and_told_why(client, meeting, councillor):
    client.force_login(councillor)  # no app: the session is not verified
    for url in routes(meeting):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('two-factor-setup')}?next={url.replace('/', '%2F')}"
        assert MARKER.encode() not in response.content
        message = str(list(get_messages(response.wsgi_request))[-1])
        assert "This pack is confidential" in message and "Set up an app" in message
    assert not ExemptDocumentAccess.objects.exists()  # nothing opened, nothing logged
    # The public pack needs no second factor.
    assert client.get(reverse("packs:versions", args=[packs.KIND, meeting.pk, "public"])).status_code == 200


def test_the_set_up_page_says_why_and_brings_the_councillor_back_to_the_pack(client, meeting, councillor):
    client.force_login(councillor)
    url = routes(meeting)[0]
    page = client.get(url, follow=True)
    assert page.redirect_chain[-1][0].startswith(reverse("two-factor-setup"))
    assert "This pack is confidential" in page.content.decode()

    from council.accounts import two_factor

    device = two_factor.pending_device(councillor)
    response = client.post(f"{reverse('two-factor-setup')}?next={url}", {"code": code_from(device), "next": url})
    assert response.status_code == 302 and response["Location"] == url
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


@pytest.mark.real_two_factor
def test_a_councillor_with_an_app_who_has_not_entered_the_code_is_the_public(client, meeting, councillor):
    authenticator_for(councillor)
    client.force_login(councillor)  # the password step only
    for url in routes(meeting):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))  # public pages treat the session as the public
    assert not ExemptDocumentAccess.objects.exists()


def test_a_councillor_verified_with_two_factors_downloads_it(client, meeting, councillor):
    authenticator_for(councillor)
    client.force_login(councillor)  # stands for password and code (root conftest)
    for url in routes(meeting):
        assert client.get(url).status_code == 200
