"""Search the public record: the rows of ``SearchEntry`` a person may see that match a query.

Who may see a row is asked, in the same query, of the app that keeps its source record: the
meetings anyone may see (``scrutiny.view_meeting``), ``scrutiny.access.visible`` for agenda items,
minutes, resolutions and recommendations (exempt information and draft minutes),
``scrutiny.access.documents_openable`` for the pages of supporting documents, the executive's
rules for decisions (and their exempt parts) and forward plan entries, public consultations, and
commissioning reviews for those granted them. To find candidates fast, the index stores whether the
public may see each row (``SearchEntry.public``, written from the same rule): the public's search
reads that flag alone, a signed-in person's adds their live rule over the rows not public, and every
hit shown is asked the live rule again (``page_hits``), so a stale flag can hide a hit, never show one.

PostgreSQL: full-text search with English stemming (``websearch_to_tsquery``: words, "phrases",
``or`` and ``-not``), ranked with the title above the text, with highlighted snippets. Elsewhere
(SQLite for ``make run``) a plain case-insensitive match, newest first.
"""

import datetime
import functools
import json
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import DateField, ExpressionWrapper, F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Substr
from django.utils import timezone

from commissioning.models import Review
from council import permissions
from executive import access as executive_access
from members.models import Consultation
from scrutiny import access as scrutiny_access
from scrutiny.models import AgendaItem, Meeting, Minute, Recommendation, Resolution, SupportingDocument

from ..models import EntryKind, GrantsChange, SearchEntry

MAX_QUERY_LENGTH = 200
#: A search ranks, counts and pages at most this many of the newest matches (decision 0031).
MAX_RESULTS = 1000
#: A word PostgreSQL estimates in at least this many of the public's rows is read newest first by
#: walking the date index (its newest thousand are near the top); a rarer one through the GIN index
#: and a top-N sort, which reads no vector (decision 0047). About where the two cost the same on the
#: ten-year council (200,000 report pages): the walk reads the vector of every row it passes.
WALK_FROM = 30_000
# Unlikely in any paper, and unchanged by HTML escaping: the snippet is split on them (``parts``)
# and the template wraps only the marked parts in <mark>, escaping everything.
START = "\u27e6\u27e6mark\u27e7\u27e7"
STOP = "\u27e6\u27e6/mark\u27e7\u27e7"


@dataclass(frozen=True)
class SearchFilters:
    body_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    kinds: tuple[str, ...] = field(default_factory=tuple)


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def sources(user, kinds: Iterable[str] | None = None) -> dict[str, QuerySet]:
    """Each kind's records ``user`` may see, from the app that keeps them (the one rule, used at
    query time and, for the public, by the indexer to store ``SearchEntry.public``). ``kinds``:
    only those (building a rule costs a few milliseconds of Python; a search needs few kinds)."""
    wanted = set(EntryKind.values if kinds is None else kinds)
    visible: dict[str, QuerySet] = {}
    meetings = permissions.viewable(user, Meeting.objects.all(), "scrutiny.view_meeting")
    if EntryKind.MEETING in wanted:
        visible[EntryKind.MEETING] = meetings
    for kind, model in (
        (EntryKind.ITEM, AgendaItem),
        (EntryKind.MINUTE, Minute),
        (EntryKind.RESOLUTION, Resolution),
        (EntryKind.RECOMMENDATION, Recommendation),
    ):
        if kind in wanted:
            visible[kind] = scrutiny_access.visible(user, model.objects.all())
    if EntryKind.PAGE in wanted:
        documents = SupportingDocument.objects.filter(item__meeting__in=meetings.values("pk"))
        visible[EntryKind.PAGE] = scrutiny_access.documents_openable(user, documents)
    if wanted & {EntryKind.DECISION, EntryKind.DECISION_EXEMPT}:
        decisions = executive_access.decisions_visible(user)
        visible[EntryKind.DECISION] = decisions
        if executive_access.may_see_exempt_part(user):
            visible[EntryKind.DECISION_EXEMPT] = decisions
    if EntryKind.FORWARD_PLAN in wanted:
        visible[EntryKind.FORWARD_PLAN] = executive_access.entries_visible(user)
    if EntryKind.CONSULTATION in wanted:
        visible[EntryKind.CONSULTATION] = Consultation.objects.public()
    if EntryKind.REVIEW in wanted and _signed_in(user):
        visible[EntryKind.REVIEW] = permissions.permitted(user, Review.objects.all(), "commissioning.view_review")
    return {kind: queryset for kind, queryset in visible.items() if kind in wanted}


