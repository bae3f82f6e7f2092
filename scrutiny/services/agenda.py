"""The agenda: items, their order, and publication under the law.

Local Government Act 1972 s.100B: the agenda and reports are open to the public at least
``PUBLICATION_CLEAR_DAYS`` clear working days before the meeting; later business only as urgent,
with the reason recorded (s.100B(4)). What was published is never changed: later items go out
in a supplement.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone

from council import calendar
from council.errors import RuleError
from council.history import saved_by, with_reason
from members.models import Membership, MembershipRole

from .. import publication_checks
from ..models import (
    EXCLUSION_TITLE,
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingStatus,
    Publication,
    PublicationKind,
    SupportingDocument,
)
from .cancelled import check_not_cancelled
from .interests import interest_notices_record
from .packs import publication_packs_request
from .summons import summonses_record

MINUTES_ITEM = "Minutes of the previous meeting"
STANDARD_ITEMS = (
    "Apologies for absence and substitutions",
    "Declarations of interest",
    MINUTES_ITEM,
)
#: The kinds of the default standard items whose minutes the service helps write.
_STANDARD_KINDS = {
    "Declarations of interest": ItemKind.DECLARATIONS,
    MINUTES_ITEM: ItemKind.MINUTES,
}
_EDITABLE = (
    "title",
    "kind",
    "report_author",
    "presenter",
    "minutes_allowed",
    "exempt",
    "exempt_paragraph",
    "public_interest_reason",
    "urgent_reason",
    "urgency_agreed_by",
    "urgency_agreed_on",
    "organisations",
    "subjects",
)
_URGENCY = ("urgent_reason", "urgency_agreed_by", "urgency_agreed_on")


def notice_is_short(meeting: Meeting, today: datetime.date) -> bool:
    """Fewer clear working days are left before the meeting than s.100B(3) requires."""
    return calendar.clear_working_days(today, meeting.date) < settings.PUBLICATION_CLEAR_DAYS


def check_chair_agreed(*, meeting: Meeting, chair, agreed_on: datetime.date | None, today: datetime.date):
    """s.100B(4)(b): the Chair (or the Vice-Chair in the chair) agreed that the business is urgent."""
    if chair is None:
        raise RuleError(
            f"Select the Chair of {meeting.body} who agreed that the business is urgent", field="urgency_agreed_by"
        )
    if agreed_on is None:
        raise RuleError("Enter the date the Chair agreed that the business is urgent", field="urgency_agreed_on")
    if agreed_on > today:
        raise RuleError("The date the Chair agreed cannot be in the future", field="urgency_agreed_on")
    chairs = Membership.objects.current(on=agreed_on).filter(
        body=meeting.body, person=chair, role__in=[MembershipRole.CHAIR, MembershipRole.VICE_CHAIR]
    )
    if not chairs.exists():
        raise RuleError(
            f"{chair.get_full_name()} was not the Chair or Vice-Chair of {meeting.body} on that date",
            field="urgency_agreed_by",
        )


def _check_urgency(meeting: Meeting, fields: dict, today: datetime.date, *, clear: int):
    """Late business needs the special circumstances and the Chair's agreement; on-time business
    is ordinary business, so nothing about urgency is kept."""
    if clear >= settings.PUBLICATION_CLEAR_DAYS:
        fields.update(urgent_reason="", urgency_agreed_by=None, urgency_agreed_on=None)
        return
    if not (fields.get("urgent_reason") or "").strip():
        required = settings.PUBLICATION_CLEAR_DAYS
        raise RuleError(
            f"There {'is' if clear == 1 else 'are'} {clear} clear working day{'' if clear == 1 else 's'} before "
            f"the meeting, fewer than the {required} the law requires, so new business can only be taken as "
            "urgent. Enter the special circumstances that make it urgent",
            field="urgent_reason",
        )
    check_chair_agreed(
        meeting=meeting, chair=fields.get("urgency_agreed_by"), agreed_on=fields.get("urgency_agreed_on"), today=today
    )


def _check_open(meeting: Meeting):
    check_not_cancelled(meeting, "its agenda cannot be changed")
    if not meeting.can_be_changed:
        raise RuleError("This meeting has been held, so its agenda cannot be changed")


def _place_exclusion(meeting: Meeting, by) -> None:
    """Keep the resolution to exclude the press and public (LGA 1972 s.100A(4)) immediately before
    the first exempt item, and only while there is one. Called by every service that adds, moves
    or changes items. Published items keep their numbers: an exclusion is never put before one."""
    items = list(meeting.items.select_for_update().order_by("position"))
    exclusions = [item for item in items if item.kind == ItemKind.EXCLUSION]
    placed = [item for item in exclusions if item.is_published]
    order = [item for item in items if item.kind != ItemKind.EXCLUSION or item.is_published]
    first_exempt = next((item for item in order if item.exempt), None)
    if first_exempt is not None and not placed and not first_exempt.is_published:
        # Added to a published agenda, it goes out with the exempt business it precedes, urgent
        # (with the Chair's agreement) if that business is.
        exclusion = next(iter(exclusions), None) or AgendaItem(
            meeting=meeting,
            title=EXCLUSION_TITLE,
            kind=ItemKind.EXCLUSION,
            position=0,
            **{name: getattr(first_exempt, name) for name in _URGENCY},
        )
        order.insert(order.index(first_exempt), exclusion)
    kept = {item.pk for item in order if item.pk}
    for item in exclusions:
        if item.pk not in kept:
            with_reason(item, "No exempt business: exclusion of the press and public removed", by=by).delete()
    for position, item in enumerate(order, start=1):
        if item.pk is None:
            item.position = position
            saved_by(item, by, "Exclusion of the press and public added before the exempt business")
        elif item.position != position:
            item.position = position
            saved_by(item, by, "Item moved")


def _check_exempt(fields: dict):
    if not fields.get("exempt"):
        fields["exempt_paragraph"] = None
        fields["public_interest_reason"] = ""
        return
    if not fields.get("exempt_paragraph"):
        raise RuleError("Select the paragraph of Schedule 12A that makes the item exempt", field="exempt_paragraph")
    if not (fields.get("public_interest_reason") or "").strip():
        raise RuleError(
            "Enter why the public interest in keeping the information exempt outweighs disclosing it",
            field="public_interest_reason",
        )


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    by,
    title: str,
    kind: str = ItemKind.REPORT,
    wards=None,
    today: datetime.date | None = None,
    **fields,
) -> AgendaItem:
    """Add an item at the end (``wards``: those it concerns, matched against registers of interests).
    After the agenda is published it goes out in a supplement: on time
    as ordinary business while the clear working days allow, else only as urgent business with
    the Chair's agreement (LGA 1972 s.100B(4))."""
    meeting = Meeting.objects.select_related("body").select_for_update().get(pk=meeting.pk)
    today = today or timezone.localdate()
    _check_open(meeting)
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    _check_exempt(fields)
    if kind == ItemKind.EXCLUSION:
        raise RuleError("The exclusion of the press and public is added by the agenda itself", field="kind")
    if meeting.status == MeetingStatus.AGENDA_PUBLISHED:
        _check_urgency(meeting, fields, today, clear=calendar.clear_working_days(today, meeting.date))
    else:
        fields.update(urgent_reason="", urgency_agreed_by=None, urgency_agreed_on=None)
    fields["urgent_reason"] = fields["urgent_reason"].strip()
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1, title=title.strip(), kind=kind, **fields)
    saved_by(item, by, "Item added to the agenda")
    if wards is not None:
        item.wards.set(wards)
    _place_exclusion(meeting, by)
    item.refresh_from_db(fields=["position"])
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by, wards=None, today: datetime.date | None = None, **fields) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting__body").select_for_update().get(pk=item.pk)
    today = today or timezone.localdate()
    _check_open(item.meeting)
    if item.is_published:
        raise RuleError(
            "This item has been published and cannot be changed. Add the new business as an item for a supplement"
        )
    if item.kind == ItemKind.EXCLUSION:
        raise RuleError(
            "The exclusion of the press and public is kept by the agenda itself, before the first exempt item"
        )
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if fields.get("kind") == ItemKind.EXCLUSION:
        raise RuleError("The exclusion of the press and public is added by the agenda itself", field="kind")
    _check_exempt(fields)
    if set(_URGENCY) & set(fields):
        urgency = {name: fields.get(name, getattr(item, name)) for name in _URGENCY}
        if item.meeting.status == MeetingStatus.AGENDA_PUBLISHED:
            _check_urgency(item.meeting, urgency, today, clear=calendar.clear_working_days(today, item.meeting.date))
        else:
            urgency.update(urgent_reason="", urgency_agreed_by=None, urgency_agreed_on=None)
        fields.update(urgency)
    for name, value in fields.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    saved_by(item, by, "Item changed")
    if wards is not None:
        item.wards.set(wards)
    _place_exclusion(item.meeting, by)
    item.refresh_from_db(fields=["position"])
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, by) -> AgendaItem:
    """Swap the item with its neighbour above ("up") or below ("down"): numbering follows."""
    item = AgendaItem.objects.select_related("meeting").select_for_update().get(pk=item.pk)
    _check_open(item.meeting)
    if item.kind == ItemKind.EXCLUSION:
        raise RuleError("The exclusion of the press and public stays before the first exempt item: move that instead")
    # The exclusion follows the exempt business, so moves step over it.
    siblings = item.meeting.items.select_for_update().exclude(kind=ItemKind.EXCLUSION)
    neighbour = (
        siblings.filter(position__lt=item.position).order_by("-position").first()
        if direction == "up"
        else siblings.filter(position__gt=item.position).order_by("position").first()
    )
    if neighbour is None:
        raise RuleError("The item is already at the " + ("top" if direction == "up" else "bottom"))
    if item.is_published or neighbour.is_published:
        raise RuleError("Published items keep their numbers: the order of the published agenda cannot change")
    item.position, neighbour.position = neighbour.position, item.position
    saved_by(neighbour, by, "Item moved")
    saved_by(item, by, "Item moved")
    _place_exclusion(item.meeting, by)
    item.refresh_from_db(fields=["position"])
    return item


