"""Agenda packs: what scrutiny supplies to the pack engine (``council.packs``) for a meeting.

Editions of a meeting's packs:

- ``public`` and ``confidential``: the published agenda (the first Publication);
- ``supplement-<n>-public`` and ``supplement-<n>-confidential``: the supplement published as
  publication ``n`` of the meeting (its record's version: the addresses summonses link to), which
  the council calls "Supplementary agenda n-1" (supplements are numbered from 1; the agenda is
  publication 1), with its own front sheet and its own page numbers.

A confidential (members') edition exists only where the publication has exempt business: it
carries the exempt papers, marked "Exempt" on each of their pages. In a public edition an exempt
item shows only its title and its Schedule 12A paragraph (LGA 1972 s.100B(2), Schedule 12A Part 1):
none of its content, not even its papers' titles.

Who may build: the body's clerks and Administrators, once the publication exists. Who may download:
a public edition, anyone who may see the meeting (the public, for public bodies); a confidential
edition, the body's current members, its clerks and Administrators. An officer granted need-to-know
on one exempt item opens that item's papers on the meeting page but does not get the whole
confidential pack, which carries every exempt item of the meeting.

Each download of a confidential edition goes in the exempt access log (one entry per exempt paper
the version carries, naming the version), and the copy served is stamped on every exempt page with
the name of the person who downloaded it and when (``on_download``; the stored version is unchanged).
"""

import datetime
import re

from django.conf import settings
from django.http import Http404
from django.utils import formats, timezone

from council.packs import HtmlPart, PackKind, PackSpec, PdfPart, Watermark, register
from council.packs import services as pack_services
from council.packs.models import PackBuild
from council.templatetags.govuk import govuk_datetime, govuk_time
from members import access as members_access
from members.models import ROLE_ORDER, Membership

from . import access, selectors, services
from .models import (
    ItemKind,
    Meeting,
    Publication,
    PublicationKind,
    SupportingDocument,
    exclusion_paragraphs,
    exclusion_wording,
    supplement_number,
)

KIND = "agenda"
PUBLIC, CONFIDENTIAL = "public", "confidential"
EXEMPT_STAMP = "Exempt"
CONFIDENTIAL_NOTICE = "Confidential: not for publication"
_SUPPLEMENT = re.compile(r"^supplement-(?P<version>[1-9][0-9]*)-(?P<variant>public|confidential)$")


# --- Editions ------------------------------------------------------------------------------------


def parse_edition(edition: str) -> tuple[int | None, str] | None:
    """("public" → (None, "public"); "supplement-2-confidential" → (2, "confidential")); None if unknown."""
    if edition in (PUBLIC, CONFIDENTIAL):
        return None, edition
    match = _SUPPLEMENT.match(edition or "")
    if not match:
        return None
    return int(match["version"]), match["variant"]


def supplement_edition(version: int, variant: str) -> str:
    return f"supplement-{version}-{variant}"


def publication_for(meeting: Meeting, edition: str) -> Publication | None:
    """The publication an edition is the pack of, or None (no such edition, or not published)."""
    parsed = parse_edition(edition)
    if parsed is None:
        return None
    version, _ = parsed
    publications = meeting.publications.all()
    if version is None:
        return publications.filter(kind=PublicationKind.AGENDA).first()
    return publications.filter(kind=PublicationKind.SUPPLEMENT, version=version).first()


def editions(meeting: Meeting, *, publications: list | None = None) -> list[str]:
    """The editions that exist for the meeting, agenda first, in two queries whatever its size (one
    when the caller has read the meeting's ``publications`` already, in order of version)."""
    if publications is None:
        publications = list(meeting.publications.order_by("version"))
    with_exempt = set(
        meeting.items.filter(exempt=True, published_in__isnull=False).values_list("published_in_id", flat=True)
    )
    found = []
    for publication in publications:
        if publication.kind == PublicationKind.AGENDA:
            names = [PUBLIC, CONFIDENTIAL]
        else:
            names = [supplement_edition(publication.version, variant) for variant in (PUBLIC, CONFIDENTIAL)]
        found.append(names[0])
        if publication.pk in with_exempt:
            found.append(names[1])
    return found


