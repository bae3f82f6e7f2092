"""Commissioning forms: reviews."""
