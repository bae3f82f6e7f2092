"""What scrutiny adds to a committee's and a councillor's public page (``members.public_pages``):
the committee's meetings by municipal year, its work programme, its recommendations tracker and its
calendar feeds; a councillor's attendance this municipal year. Each reads through the rules the
rest of scrutiny uses (``meetings_visible_to``, ``access.visible``), in a fixed number of queries."""

import datetime

from django.utils import timezone

from council import calendar

from .attendance_stats import Period, for_member
from .meetings import meetings_visible_to
from .minutes import recommendation_tracker, work_programme

#: The upcoming meetings listed above the year's meetings.
UPCOMING_SHOWN = 5
#: Recommendations listed on the committee page; the tracker page lists them all.
RECOMMENDATIONS_SHOWN = 5


def _year_asked(request, years: list[int], current: int) -> int:
    asked = request.GET.get("year", "")
    if asked.isdigit() and int(asked) in years:
        return int(asked)
    if current in years or not years:
        return current
    earlier = [year for year in years if year < current]
    return earlier[-1] if earlier else years[0]


def body_meetings(request, body, *, today: datetime.date | None = None) -> dict:
    """The committee's next meetings, and its meetings in one municipal year (May to April; the
    current one unless ``?year=`` names another that has meetings), with links to the other years.
    Three queries however many meetings."""
    today = today or timezone.localdate()
    meetings = meetings_visible_to(request.user).filter(body=body).select_related("body")
    months = meetings.dates("starts_at", "month")
    years = sorted({calendar.municipal_year_of(month) for month in months})
    current = calendar.municipal_year_of(today)
    year = _year_asked(request, years, current)
    start, end = calendar.municipal_year(year)
    in_year = list(
        meetings.filter(
            starts_at__gte=timezone.make_aware(datetime.datetime.combine(start, datetime.time.min)),
            starts_at__lt=timezone.make_aware(
                datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
            ),
        ).order_by("starts_at")
    )
    return {
        "body": body,
        "upcoming": list(meetings.upcoming(today).order_by("starts_at")[:UPCOMING_SHOWN]),
        "year_label": calendar.municipal_year_label(year),
        "year_start": start,
        "year_end": end,
        "past": [m for m in in_year if m.date < today],
        "coming": [m for m in in_year if m.date >= today],
        "years": [(other, calendar.municipal_year_label(other), other == year) for other in years],
    }


def body_work_programme(request, body) -> dict:
    programme = work_programme(request.user, body)
    return {
        "body": body,
        "coming": programme["coming"],
        "unscheduled": programme["unscheduled"],
    }


def body_recommendations(request, body, *, today: datetime.date | None = None) -> dict | None:
    """The committee's recommendations to the executive, where they stand (the public: those made in
    confirmed minutes on items that are not exempt). Shown for scrutiny bodies, or any that made some."""
    tracker = recommendation_tracker(request.user, body=body, today=today)
    answered = tracker["answered"].count()
    total = answered + sum(len(tracker[group]) for group in ("overdue", "due", "not_received"))
    if not total and not body.is_scrutiny:
        return None
    return {
        "body": body,
        "total": total,
        "counts": [
            ("Responses overdue", len(tracker["overdue"])),
            ("Responses due", len(tracker["due"])),
            ("Not yet received by the executive", len(tracker["not_received"])),
            ("Answered", answered),
        ],
        "latest": (tracker["overdue"] + tracker["due"] + tracker["not_received"])[:RECOMMENDATIONS_SHOWN],
    }


def body_feeds(request, body) -> dict:
    """The committee's calendar feed carries public meetings only: offered on public bodies' pages."""
    return {"body": body, "feed": body.is_public}


def councillor_attendance(request, councillor, *, today: datetime.date | None = None) -> dict:
    period = Period.municipal_year(today)
    return {
        "councillor": councillor,
        "period": period,
        "year_label": calendar.municipal_year_label(period.start.year),
        "figures": for_member(request.user, councillor, period),
    }
