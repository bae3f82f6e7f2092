"""Commissioning services: reviews."""
