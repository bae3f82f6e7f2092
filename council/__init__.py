"""The project package and the foundation every domain app builds on.

The foundation knows no domain app: apps plug into it (roles' permissions, navigation,
dashboard panels, demo data) through the small registries here.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
