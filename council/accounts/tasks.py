"""Sign-in tasks: the password reset email, sent by the worker so the request that asked for it
takes the same time whether or not the address belongs to anyone."""

from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings

from council.forms import ResetPasswordForm
from council.outbox.base import OutboxTask


@shared_task(base=OutboxTask, time_limit=60, soft_time_limit=50)
def send_password_reset(*, email: str) -> int:
    """Email a reset link to the active account with this address, if there is one; idempotent
    enough (a second run sends a second valid link). Returns how many emails were queued."""
    form = ResetPasswordForm({"email": email})
    if not form.is_valid():
        return 0
    site = urlsplit(settings.SITE_URL)
    users = list(form.get_users(email))
    form.save(
        domain_override=site.netloc,
        use_https=site.scheme == "https",
        extra_email_context={"council_name": settings.COUNCIL_NAME, "service_name": settings.COUNCIL_SERVICE_NAME},
    )
    return len(users)
