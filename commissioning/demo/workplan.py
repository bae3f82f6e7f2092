"""Demo work plan: version 1 agreed by Council in 2026 (Cabinet, then the Corporate Strategy, then
Council) and brought back to the Overview and Scrutiny Committee, answering the source meeting's
"bring back" action; version 2, a draft based on it, adds a review and moves another up.

Loading twice changes nothing: each step is taken only if it has not been.
"""

import datetime

from django.contrib.auth import get_user_model

from members.models import Body
from scrutiny.demo.minutes import ACTION
from scrutiny.models import Meeting, WorkProgrammeEntry, WorkProgrammeSource

from ..models import Review, WorkPlanBringBack, WorkPlanState, WorkPlanVersion
from ..services import workplan as services

D = datetime.date
#: Left out of version 1 (on hold when Cabinet approved it) and added in version 2.
ADDED_IN_2 = "Public Health Lifestyle Services"
#: Moved up one place in version 2.
MOVED_UP_IN_2 = "Customer Contact and Digital Services"

#: Version 1's approval trail: (state, date of the decision, deciding body, reference).
TRAIL = [
    (WorkPlanState.CABINET_APPROVED, D(2026, 7, 7), "cabinet", "Cabinet 7 July 2026, minute 23"),
    (
        WorkPlanState.IN_CORPORATE_STRATEGY,
        D(2026, 9, 15),
        "cabinet",
        "Cabinet 15 September 2026, minute 41: Corporate Strategy 2026 to 2030 recommended to Council",
    ),
    (WorkPlanState.COUNCIL_AGREED, D(2026, 10, 7), "council", "Council 7 October 2026, minute 37"),
]
SOURCE_COMMITTEE = "overview-and-scrutiny-committee"


def _meeting(slug: str, day: datetime.date) -> Meeting | None:
    return (
        Meeting.objects.filter(body__slug=slug, starts_at__date=day).exclude(status="cancelled").order_by("pk").first()
    )


def _version_1(by, clerk) -> WorkPlanVersion:
    version = WorkPlanVersion.objects.filter(number=1).first()
    if version is None:
        version = services.workplan_create(by=by, notes="The first Commissioning Work Plan, for Cabinet in July 2026.")
        left_out = version.entries.filter(review__title=ADDED_IN_2).first()
        if left_out is not None:
            services.workplan_entry_remove(entry=left_out, by=by)
    for state, day, slug, reference in TRAIL:
        version.refresh_from_db()
        if version.next_state != state:
            continue
        meeting = _meeting(slug, day)
        services.workplan_transition(
            version=version,
            to_state=state,
            decided_on=day,
            reference=reference,
            meeting=meeting,
            # Cabinet's approval is an executive decision: Democratic Services record it.
            by=clerk if state == WorkPlanState.CABINET_APPROVED else by,
            today=day,
        )
    return version


def _version_2(by, first: WorkPlanVersion) -> None:
    if WorkPlanVersion.objects.filter(number=2).exists():
        return
    version = services.workplan_create(
        by=by, copy_latest=True, notes="Brings Public Health Lifestyle Services back in now it has restarted."
    )
    added = Review.objects.filter(title=ADDED_IN_2).first()
    if added is not None and not version.entries.filter(review=added).exists():
        services.workplan_entry_add(
            version=version, review=added, starts_on=D(2027, 4, 1), ends_on=D(2028, 3, 31), by=by
        )
    moved = version.entries.filter(review__title=MOVED_UP_IN_2).first()
    if moved is not None and moved.position > 1:
        services.workplan_entry_move(entry=moved, direction="up", by=by)


def load():
    User = get_user_model()
    by = User.objects.filter(first_name="Sarah", last_name="Whitfield").first()
    clerk = User.objects.filter(first_name="Emma", last_name="Clarke").first()
    if by is None or clerk is None or not Review.objects.open().exists():
        return []
    first = _version_1(by, clerk)
    committee = Body.objects.filter(slug=SOURCE_COMMITTEE).first()
    if committee is not None and not WorkPlanBringBack.objects.filter(version=first, entry__body=committee).exists():
        # The demo names the action its source meeting resolved (``scrutiny.demo.minutes``) as the one
        # version 1 answers, as the officer bringing it back would choose it.
        actions = WorkProgrammeEntry.objects.filter(body=committee, source=WorkProgrammeSource.ACTION, title=ACTION)
        action = actions.filter(work_plan_bring_back__isnull=True).outstanding().first()
        services.workplan_bring_back(version=first, body=committee, answering=action, by=by)
    _version_2(by, first)
    return []
