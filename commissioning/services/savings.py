"""Commissioning services: savings."""
