"""The executive's two months (Local Government Act 2000 s.9FE): when the report or recommendations
reached the executive, who is to respond, and the reminders sent before the response is due.

A reminder is a row (``RecommendationReminder``) written in the same transaction as its email is
queued; the unique (recommendation, key) constraint is what makes it once only, so a beat that
fires twice, or two at once, cannot send a reminder twice.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone

from council.errors import RuleError
from council.history import saved_by

from ..models import Recommendation, RecommendationReminder, RecommendationResponse
from ..models.minutes import REMINDERS, response_due_on


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


@transaction.atomic
def recommendation_received(
    *, recommendation: Recommendation, received_on: datetime.date, responder, by, today: datetime.date | None = None
) -> Recommendation:
    """Record the day the executive received the recommendation, which starts its two months, and
    the Cabinet Member (or Leader) who is to respond and is reminded."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    today = today or timezone.localdate()
    if recommendation.response != RecommendationResponse.NONE_YET:
        raise RuleError("The executive has already responded to this recommendation")
    if received_on is None:
        raise RuleError("Enter the date the executive received the recommendation", field="received_on")
    if received_on < recommendation.made_on:
        raise RuleError(
            f"The executive cannot have received it before it was made on {_day(recommendation.made_on)}",
            field="received_on",
        )
    if received_on > today:
        raise RuleError("The date received cannot be in the future", field="received_on")
    if responder is None:
        raise RuleError("Select the Cabinet Member or Leader who is to respond", field="responder")
    if not responder.email:
        raise RuleError(
            f"{responder.get_full_name()} has no email address, so cannot be reminded. Add one first",
            field="responder",
        )
    recommendation.received_on = received_on
    recommendation.responder = responder
    recommendation.response_due = response_due_on(received_on)
    return saved_by(recommendation, by, f"Received by the executive on {_day(received_on)}")


def _reminder_due(recommendation: Recommendation, days_before: int, today: datetime.date) -> bool:
    assert recommendation.response_due is not None  # reminders are only for those with a due date
    first_day = recommendation.response_due - datetime.timedelta(days=days_before)
    if days_before == 0:
        return today >= first_day
    return first_day <= today < recommendation.response_due


def _send(recommendation: Recommendation, key: str, today: datetime.date):
    # Only recommendations received by the executive, with a responder, are reminded.
    assert recommendation.received_on is not None and recommendation.response_due is not None
    assert recommendation.responder is not None
    item = recommendation.resolution.minute.item
    context: dict[str, Any] = {
        "recommendation": recommendation,
        "responder": recommendation.responder,
        "meeting": item.meeting,
        # An exempt item's recommendation is not put in an email: the responder signs in to read it.
        "exempt": item.exempt,
        "exempt_paragraph": item.exempt_paragraph,
        "due": _day(recommendation.response_due),
        "received": _day(recommendation.received_on),
        "overdue": today > recommendation.response_due,
        "due_today": today == recommendation.response_due,
        "url": settings.SITE_URL + reverse("scrutiny:minutes", args=[item.meeting_id]),
        "tracker_url": settings.SITE_URL + reverse("scrutiny:recommendations"),
    }
    subject = (
        f"Response to a scrutiny recommendation due {'today' if context['due_today'] else 'by ' + context['due']}"
        if not context["overdue"]
        else f"Response to a scrutiny recommendation overdue since {context['due']}"
    )
    EmailMessage(
        subject=subject,
        body=render_to_string("scrutiny/emails/recommendation_reminder.txt", context),
        to=[recommendation.responder.email],
    ).send()


def recommendation_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send each reminder that is due and not yet sent: 14 days before the response is due, and on
    the due day (or, if that day was missed, once the response is late). Returns how many were sent."""
    today = today or timezone.localdate()
    awaiting = (
        Recommendation.objects.awaiting_response()
        .filter(response_due__isnull=False, responder__isnull=False)
        .select_related("responder", "resolution__minute__item__meeting__body")
    )
    sent = 0
    for recommendation in awaiting:
        for key, days_before in REMINDERS:
            if not _reminder_due(recommendation, days_before, today):
                continue
            try:
                with transaction.atomic():
                    saved_by(
                        RecommendationReminder(
                            recommendation=recommendation,
                            key=key,
                            sent_to=recommendation.responder,
                            response_due=recommendation.response_due,
                            sent_at=timezone.now(),
                        ),
                        None,
                        "Reminder sent",
                    )
                    _send(recommendation, key, today)  # queued, and sent only if the row commits
            except IntegrityError:
                continue  # already sent (or being sent by another beat)
            sent += 1
    return sent
