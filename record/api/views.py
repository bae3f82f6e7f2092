"""The API's endpoints: read-only, each list fetched through the rule of the app that keeps the record
(``members.access``, ``scrutiny.access`` and its selectors, ``executive.access``, the QuerySets'
``public()``), so it shows exactly what the pages show the reader; a fixed number of queries per
list however many rows."""

from django.conf import settings
from django.db.models import Case, Prefetch, Value, When
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from executive import access as executive_access
from executive.models import ForwardPlanEdition
from executive.selectors.forward_plan import current_forward_plan
from members import access as members_access
from members.models import ROLE_ORDER, Consultation, Membership, Ward
from scrutiny import access as scrutiny_access
from scrutiny import selectors as scrutiny_selectors
from scrutiny.models import AgendaItem, SupportingDocument

from . import caching, filters, serializers
from .pagination import LICENCE

LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


class ConditionalMixin:
    """ETag, Last-Modified and 304 on every successful GET (``caching``)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return caching.conditional(request, response)


class ReadOnlyViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    def get_serializer_class(self):
        detail = getattr(self, "detail_serializer_class", None)
        return detail if self.action == "retrieve" and detail else self.serializer_class


def _seats_in_order():
    """Chair, Vice-Chair, members, substitutes, co-opted: the order of the committee's page."""
    return Case(*[When(role=role, then=Value(rank)) for role, rank in ROLE_ORDER.items()], default=Value(99))


class BodyViewSet(ReadOnlyViewSet):
    """Committees and other bodies the reader may see, with their current members."""

    serializer_class = serializers.BodySerializer
    filterset_class = filters.BodyFilter
    lookup_field = "slug"

    def get_queryset(self):
        seats = (
            Membership.objects.current()
            .select_related("person__member__party")
            .order_by(_seats_in_order(), "person__last_name", "person__first_name", "pk")
        )
        return (
            members_access.bodies_visible(self.request.user)
            .select_related("parent")
            .prefetch_related(Prefetch("memberships", queryset=seats, to_attr="api_seats"))
            .order_by("name", "pk")
        )


class CouncillorViewSet(ReadOnlyViewSet):
    """Councillors: who they are, their ward and party, and their current seats on bodies the reader
    may see. Public fields only."""

    serializer_class = serializers.CouncillorSerializer
    filterset_class = filters.CouncillorFilter

    def get_queryset(self):
        user = self.request.user
        seats = (
            Membership.objects.current()
            .filter(body__in=members_access.bodies_visible(user))
            .select_related("body")
            .order_by("body__name", "pk")
        )
        return (
            members_access.councillors_visible(user)
            .prefetch_related(Prefetch("user__memberships", queryset=seats, to_attr="api_seats"))
            .order_by("user__last_name", "user__first_name", "pk")
        )


class WardViewSet(ReadOnlyViewSet):
    """Wards (their names and ONS codes are on every councillor's public page)."""

    serializer_class = serializers.WardSerializer
    queryset = Ward.objects.order_by("name", "pk")


def _documents(user):
    """The papers ``user`` may open, of the meetings they may see (``scrutiny.access``)."""
    papers = SupportingDocument.objects.filter(item__meeting__in=scrutiny_selectors.meetings_visible_to(user))
    return scrutiny_access.documents_openable(user, papers)


def _items(user):
    """The agenda items ``user`` sees on the meeting pages: published ones (and, for the body's
    clerks, the unpublished), exempt ones by title and paragraph, each with the papers they may open."""
    documents = _documents(user).select_related("item").order_by("position", "pk")
    return (
        AgendaItem.objects.filter(meeting__in=scrutiny_selectors.meetings_visible_to(user))
        .filter(scrutiny_access.published_or_managed(user))
        .select_related("meeting__body", "report_author__officer", "report_author__member", "presenter")
        .prefetch_related(Prefetch("documents", queryset=documents, to_attr="api_documents"))
    )


class MeetingViewSet(ReadOnlyViewSet):
    """Meetings the reader may see; one meeting with its agenda."""

    serializer_class = serializers.MeetingSerializer
    detail_serializer_class = serializers.MeetingDetailSerializer
    filterset_class = filters.MeetingFilter

    def get_queryset(self):
        meetings = scrutiny_selectors.meetings_visible_to(self.request.user).select_related("body")
        if self.action == "retrieve":
            items = _items(self.request.user).order_by("position", "pk")
            meetings = meetings.prefetch_related(Prefetch("items", queryset=items, to_attr="api_items"))
        return meetings.order_by("starts_at", "pk")


