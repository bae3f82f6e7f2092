"""Reads for the council set-up pages: what each list loads, and the hub's counts."""

from django.db.models import QuerySet

from ..models import Body, Member, Officer, Party, Portfolio, Ward


def setup_counts() -> dict[str, int]:
    """What the council has in use today, for the set-up hub."""
    return {
        "wards": Ward.objects.in_use().count(),
        "parties": Party.objects.in_use().count(),
        "councillors": Member.objects.current().count(),
        "former": Member.objects.former().count(),
        "officers": Officer.objects.in_use().count(),
        "portfolios": Portfolio.objects.in_use().count(),
        "bodies": Body.objects.active().count(),
    }


def wards_for_setup() -> QuerySet:
    """In use first (never retired sorts first), then by name."""
    return Ward.objects.order_by("retired_on", "name")


def parties_for_setup() -> QuerySet:
    return Party.objects.order_by("retired_on", "name")


def councillors_for_setup() -> dict[str, QuerySet]:
    """Serving and former councillors, apart, each with their person, ward and party loaded."""
    councillors = Member.objects.with_people().order_by("user__last_name", "user__first_name")
    return {"current": councillors.current(), "former": councillors.former()}


def officers_for_setup() -> QuerySet:
    return Officer.objects.select_related("user").order_by("retired_on", "user__last_name", "user__first_name")


def portfolios_for_setup() -> QuerySet:
    return Portfolio.objects.select_related("cabinet_member__user").order_by("retired_on", "title")
