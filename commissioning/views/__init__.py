"""Commissioning pages, one module per subject."""
