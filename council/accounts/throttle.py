"""Sign-in throttling with django-axes: per account and per address, with different limits.

django-axes counts failures per lockout parameter (here the email address typed, and the client's
IP address) but has one failure limit. An office behind one address makes more honest mistakes than
one person, so the address gets the higher SIGNIN_ADDRESS_FAILURE_LIMIT: ``get_failures`` reports
an address over its own limit as an account at the account limit.
"""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def typed_email(request, credentials) -> str | None:
    """The account a sign-in attempt is for: the email address typed, compared without case or spaces."""
    value = None
    if credentials:
        value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username")
    return value.strip().lower() if isinstance(value, str) else value


class SignInThrottle(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.SIGNIN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, settings.SIGNIN_ACCOUNT_FAILURE_LIMIT)
        return by_account


def _recent(attempts):
    cool_off = get_cool_off()
    return attempts.filter(attempt_time__gte=timezone.now() - cool_off) if cool_off else attempts


def account_is_locked(email: str) -> bool:
    """Is this account locked now (by its own failures, whatever the address)?"""
    failures = _recent(AccessAttempt.objects.filter(username=email.lower())).aggregate(n=Sum("failures_since_start"))
    return (failures["n"] or 0) >= settings.SIGNIN_ACCOUNT_FAILURE_LIMIT


def locked_until(request, credentials) -> datetime.datetime | None:
    """When the lockout of this attempt's account or address ends if no one tries again."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    email = typed_email(request, credentials)
    last = _recent(
        AccessAttempt.objects.filter(username=email)
        | AccessAttempt.objects.filter(ip_address=getattr(request, "axes_ip_address", None))
    ).aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cool_off


def unlock_account(email: str) -> int:
    """Forget the failed sign-ins of this account (from every address); returns how many rows went."""
    return AxesProxyHandler.reset_attempts(username=email.lower())