def public_sources(kinds: Iterable[str] | None = None) -> dict[str, QuerySet]:
    return sources(AnonymousUser(), kinds)


#: Keep a person's grant lists between searches (``GrantLists``); off: read them at every search.
KEEP_GRANT_LISTS = True


class GrantLists:
    """A signed-in person's small sets as lists of ids (``permissions.pinned``'s memo: the bodies
    they clerk, their need-to-know items, the bodies they sit on today, their grants on meetings,
    decisions and reviews), kept in the cache between searches under the version of everyone's
    grants (the newest ``GrantsChange`` row, in the database), so that a search reads them with one
    cache read and one indexed query rather than a query each.

    The version is bumped (``record.services.search.grants_changed``, from ``record.signals``)
    whenever a row they are read from is written or deleted: any object grant (to a person or a
    group), a person's groups, a seat, a councillor's term, an agenda item (its exempt flag); at
    once and again when the change commits, so that lists read while it was being made are never
    used after it. The version lives in the database, so no change is forgotten when the cache is
    lost or cannot be reached while a grant is revoked. Lists are used only under the version read
    before they were, on the day they were read ("today's seats") and for the same superuser and
    active flags. Without a cache, they are read afresh, as before."""

    def __init__(self, user):
        self.key = f"record:search:grants:{user.pk}"
        self.stamp = (timezone.localdate().isoformat(), bool(user.is_superuser), bool(user.is_active))
        self.version = None
        self.memo: dict = {}
        self.saved: set = set()
        # The version is read from the database before the lists are (decision 0031): lists read
        # after a change committed may be kept under the version before it (they are newer than
        # it), never lists read before a change under the version after it.
        self.version = GrantsChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            kept = cache.get(self.key)
        except Exception:  # noqa: BLE001 (the cache only saves queries: without it, read them)
            self.version = None
            return
        if self.version is not None and kept and kept.get("version") == (self.version, self.stamp):
            self.memo = dict(kept["memo"])
            self.saved = set(self.memo)

    def save(self) -> None:
        """Keep the lists read since (one cache write, only when there are new ones)."""
        if self.version is None or set(self.memo) <= self.saved:
            return
        try:
            cache.set(self.key, {"version": (self.version, self.stamp), "memo": self.memo}, timeout=3600)
        except Exception:  # noqa: BLE001, S110 (not kept: read again next time)
            return
        self.saved = set(self.memo)


class Rules:
    """One person's live rule for each kind, built when first needed (``sources``) and kept for
    one search: ``find`` and then ``page_hits`` (building a kind's rule is Python work of a few
    milliseconds). The person's object grants (the bodies they clerk, their need-to-know items,
    their grants on meetings, decisions and reviews) are named as lists of ids
    (``permissions.pinned``), and every kind's rule names those lists rather than nesting
    sub-queries through the grant tables; the lists come from the cache while nothing they are
    read from has changed (``GrantLists``), else from a few small queries."""

    def __init__(self, user):
        self.user = user
        self._built: dict[str, QuerySet] = {}
        self._asked: set[str] = set()
        self._lists = GrantLists(user) if _signed_in(user) and KEEP_GRANT_LISTS else None
        self._grants: dict = self._lists.memo if self._lists else {}

    def of(self, kinds: Iterable[str]) -> dict[str, QuerySet]:
        wanted = set(kinds)
        if missing := wanted - self._asked:
            with permissions.pinned(self._grants):
                self._built.update(sources(self.user, missing))
            self._asked |= missing
            if self._lists:
                self._lists.save()
        return {kind: queryset for kind, queryset in self._built.items() if kind in wanted}


def live_rule(user, keys: dict[str, set[int]], rules: Rules | None = None) -> Q:
    """The live rule, for the source records named in ``keys`` (kind: primary keys): where the
    entry is of one of those records and ``user`` may see it, asked of the owning apps
    (``sources``). Each kind's rule is restricted to the records named, so PostgreSQL checks a
    handful of records rather than building the rule's sets over whole source tables (decision
    0031). No records named: no entry."""
    visible = (rules or Rules(user)).of(kind for kind, ids in keys.items() if ids)
    branches = [
        Q(kind=kind, object_id__in=queryset.filter(pk__in=sorted(keys[kind])).values("pk"))
        for kind, queryset in visible.items()
    ]
    return functools.reduce(operator.or_, branches, Q(pk__in=[]))


def _keys(rows: Iterable[tuple[str, int]]) -> dict[str, set[int]]:
    keys: dict[str, set[int]] = {}
    for kind, object_id in rows:
        keys.setdefault(kind, set()).add(object_id)
    return keys


