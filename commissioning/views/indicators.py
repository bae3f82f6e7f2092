"""Commissioning pages: indicators."""

urlpatterns: list = []
