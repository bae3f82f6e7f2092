"""Settings for the worker process the chaos tests start and kill: the test settings, sending for
real (not eagerly) through the test's own broker and queue (``CELERY_BROKER_URL``, ``CHAOS_QUEUE``)
to the test's SMTP sink (``CHAOS_SMTP_PORT``), on the test database (``DATABASE_URL``)."""

import os

from council.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["CHAOS_QUEUE"]
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["CHAOS_SMTP_PORT"])
EMAIL_USE_TLS = EMAIL_USE_SSL = False
