"""Reads for the API tokens page."""

from django.db.models import QuerySet

from ..models import ApiToken


def tokens_of(person) -> QuerySet:
    """``person``'s own tokens, the working ones first, newest first."""
    return ApiToken.objects.filter(person=person).order_by("revoked_at", "-created_at", "-pk")
