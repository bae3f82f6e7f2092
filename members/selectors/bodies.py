"""Reads about bodies for pages and panels; who may see or clerk which is ``members.access``."""

from .. import access


def clerked_bodies_panel(request):
    return {"bodies": access.bodies_clerked_in(request).order_by("name")}
