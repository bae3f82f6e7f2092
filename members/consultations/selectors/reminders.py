"""A consultation's emails for its owner's page: how many of each are due, sent, not needed or not
sent, those that failed, every email a page at a time; and which email each is, in words."""

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Q

from ...models import DEFAULT_REMINDER_DAYS, DEFAULT_REMINDER_TIME, Consultation, Reminder, ReminderKind, ReminderStatus

PER_PAGE = 100


def reminder_key(days_before: int) -> str:
    return "last-day" if days_before == 0 else f"{days_before}d"


def reminder_times(consultation: Consultation) -> list[tuple[int, datetime.time]]:
    """(days before closing, time of day in London), latest reminder last; the defaults if unset."""
    times = [(t.days_before, t.time_of_day) for t in consultation.reminder_times.all()]
    if not times:
        times = [(days, DEFAULT_REMINDER_TIME) for days in DEFAULT_REMINDER_DAYS]
    return sorted(times, key=lambda t: -t[0])


def describe(kind: str, key: str) -> str:
    """Which email, in words: "Reminder 7 days before closing", "Ad-hoc reminder 2"."""
    if kind == ReminderKind.INVITATION:
        return "Invitation"
    if kind == ReminderKind.REMINDER:
        if key == "last-day":
            return "Reminder on the closing day"
        days = key.removesuffix("d")
        return f"Reminder {days} day{'' if days == '1' else 's'} before closing"
    if kind == ReminderKind.ADHOC:
        return f"Ad-hoc reminder {key.removeprefix('adhoc-')}"
    return {"summary": "Thank you, with the summary", "outcome": "Thank you, with the outcome"}.get(key, "Thank you")


def emails_by_kind(consultation: Consultation) -> list[dict]:
    """Each email (invitation, each reminder, each thank-you) with its counts by status, first due first."""
    rows = Reminder.objects.filter(consultation=consultation)
    return [
        group | {"label": describe(group["kind"], group["key"])}
        for group in rows.values("kind", "key")
        .annotate(
            first_due=Min("due_at"),
            due=Count("pk", filter=Q(status=ReminderStatus.PENDING)),
            sending=Count("pk", filter=Q(status=ReminderStatus.SENDING)),
            sent=Count("pk", filter=Q(status=ReminderStatus.SENT)),
            skipped=Count("pk", filter=Q(status=ReminderStatus.SKIPPED)),
            failed=Count("pk", filter=Q(status=ReminderStatus.FAILED)),
        )
        .order_by("first_due", "kind", "key")
    ]


def emails_failed(consultation: Consultation) -> list[Reminder]:
    """The emails that failed (to be tried again, or given up on), most attempts first, labelled."""
    rows = (
        Reminder.objects.filter(consultation=consultation, status=ReminderStatus.FAILED)
        .select_related("member__user")
        .order_by("-attempts", "due_at", "pk")
    )
    return _labelled(list(rows))


def emails_page(consultation: Consultation, number) -> Page:
    """One page of every email of the consultation, in the order they are due, labelled."""
    rows = Reminder.objects.filter(consultation=consultation).select_related("member__user")
    page = Paginator(rows.order_by("due_at", "kind", "key", "pk"), PER_PAGE).get_page(number)
    _labelled(page)  # through the page, which keeps the rows it read
    return page


def reminder_times_in_words(consultation: Consultation) -> list[dict]:
    return [
        {"label": describe("reminder", reminder_key(days)), "time": time} for days, time in reminder_times(consultation)
    ]


def _labelled(rows):
    for row in rows:
        row.label = describe(row.kind, row.key)
    return rows
