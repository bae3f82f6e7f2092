"""Commissioning services: indicators."""
