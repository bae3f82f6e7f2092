"""The summons sent to the members of a body when its agenda is published, and the supplement
summons when a supplement is (``scrutiny.models.summons``).

``summonses_record`` writes a row per recipient in the publication's own transaction (work recorded
with the change) and queues ``scrutiny.tasks.send_summonses`` for after the commit; the beat runs
the same task for rows still queued. Each row is sent in its own transaction holding the row's lock
(``select_for_update(skip_locked=True)``), so two workers never send one summons, a row already sent
is never sent again, and a mail server that is down leaves the row queued with the error in words.
A refusal of the address (``SMTPRecipientsRefused``: the address bounced) is final: the row is
marked not delivered with the mail server's reason, for the clerk to follow up.

The message lists the publication's items. An exempt item's title is given only to a recipient who
may see its exempt content (``scrutiny.access``, asked on the day it is sent); others read its
number and the Schedule 12A paragraph. The members' confidential pack is a link (never an
attachment) to its page, which needs sign-in with two factors; the public pack likewise. Links go
to each pack's versions page, which lists the pack once it is built (its build is queued with the
publication: ``services/packs.py``).
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone

from council.errors import RuleError
from council.history import saved_by, with_reason
from council.mail import delivery_connection
from council.outbox.services import enqueue
from council.templatetags.govuk import govuk_time
from members import access as members_access
from members.models import ROLE_ORDER, Membership

from .. import access
from ..models import (
    MAX_SUMMONS_ATTEMPTS,
    MeetingStatus,
    Publication,
    PublicationKind,
    Summons,
    SummonsKind,
    SummonsStatus,
)
from ..selectors.agenda import EXEMPT_NOTICE

logger = logging.getLogger(__name__)


def summons_recipients(meeting) -> list[tuple]:
    """``(person, seat label)`` for each person holding a seat on the meeting's body on the meeting
    day (members, the Chair and Vice-Chair, co-opted members, named substitutes), each once, in
    their highest seat, by name."""
    seats = members_access.body_seats(meeting.body, meeting.date).select_related("person")
    best: dict[int, Membership] = {}
    for seat in seats:
        held = best.get(seat.person_id)
        if held is None or ROLE_ORDER[seat.role] < ROLE_ORDER[held.role]:
            best[seat.person_id] = seat
    ordered = sorted(best.values(), key=lambda s: (s.person.last_name, s.person.first_name, s.person_id))
    return [(seat.person, seat.get_role_display()) for seat in ordered]


def summonses_record(*, publication: Publication, by) -> list[Summons]:
    """Record, in the caller's transaction, a summons to each person seated on the body on the
    meeting day (a supplement summons for a supplement); the sending is queued after the commit."""
    meeting = publication.meeting
    kind = SummonsKind.SUPPLEMENT if publication.kind == PublicationKind.SUPPLEMENT else SummonsKind.SUMMONS
    now = timezone.now()
    rows = [
        saved_by(
            Summons(
                meeting=meeting,
                publication=publication,
                recipient=person,
                seat=seat,
                kind=kind,
                created_at=now,
            ),
            by,
            f"{kind.label} recorded",
        )
        for person, seat in summons_recipients(meeting)
    ]
    if rows:
        from ..tasks import send_summonses

        enqueue(send_summonses)
    return rows


@transaction.atomic
def summons_resend(*, summons: Summons, by) -> Summons:
    """Queue a summons that was not delivered again (the clerk has corrected the address, or the
    mail server's refusal has been dealt with); sent after the commit, once, like the first."""
    summons = Summons.objects.select_for_update().select_related("meeting", "recipient").get(pk=summons.pk)
    if summons.status != SummonsStatus.FAILED:
        raise RuleError("Only a summons that was not delivered can be sent again")
    if summons.meeting.status == MeetingStatus.CANCELLED:
        raise RuleError("The meeting has been cancelled, so its summons cannot be sent again")
    if not summons.recipient.email:
        raise RuleError(f"{summons.recipient.get_full_name()} has no email address: add one to their record first")
    summons.status = SummonsStatus.QUEUED
    summons.attempts = 0
    summons.error = ""
    saved_by(summons, by, "Queued to be sent again")
    from ..tasks import send_summonses

    enqueue(send_summonses)
    return summons


# --- The message -----------------------------------------------------------------------------------


def _absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _editions(publication: Publication) -> tuple[str, str]:
    from ..packs import CONFIDENTIAL, PUBLIC, supplement_edition

    if publication.kind == PublicationKind.AGENDA:
        return PUBLIC, CONFIDENTIAL
    return supplement_edition(publication.version, PUBLIC), supplement_edition(publication.version, CONFIDENTIAL)


def _item_lines(summons: Summons) -> list[dict]:
    """The publication's items with their numbers on the agenda; an exempt item's title only for a
    recipient who may see its exempt content today."""
    meeting = summons.meeting
    items = list(meeting.items.order_by("position"))
    readable = access.exempt_readable_ids(summons.recipient, meeting)
    lines = []
    for number, item in enumerate(items, start=1):
        if item.published_in_id != summons.publication_id:
            continue
        shown = not item.exempt or item.pk in readable
        lines.append(
            {
                "number": number,
                "title": item.title if shown else "",
                "exempt": item.exempt,
                "notice": EXEMPT_NOTICE.format(n=item.exempt_paragraph) if item.exempt else "",
            }
        )
    return lines


def summons_context(summons: Summons) -> dict:
    """What the summons says to its recipient (the templates' context)."""
    from .. import packs

    meeting, publication = summons.meeting, summons.publication
    public, confidential = _editions(publication)
    editions = packs.editions(meeting)
    entitled = confidential in editions and packs.may_download(summons.recipient, meeting, confidential)
    starts = timezone.localtime(meeting.starts_at)
    return {
        "name": summons.recipient.get_full_name(),
        "seat": summons.seat,
        "supplement": summons.kind == SummonsKind.SUPPLEMENT,
        "supplement_number": publication.supplement_number,
        "meeting": meeting,
        "body": meeting.body.name,
        "council_meeting": meeting.body.kind == "council",
        "date": formats.date_format(starts, "l j F Y"),
        "time": govuk_time(starts),
        "venue": meeting.venue,
        "remote_link": meeting.remote_link,
        "lines": _item_lines(summons),
        "agenda_url": _absolute("scrutiny:agenda-print", meeting.pk),
        "meeting_url": _absolute("scrutiny:meeting-detail", meeting.pk),
        "public_pack_url": _absolute("packs:versions", packs.KIND, meeting.pk, public),
        "confidential_pack_url": _absolute("packs:versions", packs.KIND, meeting.pk, confidential) if entitled else "",
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.COUNCIL_SERVICE_NAME,
    }


def build_summons(summons: Summons, connection=None, *, context: dict | None = None) -> EmailMultiAlternatives:
    """The email to its recipient alone, in plain text and HTML (``context``: ``summons_context``'s)."""
    context = context or summons_context(summons)
    meeting = summons.meeting
    what = summons.publication.name if context["supplement"] else "Summons"
    message = EmailMultiAlternatives(
        subject=f"{what}: {meeting.body}, {context['date']} at {context['time']}",
        body=render_to_string("scrutiny/emails/summons.txt", context),
        to=[summons.recipient.email],
        connection=connection,
        headers={"X-Council-Summons": str(summons.pk)},
    )
    message.attach_alternative(render_to_string("scrutiny/emails/summons.html", context), "text/html")
    return message


# --- Sending ---------------------------------------------------------------------------------------


def _in_words(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "Bounced: the mail server refused the address: " + "; ".join(
            f"{address} ({code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason})"
            for address, (code, reason) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"The mail server answered {error.smtp_code}: {text}"
    if isinstance(error, ConnectionError | OSError | smtplib.SMTPServerDisconnected):
        return f"Could not reach the mail server: {error}"
    return f"Could not send: {error.__class__.__name__}: {error}"


def summonses_send(*, limit: int = 500) -> dict:
    """Send the queued summonses, each once; returns counts by outcome. A mail server that fails
    leaves the row queued (attempts and error recorded) for the next run, up to
    ``MAX_SUMMONS_ATTEMPTS``; a refused address is final."""
    counts = {"sent": 0, "failed": 0, "retry": 0, "not_ours": 0}
    ids = list(Summons.objects.queued().order_by("pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return counts
    connection = delivery_connection()
    try:
        for pk in ids:
            counts[_send_one(pk, connection)] += 1
    finally:
        connection.close()
    return counts


def _save(summons: Summons, reason: str, *fields: str) -> None:
    with_reason(summons, reason).save(update_fields=fields)


def _not_to_send(summons: Summons) -> str:
    """Why the summons is not to be sent at all, in words for the clerk; "" to send it."""
    if summons.meeting.status == MeetingStatus.CANCELLED:
        return "The meeting was cancelled before the summons was sent"
    if not summons.recipient.email:
        return "No email address: add one to the person's record, then send the summons another way"
    return ""


def _send_one(pk: int, connection) -> str:
    with transaction.atomic():
        summons = (
            Summons.objects.queued()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("meeting__body", "publication", "recipient")
            .filter(pk=pk)
            .first()
        )
        if summons is None:  # sent already, or being sent by another worker
            return "not_ours"
        summons.attempts += 1
        reason = _not_to_send(summons)
        if reason:
            summons.status = SummonsStatus.FAILED
            summons.error = reason
            _save(summons, "Not sent", "status", "error", "attempts")
            return "failed"
        try:
            context = summons_context(summons)
            message = build_summons(summons, connection, context=context)
            connection.open()  # one SMTP session for the run, reopened after a failure
            message.send()
        except Exception as error:  # noqa: BLE001 - any failure is recorded on the row, never lost
            logger.warning("Summons %s failed: %s", pk, error)
            connection.close()
            summons.error = _in_words(error)[:1000]
            final = isinstance(error, smtplib.SMTPRecipientsRefused) or summons.attempts >= MAX_SUMMONS_ATTEMPTS
            if final:
                summons.status = SummonsStatus.FAILED
            _save(summons, "Not delivered" if final else "Failed to send", "status", "error", "attempts")
            return "failed" if final else "retry"
        summons.status = SummonsStatus.SENT
        summons.sent_at = timezone.now()
        summons.error = ""
        summons.confidential_link = bool(context["confidential_pack_url"])
        _save(summons, "Sent", "status", "sent_at", "error", "attempts", "confidential_link")
        return "sent"
