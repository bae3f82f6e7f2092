"""A Celery worker for the chaos tests, run as its own process by ``tests.chaos.kit.Worker``.

It knows the chaos pack kind and a long task that keeps it busy (``tests.chaos.busy``), stores
documents in the test's media folder, and with CHAOS_SLOW_MERGE set its merge (the real one) is
followed by a long pause, after it has left a mark file: the test sees the worker is mid-merge and
kills it there.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.MEDIA_ROOT = Path(os.environ["CHAOS_MEDIA_ROOT"])

from council.celery import app  # noqa: E402
from council.packs import builder  # noqa: E402
from tests.chaos.kit import register_kind  # noqa: E402

register_kind()
marks = Path(os.environ["CHAOS_MARKS"])

if os.environ.get("CHAOS_SLOW_MERGE"):
    real_merge = builder.merge

    def slow_merge(*args, **kwargs):
        pages = real_merge(*args, **kwargs)
        (marks / "merging").write_text(str(os.getpid()))
        time.sleep(120)  # killed long before this ends
        return pages

    builder.merge = slow_merge


@app.task(name="tests.chaos.busy")
def busy(seconds: float) -> None:
    """A long task (a big pack build, a reminder batch): the worker's only process is taken by it."""
    (marks / "busy").write_text(str(os.getpid()))
    time.sleep(seconds)


queue = os.environ["CHAOS_QUEUE"]
app.conf.update(
    broker_url=os.environ["CELERY_BROKER_URL"],
    task_always_eager=False,
    result_backend=None,
    task_default_queue=queue,
)
(marks / "ready").write_text(str(os.getpid()))
app.worker_main(["worker", "--pool=solo", "-Q", queue, "--loglevel=WARNING", "--without-mingle", "--without-gossip"])
