"""WSGI entry point (gunicorn council.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings.base")

application = get_wsgi_application()