def label(edition: str) -> str:
    parsed = parse_edition(edition)
    if parsed is None:
        return edition
    version, variant = parsed
    what = "public pack" if variant == PUBLIC else "members’ confidential pack"
    if version is None:
        return f"Agenda: {what}"
    return f"Supplementary agenda {supplement_number(version)}: {what}"


def in_words(edition: str) -> str:
    """The edition in a sentence: "the members’ confidential agenda pack", "the public pack of
    supplementary agenda 1"."""
    parsed = parse_edition(edition)
    if parsed is None:
        return edition
    version, variant = parsed
    what = "public" if variant == PUBLIC else "members’ confidential"
    if version is None:
        return f"the {what} agenda pack"
    return f"the {what} pack of supplementary agenda {supplement_number(version)}"


def is_confidential(edition: str) -> bool:
    parsed = parse_edition(edition)
    return parsed is not None and parsed[1] == CONFIDENTIAL


# --- Permissions ---------------------------------------------------------------------------------


def _exists(meeting: Meeting, edition: str) -> bool:
    return edition in editions(meeting)


def can_build(user, meeting: Meeting, edition: str) -> bool:
    """The body's clerks and Administrators (as for publishing), once the edition's publication exists."""
    return access.can_manage_meetings(user, meeting.body) and _exists(meeting, edition)


def may_download(user, meeting: Meeting, edition: str, *, can_manage: bool | None = None) -> bool:
    """Without checking that the edition exists (the caller knows): see ``can_download``."""
    if can_manage is None:
        can_manage = access.can_manage_meetings(user, meeting.body)
    if can_manage:
        return True
    if is_confidential(edition):
        return members_access.sits_on(user, meeting.body)
    return selectors.meetings_visible_to(user).filter(pk=meeting.pk).exists()


def can_download(user, meeting: Meeting, edition: str) -> bool:
    """A public edition: anyone who may see the meeting. A confidential edition: the body's current
    members, its clerks and Administrators (not need-to-know officers: they are granted one item).
    Anyone else signed in is told the confidential pack is not found, as on the meeting page, which
    does not list it for them; the public is asked to sign in."""
    if not _exists(meeting, edition):
        return False
    if may_download(user, meeting, edition):
        return True
    if is_confidential(edition) and getattr(user, "is_authenticated", False):
        raise Http404
    return False


# --- Downloads -----------------------------------------------------------------------------------


def exempt_papers_carried(version) -> list:
    """The exempt papers a stored version of a pack carries: those its build put in (the parts it
    recorded, ``document-<pk>``), not those the meeting has now, so an older version answers for
    itself."""
    inputs = PackBuild.objects.filter(pk=version.built_from_id).values_list("inputs", flat=True).first() or {}
    keys = [part["key"] for part in inputs.get("parts", []) if part.get("kind") == "upload"]
    ids = [int(key.removeprefix("document-")) for key in keys if key.startswith("document-")]
    return list(SupportingDocument.objects.filter(pk__in=ids, item__exempt=True).select_related("item"))


def watermark_text(user, when) -> str:

    name = user.get_full_name() or user.email
    return f"Downloaded by {name} on {govuk_datetime(timezone.localtime(when))}"


def on_download(user, meeting: Meeting, edition: str, version) -> Watermark | None:
    """A confidential edition's download (the engine has checked ``can_download``) goes in the exempt
    access log, one entry per exempt paper the version carries, and the copy served names its
    recipient and the time on every exempt page. A public edition records nothing and is served
    as stored."""
    if not is_confidential(edition):
        return None
    accesses = services.exempt_pack_download_record(version=version, documents=exempt_papers_carried(version), by=user)
    when = accesses[0].opened_at if accesses else timezone.now()
    return Watermark(watermark_text(user, when))


