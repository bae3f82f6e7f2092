"""Permission matrix checks for consultation reminders (docs/permissions.md rows ``consultations.remind``
and ``consultations.reminders-view``).

"own" is a consultation the person owns; ``own=False`` is somebody else's. Administrators manage
every consultation; other officers and Cabinet Members do not find someone else's (404);
councillors are refused (403).
"""

from django.urls import reverse

from members.models import ConsultationState
from tests.factories import ConsultationFactory, MemberFactory
from tests.matrix import agree, outcome


def _consultation(person, own, **fields):
    if own:
        return ConsultationFactory(owner=person, **fields)
    return ConsultationFactory(**fields)


def consultations_remind(client, person, own=None):
    """Send an ad-hoc reminder to the members who have not responded."""
    MemberFactory()
    consultation = _consultation(person, own)
    response = client.post(reverse("members:consultation-remind", args=[consultation.pk]))
    return outcome(response, consultation.reminders.filter(key__startswith="adhoc").exists())


def consultations_reminders_view(client, person, own=None):
    """See every email of a consultation and what became of it; set the reminder times of a draft."""
    consultation = _consultation(person, own)
    draft = _consultation(person, own, state=ConsultationState.DRAFT)
    return agree(
        client.get(reverse("members:consultation-reminders", args=[consultation.pk])),
        client.get(reverse("members:consultation-reminder-times", args=[draft.pk])),
    )


CAPABILITIES = {
    "consultations.remind": consultations_remind,
    "consultations.reminders-view": consultations_reminders_view,
}