class AgendaItemViewSet(ReadOnlyViewSet):
    serializer_class = serializers.AgendaItemSerializer
    filterset_class = filters.AgendaItemFilter

    def get_queryset(self):
        return _items(self.request.user).order_by("meeting__starts_at", "meeting_id", "position", "pk")


class DocumentViewSet(ReadOnlyViewSet):
    """Supporting documents the reader may open: their details and where to download them."""

    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter

    def get_queryset(self):
        return (
            _documents(self.request.user)
            .select_related("item")
            .order_by("item__meeting__starts_at", "item__meeting_id", "item__position", "position", "pk")
        )


class MinutesViewSet(ReadOnlyViewSet):
    """Minutes the reader may read: confirmed for everyone, drafts for the body's clerks and members;
    one meeting's minutes item by item, an exempt item's by its fair summary unless they may see it."""

    serializer_class = serializers.MinutesSerializer
    detail_serializer_class = serializers.MinutesDetailSerializer
    filterset_class = filters.MinutesFilter

    def get_queryset(self):
        user = self.request.user
        return (
            scrutiny_selectors.meetings_visible_to(user)
            .filter(scrutiny_access.minutes_readable(user))
            .select_related("body")
            .order_by("starts_at", "pk")
        )

    def get_object(self):
        meeting = super().get_object()
        meeting.api_rows = scrutiny_selectors.minutes_rows(self.request.user, meeting)
        return meeting


class DecisionViewSet(ReadOnlyViewSet):
    """Executive decisions whose notice is published (and, for the roles that read them, the others)."""

    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilter

    def get_queryset(self):
        return (
            executive_access.decisions_visible(self.request.user)
            .for_list()
            .select_related("agenda_item")
            .order_by("decided_on", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["may_see_exempt_part"] = executive_access.may_see_exempt_part(self.request.user)
        return context


class EditionViewSet(ReadOnlyViewSet):
    """Published editions of the forward plan (each fixed when published); one edition with its entries."""

    serializer_class = serializers.EditionSerializer
    detail_serializer_class = serializers.EditionDetailSerializer
    filterset_class = filters.EditionFilter
    lookup_field = "number"

    def get_queryset(self):
        editions = ForwardPlanEdition.objects.order_by("-number")
        return editions if self.action == "retrieve" else editions.defer("contents")


class ForwardPlanView(ConditionalMixin, APIView):
    """The forward plan: the current (latest published) edition's entries, as published."""

    @extend_schema(responses=serializers.EditionDetailSerializer)
    def get(self, request):
        edition = current_forward_plan()
        if edition is None:
            raise Http404
        return Response(serializers.EditionDetailSerializer(edition, context={"request": request}).data)


class RecommendationViewSet(ReadOnlyViewSet):
    """Recommendations to the executive in minutes the reader may read, with the response (LGA 2000 s.9FE)."""

    serializer_class = serializers.RecommendationSerializer
    filterset_class = filters.RecommendationFilter

    def get_queryset(self):
        return (
            scrutiny_selectors.recommendations_visible_to(self.request.user)
            .select_related("resolution__minute__item__meeting__body", "responder")
            .order_by("made_on", "pk")
        )


class ConsultationViewSet(ReadOnlyViewSet):
    """Consultations shown to the public (``Consultation.objects.public()``)."""

    serializer_class = serializers.ConsultationSerializer
    filterset_class = filters.ConsultationFilter
    queryset = Consultation.objects.public().order_by("-closes_at", "pk")


#: The endpoints the root lists, by the name of their list route.
ENDPOINTS = (
    ("bodies", "record:api-body-list"),
    ("councillors", "record:api-councillor-list"),
    ("wards", "record:api-ward-list"),
    ("meetings", "record:api-meeting-list"),
    ("agenda_items", "record:api-item-list"),
    ("documents", "record:api-document-list"),
    ("minutes", "record:api-minutes-list"),
    ("decisions", "record:api-decision-list"),
    ("forward_plan", "record:api-forward-plan"),
    ("forward_plan_editions", "record:api-edition-list"),
    ("recommendations", "record:api-recommendation-list"),
    ("consultations", "record:api-consultation-list"),
    ("schema", "record:api-schema"),
    ("documentation", "record:api-docs"),
)


class RootView(ConditionalMixin, APIView):
    """Where each endpoint is, and the licence of the data."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        links = {name: reverse(route, request=request) for name, route in ENDPOINTS}
        return Response(
            {**links, "licence": LICENCE, "licence_url": LICENCE_URL, "max_page_size": settings.API_MAX_PAGE_SIZE}
        )