def agenda_sections(meeting: Meeting) -> list[dict]:
    """The published agenda and each supplement, as in their public packs, with the page where each
    item's papers start in the latest public pack built (none if no pack has been built): the pages
    the engine recorded for each part of that very file."""

    sections = []
    for edition in editions(meeting):
        if is_confidential(edition):
            continue
        spec = build_spec(meeting, edition)
        parts = {part.key: part for part in spec.parts}
        version = pack_services.latest_version(KIND, meeting, edition)
        pages = {}
        if version is not None:
            inputs = PackBuild.objects.filter(pk=version.built_from_id).values_list("inputs", flat=True).get()
            pages = {part["key"]: part.get("first_page") for part in inputs.get("parts", [])}
        rows = [{**row, "page": pages.get(row["part"])} for row in parts["agenda"].context["rows"]]
        sections.append({"edition": edition, "front": parts["front"].context, "rows": rows, "version": version})
    return sections


# --- Content -------------------------------------------------------------------------------------


def _date(value) -> str:
    return formats.date_format(value, "l j F Y")


def _time(value) -> str:

    return govuk_time(timezone.localtime(value))


def _with_title(person) -> str:
    """The person as every page names them (``User.display_with_post``), or nothing."""
    return person.display_with_post() if person is not None else ""


def _report_of(person) -> str:
    """ "Report of Jane Smith, Assistant Chief Executive": the author one way, as on every page."""
    return f"Report of {person.display_with_post()}" if person is not None else ""


def _contact(meeting: Meeting, publication: Publication) -> dict:
    """The contact officer: the clerk who published, else the body's first clerk."""
    clerks = list(members_access.clerks_of(meeting.body).select_related("officer"))
    person = next((c for c in clerks if c.pk == publication.published_by_id), None)
    person = person or (clerks[0] if clerks else publication.published_by)
    officer = getattr(person, "officer", None)
    return {
        "name": person.get_full_name(),
        "job_title": officer.job_title if officer else "",
        "email": person.email,
        "phone": officer.phone if officer else "",
    }


def _invitation(meeting: Meeting, supplement: bool) -> str:
    body = meeting.body
    when = f"on {_date(meeting.starts_at)} at {_time(meeting.starts_at)}"
    where = f" in {meeting.venue}" if meeting.venue else " remotely"
    if supplement:
        return (
            f"Further to the agenda already published, the following business will be considered at the meeting "
            f"of {body}{where} {when}."
        )
    if body.kind == "council":
        return (
            f"You are summoned to attend a meeting of {settings.COUNCIL_NAME}{where} {when} "
            "to transact the business on the agenda below."
        )
    return (
        f"You are invited to attend a meeting of the {body}{where} {when} to consider the business on the agenda below."
    )


def _membership(meeting: Meeting) -> list[dict]:
    """The body's members on the meeting day, Chair and Vice-Chair first, each person once."""

    memberships = (
        Membership.objects.current(meeting.date)
        .filter(body=meeting.body)
        .select_related("person__member", "person__officer")
    )
    ordered = sorted(memberships, key=lambda m: (ROLE_ORDER[m.role], m.person.last_name, m.person.first_name))
    seen, rows = set(), []
    for membership in ordered:
        if membership.person_id in seen:
            continue
        seen.add(membership.person_id)
        role = "" if membership.role == "member" else membership.get_role_display()
        rows.append({"name": _with_title(membership.person), "role": role})
    return rows


