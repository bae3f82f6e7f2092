"""Permission matrix checks for running consultations (docs/permissions.md rows ``consultations.add``,
``consultations.manage``, ``consultations.responses`` and ``consultations.summary``).

"own" is a consultation the person owns (for ``consultations.summary`` a councillor's own is a
published consultation whose audience they are in); ``own=False`` is somebody else's, which an
officer does not find (404) and a councillor may not open (403).
"""

from django.urls import reverse
from django.utils import timezone

from members.models import AudienceKind, Consultation, ConsultationState, Member
from tests.factories import ConsultationFactory, MemberFactory, QuestionFactory, ResponseFactory, WardFactory
from tests.matrix import outcome


def _consultation(person, own, **fields):
    if own:
        fields["owner"] = person
    return ConsultationFactory(**fields)


def consultations_add(client, person):
    day = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
    closes = (timezone.localdate() + timezone.timedelta(days=20)).isoformat()
    response = client.post(
        reverse("members:consultation-add"),
        {
            "title": "Member roles in commissioning",
            "purpose": "How you want to take part.",
            "owner": person.pk if person else "",
            "opens_day": day,
            "opens_time": "09:00",
            "closes_day": closes,
            "closes_time": "17:00",
            "audience": "all",
        },
    )
    return outcome(response, Consultation.objects.filter(title="Member roles in commissioning").exists())


def consultations_manage(client, person, own=None):
    """Add a question to a draft: allowed or refused like every other change to it."""
    consultation = _consultation(person, own, state=ConsultationState.DRAFT)
    response = client.post(
        reverse("members:question-add", args=[consultation.pk]), {"kind": "text", "text": "Anything else?"}
    )
    return outcome(response, consultation.questions.filter(text="Anything else?").exists())


def consultations_responses(client, person, own=None):
    consultation = _consultation(person, own)
    QuestionFactory(consultation=consultation)
    tracker = client.get(reverse("members:consultation-tracker", args=[consultation.pk]))
    exported = client.get(reverse("members:consultation-csv", args=[consultation.pk]))
    assert tracker.status_code == exported.status_code
    response = ResponseFactory(consultation=consultation, state="submitted", submitted_at=timezone.now())
    one = client.get(reverse("members:consultation-response", args=[consultation.pk, response.member_id]))
    assert one.status_code == exported.status_code
    return exported


def consultations_summary(client, person, own=None):
    published = {"state": ConsultationState.REPORTED, "summary_published_at": timezone.now()}
    is_councillor = person is not None and not person.has_perm("members.add_consultation")
    if own and is_councillor:
        if not Member.objects.filter(user=person).exists():
            MemberFactory(user=person)
        consultation = ConsultationFactory(**published)
    elif is_councillor:
        # Published, but asking another ward's members: not theirs to read.
        consultation = ConsultationFactory(audience=AudienceKind.WARDS, **published)
        consultation.audience_wards.set([WardFactory()])
    else:
        consultation = _consultation(person, own, **published)
    return client.get(reverse("members:consultation-summary", args=[consultation.pk]))


CAPABILITIES = {
    "consultations.add": consultations_add,
    "consultations.manage": consultations_manage,
    "consultations.responses": consultations_responses,
    "consultations.summary": consultations_summary,
}
