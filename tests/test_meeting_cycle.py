"""The clerk's meeting cycle (issue 16): supplements named and numbered as the council names them,
packs built on publication with their progress on the clerk's page, a second click on Publish, and
the lock on a cancelled meeting."""

import datetime
import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from council.packs import services as pack_services
from council.packs.models import BuildStatus, PackBuild, PackVersion
from members.models import MembershipRole
from scrutiny import packs, services
from scrutiny.models import Attendance, AttendanceStatus, Declaration, Meeting, Publication
from tests.factories import MeetingFactory, MemberFactory, MembershipFactory
from tests.test_agenda_views import meeting_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def add_exempt(meeting, clerk, title="Leisure contract award"):
    return services.agenda_item_add(
        meeting=meeting,
        by=clerk,
        title=title,
        exempt=True,
        exempt_paragraph=3,
        public_interest_reason="Tender prices would harm the council's negotiating position",
    )


def a_pdf():
    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(out)
    return SimpleUploadedFile("report.pdf", out.getvalue(), content_type="application/pdf")


def builds_of(meeting) -> dict[str, str]:
    return dict(PackBuild.objects.filter(kind=packs.KIND, object_id=str(meeting.pk)).values_list("edition", "status"))


# --- Supplements: "Supplementary agenda 1", ordinary business when on time ------------------------


def test_a_supplement_published_on_time_is_supplementary_agenda_1_not_urgent_business(client, clerk_of):
    meeting = meeting_in(15)
    clerk = clerk_of(meeting.body)
    member = MemberFactory()
    MembershipFactory(body=meeting.body, person=member.user)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    services.agenda_publish(meeting=meeting, by=clerk)
    client.force_login(clerk)

    form = client.get(reverse("scrutiny:item-add", args=[meeting.pk])).content.decode()
    assert "will go out in supplementary agenda 1" in form
    assert "published on time, as ordinary business" in form
    assert "special circumstances" not in form  # no urgency asked while the clear days allow
    client.post(reverse("scrutiny:item-add", args=[meeting.pk]), {"title": "Budget monitoring", "kind": "report"})

    publish_url = reverse("scrutiny:publish", args=[meeting.pk])
    page = client.get(publish_url).content.decode()
    assert "Publish supplementary agenda 1" in page and "no urgency is needed" in page
    client.post(publish_url, {"version": "2"})
    supplement = meeting.publications.get(version=2)
    assert supplement.name == "Supplementary agenda 1" and supplement.supplement_number == 1
    assert supplement.deadline_met and supplement.urgent_reason == ""

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Supplementary agenda 1" in page
    assert "Urgent business" not in page and "Supplement 2" not in page
    summons = supplement.summonses.get(recipient=member.user)
    assert services.build_summons(summons).subject.startswith("Supplementary agenda 1: ")
    front = packs.build_spec(meeting, "supplement-2-public").parts[0].context
    assert front["supplement_number"] == 1 and front["urgent_reason"] == ""
    assert packs.label("supplement-2-public") == "Supplementary agenda 1: public pack"


# --- Packs built on publication ------------------------------------------------------------------


def test_publishing_queues_the_public_pack_and_the_confidential_pack_where_there_are_exempt_papers(clerk_of):
    plain = meeting_in(15)
    clerk = clerk_of(plain.body)
    services.agenda_item_add(meeting=plain, by=clerk, title="Strategic Commissioning")
    services.agenda_publish(meeting=plain, by=clerk)
    assert builds_of(plain) == {"public": BuildStatus.QUEUED}

    meeting = MeetingFactory(body=plain.body, starts_at=plain.starts_at + datetime.timedelta(days=7))
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    add_exempt(meeting, clerk)
    services.agenda_publish(meeting=meeting, by=clerk)
    assert builds_of(meeting) == {"public": BuildStatus.QUEUED, "confidential": BuildStatus.QUEUED}
    assert set(PackBuild.objects.values_list("requested_by", flat=True)) == {clerk.pk}

    services.agenda_item_add(meeting=meeting, by=clerk, title="Budget monitoring")
    services.supplement_publish(meeting=meeting, by=clerk)
    assert builds_of(meeting)["supplement-2-public"] == BuildStatus.QUEUED
    assert "supplement-2-confidential" not in builds_of(meeting)  # nothing exempt in it


