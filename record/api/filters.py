"""Filters of the API lists (django-filter): by committee (``body``, its web address name) and by a
date range (``from`` and ``to``, both days included, as YYYY-MM-DD)."""

import django_filters as filters

from executive.models import ExecutiveDecision, ForwardPlanEdition
from members.models import Body, BodyKind, Consultation, Member
from scrutiny.models import AgendaItem, Meeting, MeetingStatus, Recommendation, SupportingDocument


def _date_range(field: str) -> dict:
    """``from`` and ``to`` on ``field`` (a date, or a moment read as the day it falls on)."""
    return {
        "from": filters.DateFilter(field_name=field, lookup_expr="gte", label="From (YYYY-MM-DD)"),
        "to": filters.DateFilter(field_name=field, lookup_expr="lte", label="To (YYYY-MM-DD, included)"),
    }


def _filterset(name: str, model, *, dates: str | None = None, body: str | None = None, **declared):
    attrs = dict(declared)
    if dates:
        attrs.update(_date_range(dates))
    if body:
        attrs["body"] = filters.CharFilter(field_name=body, label="Committee (its web address name)")
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": []})
    return type(name, (filters.FilterSet,), attrs)


BodyFilter = _filterset("BodyFilter", Body, kind=filters.ChoiceFilter(choices=BodyKind.choices))
CouncillorFilter = _filterset(
    "CouncillorFilter",
    Member,
    ward=filters.NumberFilter(field_name="ward_id", label="Ward (its id)"),
    party=filters.NumberFilter(field_name="party_id", label="Party (its id)"),
)
MeetingFilter = _filterset(
    "MeetingFilter",
    Meeting,
    dates="starts_at__date",
    body="body__slug",
    status=filters.ChoiceFilter(choices=MeetingStatus.choices),
)
AgendaItemFilter = _filterset(
    "AgendaItemFilter",
    AgendaItem,
    dates="meeting__starts_at__date",
    body="meeting__body__slug",
    meeting=filters.NumberFilter(field_name="meeting_id", label="Meeting (its id)"),
    exempt=filters.BooleanFilter(),
)
DocumentFilter = _filterset(
    "DocumentFilter",
    SupportingDocument,
    dates="item__meeting__starts_at__date",
    body="item__meeting__body__slug",
    meeting=filters.NumberFilter(field_name="item__meeting_id", label="Meeting (its id)"),
    item=filters.NumberFilter(field_name="item_id", label="Agenda item (its id)"),
)
MinutesFilter = _filterset("MinutesFilter", Meeting, dates="starts_at__date", body="body__slug")
DecisionFilter = _filterset(
    "DecisionFilter",
    ExecutiveDecision,
    dates="decided_on",
    body="decision_maker__body__slug",
    key=filters.BooleanFilter(field_name="is_key", label="Key decision"),
    decision_maker=filters.NumberFilter(field_name="decision_maker_id", label="Decision maker (its id)"),
)
EditionFilter = _filterset("EditionFilter", ForwardPlanEdition, dates="published_on")
RecommendationFilter = _filterset(
    "RecommendationFilter", Recommendation, dates="made_on", body="resolution__minute__item__meeting__body__slug"
)
ConsultationFilter = _filterset("ConsultationFilter", Consultation, dates="closes_at__date")
