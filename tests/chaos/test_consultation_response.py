"""Redis stopped while a councillor submits a consultation response: the response is saved, the page
is the normal confirmation (no error), the confirmation email waits in the outbox, and once Redis is
back the sweep hands it to a real worker, which sends it once."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from council.outbox import services as outbox
from council.outbox.models import OutboxMessage, OutboxStatus
from members.models import QuestionKind, Response, ResponseState
from tests.chaos.conftest import wait_until, worker
from tests.factories import ConsultationFactory, MemberFactory, QuestionFactory

pytestmark = [pytest.mark.chaos, pytest.mark.django_db(transaction=True)]


def test_a_response_submitted_while_redis_is_down_is_saved_and_its_email_sent_once_redis_is_back(
    client, broker, celery_on
):
    member = MemberFactory(user__email="priya.shah@northbridge.example")
    consultation = ConsultationFactory(title="Library opening hours")
    question = QuestionFactory(consultation=consultation, kind=QuestionKind.FREE_TEXT, text="What should change?")
    client.force_login(member.user)

    broker.stop()
    page = client.post(
        reverse("members:consultation-respond", args=[consultation.pk]),
        {"version": "0", f"q{question.pk}": "Open on Sundays", "action": "submit"},
        follow=True,
    )

    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == reverse("members:my-consultations")
    assert "Your response has been submitted. We are emailing you a copy of your answers." in page.content.decode()
    response = Response.objects.get()
    assert response.state == ResponseState.SUBMITTED  # saved
    row = OutboxMessage.objects.get(task="council.tasks.deliver_email")
    assert row.status == OutboxStatus.QUEUED and "Error" in row.error  # waiting, not lost
    assert row.args[0]["to"] == ["priya.shah@northbridge.example"]
    assert mail.outbox == []

    # Redis comes back (empty: it kept nothing). The beat's sweep, a minute later, hands the email over.
    broker.start()
    later = timezone.now() + datetime.timedelta(minutes=1)
    with worker(celery_on):
        assert outbox.dispatch_due(now=later) == 1
        wait_until(lambda: OutboxMessage.objects.get(pk=row.pk).status == OutboxStatus.DONE, "the email sent")
        assert outbox.dispatch_due(now=later + datetime.timedelta(hours=1)) == 0  # nothing left to send
    assert [m.subject for m in mail.outbox] == ["Your response to “Library opening hours”"]
    assert mail.outbox[0].to == ["priya.shah@northbridge.example"]
