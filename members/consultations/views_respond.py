"""Consultation pages (respondent) — placeholders until the work lands."""

from django.http import HttpResponse
from django.urls import path

from council import permissions


def _placeholder(request, **kwargs):
    permissions.require(request.user, "members.respond_consultation")
    return HttpResponse("Coming soon")


urlpatterns: list = [
    path("consultations/yours/", _placeholder, name="my-consultations"),
    path("consultations/<int:pk>/respond/", _placeholder, name="consultation-respond"),
]
