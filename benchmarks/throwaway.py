"""The throwaway database a benchmark builds its rows in: named after the configured database and
the benchmark (``<name>_bench_<benchmark>``), never ``test_<name>``, which is pytest's for the same
DATABASE_URL. A benchmark stopped half-way would otherwise leave pytest's database full of its rows,
and a run with ``--reuse-db`` would then fail on them."""

from django.conf import settings


def use_own_test_database(benchmark: str) -> str:
    database = settings.DATABASES["default"]
    name = f"{database['NAME']}_bench_{benchmark}"
    database.setdefault("TEST", {})["NAME"] = name
    return name
