"""Sign-in actions: the sign-in log, unlocking an account, setting up and resetting two-factor sign-in."""

from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from council.errors import RuleError
from council.history import with_reason

from . import throttle
from .models import Outcome, SignInEvent

User = get_user_model()


def record_sign_in_event(*, request, outcome: Outcome, email: str = "", person=None) -> SignInEvent:
    """Log one sign-in attempt or sign-out, with where it came from."""
    email = (email or (person.email if person else "")).strip().lower()[:254]
    if person is None and email:
        person = User.objects.filter(email__iexact=email).first()
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return SignInEvent.objects.create(
        person=person,
        email=email,
        outcome=outcome,
        ip_address=ip_address or None,
        user_agent=request.headers.get("user-agent", "")[:300],
    )


def record_last_login(sender, user, **kwargs):
    """``user_logged_in`` receiver in place of Django's: an UPDATE that bypasses save(), so signing in
    adds no empty row to the person's audit history (the sign-in log records sign-ins)."""
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())


@transaction.atomic
def person_unlock(*, person, by) -> int:
    """Let ``person`` try to sign in again at once: forget their account's failed attempts."""
    cleared = throttle.unlock_account(person.email)
    with_reason(person, "Sign-in unlocked after too many failed attempts", by=by).save()
    return cleared


@transaction.atomic
def person_reset_two_factor(*, person, by) -> int:
    """Remove the person's authenticator apps, for a lost or replaced phone. They set up a new one
    at their next sign-in (officers must; councillors may)."""
    deleted, _ = TOTPDevice.objects.filter(user=person).delete()
    if not deleted:
        raise RuleError(f"{person} has no authenticator app to reset")
    with_reason(person, "Two-factor sign-in reset", by=by).save()
    return deleted


@transaction.atomic
def two_factor_confirm(*, device: TOTPDevice, code: str, by) -> None:
    """Confirm an authenticator app being set up, with a code it shows. Only the person themself."""
    if device.user_id != by.pk:
        raise RuleError("You can only set up your own authenticator app")
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(code):
        raise RuleError("The code is not right. Enter the 6-digit code your app shows now", field="code")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # One app at a time: an older one, if any, is replaced by the one just confirmed.
    TOTPDevice.objects.filter(user=by).exclude(pk=device.pk).delete()
    with_reason(by, "Two-factor sign-in set up", by=by).save()
