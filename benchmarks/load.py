"""Benchmark: the busiest pages of each role under load, beside a bare Django view on the same server.

Run with `make bench`, or on its own: ``python benchmarks/load.py [--years N --fraction F]``.
DATABASE_URL names the PostgreSQL server (its database is never touched: a throwaway database,
council_bench_load, is made, migrated and filled with the demo council, and the ten-year data when
--years is given: record.scale, as `manage.py load_scale`, with --fraction); REDIS_URL the cache. The app is served by
gunicorn with the production settings (DEBUG off, a random SECRET_KEY, hashed static files) and two
workers, on 127.0.0.1; plain http on loopback through the settings' own switch
(SECURE_SSL_REDIRECT=0). The only difference from production is benchmarks/load_settings.py's URLconf,
which adds a bare view returning a constant.

wrk drives each page with 16 connections for --duration seconds (after a warm-up), signed in where
the page is a role's (sessions made as the sign-in leaves them, with the two-factor code verified),
and the table gives requests a second, p50/p95/p99 and the ratio to the bare view's throughput.
Ends with ``load goal ... PASS`` (or FAIL) per goal and the line
``load: worst page <ratio>x the bare view, worst p95 <ms> ms``.

--profile PAGE records a py-spy flame graph of the gunicorn workers while PAGE is driven, into
docs/benchmarks/load-<page>.svg.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# BENCH_LOAD_DB names it otherwise, so two engineers on one server never share (or drop) each other's.
BENCH_DB = os.environ.get("BENCH_LOAD_DB", "council_bench_load")
CONNECTIONS = 16
WORKERS = 2
GOAL_RATIO = 0.25
GOAL_P95_MS = 100.0

# (label, who, path or a key filled in by the setup): the busiest pages of each role.
PAGES = [
    ("bare Django view", None, "/bench/bare/"),
    ("public home", None, "/"),
    ("committee page", None, "/committees/{committee}/"),
    ("meetings list", None, "/meetings/"),
    ("meeting agenda (public)", None, "/meetings/{meeting}/"),
    ("meeting page (clerk)", "clerk", "/meetings/{meeting}/"),
    ("commissioning schedule", "commissioning", "/commissioning/"),
    ("dashboard (clerk)", "clerk", "/dashboard/"),
    ("consultations (councillor)", "councillor", "/consultations/yours/"),
    ("search (public)", None, "/search/?q=budget"),
]
#: The signed-in pages driven a second time as a first visit: every request an address of its own,
#: so the person's kept copy (council/page_cache.py) never answers and the page is built each time.
FIRST_VISIT = ("meeting page (clerk)", "commissioning schedule", "dashboard (clerk)", "consultations (councillor)")
SIGN_INS = {
    "clerk": "emma.clarke@northbridge.example",
    "commissioning": "sarah.whitfield@northbridge.example",
    "councillor": "alan.mclain@northbridge.example",
}


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(base_url: str) -> None:
    import psycopg

    with psycopg.connect(database_url(base_url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{BENCH_DB}"')


def drop_database(base_url: str) -> None:
    import psycopg

    with psycopg.connect(database_url(base_url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def server_env(base_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "STATIC_UNHASHED", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.load_settings",
        DATABASE_URL=database_url(base_url, BENCH_DB),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="https://127.0.0.1",
        # The settings' own switch: plain http on loopback, with every other production default kept.
        SECURE_SSL_REDIRECT="0",
        DEMO_BUILD_PACKS="0",
        PYTHONPATH=str(ROOT),
    )
    return env


def run(cmd: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)  # noqa: S603 (our own commands)


def setup(env: dict[str, str], years: int | None, fraction: float | None) -> dict:
    started = time.perf_counter()
    run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    cmd = [PY, str(Path(__file__).resolve()), "--prepare"]
    if years:
        cmd += ["--years", str(years), "--fraction", str(fraction or 1.0)]
    out = run(cmd, env, capture_output=True, text=True).stdout
    prepared = json.loads(out.strip().splitlines()[-1])
    what = "demo and ten-year data" if years else "demo"
    print(f"setup (migrate, collectstatic, {what}): {time.perf_counter() - started:.0f} s")
    return prepared


def prepare(years: int | None, fraction: float | None) -> None:
    """In the throwaway database: the demo council (and the decade before it, record.scale, with its
    search index), and a signed-in session per role (as the sign-in and the two-factor code page
    leave it). Prints what the pages need as one line of JSON."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model, login
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.test import RequestFactory
    from django.utils.crypto import get_random_string
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from council.demo import load_all
    from council.packs.models import BuildStatus, PackBuild
    from scrutiny.models import Meeting

    assert settings.DATABASES["default"]["NAME"] == BENCH_DB, settings.DATABASES["default"]["NAME"]
    load_all()
    if years:
        from record import scale

        scale.load(years=years, fraction=fraction or 1.0, index=True)
    # No worker runs beside this benchmark, so the builds the demo queued would say "Queued" for
    # ever, which no council sees (its worker builds a pack in minutes), and a meeting page is never
    # kept while one of its builds is under way (council/page_cache.py): the packs are left unbuilt.
    PackBuild.objects.filter(status=BuildStatus.QUEUED).delete()
    meeting = Meeting.objects.get(starts_at__date="2026-10-22", body__slug="overview-and-scrutiny-committee")
    cookies = {}
    for who, email in SIGN_INS.items():
        person = get_user_model().objects.get(email=email)
        request = RequestFactory().get("/")
        request.session = SessionStore()
        request.user = AnonymousUser()  # login() replaces it with the person, as the sign-in does
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        device = TOTPDevice.objects.filter(user=person, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=person, name="Benchmark", confirmed=True)
        otp_login(request, device)
        request.session.save()
        # A browser holds the CSRF cookie too (the first page with a form set it).
        csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        cookies[who] = (
            f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
        )
    print(json.dumps({"meeting": meeting.pk, "committee": meeting.body.slug, "cookies": cookies}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = Path(PY).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 (a fixed command)
        [
            str(gunicorn),
            "council.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=30).read()
            return server
        except OSError:  # not listening yet (URLError, ConnectionError and timeouts are all OSErrors)
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def check_page(url: str, cookie: str | None) -> None:
    """The page answers 200 to this person (not a redirect to the sign-in or code page)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 (loopback http)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url} answered {error.code} {error.headers.get('Location', '')}") from error
    if response.status != 200:
        raise SystemExit(f"{url} answered {response.status}")


def drive(url: str, cookie: str | None, seconds: int, *, first_visit: bool = False) -> dict[str, float]:
    cmd = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(ROOT / "benchmarks" / "load.lua"),
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    args = ["--", "first-visit"] if first_visit else []
    out = subprocess.run([*cmd, url, *args], check=True, capture_output=True, text=True).stdout  # noqa: S603
    match = re.search(r"LOADRESULT (.*)", out)
    if not match:
        raise SystemExit(f"wrk printed no result for {url}:\n{out}")
    result = {key: float(value) for key, value in (pair.split("=") for pair in match.group(1).split())}
    result["rps"] = result["requests"] / result["seconds"]
    return result


def profile(server: subprocess.Popen, url: str, cookie: str | None, seconds: int, name: str) -> Path:
    target = ROOT / "docs" / "benchmarks" / f"load-{name}.svg"
    spy = shutil.which("py-spy") or str(Path(PY).with_name("py-spy"))
    recorder = subprocess.Popen(  # noqa: S603 (a fixed command)
        [
            spy,
            "record",
            "--pid",
            str(server.pid),
            "--subprocesses",
            "--duration",
            str(seconds),
            "--rate",
            "200",
            "--nonblocking",
            "--output",
            str(target),
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(1)
    drive(url, cookie, seconds)
    recorder.wait()
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, help="load the ten-year data (manage.py load_scale) too")
    parser.add_argument("--fraction", type=float, help="a fraction of the ten-year data (with --years)")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS", "10")))
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--only", help="drive only the pages whose label contains this (and the bare view)")
    parser.add_argument("--profile", metavar="PAGE", help="record a py-spy flame graph of this page")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database for another run")
    parser.add_argument("--reuse", action="store_true", help="reuse the database kept by --keep")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if args.prepare:
        return prepare(args.years, args.fraction)

    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server (its database is not touched)")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk (make bench installs it)")
    env = server_env(base_url)
    state_file = ROOT / "var" / f"bench-load-{BENCH_DB}.json"
    if args.reuse and state_file.exists():
        state = json.loads(state_file.read_text())
        env["SECRET_KEY"] = state["secret_key"]  # the kept sessions are signed with it
        prepared = state["prepared"]
        run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    else:
        recreate_database(base_url)
        prepared = setup(env, args.years, args.fraction)
        if args.keep:
            state_file.parent.mkdir(exist_ok=True)
            state_file.write_text(json.dumps({"secret_key": env["SECRET_KEY"], "prepared": prepared}))

    port = free_port()
    server = None
    try:
        server = start_server(env, port)
        pages = [
            (label, who, f"http://127.0.0.1:{port}{path.format(**prepared)}")
            for label, who, path in PAGES
            if not args.only or who is None and path == "/bench/bare/" or args.only.lower() in label.lower()
        ]
        for _label, who, url in pages:
            check_page(url, prepared["cookies"].get(who))
        if args.profile:
            for label, who, url in pages:
                if args.profile.lower() in label.lower():
                    path = profile(server, url, prepared["cookies"].get(who), args.duration, slug(label))
                    print(f"profile of {label}: {path.relative_to(ROOT)}")
            return
        load = os.getloadavg()
        print(
            f"gunicorn, {WORKERS} workers, production settings (DEBUG off), PostgreSQL {BENCH_DB}; wrk, "
            f"{CONNECTIONS} connections, {args.duration} s a page; load average before {load[0]:.2f}"
        )
        results = {}
        for label, who, url in pages:
            drive(url, prepared["cookies"].get(who), args.warmup)
            results[label] = drive(url, prepared["cookies"].get(who), args.duration)
        first_visits = {}
        for label, who, url in pages:
            if label in FIRST_VISIT:
                drive(url, prepared["cookies"].get(who), args.warmup, first_visit=True)
                first_visits[label] = drive(url, prepared["cookies"].get(who), args.duration, first_visit=True)
        bare = results[PAGES[0][0]]["rps"]
        print(f"\n{'page':<28}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'ratio':>7}{'errors':>8}")
        for label, result in results.items():
            result["ratio"] = result["rps"] / bare
            print(
                f"{label:<28}{result['rps']:>8.0f}{result['p50']:>8.1f}{result['p95']:>8.1f}{result['p99']:>8.1f}"
                f"{result['ratio']:>7.2f}{result['errors']:>8.0f}"
            )
        if first_visits:
            print("\nfirst visit (no kept copy answers: every request an address of its own)")
        for label, result in first_visits.items():
            result["ratio"] = result["rps"] / bare
            print(
                f"{label:<28}{result['rps']:>8.0f}{result['p50']:>8.1f}{result['p95']:>8.1f}{result['p99']:>8.1f}"
                f"{result['ratio']:>7.2f}{result['errors']:>8.0f}"
            )
        measured = {label: result for label, result in results.items() if label != PAGES[0][0]}
        worst_ratio = min((result["ratio"] for result in measured.values()), default=1.0)
        worst_p95 = max((result["p95"] for result in measured.values()), default=0.0)
        errors = sum(result["errors"] for result in [*results.values(), *first_visits.values()])
        print(f"\nload average after {os.getloadavg()[0]:.2f}")
        print(f"load goal every page >= {GOAL_RATIO}x the bare view: {'PASS' if worst_ratio >= GOAL_RATIO else 'FAIL'}")
        print(f"load goal p95 < {GOAL_P95_MS:.0f} ms: {'PASS' if worst_p95 < GOAL_P95_MS else 'FAIL'}")
        print(f"load goal no errors: {'PASS' if not errors else f'FAIL ({errors:.0f})'}")
        print(f"load: worst page {worst_ratio:.2f}x the bare view, worst p95 {worst_p95:.0f} ms")
        if first_visits:
            cold_ratio = min(result["ratio"] for result in first_visits.values())
            cold_p95 = max(result["p95"] for result in first_visits.values())
            print(f"load (first visit): worst page {cold_ratio:.2f}x the bare view, worst p95 {cold_p95:.0f} ms")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        if not args.keep and not args.reuse:
            drop_database(base_url)


if __name__ == "__main__":
    main()
