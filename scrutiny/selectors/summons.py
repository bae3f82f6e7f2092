"""Reads about the summonses sent on each publication of a meeting's agenda, for its clerks."""

from django.db.models import Count, Q

from ..models import Meeting, Summons, SummonsStatus


def summons_record(meeting: Meeting) -> list[dict]:
    """Each publication of the meeting (agenda, then supplements) with its summonses and their
    status, in three queries whatever the number of recipients."""
    publications = list(meeting.publications.order_by("version"))
    rows: dict[int, list[Summons]] = {p.pk: [] for p in publications}
    summonses = (
        Summons.objects.filter(meeting=meeting)
        .select_related("recipient")
        .order_by("publication__version", "recipient__last_name", "recipient__first_name", "pk")
    )
    for summons in summonses:
        rows.setdefault(summons.publication_id, []).append(summons)
    return [
        {
            "publication": publication,
            "summonses": rows[publication.pk],
            "counts": _counts(rows[publication.pk]),
        }
        for publication in publications
    ]


def _counts(summonses: list[Summons]) -> dict[str, int]:
    counts = dict.fromkeys(SummonsStatus.values, 0)
    for summons in summonses:
        counts[summons.status] += 1
    return counts


def summons_summary(meeting: Meeting) -> dict[str, int] | None:
    """How many of the meeting's summonses are sent, queued and not delivered (one query); None
    before any was recorded."""
    totals = Summons.objects.filter(meeting=meeting).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=SummonsStatus.SENT)),
        queued=Count("pk", filter=Q(status=SummonsStatus.QUEUED)),
        failed=Count("pk", filter=Q(status=SummonsStatus.FAILED)),
    )
    return totals if totals["total"] else None
