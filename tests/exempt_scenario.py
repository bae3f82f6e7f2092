"""A committee meeting with an exempt item and everything derived from it, each text field carrying a
marker that must never reach anyone who may not see the item's exempt content.

Used by tests/test_security_exempt.py and tests/test_security_exempt_leak.py.
"""

import datetime
import io
from dataclasses import dataclass, field

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from council import permissions
from council.roles import Role
from scrutiny import services
from scrutiny.models import InterestNotice, Meeting, MeetingStatus
from tests.agenda_interests_kit import interest_for
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory, WardFactory
from tests.factories.members import PortfolioFactory

PREFIX = "QZXLEAK"
#: The clerk's fair summary of the exempt minute: for the public once the minutes are confirmed.
FAIR_SUMMARY = "The committee considered the tender evaluation in private and agreed a course of action."
#: The minuted result of the recorded vote on the exempt item's resolution (issue 13): a vote has no
#: text to carry the marker, so the leak test looks for this wording instead.
VOTE_SUMMARY = "Lost (0 for, 1 against, 0 abstentions)"
#: The exempt item's title is public by law (the public agenda shows title and paragraph).
EXEMPT_TITLE = "Leisure contract award"


def marker(name: str) -> str:
    return f"{PREFIX}-{name.replace(' ', '-')}-{PREFIX}"


def pdf_bytes(pages: int = 1) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@dataclass
class Scenario:
    body: object
    clerk: object
    member: object
    outsider: object
    other_clerk: object
    meeting: Meeting
    item: object
    exempt_item: object
    exclusion: object
    document: object
    declaration: object
    minute: object
    resolution: object
    action: object
    recommendation: object
    answered: object
    entry: object
    later: Meeting | None = None
    correction: object | None = None
    extra: dict = field(default_factory=dict)

    def confirm(self):
        """Confirm the minutes at the next meeting, then correct the exempt minute on its authority."""
        later = self.later = _published(self.body, self.clerk, days_ago=3, title="Budget monitoring")
        services.meeting_mark_held(meeting=later, by=self.clerk)
        services.minutes_confirm(meeting=self.meeting, confirmed_at_meeting=later, by=self.clerk)
        self.correction = services.minute_correct(
            minute=self.minute,
            new_text=marker("corrected minute"),
            authority=marker("correction authority"),
            by=self.clerk,
        )
        self.meeting.refresh_from_db()
        return self


def _published(body, clerk, *, days_ago: int, title: str) -> Meeting:
    when = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) - datetime.timedelta(days=days_ago)
    meeting = MeetingFactory(body=body, starts_at=when)
    services.agenda_item_add(meeting=meeting, by=clerk, title=title)
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    return Meeting.objects.get(pk=meeting.pk)


def plant() -> Scenario:
    """The meeting was held 20 days ago; its minutes are a draft (call ``confirm`` for the rest)."""
    body = BodyFactory(name="Overview and Scrutiny Committee", slug="overview-and-scrutiny")
    clerk = UserFactory(first_name="Emma", last_name="Clarke", roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", clerk, body)
    member = MembershipFactory(body=body, person=MemberFactory().user).person
    outsider = MemberFactory().user  # a councillor who does not sit on the committee
    other_body = BodyFactory(name="Environment Overview and Scrutiny Committee")
    other_clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", other_clerk, other_body)

    when = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) - datetime.timedelta(days=20)
    meeting = MeetingFactory(body=body, starts_at=when)
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    # The exempt item's title and paragraph are public by law; urgent_reason stays empty because the
    # reasons for urgency are published too (s.100B(4)(b)). Every other field is planted.
    # What the exempt item concerns is exempt content too: it touches the member's registered
    # interest in the ward, so the member's interest notice and the clerk's prompts name it (issue 13).
    ward = WardFactory(name="Castle")
    interest = interest_for(member, wards=[ward], description="Owns a house on Castle Street")
    exempt_item = services.agenda_item_add(
        meeting=meeting,
        by=clerk,
        title=EXEMPT_TITLE,
        exempt=True,
        exempt_paragraph=3,
        public_interest_reason=marker("public interest reason"),
        wards=[ward],
        organisations=marker("organisations"),
        subjects=marker("subjects"),
    )
    services.document_add(
        item=item, upload=upload("report.pdf"), title="Report on commissioning", kind="report", by=clerk
    )
    document = services.document_add(
        item=exempt_item,
        upload=upload(f"{marker('filename')}.pdf"),
        title=marker("document title"),
        kind="report",
        by=clerk,
    )
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=meeting, by=clerk)
    services.attendance_record(meeting=meeting, entries=[(member, "present", None, "")], by=clerk)
    declaration = services.declaration_add(
        item=exempt_item, person=member, kind="non_registrable", nature=marker("declaration"), left_room=False, by=clerk
    )
    exclusion = meeting.items.get(kind="exclusion")
    services.minute_write(item=item, text="The report was introduced and noted.", by=clerk)
    services.minute_write(item=exclusion, text="Resolved that the press and public be excluded.", by=clerk)
    minute = services.minute_write(item=exempt_item, text=marker("minute"), public_summary=FAIR_SUMMARY, by=clerk)
    resolution = services.resolution_add(minute=minute, text=marker("resolution"), by=clerk)
    # "work plan" in the description: even so, the commissioning bring-back answers it only if chosen.
    action = services.action_add(
        resolution=resolution,
        description=f"Bring the work plan back {marker('action')}",
        owner_text=marker("action owner"),
        when_available=True,
        bring_back_to=body,
        by=clerk,
    )
    recommendation = services.recommendation_add(
        resolution=resolution, text=marker("recommendation"), to_whom=marker("to whom"), made_on=meeting.date, by=clerk
    )
    responder = PortfolioFactory().cabinet_member.user
    recommendation = services.recommendation_received(
        recommendation=recommendation, received_on=meeting.date, responder=responder, by=clerk
    )
    answered = services.recommendation_add(
        resolution=resolution, text=marker("answered recommendation"), to_whom="Cabinet", made_on=meeting.date, by=clerk
    )
    services.recommendation_respond(
        recommendation=answered,
        response="accepted",
        response_text=marker("response"),
        responded_on=meeting.date,
        by=clerk,
    )
    # The member asked for a recorded vote on the exempt resolution: how they voted is exempt content.
    vote = services.vote_record(
        resolution=resolution,
        result="lost",
        votes_for=0,
        votes_against=1,
        abstentions=0,
        named={member: "against"},
        by=clerk,
    )
    assert vote.summary == VOTE_SUMMARY
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.status == MeetingStatus.MINUTES_DRAFTED
    notice = InterestNotice.objects.get(meeting=meeting, person=member)
    assert list(notice.items.all()) == [exempt_item]
    return Scenario(
        body=body,
        clerk=clerk,
        member=member,
        outsider=outsider,
        other_clerk=other_clerk,
        meeting=meeting,
        item=item,
        exempt_item=exempt_item,
        exclusion=exclusion,
        document=document,
        declaration=declaration,
        minute=minute,
        resolution=resolution,
        action=action,
        recommendation=recommendation,
        answered=answered,
        entry=action.work_programme_entry,
        extra={"notice": notice, "interest": interest, "vote": vote, "member_vote": vote.member_votes.get()},
    )
