"""Two-factor sign-in with an authenticator app (django-otp TOTP): who needs it, their device, its QR code."""

import base64
import io

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from council import permissions
from council.roles import Role

#: The roles that can open exempt papers (LGA 1972 Schedule 12A) or change the record: for them a
#: password alone is not enough. Councillors and Cabinet Members may choose to add an app.
REQUIRED_ROLES = (
    Role.ADMINISTRATOR,
    Role.DEMOCRATIC_SERVICES,
    Role.COMMISSIONING_OFFICER,
    Role.FINANCE_OFFICER,
    Role.MONITORING_OFFICER,  # reads sensitive interests and partners' names
    Role.OFFICER,
)

DEVICE_NAME = "Authenticator app"


#: Object grants that open exempt papers whatever the person's roles: a committee's clerk, an
#: officer's need-to-know on an exempt item. Named by permission, as the foundation names no app.
REQUIRED_GRANTS = ("members.change_body", "scrutiny.view_exempt_papers")

#: The session remembers, from signing in, that a grant requires a code (so no page asks again).
SESSION_KEY = "council_two_factor_required"


def has_required_role(person) -> bool:
    return any(permissions.has_role(person, role) for role in REQUIRED_ROLES)


def is_required(person) -> bool:
    """Must ``person`` use two-factor sign-in: any of the officer roles, or a grant that opens exempt
    papers (a role taken away does not take the grants with it)?"""
    return has_required_role(person) or any(permissions.holds_grant(person, perm) for perm in REQUIRED_GRANTS)


def note_requirement(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: whether this session needs a code, asked once with the grants."""
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = is_required(user)


def required_in_session(request) -> bool:
    """Must this signed-in session be verified by a code? A role is asked on every request (one
    given mid-session counts at once, without a query); grants were asked when signing in."""
    return has_required_role(request.user) or bool(request.session.get(SESSION_KEY))


def confirmed_device(person) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(person, confirmed=True).order_by("pk").first()


def pending_device(person) -> TOTPDevice:
    """The unconfirmed device being set up: the same secret until it is confirmed (so a reload of
    the set-up page does not invalidate the QR code the person has just scanned)."""
    device = TOTPDevice.objects.devices_for_user(person, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=person, name=DEVICE_NAME, confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed (base32, in groups of four)."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> bytes:
    """The set-up QR code as an SVG document (served by a view: no inline script or style needed)."""
    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(out, kind="svg", scale=5, border=4, title="Set-up QR code")
    return out.getvalue()
