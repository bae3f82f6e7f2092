"""Routes of the open API, ``/api/v1/``: each read-only, public to request (a token, if given, shows
what its holder may see), named ``api-<noun>-list`` and ``api-<noun>-detail``."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from council import permissions

from . import views

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}


def _public(view):
    # The API answers the public without a session: LoginRequiredMiddleware leaves it alone.
    return permissions.public(view)


def _resource(prefix: str, noun: str, viewset, converter: str = "int:pk"):
    return [
        path(f"v1/{prefix}/", _public(viewset.as_view(LIST)), name=f"api-{noun}-list"),
        path(f"v1/{prefix}/<{converter}>/", _public(viewset.as_view(DETAIL)), name=f"api-{noun}-detail"),
    ]


urlpatterns = [
    path("v1/", _public(views.RootView.as_view()), name="api-root"),
    path("v1/schema/", _public(SpectacularAPIView.as_view()), name="api-schema"),
    *_resource("bodies", "body", views.BodyViewSet, "slug:slug"),
    *_resource("councillors", "councillor", views.CouncillorViewSet),
    *_resource("wards", "ward", views.WardViewSet),
    *_resource("meetings", "meeting", views.MeetingViewSet),
    *_resource("agenda-items", "item", views.AgendaItemViewSet),
    *_resource("documents", "document", views.DocumentViewSet),
    *_resource("minutes", "minutes", views.MinutesViewSet),
    *_resource("decisions", "decision", views.DecisionViewSet),
    path("v1/forward-plan/", _public(views.ForwardPlanView.as_view()), name="api-forward-plan"),
    *_resource("forward-plan/editions", "edition", views.EditionViewSet, "int:number"),
    *_resource("recommendations", "recommendation", views.RecommendationViewSet),
    *_resource("consultations", "consultation", views.ConsultationViewSet),
]
