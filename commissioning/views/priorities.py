"""Commissioning pages: priorities (placeholders until the work lands)."""

from django.http import HttpResponse
from django.urls import path

from council import permissions


def _placeholder(request, **kwargs):
    permissions.require(request.user, "commissioning.view_review")
    return HttpResponse("Coming soon")


urlpatterns: list = [
    path("commissioning/", _placeholder, name="review-list"),
    path("commissioning/reviews/<int:pk>/priority/", _placeholder, name="review-priority"),
]
