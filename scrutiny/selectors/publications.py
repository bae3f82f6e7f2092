"""Reads about the publication clock: the notice each publication actually gives for the meeting's
current date, and the checking of a file against the publication records."""

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from council import calendar
from members.models import Body, Membership, MembershipRole

from ..models import Meeting, MeetingDateChange, Publication
from .meetings import meetings_visible_to


def notice_given(publication: Publication, meeting_on: datetime.date) -> int:
    """Clear working days between the day of publication and the meeting's date now."""
    return calendar.clear_working_days(timezone.localtime(publication.published_at).date(), meeting_on)


def _agreed(publication: Publication) -> list[dict]:
    """The published items the Chair agreed were urgent, as the record names them."""
    return [
        {
            "number": item["number"],
            "urgency_agreed_by": item["urgency_agreed_by"],
            "urgency_agreed_on": datetime.date.fromisoformat(item["urgency_agreed_on"]),
        }
        for item in publication.contents.get("items", [])
        if item.get("urgency_agreed_by") and item.get("urgency_agreed_on")
    ]


def next_publication_version(meeting: Meeting) -> int:
    """The version the meeting's next publication (the agenda, or the next supplement) will have."""
    return meeting.publications.count() + 1


def publications_of(meeting: Meeting) -> list[Publication]:
    """The meeting's publications in order, with who published them and who agreed urgency: read
    once for the meeting page, whose packs box and publication record both list them."""
    return list(meeting.publications.select_related("published_by", "urgency_agreed_by").order_by("version"))


def publication_record(meeting: Meeting, *, publications: list[Publication] | None = None) -> dict:
    """Each publication with the notice it gives for the meeting as now dated (not as when it was
    published), and each change of date with its urgency. Two queries (one with ``publications``
    already read by ``publications_of``)."""
    required = settings.PUBLICATION_CLEAR_DAYS
    rows = []
    for publication in publications_of(meeting) if publications is None else publications:
        given = notice_given(publication, meeting.date)
        rows.append(
            {
                "publication": publication,
                "notice_given": given,
                "on_time": given >= required,
                "moved": given != publication.clear_working_days,
                "urgent_items": _agreed(publication),
            }
        )
    changes = list(
        MeetingDateChange.objects.filter(meeting=meeting).select_related("urgency_agreed_by").order_by("changed_at")
    )
    # Supplements are numbered from 1, after the agenda: the next is numbered as many as are published.
    return {"rows": rows, "date_changes": changes, "required": required, "next_supplement_number": len(rows)}


def urgent_date_changes(meeting: Meeting) -> list[MeetingDateChange]:
    """Moves of the meeting that left short notice, taken as urgent with the Chair's agreement."""
    return list(
        MeetingDateChange.objects.filter(meeting=meeting)
        .exclude(urgent_reason="")
        .select_related("urgency_agreed_by")
        .order_by("changed_at")
    )


def chairs_of(body: Body):
    """Who can agree to urgent business: the body's current Chair and Vice-Chair."""
    chairs = Membership.objects.current().filter(body=body, role__in=[MembershipRole.CHAIR, MembershipRole.VICE_CHAIR])
    return get_user_model().objects.filter(pk__in=chairs.values("person")).order_by("last_name", "first_name")


def _digest(upload) -> str:
    # Read in chunks and keep nothing: the file is hashed, never stored.
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    return sha.hexdigest()


def publications_matching(user, *, upload=None, sha256: str = "") -> dict:
    """The SHA-256 of an uploaded file (or the one pasted), the publication records it matches and
    the public agenda packs it matches, among the meetings this person may see."""
    from council.packs.models import PackVersion

    from .. import packs

    digest = _digest(upload) if upload is not None else sha256.strip().lower()
    visible = meetings_visible_to(user)
    records = list(
        Publication.objects.filter(sha256=digest, meeting__in=visible)
        .select_related("meeting__body")
        .order_by("meeting__starts_at", "version")
    )
    # Public editions only: a confidential pack is stamped for its recipient when downloaded.
    versions = [
        v
        for v in PackVersion.objects.filter(kind=packs.KIND, sha256=digest).order_by("pk")
        if not packs.is_confidential(v.edition) and v.object_id.isdigit()
    ]
    meetings = visible.select_related("body").in_bulk([int(v.object_id) for v in versions])
    pack_matches = [
        {"version": v, "meeting": meetings[int(v.object_id)], "label": packs.label(v.edition)}
        for v in versions
        if int(v.object_id) in meetings
    ]
    return {"sha256": digest, "found": records, "packs": pack_matches}
