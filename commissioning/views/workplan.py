"""Commissioning pages: workplan."""

urlpatterns: list = []
