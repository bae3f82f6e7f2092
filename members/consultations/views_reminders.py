"""Consultation pages (reminders)."""

urlpatterns: list = []
