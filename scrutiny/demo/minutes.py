"""The minutes of the Strategic Commissioning item at the meeting the product was born from:
the minute, its resolution (word for word), and the "bring back" action that puts the
Commissioning work plan on the Overview and Scrutiny Committee's work programme.

Called by ``scrutiny.demo.meetings`` once that meeting has been marked as held. Safe to run again.
"""

from ..models import Action, AgendaItem, Meeting, MeetingStatus, Minute, Resolution
from ..services import action_add, minute_write, resolution_add

ITEM_TITLE = "Strategic Commissioning"

MINUTE = """The Assistant Chief Executive introduced the report, which the committee had requested.

The Cabinet Member Corporate Services referred members to his email of 22 February 2011 setting out the \
council's position in its move to become a strategic commissioning authority. A members working group \
had been set up to assess the rationale for the move, and in December 2010 Council had agreed the move \
to strategic commissioning and the associated changes to the council's structures. Some members still \
had concerns about how they would influence the process and what their role would be.

The working group was now focusing on member roles, and he was seeking the committee's views on who \
should be involved, when and how; he had already attended Social and Community O&S and Environment O&S. \
He saw an opportunity to enhance the role of all members: commissioning needed knowledge of the \
community's needs, members could feed back from their wards, constituents and the town, and they could \
act as a critical friend in the analysis and planning stages of any commissioning review.

The relevant Cabinet Member(s) would sit on the Programme Board for each commissioning exercise and keep \
all members engaged, and he wished to see Cabinet Working Groups set up to support the reviews. Cabinet \
Members were accountable, while Overview and Scrutiny had a role in monitoring services and making sure \
the outcomes were delivered. No decisions had yet been made; the process was evolving and he urged \
members to respond to his email.

The working group had discussed whether the current structure of three O&S committees was the right way \
forward, although it was not for Cabinet to decide how scrutiny was organised. The County's model had \
elements that could be used, and working groups, such as the Budget Working Group, could prove more \
focused and effective.

Councillor McLain spoke in support of an overarching scrutiny committee supported by task and finish \
groups, which would be able to analyse performance indicators and carry out detailed performance \
monitoring.

The Chair asked to see a schedule of commissioning reviews and to understand the rationale for setting \
priorities, and asked who would be responsible for making sure that the savings claimed in the budget \
from the commissioning approach were realised.

The Cabinet Member Corporate Services replied that it would be for the Cabinet to work with officers to \
develop a work plan, which would be incorporated in the Corporate Strategy and agreed by Council."""

RESOLUTION = (
    "Resolved that the report be noted and a Commissioning work plan is brought back to this committee "
    "as soon as it is available."
)

ACTION = "Bring the Commissioning work plan back to the committee"


def load_minutes(meeting: Meeting, *, clerk) -> Minute | None:
    """Write the item's minute, resolution and bring-back action, each only if missing."""
    item = AgendaItem.objects.filter(meeting=meeting, title=ITEM_TITLE).first()
    if item is None:
        return None
    meeting.refresh_from_db()
    minute = Minute.objects.filter(item=item).first()
    writable = meeting.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED)
    if minute is None:
        if not writable:
            return None
        minute = minute_write(item=item, text=MINUTE, by=clerk)
    resolution = Resolution.objects.filter(minute=minute, text=RESOLUTION).first()
    if resolution is None and writable:
        resolution = resolution_add(minute=minute, text=RESOLUTION, by=clerk)
    if resolution is not None and writable and not Action.objects.filter(resolution=resolution).exists():
        action_add(
            resolution=resolution,
            description=ACTION,
            owner_text="Cabinet, with officers",
            when_available=True,
            bring_back_to=meeting.body,
            by=clerk,
        )
    return minute
