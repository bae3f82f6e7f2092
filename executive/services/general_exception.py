"""The general exception (the 2012 Regulations reg 10): Democratic Services publish the notice of
a key decision that could not be in the forward plan 28 clear days before, and inform the chair of
an overview and scrutiny committee in writing (by email, queued with the notice)."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from council import calendar
from council.errors import RuleError
from council.history import saved_by

from .. import access
from ..models import EntryStatus, ForwardPlanEntry, GeneralExceptionNotice
from .decisions import scrutiny_chairs
from .forward_plan import entry_contents


@transaction.atomic
def general_exception_publish(
    *, entry: ForwardPlanEntry, by, scrutiny_chair, reasons: str, on: datetime.date | None = None
) -> GeneralExceptionNotice:
    """Publish the general exception notice of ``entry`` and inform ``scrutiny_chair`` (reg 10(2)).
    The decision may then be taken from ``earliest_general_exception_day`` (5 clear working days);
    the entry becomes published, so it is in the next forward plan edition too."""
    if not access.can_publish_general_exception(by):
        raise RuleError("Only Democratic Services publish general exception notices")
    on = on or timezone.localdate()
    entry = ForwardPlanEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status in (EntryStatus.DECIDED, EntryStatus.WITHDRAWN):
        raise RuleError(f"This entry was {entry.get_status_display().lower()}: it needs no notice")
    if GeneralExceptionNotice.objects.filter(entry=entry).exists():
        raise RuleError("A general exception notice was already published for this entry")
    if not entry.is_key:
        raise RuleError("The general exception is only for a key decision: this entry is not one")
    if not (reasons or "").strip():
        raise RuleError("Give the reasons why 28 clear days' notice is impracticable", field="reasons")
    if scrutiny_chair is None or scrutiny_chair.pk not in set(scrutiny_chairs(on)):
        raise RuleError("The person informed must chair an overview and scrutiny committee", field="scrutiny_chair")
    earliest = calendar.earliest_general_exception_day(on)
    contents = entry_contents(entry) | {
        "reasons": reasons.strip(),
        "scrutiny_chair": scrutiny_chair.get_full_name(),
        "published_on": on.isoformat(),
        "earliest_decision_on": earliest.isoformat(),
    }
    notice = GeneralExceptionNotice(
        entry=entry,
        reasons=reasons.strip(),
        scrutiny_chair=scrutiny_chair,
        chair_informed_on=on,
        published_on=on,
        published_by=by,
        contents=contents,
    )
    saved_by(notice, by, "General exception notice published")
    if entry.status == EntryStatus.DRAFT:
        entry.status = EntryStatus.PUBLISHED
        saved_by(entry, by, "Published by a general exception notice")
    EmailMessage(
        subject=f"General exception notice: {entry.title}",
        body=render_to_string(
            "executive/emails/general_exception.txt",
            {
                "notice": notice,
                "entry": entry,
                "chair": scrutiny_chair,
                "earliest": earliest,
                "url": settings.SITE_URL + notice.get_absolute_url(),
            },
        ),
        to=[scrutiny_chair.email],
    ).send()
    return notice
