"""Reads about a person's sign-in for the pages (and commands) that show them."""

from django.contrib.auth import get_user_model

from council.roles import Role

from . import throttle, two_factor


def sign_in_status(person) -> dict:
    """What the person page shows an Administrator: locked out? an authenticator app? required?"""
    return {
        "locked": throttle.account_is_locked(person.email),
        "two_factor": two_factor.confirmed_device(person) is not None,
        "two_factor_required": two_factor.is_required(person),
    }


def administrator_awaiting_password(email: str):
    """The active Administrator with ``email`` who has not chosen a password yet (made by
    ``create_administrator``, their link unused), or None."""
    person = (
        get_user_model()
        .objects.filter(email__iexact=email.strip(), groups__name=Role.ADMINISTRATOR.value, is_active=True)
        .first()
    )
    return None if person is None or person.has_usable_password() else person
