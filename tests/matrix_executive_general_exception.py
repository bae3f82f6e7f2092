"""Permission matrix checks for general exception notices (reg 10; docs/permissions.md)."""

import datetime

from django.urls import reverse

from executive import services
from executive.models import GeneralExceptionNotice
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, CabinetFactory, MembershipFactory, UserFactory
from tests.matrix import outcome


def _chair():
    chair = UserFactory(roles=["Councillor"])
    MembershipFactory(person=chair, role=MembershipRole.CHAIR, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    return chair


def _key_entry():
    return services.entry_draft(
        by=UserFactory(roles=["Officer"]),
        title="Emergency repairs to the depot",
        decision_maker=CabinetFactory(),
        expected_decision_on=datetime.date(2027, 1, 20),
        amount_pounds=800_000,
    )


def general_exception_view(client, person, own=None):
    notice = services.general_exception_publish(
        entry=_key_entry(),
        by=UserFactory(roles=["Democratic Services"]),
        scrutiny_chair=_chair(),
        reasons="The depot roof failed.",
    )
    assert client.get(reverse("executive:general-exception-list")).status_code == 200
    return client.get(notice.get_absolute_url())


def general_exception_publish(client, person, own=None):
    entry = _key_entry()
    response = client.post(
        reverse("executive:general-exception-publish", args=[entry.pk]),
        {"scrutiny_chair": _chair().pk, "reasons": "The depot roof failed."},
    )
    return outcome(response, GeneralExceptionNotice.objects.filter(entry=entry).exists())


CAPABILITIES = {
    "general-exception.view": general_exception_view,
    "general-exception.publish": general_exception_publish,
}
