"""Commissioning services: priorities."""
