"""Reads for general exception notices."""

from ..models import GeneralExceptionNotice


def notices_for_list():
    """Every published notice, newest first, with what its row shows: one query."""
    return GeneralExceptionNotice.objects.for_list().order_by("-published_on", "-pk")
