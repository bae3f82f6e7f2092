"""Pack pages, in the "packs" namespace (names listed in council/packs/__init__.py)."""

from django.urls import path

from . import views

app_name = "packs"

urlpatterns = [
    path("builds/<int:build_pk>/", views.build_status, name="build-status"),
    path("<slug:kind>/<str:obj_pk>/<slug:edition>/build/", views.build, name="build"),
    path("<slug:kind>/<str:obj_pk>/<slug:edition>/versions/", views.versions, name="versions"),
    path("<slug:kind>/<str:obj_pk>/<slug:edition>/v<int:number>/", views.download_version, name="download-version"),
    path("<slug:kind>/<str:obj_pk>/<slug:edition>/", views.download, name="download"),
]
