from django.urls import path

from .views import search

app_name = "record"

urlpatterns: list = [
    path("search/", search.search, name="search"),
]
