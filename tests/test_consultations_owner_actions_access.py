"""Every change a consultation's managers make by POST is refused to everyone else, and changes nothing:
another officer does not find it (404), a councillor is refused (403), the public is asked to sign in."""

import pytest
from django.urls import reverse

from council.roles import Role
from members.consultations import services
from members.consultations.selectors import consultations as selectors
from members.models import Consultation, ConsultationState, Question
from tests.factories import ConsultationFactory, MemberFactory, QuestionFactory, QuestionOptionFactory

pytestmark = pytest.mark.django_db


def _draft(officer):
    consultation = ConsultationFactory(owner=officer, state=ConsultationState.DRAFT)
    question = QuestionFactory(consultation=consultation, kind="single", text="How much time?")
    QuestionOptionFactory(question=question, position=1, label="Some")
    QuestionOptionFactory(question=question, position=2, label="More")
    QuestionFactory(consultation=consultation, text="Anything else?")
    return consultation, question


ACTIONS = {
    "open": lambda c, q, shared: (reverse("members:consultation-open", args=[c.pk]), {}),
    "close": lambda c, q, shared: (reverse("members:consultation-close", args=[c.pk]), {"reason": "Enough"}),
    "question edit": lambda c, q, shared: (
        reverse("members:question-edit", args=[c.pk, q.pk]),
        {"kind": "text", "text": "Changed?", "required": "on"},
    ),
    "question remove": lambda c, q, shared: (reverse("members:question-remove", args=[c.pk, q.pk]), {}),
    "question move": lambda c, q, shared: (reverse("members:question-move", args=[c.pk, q.pk]), {"direction": "down"}),
    "edit": lambda c, q, shared: (
        reverse("members:consultation-edit", args=[c.pk]),
        {"title": "Taken over", "purpose": "x", "reason": "x"},
    ),
    "unshare": lambda c, q, shared: (reverse("members:consultation-unshare", args=[c.pk, shared.pk]), {}),
    "remind": lambda c, q, shared: (reverse("members:consultation-remind", args=[c.pk]), {}),
}


def _state(consultation):
    consultation = Consultation.objects.get(pk=consultation.pk)
    return (
        consultation.state,
        consultation.title,
        list(Question.objects.filter(consultation=consultation).values_list("pk", "position", "text")),
        list(selectors.shared_with(consultation).values_list("pk", flat=True)),
        consultation.reminders.count(),
    )


@pytest.mark.parametrize("action", ACTIONS)
def test_only_managers_change_a_consultation(client, client_for, officer, person_with_role, action):
    consultation, question = _draft(officer)
    if action in ("close", "remind"):
        consultation.state = ConsultationState.OPEN
        consultation.save()
    shared = person_with_role(Role.OFFICER)
    services.share(consultation=consultation, person=shared, by=officer)
    url, data = ACTIONS[action](consultation, question, shared)
    before = _state(consultation)
    assert client_for(person_with_role(Role.OFFICER)).post(url, data).status_code == 404
    assert client_for(person_with_role(Role.CABINET_MEMBER)).post(url, data).status_code == 404
    assert client_for(MemberFactory().user).post(url, data).status_code == 403
    client.logout()
    signed_out = client.post(url, data)
    assert signed_out.status_code == 302 and signed_out.url.startswith(reverse("login"))
    assert _state(consultation) == before
    # The owner may: the same request is taken (a redirect back to the consultation or its pages).
    done = client_for(officer).post(url, data)
    assert done.status_code in (200, 302)
    assert done.status_code == 302 or action == "edit"
