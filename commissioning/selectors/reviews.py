"""Commissioning queries: reviews."""


def reviews_panel(request) -> dict:
    """Dashboard: the reviews the person leads, is accountable for or sits on the board of."""
    return {}
