"""Two-factor sign-in for the demo council (DEBUG only): every demo person whose role requires an
authenticator app gets one with the same published demo key, so a demonstrator adds one entry to
their app (or runs ``manage.py demo_code``) instead of setting up an app per officer."""

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor

# A well-known key, for the demo only: never loaded when DEBUG is off.
DEMO_TOTP_KEY = "64656d6f" * 5  # "demo" five times: 20 bytes, 40 hex digits


def give_demo_officers_an_app(emails) -> bool:
    """Give each demo person who needs two-factor sign-in a confirmed app with the demo key."""
    if not settings.DEBUG:
        return False
    for person in get_user_model().objects.filter(email__in=emails):
        if two_factor.is_required(person) and not TOTPDevice.objects.filter(user=person).exists():
            TOTPDevice.objects.create(user=person, name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True)
    return True


def demo_key_for_typing() -> str:
    text = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def demo_code() -> str:
    return f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY)).token():06d}"
