"""The register and declarations of interest on the meeting page: ``{% load scrutiny_attendance %}``.

Tags rather than context from the meeting view, so the subject stays in one place; each reads with
one query whatever the number of people or items.
"""

from django import template
from django.utils import timezone

from .. import selectors
from ..models import AttendanceStatus

register = template.Library()


@register.inclusion_tag("scrutiny/_attendance.html", takes_context=True)
def meeting_attendance(context, meeting):
    lines = list(selectors.attendance_for(meeting))
    by_status = {status: [line for line in lines if line.status == status] for status in AttendanceStatus.values}
    can_manage = context.get("can_manage", False)
    return {
        "meeting": meeting,
        "lines": lines,
        "present": by_status[AttendanceStatus.PRESENT],
        "virtual": by_status[AttendanceStatus.VIRTUAL],
        "apologies": by_status[AttendanceStatus.APOLOGIES],
        "absent": by_status[AttendanceStatus.ABSENT],
        "substitutes": [line for line in lines if line.substitute_for_id],
        "can_record": can_manage and not meeting.is_cancelled and meeting.date <= timezone.localdate(),
    }


@register.inclusion_tag("scrutiny/_declarations.html", takes_context=True)
def item_declarations(context, declarations: list, meeting, item):
    """One item's declarations as the meeting view loaded them: [(declaration, show its nature)]."""
    return {
        "meeting": meeting,
        "item": item,
        "declarations": declarations,
        "can_record": context.get("can_manage", False) and not meeting.is_cancelled,
        "csrf_token": context.get("csrf_token"),
    }
