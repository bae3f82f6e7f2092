"""Interest-aware agendas: notices to members when an agenda is published, and the clerk's prompts
for declarations (Localism Act 2011 ss.29-34; the matching rule is ``scrutiny.selectors.interests``).

A notice is a row written in the publication's own transaction (``interest_notices_record``), so a
publication that rolls back notifies nobody and one that commits always has its notices. The rows
are sent by ``scrutiny.tasks.send_interest_notices`` (queued after the commit, and again by the beat),
one at a time, each in its own transaction holding the row's lock: a notice already sent is never
sent again, and a mail server that is down leaves the notice pending with the error in words, to be
tried again by the next beat. The clerk publishing never waits on, or sees an error from, the mail
server.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from council.history import saved_by, with_reason
from council.outbox.services import enqueue
from members.models import Interest, Membership

from .. import access
from ..models import (
    AgendaItem,
    Declaration,
    InterestNotice,
    InterestPromptDismissal,
    MeetingStatus,
    Publication,
)
from ..selectors import interests as matching
from .attendance import declaration_add
from .cancelled import check_not_cancelled

logger = logging.getLogger(__name__)


def _may_see(person, item: AgendaItem, seated_today: set[int]) -> bool:
    """A match on an exempt item reveals what it is about: only for those who may see its content."""
    if not item.exempt or person.pk in seated_today:
        return True
    return access.may_see_exempt_content(person, item)


def interest_notices_record(*, publication: Publication, by) -> list[InterestNotice]:
    """Record, in the caller's transaction, a notice to each member of the body whose interests the
    publication's items touch; the task that sends them is queued for after the commit."""
    meeting = publication.meeting
    seated_today = set(Membership.objects.current().filter(body=meeting.body_id).values_list("person_id", flat=True))
    now = timezone.now()
    notices = []
    for matches in matching.published_matches_by_person(meeting, publication).values():
        person = matches[0].person
        items = {m.item.pk: m.item for m in matches if _may_see(person, m.item, seated_today)}
        if not items or not person.is_active:
            continue
        notice = saved_by(
            InterestNotice(meeting=meeting, publication=publication, person=person, created_at=now),
            by,
            "Interest notice recorded",
        )
        notice.items.set(items.values())
        notices.append(notice)
    if notices:
        from ..tasks import send_interest_notices

        enqueue(send_interest_notices)
    return notices


def _item_lines(notice: InterestNotice) -> list[dict]:
    meeting = notice.meeting
    numbers = {item.pk: n for n, item in enumerate(meeting.items.order_by("position"), start=1)}
    items = list(notice.items.order_by("position"))
    matches = matching.interest_matches([meeting], person=notice.person, items=items)
    lines = []
    for item in items:
        mine = [m for m in matches if m.item.pk == item.pk]
        if not mine:
            continue  # the interest ended, or the item changed, since the notice was recorded
        lines.append(
            {
                "number": numbers.get(item.pk),
                "item": item,
                # An exempt item: its title only (its wards, organisations and subjects are exempt content).
                "matches": mine,
                "exempt": item.exempt,
            }
        )
    return lines


def build_notice(notice: InterestNotice, connection=None) -> EmailMultiAlternatives | None:
    """The email to the member alone; ``None`` when nothing is left to tell them."""
    lines = _item_lines(notice)
    if not lines or not notice.person.email:
        return None
    meeting = notice.meeting
    context = {
        "person": notice.person,
        "meeting": meeting,
        "lines": lines,
        "any_dpi": any(m.is_dpi for line in lines for m in line["matches"]),
        "url": settings.SITE_URL + reverse("scrutiny:meeting-detail", args=[meeting.pk]),
        "home_url": settings.SITE_URL + reverse("home"),
        "council_name": settings.COUNCIL_NAME,
    }
    return EmailMultiAlternatives(
        subject=f"Items that touch your interests: {meeting.body}, {meeting.date:%-d %B %Y}",
        body=render_to_string("scrutiny/emails/interest_notice.txt", context),
        to=[notice.person.email],
        connection=connection,
        headers={"X-Council-Interest-Notice": str(notice.pk)},
    )


