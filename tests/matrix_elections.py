"""Permission matrix checks for elections, terms of office and the annual meeting's appointments
(docs/permissions.md rows ``elections.*``, ``councillors.leave``, ``appointments.edit`` and
``political-balance.view``)."""

import datetime

from django.urls import reverse

from members.models import BodyKind, Election, ElectionKind, Member, Membership
from members.services import elections
from tests.factories import BodyFactory, MemberFactory, UserFactory, WardFactory
from tests.matrix import outcome


def elections_view(client, person):
    """The list of elections and one election's result page: both allowed or both refused."""
    member = MemberFactory()
    recorded = elections.election_record_result(
        by=UserFactory(),
        kind=ElectionKind.ORDINARY,
        poll_date=datetime.date(2027, 5, 6),
        ward=member.ward,
        re_elected=[member],
    )
    listed = client.get(reverse("members:election-list"))
    shown = client.get(recorded.contest.election.get_absolute_url())
    assert listed.status_code == shown.status_code or {listed.status_code, shown.status_code} == {302}
    return shown


def elections_record(client, person):
    ward = WardFactory()
    response = client.post(
        reverse("members:election-record"),
        {
            "kind": ElectionKind.BY_ELECTION,
            "poll_date": "2026-11-05",
            "ward": ward.pk,
            "new_1_first_name": "Grace",
            "new_1_last_name": "Hopper",
            "new_1_email": "grace@northbridge.example",
        },
    )
    return outcome(response, Election.objects.filter(contests__ward=ward).exists())


def councillors_leave(client, person):
    member = MemberFactory()
    response = client.post(
        reverse("members:councillor-leave"), {"member": member.pk, "reason": "resigned", "last_day": "2026-09-14"}
    )
    return outcome(response, Member.objects.filter(pk=member.pk, term_ends_on="2026-09-14").exists())


def appointments_edit(client, person):
    body = BodyFactory(kind=BodyKind.COMMITTEE)
    member = MemberFactory()
    response = client.post(
        reverse("members:appointments-edit"),
        {"start_date": "2026-05-20", f"body_{body.pk}_members": [str(member.user.pk)]},
    )
    return outcome(response, Membership.objects.filter(body=body, person=member.user).exists())


def political_balance_view(client, person):
    return client.get(reverse("members:political-balance"))


CAPABILITIES = {
    "elections.view": elections_view,
    "elections.record": elections_record,
    "councillors.leave": councillors_leave,
    "appointments.edit": appointments_edit,
    "political-balance.view": political_balance_view,
}
