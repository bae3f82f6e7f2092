"""Commissioning forms, one module per subject."""
