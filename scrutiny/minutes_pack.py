"""The minutes PDF: a meeting's minutes as a document, built by the pack engine (``council.packs``)
like the agenda packs, cached by content and kept version by version.

Editions, by where the minutes stand:

- ``draft``: written after the meeting, not yet published: for the body's clerks (and
  Administrators) only;
- ``for-approval``: the draft minutes once published with the agenda of the body's next meeting, at
  its "Minutes of the previous meeting" item (``ItemKind.MINUTES``): as open as that agenda (LGA 1972
  s.100B(1)), so anyone who may see the meeting. The agenda pack carries this edition at that item;
- ``confirmed``: signed as a correct record at that meeting (``MinutesConfirmation``), with the date
  and the Chair's signature line.

Each has a ``-confidential`` edition where the meeting had exempt business. A public edition shows an
exempt item by its title and Schedule 12A paragraph with the clerk's fair summary (s.100C(2)) and
never loads its minute, resolutions or the nature of interests declared in it. A confidential edition
carries them, each run of exempt minutes on pages of its own stamped "Exempt": it is for the body's
current members, its clerks and Administrators (clerks only for the draft), opened only in a session
verified with two factors, and each downloaded copy names its recipient on the exempt pages.
"""

import datetime

from django.conf import settings
from django.db.models import Case, F, Prefetch, TextField, Value, When
from django.http import Http404
from django.utils import formats, timezone

from council.packs import HtmlPart, PackKind, PackSpec, Watermark, register
from council.templatetags.govuk import govuk_time
from members import access as members_access
from members.models import Membership

from . import access, selectors, services
from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Declaration,
    ItemKind,
    Meeting,
    MeetingStatus,
    Minute,
    MinutesConfirmation,
    Resolution,
    exclusion_paragraphs,
    exclusion_wording,
)
from .packs import CONFIDENTIAL_NOTICE, EXEMPT_STAMP, watermark_text
from .selectors.minute_numbers import minute_numbers

KIND = "minutes"
DRAFT, FOR_APPROVAL, CONFIRMED = "draft", "for-approval", "confirmed"
STAGES = {DRAFT: "Draft", FOR_APPROVAL: "For approval", CONFIRMED: "Confirmed"}
_CONFIDENTIAL = "-confidential"
TEMPLATE = "packs/minutes/minutes.html"
SIGNATURE_LINE = "Chair ........................................  Date ........................................"


# --- Editions ------------------------------------------------------------------------------------


def edition_name(stage: str, confidential: bool = False) -> str:
    return f"{stage}{_CONFIDENTIAL}" if confidential else stage


def parse_edition(edition: str) -> tuple[str, bool] | None:
    """("confirmed" → ("confirmed", False); "draft-confidential" → ("draft", True)); None if unknown."""
    stage = (edition or "").removesuffix(_CONFIDENTIAL)
    if stage not in STAGES:
        return None
    return stage, edition != stage


def is_confidential(edition: str) -> bool:
    parsed = parse_edition(edition)
    return parsed is not None and parsed[1]


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The body's next meeting, not cancelled: where these minutes are confirmed."""
    later = Meeting.objects.filter(body_id=meeting.body_id, starts_at__gt=meeting.starts_at)
    return later.exclude(status=MeetingStatus.CANCELLED).order_by("starts_at").first()


