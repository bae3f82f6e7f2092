"""Commissioning forms: savings."""
