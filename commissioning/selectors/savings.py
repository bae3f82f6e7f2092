"""Commissioning queries: savings."""


def signoff_panel(request) -> dict:
    """Dashboard (finance officers): savings awaiting delivery sign-off."""
    return {}


def my_savings_panel(request) -> dict:
    """Dashboard: the savings the person is the accountable owner of."""
    return {}
