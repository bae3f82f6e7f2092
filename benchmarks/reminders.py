"""Benchmark: consultation invitations to 10,000 members through a real Celery worker on Redis to a
local SMTP server (aiosmtpd), with proof of exactly one email per recipient.

Run with one command (PostgreSQL and Redis from DATABASE_URL and REDIS_URL, as `make bench` sets):

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python benchmarks/reminders.py

It makes a throwaway database (``<name>_bench_reminders``), adds the members in bulk, opens a
consultation asking all of them (planning 10,000 invitation rows), starts a Celery worker as a
separate process (prefork, ``BENCH_CONCURRENCY`` processes, default 2) on Redis database
``BENCH_REDIS_DB`` (default 7; its queue is emptied first), fires the periodic task twice as a doubled beat
would, and waits until the SMTP server has every email. It prints emails per second, total time,
how many distinct recipients received an email and how many got more than one (must be 0), then
fires the beat once more and checks that nothing further is sent. Exits non-zero if any check fails.
"""

import datetime
import os
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "10000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "2"))
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "7")
WAIT_LIMIT_SECONDS = int(os.environ.get("BENCH_WAIT_LIMIT", "900"))


def broker_url() -> str:
    parts = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit((parts.scheme, parts.netloc, f"/{REDIS_DB}", "", ""))


def database_url() -> str:
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def add_members(count: int) -> None:
    """Members in bulk (no history: the benchmark is about sending, not about adding people)."""
    from django.contrib.auth import get_user_model

    from members.models import Member, Party, Ward

    User = get_user_model()
    wards = Ward.objects.bulk_create(Ward(name=f"Benchmark ward {n}") for n in range(100))
    party = Party.objects.create(name="Benchmark party")
    users = User.objects.bulk_create(
        (
            User(
                email=f"member{n:05d}@bench.northbridge.example",
                first_name="Member",
                last_name=f"{n:05d}",
                password="!",  # noqa: S106 - an unusable password
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    Member.objects.bulk_create(
        (Member(user=user, ward=wards[n % len(wards)], party=party) for n, user in enumerate(users)),
        batch_size=2000,
    )


def start_worker(smtp_port: int) -> subprocess.Popen:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "council.settings.base",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": "https://democracy.northbridge.example",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
    }
    celery = str(Path(sys.executable).parent / "celery")
    command = [celery, "-A", "council", "worker", "--pool=prefork", f"--concurrency={CONCURRENCY}"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603


def use_broker(url: str) -> None:
    from kombu import pools

    from council.celery import app

    app.conf.update(broker_url=url, task_always_eager=False, result_backend=None)
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


def main() -> int:
    import redis

    from benchmarks.throwaway import use_own_test_database
    from council.celery import app
    from members.consultations.services import reminders
    from members.consultations.tasks import send_due_reminders
    from members.models import Consultation, Reminder, ReminderStatus
    from tests.consultation_reminders_smtp import smtp_sink

    use_own_test_database("reminders")
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    worker = None
    failures = []
    try:
        started = time.perf_counter()
        add_members(RECIPIENTS)
        print(f"members added in bulk:        {RECIPIENTS:,} in {time.perf_counter() - started:.1f} s")

        from django.contrib.auth import get_user_model
        from django.utils import timezone

        owner = get_user_model().objects.create(email="owner@bench.northbridge.example", password="!")  # noqa: S106
        now = timezone.now()
        consultation = Consultation.objects.create(
            title="How members want to take part in commissioning",
            purpose="Benchmark consultation",
            owner=owner,
            created_by=owner,
            state="open",
            opens_at=now - datetime.timedelta(hours=1),
            closes_at=now + datetime.timedelta(days=14),
        )
        started = time.perf_counter()
        reminders.plan_on_open(consultation, by=owner)
        invitations = Reminder.objects.filter(consultation=consultation, kind="invitation")
        planned = invitations.count()
        print(f"invitations planned:          {planned:,} in {time.perf_counter() - started:.1f} s")

        # Only the queue this benchmark uses (and the broker's unacknowledged set) on its own database.
        redis.Redis.from_url(broker_url()).delete("celery", "unacked", "unacked_index", "unacked_mutex")
        use_broker(broker_url())
        with smtp_sink() as sink:
            worker = start_worker(sink.port)
            started = time.perf_counter()
            send_due_reminders.delay()
            send_due_reminders.delay()  # the beat fires twice
            while sink.count() < planned or invitations.exclude(status=ReminderStatus.SENT).exists():
                if time.perf_counter() - started > WAIT_LIMIT_SECONDS:
                    failures.append(f"not finished within {WAIT_LIMIT_SECONDS} s")
                    break
                if worker.poll() is not None:
                    failures.append("the worker stopped")
                    break
                time.sleep(0.2)
            elapsed = time.perf_counter() - started
            # Once more, after everything is sent: nothing further may go.
            send_due_reminders.delay()
            time.sleep(3)
            received = list(sink.received)

        per_recipient = Counter(r.recipient for r in received)
        expected = set(invitations.values_list("member__user__email", flat=True))
        duplicates = sum(n - 1 for n in per_recipient.values() if n > 1)
        statuses = Counter(invitations.values_list("status", flat=True))
        print(f"worker:                       celery prefork, concurrency {CONCURRENCY}, Redis db {REDIS_DB}")
        print(f"emails received by the sink:  {len(received):,}")
        print(f"total time (first beat to last email): {elapsed:.1f} s")
        print(f"emails per second:            {len(received) / elapsed:.0f}")
        print(f"distinct recipients:          {len(per_recipient):,} of {len(expected):,} asked")
        print(f"duplicates:                   {duplicates}")
        print(f"rows by status:               {dict(statuses)}")
        if set(per_recipient) != expected:
            failures.append("recipients differ from the audience")
        if duplicates or len(received) != planned:
            failures.append("not exactly one email per recipient")
        if statuses != {ReminderStatus.SENT: planned}:
            failures.append("not every row is marked sent")
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        app.conf.update(task_always_eager=True)
        from django.db import connections

        connections.close_all()
        teardown_databases(old, verbosity=0)
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("OK: exactly one email per recipient")
    return 0


if __name__ == "__main__":
    sys.exit(main())
