"""Commissioning queries: priorities."""