def approval_item(meeting: Meeting) -> AgendaItem | None:
    """The published "Minutes of the previous meeting" item of the body's next meeting: once there
    is one, the minutes are published for approval."""
    following = next_meeting(meeting)
    if following is None:
        return None
    items = following.items.filter(kind=ItemKind.MINUTES, published_in__isnull=False).order_by("position")
    return items.select_related("meeting").first()


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's meeting before ``meeting`` (not cancelled), if it was held: the minutes its
    "Minutes of the previous meeting" item carries."""
    earlier = Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
    previous = earlier.exclude(status=MeetingStatus.CANCELLED).order_by("-starts_at").select_related("body").first()
    return previous if previous is not None and previous.status in selectors.MINUTED else None


def has_exempt_business(meeting: Meeting) -> bool:
    return meeting.items.filter(exempt=True, published_in__isnull=False).exists()


def editions(meeting: Meeting) -> list[str]:
    """The editions that exist now: the draft until the minutes are published for approval; then
    for approval (kept once confirmed: it is what the next agenda published); the confirmed edition
    once signed. Each with a confidential edition where the meeting had exempt business."""
    if meeting.status not in selectors.MINUTED:
        return []
    confirmed = meeting.status == MeetingStatus.MINUTES_CONFIRMED
    published = approval_item(meeting) is not None
    stages = [CONFIRMED] if confirmed else []
    stages += [FOR_APPROVAL] if published else []
    stages += [] if confirmed or published else [DRAFT]
    exempt = has_exempt_business(meeting)
    return [name for stage in stages for name in [edition_name(stage)] + ([edition_name(stage, True)] * exempt)]


def in_words(edition: str) -> str:
    """The edition in a sentence: "the members’ confidential edition of the confirmed minutes"."""
    parsed = parse_edition(edition)
    if parsed is None:
        return edition
    stage, confidential = parsed
    what = {DRAFT: "the draft minutes", FOR_APPROVAL: "the minutes for approval", CONFIRMED: "the confirmed minutes"}
    return f"the {'members’ confidential' if confidential else 'public'} edition of {what[stage]}"


def label(edition: str) -> str:
    parsed = parse_edition(edition)
    if parsed is None:
        return edition
    stage, confidential = parsed
    what = {DRAFT: "Draft minutes", FOR_APPROVAL: "Minutes for approval", CONFIRMED: "Confirmed minutes"}[stage]
    return f"{what}: {'members’ confidential' if confidential else 'public'} edition"


# --- Permissions ---------------------------------------------------------------------------------


def can_build(user, meeting: Meeting, edition: str) -> bool:
    """The body's clerks and Administrators, while the edition exists; the edition for approval
    only until the minutes are confirmed (then it is the record of what was published)."""
    parsed = parse_edition(edition)
    if parsed is None or not access.can_manage_meetings(user, meeting.body) or edition not in editions(meeting):
        return False
    return not (parsed[0] == FOR_APPROVAL and meeting.status == MeetingStatus.MINUTES_CONFIRMED)


def may_download(user, meeting: Meeting, edition: str, *, can_manage: bool | None = None) -> bool:
    """Without checking that the edition exists (the caller knows): see ``can_download``."""
    parsed = parse_edition(edition)
    if parsed is None:
        return False
    stage, confidential = parsed
    if can_manage is None:
        can_manage = access.can_manage_meetings(user, meeting.body)
    if can_manage:
        return True
    if stage == DRAFT:
        return False
    if confidential:
        return members_access.sits_on(user, meeting.body)
    return selectors.meetings_visible_to(user).filter(pk=meeting.pk).exists()


def can_download(user, meeting: Meeting, edition: str) -> bool:
    """The draft: the body's clerks and Administrators. For approval and confirmed, public edition:
    anyone who may see the meeting; confidential edition: also the body's current members. Anyone
    else signed in is told a draft or confidential edition is not found (the meeting page does not
    list it for them); the public is asked to sign in."""
    if edition not in editions(meeting):
        return False
    if may_download(user, meeting, edition):
        return True
    stage, confidential = parse_edition(edition) or (DRAFT, True)
    if (confidential or stage == DRAFT) and getattr(user, "is_authenticated", False):
        raise Http404
    return False


def on_download(user, meeting: Meeting, edition: str, version) -> Watermark | None:
    """A confidential edition's download goes in the meeting's exempt access log, one entry per
    exempt item whose minute it carries, and the copy names its recipient and the time on every
    exempt page. A public edition records nothing and is served as stored."""
    if not is_confidential(edition):
        return None
    items = meeting.items.filter(exempt=True, published_in__isnull=False).order_by("position")
    accesses = services.exempt_minutes_download_record(version=version, items=list(items), by=user)
    when = accesses[0].opened_at if accesses else timezone.now()
    return Watermark(watermark_text(user, when))


# --- Content -------------------------------------------------------------------------------------


def _date(value) -> str:
    return formats.date_format(value, "l j F Y")


def _time(value: datetime.datetime) -> str:
    return govuk_time(timezone.localtime(value))


def _councillor(person) -> str:
    name = person.get_full_name()
    return f"Councillor {name}" if getattr(person, "member", None) is not None else name


def _attendance(meeting: Meeting) -> dict:
    """Those present (the body's members and their substitutes, Chair and Vice-Chair named), those
    attending remotely, apologies, and the others present (officers), in two queries."""
    memberships = list(Membership.objects.current(meeting.date).filter(body_id=meeting.body_id))
    seats = {m.person_id for m in memberships}
    # A substitute is named as standing in for the member, not by the role as well; co-opted
    # members keep theirs (non-voting).
    roles = {m.person_id: m.get_role_display() for m in memberships if m.role not in ("member", "substitute")}
    lines = Attendance.objects.filter(meeting=meeting).select_related(
        "person__member", "substitute_for", "person__officer"
    )
    found: dict[str, list[str]] = {"present": [], "remote": [], "apologies": [], "also": []}
    for line in lines.order_by("person__last_name", "person__first_name"):
        name = _councillor(line.person)
        # One bracket, as on the register: the role, whom they stood in for, the clerk's note.
        said = [roles.get(line.person_id, "")]
        if line.substitute_for_id:
            said.append(f"substitute for {line.substitute_for.get_full_name()}")
        said.append(line.notes.strip())
        if any(said):
            name = f"{name} ({'; '.join(part for part in said if part)})"
        if line.status == AttendanceStatus.APOLOGIES:
            found["apologies"].append(name)
        elif line.status == AttendanceStatus.VIRTUAL:
            found["remote"].append(name)
        elif line.status == AttendanceStatus.PRESENT:
            seated = line.person_id in seats or line.substitute_for_id
            if seated:
                found["present"].append(name)
            else:
                officer = getattr(line.person, "officer", None)
                found["also"].append(f"{name}, {officer.job_title}" if officer else name)
    return found


def _declarations(meeting: Meeting, references: dict[int, str], *, confidential: bool) -> list[str]:
    """Each interest declared, as the minutes say it. The nature of an interest in an exempt item
    can disclose the item: a public edition never loads it."""
    declarations = Declaration.objects.filter(item__meeting=meeting).select_related(
        "person__member", "item", "dispensation"
    )
    if not confidential:
        declarations = declarations.annotate(
            shown=Case(When(item__exempt=True, then=Value("")), default=F("nature"), output_field=TextField())
        ).defer("nature")
    sentences = []
    for d in declarations.order_by("item__position", "person__last_name", "pk"):
        name = d.person.get_full_name()
        nature = d.nature if confidential else d.shown
        kind = d.get_kind_display().lower()
        kind = f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
        sentence = (
            f"{_councillor(d.person)} declared {kind} in {references[d.item_id]} ({d.item.title})"
            f"{': ' + nature if nature else ''}."
        )
        if not d.took_part:
            sentence += f" {name} did not take part in the consideration of the item"
            sentence += " and left the room." if d.left_room else "."
        elif d.dispensation is not None:
            on = formats.date_format(d.dispensation.granted_on, "j F Y")
            sentence += f" {name} took part under a dispensation granted on {on}"
            sentence += "." if d.dispensation.may_vote else ", and did not vote."
        sentences.append(sentence)
    return sentences


def _resolution(resolution: Resolution) -> dict:
    """A resolution as minuted, with its vote: the result and counts and, for a recorded vote, how
    each member voted by name (always so at the budget meeting)."""
    vote = getattr(resolution, "vote", None)
    return {
        "text": resolution.text,
        "vote": vote.summary if vote else "",
        "named": [(label, [_councillor(p) for p in people]) for label, people in vote.named()] if vote else [],
    }


def _rows(meeting: Meeting, items: list, numbers: dict[int, str], *, confidential: bool) -> list[dict]:
    """Each item's minute. A public edition loads an exempt item's fair summary only."""
    minutes = Minute.objects.filter(item__meeting=meeting).prefetch_related(
        Prefetch(
            "resolutions",
            queryset=Resolution.objects.select_related("vote")
            .prefetch_related("vote__member_votes__person__member")
            .order_by("position"),
        ),
        "corrections",
    )
    if not confidential:
        minutes = minutes.filter(item__exempt=False)
    by_item = {minute.item_id: minute for minute in minutes}
    summaries = (
        {}
        if confidential
        else dict(
            Minute.objects.filter(item__meeting=meeting, item__exempt=True).values_list("item_id", "public_summary")
        )
    )
    exclusions = exclusion_paragraphs(items)
    rows = []
    for item in (item for item in items if item.published_in_id is not None):
        minute = by_item.get(item.pk)
        withheld = item.exempt and not confidential
        rows.append(
            {
                "number": numbers[item.pk],
                "title": item.title,
                "exempt": item.exempt,
                "withheld": withheld,
                "notice": selectors.EXEMPT_NOTICE.format(n=item.exempt_paragraph) if item.exempt else "",
                "exclusion": exclusion_wording(exclusions[item.pk]) if item.pk in exclusions and not minute else "",
                "fair_summary": summaries.get(item.pk, "") if withheld else "",
                "text": minute.text if minute else "",
                "resolutions": [_resolution(r) for r in minute.resolutions.all()] if minute else [],
                "corrections": [
                    f"Corrected on {formats.date_format(timezone.localtime(c.corrected_at), 'j F Y')} on the authority "
                    f"of {c.authority}."
                    for c in (minute.corrections.all() if minute else [])
                ],
            }
        )
    return rows


def document(meeting: Meeting, stage: str, *, confidential: bool) -> dict:
    """Everything the minutes PDF prints, as plain data (hashed by the engine to cache the pages):
    heading, attendance, declarations, the numbered minutes, and how the minutes stand. A fixed
    number of queries however many items, minutes and declarations."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    # Numbered by position as on the agenda and the minutes page; only business published could be
    # considered (LGA 1972 s.100B(4)), so only it is minuted.
    items = list(meeting.items.order_by("position"))
    labels = minute_numbers(meeting)
    # A minute's number as printed ("OSC 4/26", or "4." before the meeting's minutes are numbered), and
    # how a declaration refers to it ("minute OSC 4/26", or "item 4").
    numbers = {item.pk: labels.get(item.pk) or f"{position}." for position, item in enumerate(items, start=1)}
    references = {
        item.pk: f"minute {labels[item.pk]}" if item.pk in labels else f"item {position}"
        for position, item in enumerate(items, start=1)
    }
    standing = ""
    if stage == CONFIRMED:
        confirmation = MinutesConfirmation.objects.select_related("confirmed_at_meeting").filter(meeting=meeting)
        confirmation = confirmation.first()
        if confirmation is not None:
            standing = (
                f"Confirmed as a correct record at the meeting of the {meeting.body} on "
                f"{_date(confirmation.confirmed_at_meeting.starts_at)}."
            )
    elif stage == FOR_APPROVAL:
        item = approval_item(meeting)
        when = f" on {_date(item.meeting.starts_at)}" if item is not None else ""
        standing = f"For approval: to be confirmed as a correct record at the meeting of the {meeting.body}{when}."
    else:
        standing = "Draft: not yet published, and to be confirmed as a correct record at the next meeting."
    where = f" in {meeting.venue}" if meeting.venue else ""
    title = f"Minutes: {meeting.body}, {formats.date_format(meeting.starts_at, 'j F Y')} ({STAGES[stage].lower()})"
    return {
        "council_name": settings.COUNCIL_NAME,
        "body": meeting.body.name,
        "title": f"{title} (confidential)" if confidential else title,
        "heading": (
            f"Minutes of the meeting of the {meeting.body} held on {_date(meeting.starts_at)} "
            f"at {_time(meeting.starts_at)}{where}"
        ),
        "stage": STAGES[stage],
        "standing": standing,
        "signature": SIGNATURE_LINE if stage == CONFIRMED else "",
        "confidential": confidential,
        "confidential_notice": CONFIDENTIAL_NOTICE if confidential else "",
        "attendance": _attendance(meeting),
        "declarations": _declarations(meeting, references, confidential=confidential),
        "rows": _rows(meeting, items, numbers, confidential=confidential),
        "filename": f"{meeting.body.slug}-{meeting.date:%Y-%m-%d}-minutes-{edition_name(stage, confidential)}.pdf",
        "subject": f"Minutes of the meeting of the {meeting.body} on {_date(meeting.starts_at)}",
    }


def parts(content: dict, *, key: str, bookmark: str, level: int = 0) -> list[HtmlPart]:
    """The document's parts: in a confidential edition each run of exempt minutes is a part of its
    own, stamped "Exempt" on each of its pages (and so watermarked in a downloaded copy); the
    heading opens the first part and the signature closes the last."""
    runs: list[list[dict]] = []
    for row in content["rows"]:
        exempt = row["exempt"] and content["confidential"]
        if runs and (runs[-1][0]["exempt"] and content["confidential"]) == exempt:
            runs[-1].append(row)
        else:
            runs.append([row])
    runs = runs or [[]]
    common = {k: v for k, v in content.items() if k not in ("rows", "attendance", "declarations")}
    found = []
    for index, run in enumerate(runs):
        first, last = index == 0, index == len(runs) - 1
        exempt = bool(run) and run[0]["exempt"] and content["confidential"]
        context = {
            **common,
            "rows": run,
            "first": first,
            "last": last,
            "attendance": content["attendance"] if first else {},
            "declarations": content["declarations"] if first else [],
        }
        found.append(
            HtmlPart(
                key=key if first else f"{key}-{index + 1}",
                template=TEMPLATE,
                context=context,
                bookmark=bookmark if first else ("Exempt minutes" if exempt else "Minutes (continued)"),
                level=level if first else level + 1,
                stamp=EXEMPT_STAMP if exempt else "",
            )
        )
    return found


def build_spec(meeting: Meeting, edition: str) -> PackSpec:
    parsed = parse_edition(edition)
    if parsed is None or meeting.status not in selectors.MINUTED:
        raise ValueError(f"No {edition!r} edition of the minutes of {meeting}")
    stage, confidential = parsed
    content = document(meeting, stage, confidential=confidential)
    return PackSpec(
        title=content["title"],
        author=settings.COUNCIL_NAME,
        parts=tuple(parts(content, key="minutes", bookmark="Minutes")),
        subject=content["subject"],
        filename=content["filename"],
    )


def register_minutes_pack() -> None:
    register(
        PackKind(
            name=KIND,
            model=Meeting,
            build_spec=build_spec,
            can_build=can_build,
            can_download=can_download,
            editions=editions,
            label=label,
            on_download=on_download,
            watermarked=is_confidential,
            # A confidential edition carries exempt minutes: never on a password alone, as the agenda pack.
            needs_second_factor=is_confidential,
        )
    )