@transaction.atomic
def standard_items_for(body) -> list[tuple[str, str]]:
    """The body's own standard items, or the three every committee starts with."""
    own = [(item.title, item.kind) for item in body.standard_items.order_by("position")]
    return own or [(title, _STANDARD_KINDS.get(title, ItemKind.STANDING)) for title in STANDARD_ITEMS]


@transaction.atomic
def agenda_insert_standard_items(*, meeting: Meeting, by) -> list[AgendaItem]:
    """Put the body's standard items at the top of the agenda, once."""
    meeting = Meeting.objects.select_related("body").select_for_update().get(pk=meeting.pk)
    _check_open(meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise RuleError("The agenda has been published, so standard items can no longer be added")
    existing = set(meeting.items.values_list("title", flat=True))
    missing = [(title, kind) for title, kind in standard_items_for(meeting.body) if title not in existing]
    if not missing:
        raise RuleError("The standard items are already on the agenda")
    shift = len(missing)
    for item in meeting.items.order_by("-position"):
        item.position += shift
        saved_by(item, by, "Item moved")
    added = [
        saved_by(AgendaItem(meeting=meeting, position=n, title=title, kind=kind), by, "Standard item added")
        for n, (title, kind) in enumerate(missing, start=1)
    ]
    _place_exclusion(meeting, by)
    return added


def numbered(items) -> list[tuple[int, AgendaItem]]:
    return list(enumerate(sorted(items, key=lambda i: i.position), start=1))


def _contents(meeting: Meeting, items) -> dict:
    """What the public record says was published: exempt items by title and paragraph only.

    Each item's documents are listed by title and fingerprint, so the publication's SHA-256 covers
    its papers; an exempt paper by its fingerprint only: its title is for those who may open it.
    """
    numbers = {item.pk: number for number, item in numbered(meeting.items.all())}
    papers: dict[int, list[SupportingDocument]] = {}
    for document in SupportingDocument.objects.filter(item__in=[item.pk for item in items]).order_by("position"):
        papers.setdefault(document.item_id, []).append(document)
    return {
        "meeting": {
            "body": meeting.body.name,
            "starts_at": meeting.starts_at.isoformat(),
            "venue": meeting.venue,
            "remote_link": meeting.remote_link,
        },
        "items": [
            {
                "number": numbers[item.pk],
                "title": item.title,
                "kind": item.kind,
                "exempt_paragraph": item.exempt_paragraph if item.exempt else None,
                "urgent_reason": item.urgent_reason,
                **_urgency(item),
                "documents": [
                    {"sha256": d.sha256} if item.exempt else {"title": d.title, "sha256": d.sha256}
                    for d in papers.get(item.pk, [])
                ],
            }
            for item in sorted(items, key=lambda i: i.position)
        ],
    }


def _urgency(item: AgendaItem) -> dict:
    if not item.urgent_reason or item.urgency_agreed_by is None:
        return {}
    assert item.urgency_agreed_on is not None  # recorded together with who agreed
    return {
        "urgency_agreed_by": item.urgency_agreed_by.get_full_name(),
        "urgency_agreed_on": item.urgency_agreed_on.isoformat(),
    }


def record_bytes(publication: Publication) -> bytes:
    """The publication record as a file: the exact bytes its SHA-256 is taken over."""
    return json.dumps(publication.contents, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _moment(today: datetime.date, now: datetime.datetime | None) -> datetime.datetime:
    """When the record says it was published: ``now``, or the day given at this time of day, so
    the record is dated the day its clear working days are counted from."""
    if now is not None:
        return now
    now = timezone.localtime()
    if today == now.date():
        return now
    return timezone.make_aware(datetime.datetime.combine(today, now.time()))


def _publish(
    *, meeting: Meeting, items, kind: str, by, urgent_reason: str, today, now=None, chair=None, agreed_on=None
) -> Publication:
    clear = calendar.clear_working_days(today, meeting.date)
    contents = _contents(meeting, items)
    digest = hashlib.sha256(
        json.dumps(contents, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()
    publication = Publication(
        meeting=meeting,
        kind=kind,
        version=meeting.publications.count() + 1,
        published_by=by,
        published_at=_moment(today, now),
        contents=contents,
        sha256=digest,
        clear_working_days=clear,
        deadline_met=clear >= settings.PUBLICATION_CLEAR_DAYS,
        urgent_reason=urgent_reason.strip(),
        urgency_agreed_by=chair,
        urgency_agreed_on=agreed_on,
    )
    saved_by(publication, by, f"{publication.name} published")
    for item in items:
        item.published_in = publication
        saved_by(item, by, f"Published in the {publication.name.lower()}")
    # Each member is told which of the published items touch their registered interests: recorded
    # with the publication, sent after it commits.
    interest_notices_record(publication=publication, by=by)
    # Each member of the body, and each named substitute, is sent the summons (or the supplement
    # summons): recorded with the publication, sent after it commits.
    summonses_record(publication=publication, by=by)
    # Its packs are built without the clerk asking: queued now, built by Celery after the commit.
    publication_packs_request(publication=publication, by=by)
    return publication


def _already_published(meeting: Meeting, version: int | None) -> Publication | None:
    """Publication ``version`` of the meeting, if it exists: the same request sent twice (a double
    click on Publish, the form sent again) finds what the first one published, not a refusal."""
    if version is None:
        return None
    return meeting.publications.filter(version=version).first()


def _late_message(meeting: Meeting, clear: int) -> str:
    required = settings.PUBLICATION_CLEAR_DAYS
    last_day = formats.date_format(meeting.last_day_to_publish, "l j F Y")
    return (
        f"The agenda must be published at least {required} clear working days before the meeting. "
        f"The last day was {last_day} and there {'is' if clear == 1 else 'are'} now {clear} clear working "
        f"day{'' if clear == 1 else 's'}. To publish now, enter why the business is urgent"
    )


@transaction.atomic
def agenda_publish(
    *,
    meeting: Meeting,
    by,
    urgent_reason: str = "",
    urgency_agreed_by=None,
    urgency_agreed_on: datetime.date | None = None,
    today=None,
    now=None,
    version: int | None = None,
) -> Publication:
    """Publish the agenda. Late publication is refused unless the reason for urgency is recorded
    with the Chair's agreement (s.100B(4)(b)). ``version``: the publication the clerk's form was
    for; if it exists already, it is returned (the same click arriving twice)."""
    meeting = Meeting.objects.select_related("body").select_for_update().get(pk=meeting.pk)
    if (repeated := _already_published(meeting, version)) is not None:
        return repeated
    today = today or (timezone.localtime(now).date() if now else timezone.localdate())
    check_not_cancelled(meeting, "its agenda cannot be published")
    if meeting.status != MeetingStatus.SCHEDULED:
        raise RuleError("The agenda has already been published or the meeting is over")
    if meeting.date < today:
        raise RuleError("The meeting date has passed, so its agenda cannot be published")
    items = list(meeting.items.filter(published_in__isnull=True))
    if not items:
        raise RuleError("Add at least one item before publishing the agenda")
    clear = calendar.clear_working_days(today, meeting.date)
    if clear < settings.PUBLICATION_CLEAR_DAYS and not urgent_reason.strip():
        raise RuleError(_late_message(meeting, clear), field="urgent_reason")
    if clear >= settings.PUBLICATION_CLEAR_DAYS:
        urgent_reason, urgency_agreed_by, urgency_agreed_on = "", None, None  # on time: nothing to justify
    else:
        check_chair_agreed(meeting=meeting, chair=urgency_agreed_by, agreed_on=urgency_agreed_on, today=today)
    publication_checks.run(meeting=meeting, items=items, today=today)
    publication = _publish(
        meeting=meeting,
        items=items,
        kind=PublicationKind.AGENDA,
        by=by,
        urgent_reason=urgent_reason,
        today=today,
        now=now,
        chair=urgency_agreed_by,
        agreed_on=urgency_agreed_on,
    )
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    saved_by(meeting, by, "Agenda published")
    return publication


@transaction.atomic
def supplement_publish(*, meeting: Meeting, by, today=None, now=None, version: int | None = None) -> Publication:
    """Publish the items added since the agenda. With the statutory clear working days left it is
    ordinary business, published on time; with fewer, each item must be urgent business that the
    Chair agreed to (s.100B(4)(b)), checked again now as days may have passed since it was added.
    ``version`` as for ``agenda_publish``."""
    meeting = Meeting.objects.select_related("body").select_for_update().get(pk=meeting.pk)
    if (repeated := _already_published(meeting, version)) is not None:
        return repeated
    today = today or (timezone.localtime(now).date() if now else timezone.localdate())
    check_not_cancelled(meeting, "no supplement can be published")
    if meeting.status != MeetingStatus.AGENDA_PUBLISHED:
        raise RuleError("A supplement follows a published agenda: publish the agenda first")
    if meeting.date < today:
        raise RuleError("The meeting date has passed, so a supplement cannot be published")
    items = list(
        meeting.items.filter(published_in__isnull=True).select_related("urgency_agreed_by").order_by("position")
    )
    if not items:
        raise RuleError("There are no new items to publish in a supplement")
    reasons = ""
    if notice_is_short(meeting, today):
        clear = calendar.clear_working_days(today, meeting.date)
        for item in items:
            if not item.urgent_reason or item.urgency_agreed_by_id is None:
                raise RuleError(
                    f"“{item.title}” can now only be taken as urgent business: there {'is' if clear == 1 else 'are'} "
                    f"{clear} clear working day{'' if clear == 1 else 's'} before the meeting. Change the item to "
                    "record the special circumstances and the Chair's agreement"
                )
        reasons = "; ".join(f"{item.title}: {item.urgent_reason}" for item in items)
    publication_checks.run(meeting=meeting, items=items, today=today)
    return _publish(
        meeting=meeting,
        items=items,
        kind=PublicationKind.SUPPLEMENT,
        by=by,
        urgent_reason=reasons,
        today=today,
        now=now,
    )
