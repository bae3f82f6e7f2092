"""Permission matrix checks for the register of interests (docs/permissions.md rows ``register.*``).

"own" for keeping a register is the person's own register: they are a councillor (a Member record
is theirs). ``own=False`` makes them a councillor too and asks them to end another member's entry,
which is not found.
"""

from django.urls import reverse
from django.utils import timezone

from members.models import Dispensation, Interest, Member, RegisterReturn
from tests.factories import MemberFactory
from tests.interests_kit import councillor, interest
from tests.matrix import agree, outcome


def register_view(client, person):
    """The published register and its PDF: both open to everyone."""
    member = councillor()
    interest(member, today=timezone.localdate())
    page = client.get(reverse("members:register-public", args=[member.pk]))
    pdf = client.get(reverse("members:register-pdf", args=[member.pk]))
    return agree(page, pdf)


def _confirm(client, person):
    """Confirm their register complete: their return (s.30(1))."""
    response = client.post(reverse("members:register-confirm"), {"confirmed": "on"})
    return outcome(response, RegisterReturn.objects.filter(person=person).exists())


def register_keep(client, person, own=None):
    """Add an interest to their register and confirm it complete, or (``own=False``) end another
    member's."""
    today = timezone.localdate()
    if own is None:  # a role without a register of its own
        response = client.post(
            reverse("members:interest-add"),
            {"kind": "dpi", "category": "employment", "holder": "member", "description": "Teacher"},
        )
        added = outcome(response, Interest.objects.filter(description="Teacher").exists())
        return agree(added, _confirm(client, person))
    if not Member.objects.filter(user=person).exists():
        MemberFactory(user=person)
    if own:
        response = client.post(
            reverse("members:interest-add"),
            {
                "kind": "dpi",
                "category": "employment",
                "holder": "member",
                "description": "Teacher",
                "became_aware_on": today.isoformat(),
            },
        )
        added = outcome(response, Interest.objects.filter(person=person, description="Teacher").exists())
        return agree(added, _confirm(client, person))
    theirs = interest(councillor(), today=today)
    response = client.post(reverse("members:interest-end", args=[theirs.pk]), {"ended_on": today.isoformat()})
    return outcome(response, Interest.objects.filter(pk=theirs.pk, ended_on=today).exists())


def register_review(client, person):
    """Open every register, then mark another member's entry sensitive."""
    member = councillor()
    entry = interest(member, today=timezone.localdate())
    listed = client.get(reverse("members:register-list"))
    reviewed = client.post(
        reverse("members:interest-review", args=[entry.pk]), {"sensitive": "on", "sensitive_reason": "Threats"}
    )
    outcome(reviewed, Interest.objects.filter(pk=entry.pk, sensitive=True).exists())
    assert listed.status_code == 200 or listed.status_code == reviewed.status_code
    return reviewed


def register_dispensations(client, person):
    """See every dispensation, then grant one to a member."""
    member = councillor()
    today = timezone.localdate().isoformat()
    listed = client.get(reverse("members:dispensation-list"))
    granted = client.post(
        reverse("members:dispensation-add", args=[member.pk]),
        {
            "scope": "Setting the council tax",
            "reasons": "Section 33(2)(b)",
            "may_participate": "on",
            "may_vote": "on",
            "starts_on": today,
            "ends_on": today,
        },
    )
    outcome(granted, Dispensation.objects.filter(person=member.user).exists())
    assert listed.status_code == 200 or listed.status_code == granted.status_code
    return granted


CAPABILITIES = {
    "register.view": register_view,
    "register.keep": register_keep,
    "register.review": register_review,
    "register.dispensations": register_dispensations,
}
