"""What a person notices in the demo consultations: the invitations' times agree, hints are not repeated."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from members.models import Consultation, Member, Reminder, ReminderKind, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_council):
    from members.consultations import demo

    return demo


def test_the_demo_invitations_were_due_when_they_were_sent(demo):
    invitations = Reminder.objects.filter(kind=ReminderKind.INVITATION)
    assert invitations.exists()
    for invitation in invitations.select_related("consultation"):
        assert invitation.due_at <= invitation.sent_at == invitation.consultation.opens_at


def test_the_demo_multiple_choice_question_says_select_all_that_apply_once(demo, client_for):
    roles = Consultation.objects.get(title=demo.MEMBER_ROLES)
    member = Member.objects.filter(consultation_responses__isnull=True).first()
    page = client_for(member.user).get(reverse("members:consultation-respond", args=[roles.pk])).content.decode()
    assert page.count("all that apply") == 1


def test_a_demo_response_s_history_is_dated_when_it_was_made(demo, client_for):
    response = Response.objects.filter(state="submitted", submitted_at__isnull=False).first()
    assert response.history.get().history_date == response.submitted_at
    assert response.updated_at == response.submitted_at
    url = reverse("members:consultation-response", args=[response.consultation_id, response.member_id])
    page = client_for(response.consultation.owner).get(url).content.decode()
    assert f"on {formats.date_format(timezone.localtime(response.submitted_at), 'j F Y, H:i')}" in page
