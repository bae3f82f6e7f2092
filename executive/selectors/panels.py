"""The executive's dashboard panels: the clocks (for Democratic Services and Administrators) and the
officer's own entries and decisions. Each context function runs a fixed number of queries however
many rows (tests pin them); the days come from ``council.calendar``, never counted here."""

import datetime

from django.db.models import Min
from django.utils import timezone

from council import calendar

from ..models import EntryStatus, ExecutiveDecision, ForwardPlanEntry, OfficerDecision

#: Drafts are shown this many days before the last day to publish them in the forward plan.
PUBLISH_MARGIN_DAYS = 14


def _today(request) -> datetime.date:
    return timezone.localdate()


def _first_published(entries):
    """Each entry with ``first_published``: the first edition that carried it (one query)."""
    return entries.annotate(first_published=Min("editions__published_on"))


def clocks_panel(request, *, today: datetime.date | None = None) -> dict:
    """What the executive's clocks ask of Democratic Services today. Five queries."""
    today = today or _today(request)
    # A key decision expected on day D needs its notice by last_day_to_notice_key_decision(D):
    # drafts whose last day falls within the margin (or has passed) are due.
    horizon = calendar.earliest_key_decision_day(today + datetime.timedelta(days=PUBLISH_MARGIN_DAYS))
    drafts = ForwardPlanEntry.objects.filter(
        status=EntryStatus.DRAFT, is_key=True, expected_decision_on__lte=horizon
    ).order_by("expected_decision_on", "pk")
    due = []
    for entry in drafts:
        last_day = calendar.last_day_to_notice_key_decision(entry.expected_decision_on)
        due.append({"entry": entry, "last_day": last_day, "late": last_day < today})
    waiting = []
    published = _first_published(
        ForwardPlanEntry.objects.filter(status=EntryStatus.PUBLISHED, is_key=True).select_related(
            "general_exception_notice"
        )
    )
    for entry in published.order_by("expected_decision_on", "pk"):
        # A general exception notice publishes the entry before any edition carries it (reg 10).
        days = [calendar.earliest_key_decision_day(entry.first_published)] if entry.first_published else []
        if (notice := getattr(entry, "general_exception_notice", None)) is not None:
            days.append(calendar.earliest_general_exception_day(max(notice.published_on, notice.chair_informed_on)))
        earliest = min(days, default=None)
        if earliest is not None and earliest > today:
            waiting.append({"entry": entry, "earliest": earliest})
    notices = ExecutiveDecision.objects.filter(notice_published_on__isnull=True).order_by("decided_on", "pk")
    call_ins = ExecutiveDecision.objects.subject_to_call_in(today).order_by("call_in_ends_on", "pk")
    officer_decisions = OfficerDecision.objects.unpublished().for_list().order_by("decided_on", "pk")
    return {
        "today": today,
        "due": due,
        "waiting": waiting,
        "notices": list(notices),
        "call_ins": list(call_ins),
        "officer_decisions": list(officer_decisions),
    }


def officer_panel(request, *, today: datetime.date | None = None) -> dict:
    """The officer's own forward plan entries (not withdrawn or decided) with the earliest day each may
    lawfully be decided, and their officer decisions. Two queries."""
    today = today or _today(request)
    user = request.user
    entries = _first_published(
        ForwardPlanEntry.objects.filter(drafted_by=user, status__in=(EntryStatus.DRAFT, EntryStatus.PUBLISHED))
    ).order_by("expected_decision_on", "pk")
    rows = []
    for entry in entries:
        if not entry.is_key:
            earliest = None
        elif entry.first_published is not None:
            earliest = calendar.earliest_key_decision_day(entry.first_published)
        else:
            # Not yet published: the earliest day if it were published today.
            earliest = calendar.earliest_key_decision_day(today)
        in_time = earliest is None or earliest <= entry.expected_decision_on
        rows.append({"entry": entry, "earliest": earliest, "in_time": in_time})
    decisions = OfficerDecision.objects.taken_by(user).order_by("-decided_on", "-pk")[:10]
    return {"today": today, "entries": rows, "officer_decisions": list(decisions)}
