from django.urls import include, path

from . import views
from .accounts import views as accounts_views

urlpatterns = [
    path("dashboard/", views.home, name="home"),
    path("accounts/", include("council.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.history, name="history"),
    path("people/", views.people, name="people"),
    path("people/add/", views.person_add, name="person-add"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/roles/", views.person_roles, name="person-roles"),
    path("people/<int:pk>/unlock/", accounts_views.person_unlock, name="person-unlock"),
    path("people/<int:pk>/two-factor/reset/", accounts_views.person_two_factor_reset, name="person-two-factor-reset"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("healthz", views.healthz, name="healthz"),
    path("packs/", include("council.packs.urls")),
    path("", include("members.urls")),
    path("", include("scrutiny.urls")),
    path("executive/", include("executive.urls")),
    path("", include("commissioning.urls")),
    path("moderngov/", include("moderngov.urls")),
    path("", include("moderngov.webservice_urls")),
    path("", include("record.urls")),
]

handler500 = "council.views.server_error"

# Uploaded documents are never served from MEDIA_URL, not even in development: they go through
# scrutiny's document view, which applies the exempt-information rules (LGA 1972 Schedule 12A).
