"""Commissioning pages: savings."""

urlpatterns: list = []
