"""Consultation pages (owner) — placeholders until the work lands."""

from django.http import HttpResponse
from django.urls import path

from council import permissions


def _placeholder(request, **kwargs):
    permissions.require(request.user, "members.add_consultation")
    return HttpResponse("Coming soon")


urlpatterns: list = [
    path("consultations/", _placeholder, name="consultation-list"),
    path("consultations/<int:pk>/", _placeholder, name="consultation-detail"),
]
