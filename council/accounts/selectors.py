"""Reads about a person's sign-in for the pages that show them."""

from . import throttle, two_factor


def sign_in_status(person) -> dict:
    """What the person page shows an Administrator: locked out? an authenticator app? required?"""
    return {
        "locked": throttle.account_is_locked(person.email),
        "two_factor": two_factor.confirmed_device(person) is not None,
        "two_factor_required": two_factor.is_required(person),
    }
