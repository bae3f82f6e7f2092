"""Commissioning queries: indicators."""
