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
