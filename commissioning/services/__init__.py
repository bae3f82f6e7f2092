"""Commissioning services (atomic, history-recorded), one module per subject."""
