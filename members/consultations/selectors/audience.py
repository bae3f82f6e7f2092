"""Who a consultation asks: its audience resolved to members, at any moment.

The audience is data on the consultation (all members, members of chosen committees, members for
chosen wards, members of chosen parties, or named members). Members are those serving at the time
asked (``Member.objects.current``); committee members are those with a current seat.
"""

import datetime

from django.db.models import Q, QuerySet

from ...models import AudienceKind, Consultation, Member, Membership


def audience(consultation: Consultation, on: datetime.date | None = None) -> QuerySet:
    """The members the consultation asks, as a queryset (one query when evaluated)."""
    members = Member.objects.current(on)
    kind = consultation.audience
    if kind == AudienceKind.ALL_MEMBERS:
        return members
    if kind == AudienceKind.BODIES:
        seated = Membership.objects.current(on).filter(body__in=consultation.audience_bodies.all())
        return members.filter(user__in=seated.values("person"))
    if kind == AudienceKind.WARDS:
        return members.filter(ward__in=consultation.audience_wards.all())
    if kind == AudienceKind.PARTIES:
        return members.filter(party__in=consultation.audience_parties.all())
    if kind == AudienceKind.NAMED:
        return members.filter(pk__in=consultation.audience_members.all())
    return members.none()


def consultations_asking(member: Member, on: datetime.date | None = None) -> QuerySet:
    """The other way round from ``audience``, as one query over all consultations: those whose
    audience includes ``member`` on the day (none if their term has ended)."""
    if not Member.objects.current(on).filter(pk=member.pk).exists():
        return Consultation.objects.none()
    seats = Membership.objects.current(on).filter(person_id=member.user_id).values("body")
    asked = (
        Q(audience=AudienceKind.ALL_MEMBERS)
        | Q(audience=AudienceKind.BODIES, audience_bodies__in=seats)
        | Q(audience=AudienceKind.WARDS, audience_wards=member.ward_id)
        | Q(audience=AudienceKind.NAMED, audience_members=member.pk)
    )
    if member.party_id:
        asked |= Q(audience=AudienceKind.PARTIES, audience_parties=member.party_id)
    return Consultation.objects.filter(pk__in=Consultation.objects.filter(asked).values("pk"))


def in_audience(consultation: Consultation, member: Member | None) -> bool:
    return member is not None and audience(consultation).filter(pk=member.pk).exists()


def member_of(user) -> Member | None:
    """The councillor profile of a signed-in person, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.filter(user=user).select_related("ward", "party").first()
