from django.urls import include, path

from .views import api

app_name = "record"

urlpatterns: list = [
    # The open API (record/api) and its pages for people (docs/api.md).
    path("api/", api.api_docs, name="api-docs"),
    path("api/tokens/", api.token_list, name="api-token-list"),
    path("api/tokens/<int:pk>/revoke/", api.token_revoke, name="api-token-revoke"),
    path("api/", include("record.api.urls")),
]
