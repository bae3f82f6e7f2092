"""Commissioning pages: savings (placeholders until the work lands)."""

from django.http import HttpResponse
from django.urls import path

from council import permissions


def _placeholder(request, **kwargs):
    permissions.require(request.user, "commissioning.view_review")
    return HttpResponse("Coming soon")


urlpatterns: list = [
    path("commissioning/reviews/<int:pk>/savings/", _placeholder, name="review-savings"),
]
