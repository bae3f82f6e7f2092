"""An attacker's and a sceptical Monitoring Officer's review of issue 11 ("Trust"): the holes found
after findings 1-8 and 10-13 were fixed, each proven by a test that failed before its fix."""

import pytest
from django.urls import reverse

from scrutiny import packs
from tests.exempt_scenario import PREFIX, marker, plant
from tests.factories.council import PASSWORD
from tests.test_security_exempt_leak import body_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def s():
    return plant()


def text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


# --- Two-factor sign-in: a password alone opens nothing the public could not ----------------------


@pytest.mark.real_two_factor
def test_a_password_alone_does_not_open_exempt_papers_through_the_public_pages(client, s):
    """A clerk (a two-factor role) who has typed the password but not the code is, on the pages the
    public may open (the meeting page, a paper, a pack), the public: not the clerk."""
    from council.packs import services as pack_services

    pack_services.build_now(packs.KIND, s.meeting, packs.CONFIDENTIAL, by=s.clerk)
    response = client.post(reverse("login"), {"username": s.clerk.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-setup"))

    urls = [
        reverse("scrutiny:meeting-detail", args=[s.meeting.pk]),
        reverse("scrutiny:document-open", args=[s.meeting.pk, s.document.pk]),
        reverse("scrutiny:minutes", args=[s.meeting.pk]),
        reverse("scrutiny:work-programme", args=[s.body.slug]),
        reverse("scrutiny:recommendations"),
        reverse("packs:download", args=[packs.KIND, s.meeting.pk, packs.CONFIDENTIAL]),
        reverse("packs:versions", args=[packs.KIND, s.meeting.pk, packs.CONFIDENTIAL]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), url
        assert PREFIX not in text(response), f"{url} answered a password-only session as the clerk"
        if response.status_code == 200:
            assert "application/pdf" not in response.get("Content-Type", ""), url
    assert marker("document title")  # the marker the clerk would see once verified


def _no_role_clerk(s):
    from council import permissions
    from tests.factories import UserFactory

    clerk = UserFactory(roles=[])  # the Democratic Services role taken away; the committee's grant kept
    permissions.grant("members.change_body", clerk, s.body)
    return clerk


def _no_role_officer(s):
    from council import permissions
    from tests.factories import OfficerFactory

    officer = OfficerFactory(user__roles=[]).user  # an officer whose role was taken away
    permissions.grant("scrutiny.view_exempt_papers", officer, s.exempt_item)
    return officer


@pytest.mark.real_two_factor
@pytest.mark.parametrize("who", [_no_role_clerk, _no_role_officer], ids=["clerk by grant", "need-to-know officer"])
def test_whoever_can_open_exempt_papers_needs_a_code_whatever_their_role(client, s, who):
    """Two-factor sign-in is for everyone who can open exempt papers, not only for the roles that
    usually can: a grant (a committee's clerk, an officer's need-to-know) is enough to open them."""
    person = who(s)
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-setup"))
    opened = client.get(reverse("scrutiny:document-open", args=[s.meeting.pk, s.document.pk]))
    assert "application/pdf" not in opened.get("Content-Type", "")
    assert PREFIX not in text(client.get(reverse("scrutiny:meeting-detail", args=[s.meeting.pk])))


# --- Draft minutes: what a work plan's bring-back answers ------------------------------------------


def test_a_work_plan_does_not_show_an_action_of_draft_minutes_to_those_who_may_not_read_them(client, s):
    """A version brought back answers the committee's open "bring the work plan back" action; while
    the minutes that made the action are draft, its wording is for the committee's clerks and members
    (as on the work programme), not for everyone who may read the work plan."""
    from commissioning.services.workplan import workplan_bring_back
    from scrutiny import services
    from scrutiny.models import Minute
    from tests.factories.commissioning import WorkPlanVersionFactory

    minute = Minute.objects.get(item=s.item)
    resolution = services.resolution_add(minute=minute, text="Resolved to see the plan.", by=s.clerk)
    action = services.action_add(
        resolution=resolution,
        description=f"Bring the work plan back {marker('draft action')}",
        owner_text="Assistant Chief Executive",
        when_available=True,
        bring_back_to=s.body,
        by=s.clerk,
    )
    version = WorkPlanVersionFactory()
    bring_back = workplan_bring_back(version=version, body=s.body, answering=action.work_programme_entry, by=s.clerk)
    assert marker("draft action") in bring_back.entry.title  # it answered the action of draft minutes

    from council.packs import services as pack_services

    assert pack_services.build_now("work-plan", version, "internal", by=s.clerk).status == "done"
    urls = [
        reverse("commissioning:workplan-detail", args=[version.number]),
        reverse("history", args=["commissioning", "workplanbringback", bring_back.pk]),
        reverse("packs:download", args=["work-plan", version.pk, "internal"]),
    ]
    for person in (s.outsider, s.other_clerk):
        client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert marker("draft action") not in body_of(response), f"{person} read draft minutes on {url}"
    client.force_login(s.member)
    assert marker("draft action") in text(client.get(urls[0]))