def test_the_packs_are_built_once_the_publication_commits(clerk_of, django_capture_on_commit_callbacks):
    meeting = meeting_in(15)
    clerk = clerk_of(meeting.body)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=meeting, by=clerk)
    assert builds_of(meeting) == {"public": BuildStatus.DONE}
    assert PackVersion.objects.filter(kind=packs.KIND, object_id=str(meeting.pk), edition="public").count() == 1


def test_the_clerks_page_shows_each_packs_state_and_says_when_they_are_ready(client, clerk_of):
    meeting = meeting_in(15)
    clerk = clerk_of(meeting.body)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    add_exempt(meeting, clerk)
    services.agenda_publish(meeting=meeting, by=clerk)
    watching = f"{meeting.get_absolute_url()}?packs=progress"

    client.force_login(clerk)
    page = client.get(watching).content.decode()
    assert page.count(">Queued</strong>") == 2
    assert f'href="{watching}">refresh it to see their progress' in page  # by hand: no script needed
    assert "The agenda packs are ready" not in page

    public, confidential = PackBuild.objects.order_by("pk")
    pack_services.run_build(public.pk)  # as the worker does
    page = client.get(watching).content.decode()
    assert ">Ready</strong>" in page and ">Queued</strong>" in page
    assert "The agenda packs are ready" not in page

    pack_services.run_build(confidential.pk)
    page = client.get(watching).content.decode()
    assert page.count(">Ready</strong>") == 2
    assert "govuk-notification-banner--success" in page and "The agenda packs are ready" in page
    assert "refresh it to see their progress" not in page
    # Only when the clerk is watching: the meeting page itself stays quiet.
    assert "The agenda packs are ready" not in client.get(meeting.get_absolute_url()).content.decode()

    rebuild = pack_services.request_build(packs.KIND, meeting, "public", by=clerk)
    pack_services.fail_build(rebuild.pk, "The report could not be read.")
    page = client.get(watching).content.decode()
    assert ">Failed</strong>" in page and "The agenda packs are ready" not in page

    client.logout()
    public_page = client.get(watching).content.decode()
    assert "Agenda: public pack" in public_page
    assert ">Ready</strong>" not in public_page and ">Failed</strong>" not in public_page


# --- A second click on Publish -------------------------------------------------------------------