def _allowed(rules: Rules, matching: QuerySet, oldest: datetime.date | None) -> list[tuple[int, datetime.date | None]]:
    """The rows of ``matching`` not stored public whose source record ``rules.user`` may see, as
    (primary key, date), the newest ``MAX_RESULTS + 1`` (``oldest``: none older than that date, the
    public's oldest when those already fill the results): two queries whatever the number of
    rows. The first lists the matching rows not public (a partial GIN index keeps those few rows
    apart); the second asks the live rule of their records alone (``live_rule``)."""
    if not _signed_in(rules.user):
        return []
    restricted = matching.filter(public=False)
    if oldest is not None:
        restricted = restricted.filter(date__gte=oldest)
    rows = list(
        restricted.order_by(F("date").desc(nulls_last=True), "-pk").values_list("pk", "kind", "object_id", "date")[
            : MAX_RESULTS + 1
        ]
    )
    if not rows:
        return []
    rule = live_rule(rules.user, _keys((kind, object_id) for _, kind, object_id, _ in rows), rules)
    allowed = set(SearchEntry.objects.filter(pk__in=[row[0] for row in rows]).filter(rule).values_list("pk", flat=True))
    return [(pk, date) for pk, _, _, date in rows if pk in allowed]


def _filtered(queryset: QuerySet, filters: SearchFilters, since: datetime.datetime | None) -> QuerySet:
    if filters.body_id:
        queryset = queryset.filter(body_id=filters.body_id)
    if filters.date_from:
        queryset = queryset.filter(date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(date__lte=filters.date_to)
    if filters.kinds:
        kinds = set(filters.kinds)
        if EntryKind.DECISION in kinds:
            kinds.add(EntryKind.DECISION_EXEMPT)
        queryset = queryset.filter(kind__in=kinds)
    if since is not None:
        queryset = queryset.filter(indexed_at__gt=since)
    return queryset


def _newest(rows: Iterable[tuple[int, datetime.date | None]]) -> list[int]:
    """Primary keys newest first (undated last, then the latest written), at most ``MAX_RESULTS + 1``."""
    ordered = sorted(rows, key=lambda row: (row[1] is not None, row[1] or datetime.date.min, row[0]), reverse=True)
    return [pk for pk, _ in ordered[: MAX_RESULTS + 1]]


@dataclass(frozen=True)
class Found:
    """What a search found: ``entries`` (at most ``MAX_RESULTS``, each with ``rank``) and ``total``,
    how many matched, counted up to ``MAX_RESULTS + 1`` (``more``: more than that). Best first;
    when there are ``more``, the newest first (``newest_first``): only the newest are kept, and
    ranking them read every one's vector (decision 0047)."""

    entries: QuerySet
    total: int
    #: The person's live rules built for the search, for ``page_hits`` to use again.
    rules: Rules

    @property
    def more(self) -> bool:
        return self.total > MAX_RESULTS

    @property
    def newest_first(self) -> bool:
        return self.more or connection.vendor != "postgresql"

    @property
    def limit(self) -> int:
        return MAX_RESULTS

    def paginator(self, per_page: int) -> Paginator:
        """Pages of the entries; the count is known, so the paginator asks no query for it."""
        paginator = Paginator(self.entries, per_page)
        paginator.count = min(self.total, MAX_RESULTS)  # a cached property: set, never queried
        return paginator


def _estimate(queryset: QuerySet) -> int:
    """PostgreSQL's estimate of the rows of ``queryset``: its plan, no row read."""
    plan = json.loads(queryset.values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _newest_first(common: bool) -> list:
    """Newest first (undated last, then the latest written). For a word not ``common``, by a date
    no index gives, so that PostgreSQL reads the matches through the GIN index (the rows are narrow:
    a few thousand small pages) and keeps the newest with a top-N sort, rather than walking the
    date index and reading the vector of every row it passes, a thousand or more for each match
    (its cost model does not count reading a vector from TOAST: decision 0047)."""
    date = F("date") if common else ExpressionWrapper(F("date") + Value(0), output_field=DateField())
    return [date.desc(nulls_last=True), F("pk").desc()]


def find(user, query: str, filters: SearchFilters | None = None, since: datetime.datetime | None = None) -> Found:
    """The entries ``user`` may see matching ``query``, best first, each annotated with ``rank``.
    ``since``: only entries written (new or changed) after it, for alerts of new results.

    A word found in many places is ranked among its newest ``MAX_RESULTS`` matches only (counted up
    to one more: "more than 1,000 results"), so that no search ranks or counts every row of a
    common word. Candidates: the public's, the rows stored ``public`` (one query, newest first, on
    a partial index); a signed-in person's add the rows not public their live rule allows
    (``_allowed``). Show a page of them through ``page_hits``, which re-checks the live rule of
    each hit and adds the snippets."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    entries = _filtered(SearchEntry.objects.all(), filters or SearchFilters(), since)
    postgresql = connection.vendor == "postgresql"
    tsquery = SearchQuery(query, search_type="websearch", config="english")
    if postgresql:
        matching = entries.filter(vector=tsquery)
    else:
        matching = entries.filter(Q(title__icontains=query) | Q(text__icontains=query))
    # How common the words are among the public's rows, filters aside: a filter (a committee, a
    # year) the walk skips cheaply, without reading a vector.
    common = not postgresql or _estimate(SearchEntry.objects.filter(public=True, vector=tsquery)) >= WALK_FROM
    public = list(
        matching.filter(public=True).order_by(*_newest_first(common)).values_list("pk", "date")[: MAX_RESULTS + 1]
    )
    # When the public's rows fill the results, an older row not public cannot join them.
    oldest = public[-1][1] if len(public) > MAX_RESULTS else None
    rules = Rules(user)
    newest = _newest([*public, *_allowed(rules, matching, oldest)])
    found = SearchEntry.objects.filter(pk__in=newest[:MAX_RESULTS])
    if postgresql and len(newest) <= MAX_RESULTS:
        found = found.annotate(rank=SearchRank(F("vector"), tsquery))
        return Found(found.order_by("-rank", F("date").desc(nulls_last=True), "pk"), len(newest), rules)
    # More matches than are ranked (or no ranking, on SQLite): the newest first, as they were found.
    # Ranking the newest thousand read each one's vector, the slowest part of a common word's search
    # (decision 0047); the page says the results are newest first.
    found = found.annotate(rank=Value(0.0, output_field=FloatField()))
    return Found(found.order_by(F("date").desc(nulls_last=True), "-pk"), len(newest), rules)


def search(
    user, query: str, filters: SearchFilters | None = None, since: datetime.datetime | None = None
) -> QuerySet[SearchEntry]:
    """The entries of ``find``, best first."""
    return find(user, query, filters, since).entries


def _snippet(query: str):
    if connection.vendor != "postgresql":
        return Substr("text", 1, 240)
    return SearchHeadline(
        "text",
        SearchQuery(query, search_type="websearch", config="english"),
        config="english",
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter="\u2026",
    )


def page_hits(user, query: str, page: Iterable[SearchEntry], rules: Rules | None = None) -> list[SearchEntry]:
    """The page's entries (from ``search``), in order, each with its ``snippet``; one query,
    whatever the page holds. Each is asked the live rule again (``live_rule``), so that a
    stale ``public`` flag (a change made by ``QuerySet.update``, which the index does not hear
    of) can hide a hit but never show one: an entry failing it is dropped, title and snippet.

    An entry stored ``public`` is asked the public's rule (cheap to build), one not public the
    person's own (``rules``: those ``find`` built, if given): a signed-in person may see all the
    public may, so an entry passing the public's rule is theirs to see; a stale ``public`` entry
    that only their own rule would allow is hidden until the index is written again."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    entries = list(page)
    if not entries:
        return []
    order = [entry.pk for entry in entries]
    if _signed_in(user):
        rule = live_rule(AnonymousUser(), _keys((e.kind, e.object_id) for e in entries if e.public)) | live_rule(
            user, _keys((e.kind, e.object_id) for e in entries if not e.public), rules
        )
    else:
        rule = live_rule(user, _keys((entry.kind, entry.object_id) for entry in entries))
    checked = {
        entry.pk: entry
        for entry in SearchEntry.objects.filter(pk__in=order).filter(rule).annotate(snippet=_snippet(query))
    }
    return [checked[pk] for pk in order if pk in checked]


@dataclass(frozen=True)
class Part:
    text: str
    marked: bool


def parts(snippet: str) -> list[Part]:
    """The snippet as plain and marked parts, for the template to escape each and wrap only the
    marked ones. A marker without its pair (a paper quoting the marker itself) stays plain text."""
    result: list[Part] = []
    rest = snippet or ""
    while rest:
        start = rest.find(START)
        stop = rest.find(STOP, start + len(START)) if start >= 0 else -1
        if start < 0 or stop < 0:
            result.append(Part(rest, False))
            break
        if start:
            result.append(Part(rest[:start], False))
        result.append(Part(rest[start + len(START) : stop], True))
        rest = rest[stop + len(STOP) :]
    return result
