"""Commissioning pages: reviews (placeholders until the work lands)."""

from django.http import HttpResponse
from django.urls import path

from council import permissions


def _placeholder(request, **kwargs):
    permissions.require(request.user, "commissioning.view_review")
    return HttpResponse("Coming soon")


urlpatterns: list = [
    path("commissioning/reviews/<int:pk>/", _placeholder, name="review-detail"),
    path("commissioning/reviews/<int:pk>/board/", _placeholder, name="review-board"),
    path("commissioning/reviews/<int:pk>/history/", _placeholder, name="review-timeline"),
]
