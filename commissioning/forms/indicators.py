"""Commissioning forms: indicators."""
