"""Benchmark: the busiest pages with a council's worth of data, and the demo load.

Run with `make bench` (PostgreSQL from TEST_DATABASE_URL, a throwaway database). Prints, per page,
the median and 90th-percentile time over repeated requests and the number of queries, for a
small and a large data set, so that growth in either shows.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
# The last phase adds a council's decade (record.scale): BENCH_DECADE_FRACTION of it, 0 for none.
DECADE_FRACTION = float(os.environ.get("BENCH_DECADE_FRACTION", "1"))
DECADE = object()


def measure(client, url):
    client.get(url)  # warm
    timings = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.9) - 1], len(queries.captured_queries)


def add_meetings(count):
    from members.models import Body
    from scrutiny.models import Meeting

    bodies = list(Body.objects.all())
    start = timezone.now() + datetime.timedelta(days=1)
    Meeting.objects.bulk_create(
        Meeting(body=bodies[n % len(bodies)], starts_at=start + datetime.timedelta(hours=7 * n), venue="Town Hall")
        for n in range(count)
    )


def main():
    from django.contrib.auth import get_user_model

    from council.demo import load_all

    setup_test_environment()
    from benchmarks.throwaway import use_own_test_database

    use_own_test_database("pages")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        load_all()
        print(f"load_demo: {time.perf_counter() - started:.2f} s")
        clerk = get_user_model().objects.get(email="emma.clarke@northbridge.example")
        client = Client()
        client.force_login(clerk)
        from scrutiny.models import Meeting

        source = Meeting.objects.get(starts_at__date="2026-10-22", body__slug="overview-and-scrutiny-committee")
        pages = {
            "dashboard": "/",
            "councillors": "/councillors/",
            "committee (O&S)": "/committees/overview-and-scrutiny-committee/",
            "meetings list": "/meetings/",
            "meeting with agenda": source.get_absolute_url(),
            "calendar feed": "/meetings/calendar.ics",
        }
        phases = [("demo data", 0), ("plus 1,000 meetings", 1000)]
        if DECADE_FRACTION > 0:
            phases.append((f"plus a council's decade (load_scale, fraction {DECADE_FRACTION:g})", DECADE))
        for label, extra in phases:
            if extra is DECADE:
                from record import scale

                loaded = scale.load(fraction=DECADE_FRACTION)
                rows, history = f"{loaded.total:,}", f"{loaded.history_rows:,}"
                print(f"\nload_scale: {rows} rows and {history} history rows in {loaded.seconds:.0f} s")
            else:
                add_meetings(extra)
            print(f"\n{label}: {Meeting.objects.count()} meetings")
            print(f"{'page':<22}{'median ms':>10}{'p90 ms':>9}{'queries':>9}")
            for name, url in pages.items():
                median, p90, queries = measure(client, url)
                print(f"{name:<22}{median:>10.1f}{p90:>9.1f}{queries:>9}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
