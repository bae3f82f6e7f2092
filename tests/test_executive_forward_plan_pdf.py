"""Publishing a forward plan edition queues its PDF: the build is recorded in the publication's
transaction, sent to the worker after the commit, and a broker that is down delays it (the beat
sends it again) but never loses it nor turns the publication into an error page."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from council.errors import RuleError
from council.outbox import services as outbox
from council.outbox.models import OutboxMessage, OutboxStatus
from council.packs import services as pack_services
from council.packs.models import BuildStatus, PackBuild
from executive import packs, services
from executive.models import ForwardPlanEdition
from tests.factories import ForwardPlanEntryFactory, UserFactory


def _builds(edition):
    return PackBuild.objects.filter(kind=packs.KIND, object_id=str(edition.pk), edition=packs.PUBLIC)


@pytest.mark.django_db
def test_publishing_an_edition_builds_its_pdf(django_capture_on_commit_callbacks):
    clerk = UserFactory(roles=["Democratic Services"])
    entry = ForwardPlanEntryFactory()  # made before: the factories' own writes have callbacks of their own
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        edition = services.forward_plan_publish(by=clerk, include=[entry])
        build = _builds(edition).get()
        assert build.status == BuildStatus.QUEUED and build.requested_by == clerk  # in the same transaction
    assert len(callbacks) == 1
    callbacks[0]()  # the commit sends it; the worker (eager in the tests) builds it
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    assert pack_services.latest_version(packs.KIND, edition, packs.PUBLIC).number == 1


@pytest.mark.django_db
def test_a_publication_refused_queues_nothing(django_capture_on_commit_callbacks):
    clerk = UserFactory(roles=["Democratic Services"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks, pytest.raises(RuleError):
        services.forward_plan_publish(by=clerk, include=[])
    assert callbacks == [] and not PackBuild.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_down_delays_the_pdf_but_the_publication_succeeds(client_for):
    clerk = UserFactory(roles=["Democratic Services"])
    entry = ForwardPlanEntryFactory()
    with mock.patch("council.packs.tasks.build_pack.apply_async", side_effect=OperationalError("broker down")) as sent:
        response = client_for(clerk).post(reverse("executive:edition-publish"), {"include": [entry.pk]})
    assert response.status_code == 302  # not an error page
    assert sent.call_count == 1
    edition = ForwardPlanEdition.objects.get()
    build = _builds(edition).get()
    assert build.status == BuildStatus.QUEUED  # nothing lost
    row = OutboxMessage.objects.get(task="council.packs.tasks.build_pack")
    assert (row.args, row.status) == ([build.pk], OutboxStatus.QUEUED)

    # The outbox's sweep (the beat, every minute) hands it over once the broker is back.
    with mock.patch("council.packs.tasks.build_pack.apply_async") as sent:
        assert outbox.dispatch_due() == 0  # too soon: the first retry waits 30 seconds
        later = timezone.now() + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert outbox.dispatch_due() == 1
            assert outbox.dispatch_due() == 0  # once
    sent.assert_called_once_with([build.pk], {}, retry_policy=outbox.PUBLISH_RETRY)


def test_the_beat_sends_waiting_builds_again(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["pack-builds-requeue"]
    assert entry["task"] == "council.packs.tasks.requeue_waiting_builds"
