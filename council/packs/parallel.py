"""Generated parts rendered by WeasyPrint in a pool of worker processes.

WeasyPrint holds Python's GIL while it lays out a page, so threads would not help: parts are
rendered in processes, each part on its own (a part's rendering does not depend on where it lands
in the pack, so the parts are independent and come out the same whichever worker renders them).

- **Workers**: ``settings.PACK_RENDER_WORKERS`` (0: as many as the machine's cores, at most
  ``MAX_WORKERS``), never more than there are parts to render. Fewer than
  ``settings.PACK_PARALLEL_MIN_PARTS`` parts to render (a rebuild after one change, a small pack)
  are rendered in the build's own process: starting workers would cost more than it saves.
- **Start method**: ``settings.PACK_RENDER_START_METHOD`` ("fork" by default on Linux: a worker
  starts with WeasyPrint and its fonts already loaded). Under "spawn" or "forkserver" a worker sets
  Django up itself (``_start``) with the settings the URL fetcher reads. A worker only turns HTML
  into a PDF: it never touches the database, whose connections it inherits under "fork" and leaves
  alone.
- **Failure**: an error in a worker is raised in the build (so it fails as a serial build would),
  and the pool is terminated on the way out, whatever happened (a time limit, an error, a part
  over the page limit); a worker whose build's process is killed outright dies with it. Results
  come back through the pool's pipes: no temporary files.
- **In a Celery worker**: its prefork pool runs each task in a daemonic process, which
  multiprocessing forbids to have children (so that none outlives it). On Linux a render worker
  dies with the build's process (PR_SET_PDEATHSIG) and the pool is terminated on the way out, which
  is what that rule guards, so a daemonic build process may start the pool (``_may_have_children``);
  without it every pack a real worker built was rendered one part at a time.
- Where a pool cannot be started (a daemonic process elsewhere than on Linux, no semaphores),
  the parts are rendered in the build's own process instead, and the reason logged.
"""

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import queue
import signal
import sys
from collections.abc import Iterable, Iterator

from django.conf import settings

logger = logging.getLogger(__name__)

MAX_WORKERS = 4
PR_SET_PDEATHSIG = 1  # prctl(2)
FETCHER_SETTINGS = ("STATIC_ROOT", "STATICFILES_DIRS", "MEDIA_ROOT")


def workers_for(parts: int) -> int:
    """How many worker processes to render ``parts`` parts with (below 2: none, render here)."""
    if parts < max(2, settings.PACK_PARALLEL_MIN_PARTS):
        return 0
    wanted = settings.PACK_RENDER_WORKERS or min(os.cpu_count() or 1, MAX_WORKERS)
    return min(wanted, parts)


def _start(settings_module: str, values: dict) -> None:
    """A worker's start: Django set up if the worker did not inherit it ("spawn", "forkserver").

    On Linux the worker asks to be killed if the build's process dies (a task killed at its hard
    time limit cannot terminate its pool), so no worker outlives its build."""
    import django
    from django.apps import apps

    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
        django.setup()
    for name, value in values.items():
        setattr(settings, name, value)


def _render(task: tuple[int, str]) -> tuple[int, bytes, int]:
    from . import render

    index, html = task
    content, pages = render._weasyprint(html, tagged=True)
    return index, content, pages


@contextlib.contextmanager
def _may_have_children():
    """While the pool starts: a daemonic process (a Celery prefork child) is let start its render
    workers on Linux, where each dies with it (module doc). Its own daemon flag is put back."""
    process = multiprocessing.current_process()
    config = process._config  # multiprocessing's own record of the flag its start() checks
    daemonic = config.get("daemon")
    if not daemonic or sys.platform != "linux":
        yield
        return
    config["daemon"] = False
    try:
        yield
    finally:
        config["daemon"] = daemonic


def render_all(tasks: Iterable[tuple[int, str]], workers: int) -> Iterator[tuple[int, bytes, int]]:
    """(index, PDF, pages) for each (index, HTML) of ``tasks``, in the order they finish.

    ``tasks`` is read here, one at a time, and each is handed to the pool as soon as it is made:
    the workers start on the first parts while the build's process makes the HTML of the next."""
    try:
        context = multiprocessing.get_context(settings.PACK_RENDER_START_METHOD or None)
        values = {name: getattr(settings, name) for name in FETCHER_SETTINGS}
        gc.freeze()  # the objects the workers inherit stay out of their collections: fewer pages copied
        try:
            with _may_have_children():
                pool = context.Pool(
                    workers, initializer=_start, initargs=(os.environ.get("DJANGO_SETTINGS_MODULE", ""), values)
                )
        finally:
            gc.unfreeze()
    except (AssertionError, OSError, ValueError) as error:  # a daemonic process, no semaphores, no such method
        logger.warning("Pack parts rendered one by one: no worker pool (%s)", error)
        yield from map(_render, tasks)
        return
    try:
        finished: queue.SimpleQueue = queue.SimpleQueue()
        submitted = 0
        for task in tasks:
            pool.apply_async(_render, (task,), callback=finished.put, error_callback=finished.put)
            submitted += 1
        pool.close()
        for _ in range(submitted):
            result = finished.get()
            if isinstance(result, BaseException):
                raise result
            yield result
    finally:
        pool.terminate()
        pool.join()
