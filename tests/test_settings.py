"""Settings come from the environment; production mode is safe by default."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a" + "kP9#x2!vQ7zL0mR4tW8yB3nC6fH1jD5gS" * 2,
    "ALLOWED_HOSTS": "democracy.northbridge.example",
    "SITE_URL": "https://democracy.northbridge.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/council",
}


def _env(env_overrides, drop):
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("DJANGO_")}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "council.settings.base"
    return env


def run_manage(*args, env_overrides, drop=()):
    """A real ``manage.py`` start-up (every app loaded): for what only a started Django shows."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(env_overrides, drop),
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(*names, env_overrides, drop=()):
    """Import the settings module alone in a fresh interpreter with this environment, as every
    process (web, worker, ``manage.py``) does first, and print ``names``: a tenth of the cost of a
    full start-up, for what the settings module decides on its own."""
    code = "import json\nimport council.settings.base as s\n" + "".join(
        f"print(json.dumps(s.{name}, default=str))\n" for name in names
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(env_overrides, drop),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_values(*names, env_overrides, drop=()):
    result = read_settings(*names, env_overrides=env_overrides, drop=drop)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.strip().splitlines()[-len(names) :]]


def test_deploy_check_is_clean_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = read_settings("DEBUG", env_overrides={"DEBUG": "0"}, drop=("SECRET_KEY",))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_refuses_the_development_key():
    key = "django-insecure-" + "x" * 60
    result = read_settings("DEBUG", env_overrides={"DEBUG": "0", "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_mode_needs_the_https_address_emails_link_to():
    for site_url in ("", "http://democracy.northbridge.example"):
        result = read_settings("DEBUG", env_overrides={**PRODUCTION_ENV, "SITE_URL": site_url})
        assert result.returncode != 0
        assert "SITE_URL must be set" in result.stderr


def test_unset_database_url_means_sqlite_under_var():
    (db,) = settings_values("DATABASES['default']", env_overrides={"DEBUG": "1"}, drop=("DATABASE_URL",))
    engine, name = db["ENGINE"], str(db["NAME"])
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "var" / "db.sqlite3"


def test_database_url_and_redis_url_switch_to_postgresql_and_redis(settings):
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["CONN_HEALTH_CHECKS"] is True
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_no_redis_means_the_embedded_file_broker():
    (broker,) = settings_values(
        "CELERY_BROKER_URL", env_overrides={"DEBUG": "1"}, drop=("REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL")
    )
    assert broker == "filesystem://"


def test_manage_commands_do_not_print_pikepdfs_start_up_line():
    result = run_manage("check", env_overrides={"DEBUG": "1"}, drop=("DATABASE_URL",))
    assert result.returncode == 0, result.stderr
    assert "logger bridge" not in result.stdout + result.stderr


def test_pikepdf_warnings_are_still_logged():
    # The start-up line is INFO on pikepdf._core; qpdf's warnings about a damaged PDF come through
    # the same logger at WARNING and must still reach the log.
    code = (
        "import logging; from django.conf import settings; "
        "logging.getLogger('pikepdf._core').warning('qpdf: damaged cross-reference table')"
    )
    result = run_manage("shell", "-c", code, env_overrides={"DEBUG": "1"}, drop=("DATABASE_URL",))
    assert result.returncode == 0, result.stderr
    assert "damaged cross-reference table" in result.stderr


def test_in_development_the_site_address_follows_the_port_make_run_serves_on():
    for port, site_url in (({"PORT": "8123"}, "http://127.0.0.1:8123"), ({}, "http://127.0.0.1:8000")):
        (value,) = settings_values(
            "SITE_URL", env_overrides={"DEBUG": "1", **port}, drop=("SITE_URL", "PORT", "DATABASE_URL")
        )
        assert value == site_url
