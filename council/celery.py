"""The Celery application: configured from Django settings (``CELERY_*``), tasks found in each app.

Each worker's main process sends its heartbeat from a thread of its own, started when the worker is
ready and stopped when it shuts down (``council.health.WorkerHeartbeatThread``), so a worker busy
on long tasks is still seen alive (docs/decisions/0048-worker-heartbeat-thread.md).
"""

import os

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings.base")

app = Celery("council")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _heartbeat_start(sender, **kwargs):
    from .health import heartbeat_start

    heartbeat_start(sender.hostname)


@worker_shutdown.connect
def _heartbeat_stop(sender, **kwargs):
    from .health import heartbeat_stop

    heartbeat_stop()
