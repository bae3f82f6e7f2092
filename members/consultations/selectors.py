"""Consultation queries for the owner's pages and panels."""


def owner_panel(request) -> dict:
    """Dashboard: the consultations the person runs, with response rates."""
    return {}