def _item_rows(meeting: Meeting, publication: Publication) -> list[dict]:
    """The publication's items with their numbers on the meeting's agenda and their times from its
    start (as on the meeting page: ``selectors.agenda_rows``), with the people's titles in one query."""
    people = ("report_author__officer", "report_author__member", "presenter__officer", "presenter__member")
    items = list(meeting.items.select_related(*people).order_by("position"))
    exclusions = exclusion_paragraphs(items)
    rows, at = [], meeting.starts_at
    for number, item in enumerate(items, start=1):
        if item.published_in_id == publication.pk:
            notice = selectors.EXEMPT_NOTICE.format(n=item.exempt_paragraph) if item.exempt else ""
            exclusion = exclusion_wording(exclusions[item.pk]) if item.pk in exclusions else ""
            rows.append(
                {"number": number, "item": item, "starts_at": at, "exempt_notice": notice, "exclusion": exclusion}
            )
        at = at + datetime.timedelta(minutes=item.minutes_allowed or 0)
    return rows


def _documents(items) -> dict[int, list]:
    grouped: dict[int, list] = {}
    documents = SupportingDocument.objects.filter(item__in=[i.pk for i in items], content_type="application/pdf")
    for document in documents.order_by("item__position", "position"):
        grouped.setdefault(document.item_id, []).append(document)
    return grouped


def _uploaded(item, documents, number: int, stamp: str) -> list[PdfPart]:
    return [
        PdfPart(
            key=f"document-{document.pk}",
            storage_name=document.file.name,
            sha256=document.sha256,
            name=f"{document.title} (item {number}: {item.title})",
            bookmark=document.title,
            level=1,
            stamp=stamp,
        )
        for document in documents
    ]


def _minutes_parts(meeting: Meeting, rows: list[dict], *, confidential: bool) -> dict[int, list[HtmlPart]]:
    """The parts each "Minutes of the previous meeting" item carries: the minutes of the body's
    previous meeting for approval (``minutes_pack``), in a confidential pack the members' edition if
    that meeting had exempt business. None if that meeting was not held."""
    from . import minutes_pack  # it builds on this module's agenda helpers, so it is imported late

    items = [row for row in rows if row["item"].kind == ItemKind.MINUTES]
    previous = minutes_pack.previous_meeting(meeting) if items else None
    if previous is None:
        return {}
    content = minutes_pack.document(
        previous,
        minutes_pack.FOR_APPROVAL,
        confidential=confidential and minutes_pack.has_exempt_business(previous),
    )
    found = {}
    for row in items:
        item = row["item"]
        bookmark = f"{row['number']}. {item.title}"
        found[item.pk] = minutes_pack.parts(content, key=f"item-{item.pk}", bookmark=bookmark)
    return found


def _filename(meeting: Meeting, edition: str) -> str:
    return f"{meeting.body.slug}-{meeting.date:%Y-%m-%d}-agenda-{edition}.pdf"


