"""Commissioning pages: reviews (placeholder until the reviews work lands)."""

from django.http import HttpResponse
from django.urls import path

from council import permissions


def review_list(request):
    permissions.require(request.user, "commissioning.view_review")
    return HttpResponse("Reviews")


urlpatterns: list = [path("commissioning/reviews/", review_list, name="review-list")]
