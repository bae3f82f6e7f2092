"""Commissioning services: workplan."""
