"""Test settings: the base settings with fast, deterministic defaults.

Tests run against PostgreSQL and Redis (``DATABASE_URL`` and ``REDIS_URL`` set by ``make test``).
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("STATIC_UNHASHED", "1")
os.environ.setdefault("SITE_URL", "https://democracy.northbridge.example")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
DEMO_BUILD_PACKS = False  # the demo's own pack tests turn it on
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# Serve static files from the source folders, as in development (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Each test process has a Redis database of its own for the cache (the one after REDIS_URL's, then
# the next): a test may empty it (the root conftest does, before each test, so throttling counters
# and the like never carry from one test or run to another) without touching the other process's.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _url = urlsplit(CACHES["default"]["LOCATION"])  # noqa: F405
    _base = int(_url.path.strip("/") or 0)
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_base + 1 + _worker}"))  # noqa: F405

# A test's commit need not wait for the disk (nothing survives the run): PostgreSQL's
# synchronous_commit off for the tests' own connections only, never the server's setting.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405

# The open API's throttling: out of the way of tests that walk every route (its own test sets rates).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
}

# The public's pages are rendered afresh in the tests (tests mock the clock and change rows with
# update(), which a page kept for a minute would not show); tests/test_http_cache.py turns it on.
PUBLIC_PAGE_CACHE = False
# Signed-in pages too (council/page_cache.py); tests/test_private_page_cache.py turns it on.
PRIVATE_PAGE_CACHE = False
