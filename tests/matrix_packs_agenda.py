"""Permission matrix checks for agenda packs (docs/permissions.md).

"own" for building: a committee the person clerks. "own" for the members' confidential pack: for
Democratic Services a committee they clerk, for councillors and Cabinet Members a current seat on
the committee. Each check publishes an agenda with one exempt item and makes one request.
"""

from django.urls import reverse

from council import permissions
from council.packs.models import BuildStatus, PackBuild
from council.roles import Role
from scrutiny import packs, services
from tests.factories import BodyFactory, MeetingFactory, MembershipFactory, UserFactory
from tests.factories.council import authenticator_for
from tests.matrix import outcome


def _published(person=None, own=None):
    body = BodyFactory()
    if own and person is not None:
        if permissions.has_role(person, Role.DEMOCRATIC_SERVICES) or permissions.has_role(person, Role.ADMINISTRATOR):
            permissions.grant("members.change_body", person, body)
        else:
            MembershipFactory(body=body, person=person)
    meeting = MeetingFactory(body=body)
    clerk = UserFactory()
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    services.agenda_item_add(
        meeting=meeting, by=clerk, title="Leisure contract award", exempt=True, exempt_paragraph=3,
        public_interest_reason="Tender prices would harm the council's negotiating position",
    )  # fmt: skip
    services.agenda_publish(meeting=meeting, by=clerk)
    return meeting, clerk


def _built(meeting, edition, clerk):
    from council.packs import services as pack_services

    pack_services.build_now(packs.KIND, meeting, edition, by=clerk)


def agenda_pack_build(client, person, own=None):
    from council.packs import services as pack_services

    meeting, _ = _published(person, own)
    builds = PackBuild.objects.filter(kind=packs.KIND, object_id=str(meeting.pk))
    # The builds queued with the publication have run (failed, to keep the check quick), so a
    # request now queues a build of its own.
    for build in builds:
        pack_services.fail_build(build.pk, "Not built in this check.")
    response = client.post(reverse("packs:build", args=[packs.KIND, meeting.pk, "public"]))
    return outcome(response, builds.filter(status=BuildStatus.QUEUED).exists())


def agenda_pack_download(client, person, own=None):
    meeting, clerk = _published()
    _built(meeting, "public", clerk)
    return client.get(reverse("packs:download", args=[packs.KIND, meeting.pk, "public"]))


def agenda_pack_download_confidential(client, person, own=None):
    meeting, clerk = _published(person, own)
    if person is not None:
        # The confidential pack opens only in a session verified with two factors: a councillor,
        # who may sign in without an app, signs in with one here.
        authenticator_for(person)
        client.force_login(person)
    _built(meeting, "confidential", clerk)
    return client.get(reverse("packs:download", args=[packs.KIND, meeting.pk, "confidential"]))


def agenda_web(client, person, own=None):
    meeting, _ = _published()
    return client.get(reverse("scrutiny:agenda-print", args=[meeting.pk]))


CAPABILITIES = {
    "packs.agenda-build": agenda_pack_build,
    "packs.agenda-download": agenda_pack_download,
    "packs.agenda-download-confidential": agenda_pack_download_confidential,
    "agenda.web": agenda_web,
}
