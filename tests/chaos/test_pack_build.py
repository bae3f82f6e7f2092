"""Redis stopped while Democratic Services publish a forward plan edition: the publication stands, the
page is no error, the PDF's build waits in the outbox, and once Redis is back the sweep hands it to a
real worker, which builds it once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from council.outbox import services as outbox
from council.outbox.models import OutboxMessage, OutboxStatus
from council.packs.models import BuildStatus, PackBuild, PackVersion
from executive import packs
from executive.models import ForwardPlanEdition
from tests.chaos.conftest import wait_until, worker
from tests.factories import ForwardPlanEntryFactory, UserFactory

pytestmark = [pytest.mark.chaos, pytest.mark.django_db(transaction=True)]


def test_a_forward_plan_published_while_redis_is_down_gets_its_pdf_once_redis_is_back(client_for, broker, celery_on):
    clerk = UserFactory(roles=["Democratic Services"])
    entry = ForwardPlanEntryFactory()

    broker.stop()
    response = client_for(clerk).post(reverse("executive:edition-publish"), {"include": [entry.pk]})

    assert response.status_code == 302  # not an error page
    edition = ForwardPlanEdition.objects.get()
    build = PackBuild.objects.get(kind=packs.KIND, object_id=str(edition.pk), edition=packs.PUBLIC)
    assert build.status == BuildStatus.QUEUED
    row = OutboxMessage.objects.get(task="council.packs.tasks.build_pack")
    assert row.status == OutboxStatus.QUEUED and row.args == [build.pk]

    broker.start()
    later = timezone.now() + datetime.timedelta(minutes=1)
    with worker(celery_on):
        assert outbox.dispatch_due(now=later) == 1
        wait_until(lambda: PackBuild.objects.get(pk=build.pk).status == BuildStatus.DONE, "the PDF built")
        assert outbox.dispatch_due(now=later + datetime.timedelta(hours=1)) == 0
    assert PackVersion.objects.filter(built_from=build).count() == 1
