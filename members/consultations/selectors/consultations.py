"""The consultations a person manages, the list of them with response rates, and who a
consultation is shared with.

The list costs the same number of queries however many consultations and however large their
audiences: the members and the committee seats are read in one query each and matched in Python.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from council import permissions

from ...models import Consultation, Member, Membership, ResponseState
from ..access import MANAGE, can_consult, managed


def managed_by(user):
    """The consultations ``user`` manages (``access.managed``), for those who may consult or
    manage any: all for Administrators; otherwise those they own or that are shared with them."""
    if not can_consult(user) and not permissions.can(user, MANAGE):
        return Consultation.objects.none()
    return managed(user)


@dataclass
class ListRow:
    consultation: Consultation
    audience_size: int
    submitted: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.submitted / self.audience_size) if self.audience_size else None


def _managed_for_list(user):
    return (
        managed_by(user)
        .select_related("owner")
        .prefetch_related("audience_bodies", "audience_wards", "audience_parties", "audience_members")
        .annotate(submitted=Count("responses", filter=Q(responses__state=ResponseState.SUBMITTED)))
        .order_by("-closes_at", "title", "pk")
    )


def list_rows(user) -> list[ListRow]:
    """Each consultation ``user`` manages (the latest 300) with its audience size and response rate."""
    return _rows(list(_managed_for_list(user)[:300]))


def list_page(user, number) -> Page:
    """The list page: a page of the consultations ``user`` manages (``LIST_PAGE_SIZE``, latest
    closing first), each with its audience size and response rate, in a fixed number of queries."""
    page = Paginator(_managed_for_list(user), settings.LIST_PAGE_SIZE).get_page(number)
    page.object_list = _rows(list(page.object_list))
    return page


def _rows(consultations) -> list[ListRow]:
    """Audience sizes are counted per consultation kind: all-members ones share one count; the
    others need their choices, prefetched, and one count query each would grow with the list, so
    the members are read once and matched in Python."""
    if not consultations:
        return []
    members = list(Member.objects.current().values("pk", "ward_id", "party_id", "user_id"))
    seats = defaultdict(set)
    for body_id, person_id in Membership.objects.current().values_list("body_id", "person_id"):
        seats[body_id].add(person_id)
    rows = []
    for consultation in consultations:
        rows.append(ListRow(consultation, _size(consultation, members, seats), consultation.submitted))
    return rows


def _size(consultation, members, seats) -> int:
    kind = consultation.audience
    if kind == "all":
        return len(members)
    if kind == "bodies":
        people = set().union(*(seats[body.pk] for body in consultation.audience_bodies.all()))
        return sum(1 for m in members if m["user_id"] in people)
    if kind == "wards":
        wards = {ward.pk for ward in consultation.audience_wards.all()}
        return sum(1 for m in members if m["ward_id"] in wards)
    if kind == "parties":
        parties = {party.pk for party in consultation.audience_parties.all()}
        return sum(1 for m in members if m["party_id"] in parties)
    named = {member.pk for member in consultation.audience_members.all()}
    return sum(1 for m in members if m["pk"] in named)


def shared_with(consultation: Consultation):
    """The officers the consultation is shared with (they manage it too)."""
    return permissions.holders(MANAGE, consultation)
