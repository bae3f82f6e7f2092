"""Who a consultation asks: each kind of audience resolved to the members serving today."""

import datetime

import pytest
from django.utils import timezone

from members.consultations.selectors.audience import audience, in_audience
from members.models import AudienceKind
from tests.factories import (
    BodyFactory,
    ConsultationFactory,
    MemberFactory,
    MembershipFactory,
    PartyFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def names(consultation):
    return {m.user.get_full_name() for m in audience(consultation).select_related("user")}


def test_all_members_asks_every_serving_member_but_not_those_whose_term_has_ended():
    serving = MemberFactory()
    MemberFactory(term_ends_on=TODAY - datetime.timedelta(days=1))
    ending_today = MemberFactory(term_ends_on=TODAY)
    consultation = ConsultationFactory(audience=AudienceKind.ALL_MEMBERS)
    assert set(audience(consultation)) == {serving, ending_today}


def test_committee_audience_counts_current_seats_only():
    body = BodyFactory()
    seated = MemberFactory()
    MembershipFactory(body=body, person=seated.user)
    ended = MemberFactory()
    MembershipFactory(body=body, person=ended.user, end_date=TODAY - datetime.timedelta(days=1))
    upcoming = MemberFactory()
    MembershipFactory(body=body, person=upcoming.user, start_date=TODAY + datetime.timedelta(days=10))
    elsewhere = MemberFactory()
    MembershipFactory(person=elsewhere.user)
    gone = MemberFactory(term_ends_on=TODAY - datetime.timedelta(days=3))
    MembershipFactory(body=body, person=gone.user)
    consultation = ConsultationFactory(audience=AudienceKind.BODIES)
    consultation.audience_bodies.set([body])
    assert list(audience(consultation)) == [seated]
    assert in_audience(consultation, seated)
    assert not in_audience(consultation, ended)
    assert not in_audience(consultation, gone)


def test_ward_audience():
    north, south = WardFactory(), WardFactory()
    a, b = MemberFactory(ward=north), MemberFactory(ward=north)
    MemberFactory(ward=south)
    MemberFactory(ward=north, term_ends_on=TODAY - datetime.timedelta(days=1))
    consultation = ConsultationFactory(audience=AudienceKind.WARDS)
    consultation.audience_wards.set([north])
    assert set(audience(consultation)) == {a, b}


def test_party_audience():
    green, labour = PartyFactory(name="Green"), PartyFactory(name="Labour")
    g = MemberFactory(party=green)
    MemberFactory(party=labour)
    independent = MemberFactory(party=None)
    consultation = ConsultationFactory(audience=AudienceKind.PARTIES)
    consultation.audience_parties.set([green])
    assert list(audience(consultation)) == [g]
    assert not in_audience(consultation, independent)


def test_named_members_audience_drops_a_named_member_whose_term_has_ended():
    chosen, former = MemberFactory(), MemberFactory(term_ends_on=TODAY - datetime.timedelta(days=1))
    MemberFactory()
    consultation = ConsultationFactory(audience=AudienceKind.NAMED)
    consultation.audience_members.set([chosen, former])
    assert list(audience(consultation)) == [chosen]


def test_an_officer_is_never_in_the_audience():
    consultation = ConsultationFactory(audience=AudienceKind.ALL_MEMBERS)
    assert not in_audience(consultation, None)
