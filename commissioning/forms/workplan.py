"""Commissioning forms: workplan."""
