"""Commissioning pages: priorities."""

urlpatterns: list = []