def test_publish_sent_twice_shows_the_published_agenda_not_an_error(client, clerk_of):
    meeting = meeting_in(15)
    clerk = clerk_of(meeting.body)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    client.force_login(clerk)
    url = reverse("scrutiny:publish", args=[meeting.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()

    first = client.post(url, {"version": "1"})
    second = client.post(url, {"version": "1"})
    expected = f"{meeting.get_absolute_url()}?packs=progress#packs"
    assert (first.status_code, first.url) == (302, expected)
    assert (second.status_code, second.url) == (302, expected)
    assert Publication.objects.filter(meeting=meeting).count() == 1
    assert builds_of(meeting) == {"public": BuildStatus.QUEUED}
    page = client.get(second.url).content.decode()
    assert "Agenda published" in page and "govuk-error-summary" not in page


def test_the_same_publication_asked_for_again_is_returned_even_by_a_request_that_read_the_meeting_before(clerk_of):
    meeting = meeting_in(15)
    clerk = clerk_of(meeting.body)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    stale = Meeting.objects.get(pk=meeting.pk)  # the second click read the meeting still scheduled
    first = services.agenda_publish(meeting=meeting, by=clerk, version=1)
    assert services.agenda_publish(meeting=stale, by=clerk, version=1) == first
    assert services.supplement_publish(meeting=meeting, by=clerk, version=1) == first
    with pytest.raises(RuleError, match="already been published"):
        services.agenda_publish(meeting=meeting, by=clerk)  # a new request, not a repeat


# --- A cancelled meeting ---------------------------------------------------------------------------


@pytest.fixture
def cancelled(clerk_of):
    """A meeting that took place yesterday, with its register and a declaration, then cancelled
    (the clerk records what happened; the meeting is called off before it is marked held)."""
    starts = timezone.now() - datetime.timedelta(days=1)
    meeting = MeetingFactory(starts_at=starts)
    clerk = clerk_of(meeting.body)
    member = MemberFactory()
    MembershipFactory(body=meeting.body, person=member.user, role=MembershipRole.MEMBER, start_date=starts.date())
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    document = services.document_add(
        item=item, upload=a_pdf(), title="Report of the Assistant Chief Executive", kind="report", by=clerk
    )
    services.attendance_record(meeting=meeting, entries=[(member.user, AttendanceStatus.PRESENT, None, "")], by=clerk)
    declaration = services.declaration_add(
        item=item, person=member.user, kind="other_registrable", nature="Trustee of the leisure trust",
        left_room=False, by=clerk,
    )  # fmt: skip
    services.meeting_cancel(meeting=meeting, reason="The Chair is unwell and the business can wait", by=clerk)
    meeting.refresh_from_db()
    return {"meeting": meeting, "clerk": clerk, "member": member.user, "item": item, "document": document,
            "declaration": declaration}  # fmt: skip


def test_a_cancelled_meetings_items_papers_and_attendance_cannot_be_changed(cancelled):
    meeting, clerk, item = cancelled["meeting"], cancelled["clerk"], cancelled["item"]
    when = f"This meeting was cancelled on {timezone.localtime(meeting.cancelled_at):%-d %B %Y}"
    refused = {
        "add an item": lambda: services.agenda_item_add(meeting=meeting, by=clerk, title="Late business"),
        "change an item": lambda: services.agenda_item_update(item=item, by=clerk, title="Renamed"),
        "move an item": lambda: services.agenda_item_move(item=item, direction="up", by=clerk),
        "add the standard items": lambda: services.agenda_insert_standard_items(meeting=meeting, by=clerk),
        "publish": lambda: services.agenda_publish(meeting=meeting, by=clerk),
        "add a paper": lambda: services.document_add(
            item=item, upload=a_pdf(), title="Appendix", kind="appendix", by=clerk
        ),  # fmt: skip
        "remove a paper": lambda: services.document_remove(document=cancelled["document"], by=clerk),
        "record attendance": lambda: services.attendance_record(
            meeting=meeting, entries=[(cancelled["member"], AttendanceStatus.APOLOGIES, None, "")], by=clerk
        ),
        "declare": lambda: services.declaration_add(
            item=item,
            person=cancelled["member"],
            kind="other_registrable",
            nature="Again",
            left_room=False,
            by=clerk,
        ),  # fmt: skip
        "remove a declaration": lambda: services.declaration_remove(declaration=cancelled["declaration"], by=clerk),
        "move the meeting": lambda: services.meeting_reschedule(
            meeting=meeting, day=meeting.date, start_time=datetime.time(19), venue="Town Hall", by=clerk
        ),
        "cancel it again": lambda: services.meeting_cancel(meeting=meeting, reason="Again", by=clerk),
    }
    for action, attempt in refused.items():
        with pytest.raises(RuleError) as error:
            attempt()
        assert error.value.message.startswith(when), action
    assert item.documents.count() == 1
    assert Attendance.objects.get(meeting=meeting).status == AttendanceStatus.PRESENT
    assert Declaration.objects.filter(item=item).count() == 1


def test_the_cancelled_meetings_page_says_when_and_why_and_the_public_keeps_the_notice(client, cancelled):
    meeting, clerk, item = cancelled["meeting"], cancelled["clerk"], cancelled["item"]
    notice = f"This meeting was cancelled on {timezone.localtime(meeting.cancelled_at):%A %-d %B %Y}."
    client.force_login(clerk)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert notice in page and "Reason: The Chair is unwell and the business can wait" in page
    assert reverse("scrutiny:item-add", args=[meeting.pk]) not in page
    assert reverse("scrutiny:item-edit", args=[meeting.pk, item.pk]) not in page
    assert reverse("scrutiny:document-add", args=[meeting.pk, item.pk]) not in page

    # Sent anyway (an old tab): the GOV.UK error summary says why, and nothing changes.
    response = client.post(reverse("scrutiny:item-add", args=[meeting.pk]), {"title": "Late", "kind": "report"})
    assert "govuk-error-summary" in response.content.decode()
    assert "This meeting was cancelled on" in response.content.decode()
    assert meeting.items.count() == 1

    client.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert notice in page and "Reason: The Chair is unwell and the business can wait" in page
