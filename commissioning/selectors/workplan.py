"""Commissioning queries: workplan."""
