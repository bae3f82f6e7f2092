"""What the tests of Cabinet meetings share: a Cabinet meeting on Thursday 4 February 2027 at 6pm,
with an open item and an exempt one, and its agenda published on 20 January 2027."""

import datetime

from council import permissions
from executive.models import PrivateMeetingNotice
from scrutiny import services as scrutiny_services
from tests.factories import CabinetFactory, MeetingFactory, UserFactory
from tests.factories.scrutiny import london

D = datetime.date
MEETING_DAY = D(2027, 2, 4)
AGENDA_DAY = D(2027, 1, 20)
LAST_INTENTION_DAY = D(2027, 1, 6)  # 28 clear days before 4 February
LAST_FURTHER_DAY = D(2027, 1, 27)  # 5 clear working days before 4 February
EXEMPT_TITLE = "Terms offered to Brightwater Leisure Ltd"
EXEMPT_PART = "The preferred bidder's price is £3.9m over ten years."


def clerk():
    return UserFactory(roles=["Democratic Services"])


def cabinet_meeting(by, *, exempt: bool = True, day: datetime.date = MEETING_DAY):
    maker = CabinetFactory()
    meeting = MeetingFactory(body=maker.body, starts_at=london(day.year, day.month, day.day, 18))
    permissions.grant("members.change_body", by, meeting.body)
    scrutiny_services.agenda_item_add(meeting=meeting, by=by, title="Leisure strategy", today=AGENDA_DAY)
    item = None
    if exempt:
        item = scrutiny_services.agenda_item_add(
            meeting=meeting,
            by=by,
            title=EXEMPT_TITLE,
            exempt=True,
            exempt_paragraph=3,
            public_interest_reason="Commercial negotiations are still open.",
            today=AGENDA_DAY,
        )
    return meeting, item


def notices_in_time(item, by, **fields) -> PrivateMeetingNotice:
    """Both notices, each on its last day (made directly: the services are tested on their own)."""
    values = {
        "item": item,
        "matter": "Award of the leisure contract",
        "exempt_paragraph": 3,
        "reasons": "The bidders' prices are commercially sensitive.",
        "intention_published_on": LAST_INTENTION_DAY,
        "further_notice_published_on": LAST_FURTHER_DAY,
        "given_by": by,
    }
    return PrivateMeetingNotice.objects.create(**values | fields)


def publish_agenda(meeting, by, today=AGENDA_DAY):
    return scrutiny_services.agenda_publish(meeting=meeting, by=by, today=today)