def build_spec(meeting: Meeting, edition: str) -> PackSpec:
    """The pack of one edition: front sheet, membership (agenda only), the agenda with the page
    where each item's papers start, then each item's papers (a generated cover page, then its
    uploaded PDFs). In a public edition an exempt item gets a page with its title and paragraph."""
    parsed = parse_edition(edition)
    publication = publication_for(meeting, edition)
    if parsed is None or publication is None:
        raise ValueError(f"No {edition!r} edition for {meeting}")
    version, variant = parsed
    confidential = variant == CONFIDENTIAL
    supplement = version is not None
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    rows = _item_rows(meeting, publication)
    documents = _documents([row["item"] for row in rows])

    what = publication.name
    title = f"{what}: {meeting.body}, {formats.date_format(meeting.starts_at, 'j F Y')}"
    if confidential:
        title = f"{title} (confidential)"
    common = {
        "council_name": settings.COUNCIL_NAME,
        "body": meeting.body.name,
        "date": _date(meeting.starts_at),
        "time": _time(meeting.starts_at),
        "venue": meeting.venue,
        "remote_link": meeting.remote_link,
        "title": title,
        "confidential": confidential,
        "confidential_notice": CONFIDENTIAL_NOTICE if confidential else "",
        "supplement": supplement,
        "supplement_number": publication.supplement_number or 0,
    }

    minutes = _minutes_parts(meeting, rows, confidential=confidential)
    agenda_rows, papers = [], []
    for row in rows:
        item, number = row["item"], row["number"]
        hidden = item.exempt and not confidential
        item_documents = [] if hidden else documents.get(item.pk, [])
        stamp = EXEMPT_STAMP if item.exempt and confidential else ""
        key = f"item-{item.pk}"
        carries_minutes = item.pk in minutes and not hidden
        has_pages = (
            item.exempt
            or item.kind not in (ItemKind.STANDING, ItemKind.DECLARATIONS, ItemKind.MINUTES, ItemKind.EXCLUSION)
            or item_documents
            or carries_minutes
        )
        agenda_rows.append(
            {
                "number": number,
                "title": item.title,
                "time": _time(row["starts_at"]),
                "minutes_allowed": item.minutes_allowed or 0,
                "kind": item.get_kind_display(),
                "report_of": _report_of(item.report_author),
                "presenter": _with_title(item.presenter),
                "exempt": item.exempt,
                "exempt_notice": row["exempt_notice"],
                "exclusion": row["exclusion"],
                "urgent_reason": item.urgent_reason,
                "part": key if has_pages else "",
            }
        )
        if not has_pages:
            continue
        bookmark = f"{number}. {item.title}"
        if carries_minutes:
            papers.extend(minutes[item.pk])
            papers.extend(_uploaded(item, item_documents, number, stamp))
            continue
        if hidden:
            papers.append(
                HtmlPart(
                    key=key,
                    template="packs/agenda/exempt.html",
                    context={**common, "number": number, "item_title": item.title, "notice": row["exempt_notice"]},
                    bookmark=bookmark,
                    level=0,
                )
            )
            continue
        papers.append(
            HtmlPart(
                key=key,
                template="packs/agenda/item.html",
                context={
                    **common,
                    "number": number,
                    "item_title": item.title,
                    "kind": item.get_kind_display(),
                    "report_of": _report_of(item.report_author),
                    "presenter": _with_title(item.presenter),
                    "time": _time(row["starts_at"]),
                    "minutes_allowed": item.minutes_allowed or 0,
                    "exempt": item.exempt,
                    "exempt_notice": row["exempt_notice"],
                    "public_interest_reason": item.public_interest_reason if item.exempt else "",
                    "urgent_reason": item.urgent_reason,
                    "documents": [{"title": d.title, "kind": d.get_kind_display()} for d in item_documents],
                },
                bookmark=bookmark,
                level=0,
                stamp=stamp,
            )
        )
        papers.extend(_uploaded(item, item_documents, number, stamp))

    front_context = {
        **common,
        "invitation": _invitation(meeting, supplement),
        "published": _date(publication.published_at),
        "contact": _contact(meeting, publication),
        # A supplement published with the statutory notice is ordinary business, not urgent.
        "urgent_reason": "" if publication.deadline_met else publication.urgent_reason,
    }
    parts = [
        HtmlPart(
            key="front",
            template="packs/agenda/front.html",
            context=front_context,
            bookmark="Supplementary agenda" if supplement else "Front sheet",
        )
    ]
    if not supplement:
        parts.append(
            HtmlPart(
                key="membership",
                template="packs/agenda/membership.html",
                context={**common, "members": _membership(meeting)},
                bookmark="Membership",
            )
        )
    parts.append(
        HtmlPart(
            key="agenda",
            template="packs/agenda/agenda.html",
            context={**common, "rows": agenda_rows},
            bookmark="Agenda",
            needs_page_numbers=True,
        )
    )
    parts.extend(papers)
    return PackSpec(
        title=title,
        author=settings.COUNCIL_NAME,
        parts=tuple(parts),
        subject=f"{what} of the meeting of the {meeting.body} on {_date(meeting.starts_at)}",
        filename=_filename(meeting, edition),
    )


def register_agenda_pack() -> None:
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
            # The confidential pack carries every exempt paper: never on a password alone.
            needs_second_factor=is_confidential,
        )
    )
