"""Commissioning forms: priorities."""