def interest_notices_send(*, limit: int = 200) -> dict:
    """Send the pending notices, each once; returns counts by outcome. A failure is recorded on the
    row (attempts, error) and the row stays pending for the next run, up to ``MAX_NOTICE_ATTEMPTS``."""
    counts = {"sent": 0, "nothing_to_send": 0, "failed": 0, "not_ours": 0}
    ids = list(InterestNotice.objects.pending().order_by("pk").values_list("pk", flat=True)[:limit])
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    try:
        for pk in ids:
            counts[_send_one(pk, connection)] += 1
    finally:
        connection.close()
    return counts


def _send_one(pk: int, connection) -> str:
    with transaction.atomic():
        notice = (
            InterestNotice.objects.pending()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("meeting__body", "person")
            .filter(pk=pk)
            .first()
        )
        if notice is None:  # sent already, or being sent by another worker
            return "not_ours"
        try:
            message = build_notice(notice, connection)
            if message is not None:
                connection.open()
                message.send()
        except Exception as error:  # noqa: BLE001 - any failure is recorded on the row and tried again
            logger.warning("Interest notice %s failed: %s", pk, error)
            connection.close()
            notice.attempts += 1
            notice.last_error = f"{error.__class__.__name__}: {error}"[:1000]
            with_reason(notice, "Failed to send").save(update_fields=["attempts", "last_error"])
            return "failed"
        notice.sent_at = timezone.now()
        notice.attempts += 1
        notice.last_error = "" if message is not None else "Nothing left to tell the member, or no email address"
        with_reason(notice, "Sent" if message is not None else "Not sent").save(
            update_fields=["sent_at", "attempts", "last_error"]
        )
        return "sent" if message is not None else "nothing_to_send"


def _prompt_match(item: AgendaItem, person, interest: Interest):
    for match in matching.interest_matches([item.meeting], person=person, items=[item]):
        if match.interest.pk == interest.pk:
            return match
    raise RuleError("The register no longer shows this interest touching the item: record the declaration by hand")


def declaration_nature(interest: Interest) -> str:
    """What the minutes say of the interest: a sensitive interest's details are withheld (s.32),
    and a spouse's or partner's name is never given."""
    if interest.sensitive:
        return f"A sensitive interest ({interest.get_category_display().lower()}): details withheld under section 32"
    nature = interest.description.strip()
    if interest.holder == "partner":
        nature = f"{nature} (the interest of their spouse or partner)"
    return nature


@transaction.atomic
def declaration_prompt_confirm(*, item: AgendaItem, person, interest: Interest, left_room: bool, by) -> Declaration:
    """The clerk confirms a prompt as the member's declaration on the item, from their register entry.
    A disclosable pecuniary interest with no dispensation is recorded as not taking part (s.31(4))."""
    item = AgendaItem.objects.select_related("meeting__body").get(pk=item.pk)
    _prompt_match(item, person, interest)
    return declaration_add(
        item=item,
        person=person,
        kind=interest.kind,
        nature=declaration_nature(interest),
        left_room=left_room,
        interest=interest,
        by=by,
    )


@transaction.atomic
def declaration_prompt_dismiss(*, item: AgendaItem, person, interest: Interest, by) -> InterestPromptDismissal:
    """The clerk decides a register match is nothing to declare on the item."""
    item = AgendaItem.objects.select_related("meeting__body").get(pk=item.pk)
    if item.meeting.status == MeetingStatus.MINUTES_CONFIRMED:
        raise RuleError("The minutes were confirmed as a correct record, so declarations cannot be changed")
    check_not_cancelled(item.meeting, "its declarations cannot be changed")
    _prompt_match(item, person, interest)
    if InterestPromptDismissal.objects.filter(item=item, person=person, interest=interest).exists():
        raise RuleError("This prompt has already been dismissed")
    return saved_by(
        InterestPromptDismissal(
            item=item, person=person, interest=interest, dismissed_by=by, dismissed_at=timezone.now()
        ),
        by,
        "Prompt dismissed",
    )
