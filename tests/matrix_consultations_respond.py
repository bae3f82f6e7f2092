"""Permission matrix checks for responding (docs/permissions.md rows ``consultations.respond`` and
``consultations.mine``).

"own" for responding is a consultation whose audience includes the person: they are a serving
member named in it. ``own=False`` asks only another member, so the person is outside the audience.
"""

from django.urls import reverse

from members.models import AudienceKind
from tests.factories import ConsultationFactory, MemberFactory, QuestionFactory
from tests.matrix import outcome


def consultations_respond(client, person, own=None):
    """Open the response page and save a draft: both allowed or both refused."""
    consultation = ConsultationFactory(audience=AudienceKind.NAMED)
    if own:
        consultation.audience_members.add(MemberFactory(user=person))
    else:
        consultation.audience_members.add(MemberFactory())
    question = QuestionFactory(consultation=consultation, required=False)
    url = reverse("members:consultation-respond", args=[consultation.pk])
    page = client.get(url)
    saved = client.post(url, {"version": "0", f"q{question.pk}": "A first thought", "action": "draft"})
    outcome(saved, consultation.responses.filter(answers__text="A first thought").exists())
    assert page.status_code == saved.status_code or (page.status_code == 200 and saved.status_code == 302)
    return saved


def consultations_mine(client, person):
    return client.get(reverse("members:my-consultations"))


CAPABILITIES = {
    "consultations.respond": consultations_respond,
    "consultations.mine": consultations_mine,
}
