"""Invitations: a new person chooses their own password from a link in an email (never a shared one)."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

log = logging.getLogger(__name__)


class _InvitationForm(PasswordResetForm):
    """Django's reset form, except that a message that cannot be sent raises: since Django 5.0 its
    ``send_mail`` logs the failure and carries on, so the caller would report an email that never left.
    And an invited person who has no password yet (an unusable one, as ``create_administrator``
    leaves it) is still found: choosing one is what the invitation is for."""

    def get_users(self, email):
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()


def send_invitation(person) -> bool:
    """Email ``person`` a one-time link to choose a password (then two-factor where their role needs it).

    The link is built on ``SITE_URL`` so the same call works from a view, a command or a worker. A mail
    server that is down does not undo what was saved: the failure is logged and ``False`` returned, and
    the invitation can be sent again from the person's page."""
    site = urlsplit(settings.SITE_URL)
    form = _InvitationForm({"email": person.email})
    if not form.is_valid():
        return False
    try:
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            subject_template_name="registration/invitation_subject.txt",
            email_template_name="registration/invitation_email.txt",
            extra_email_context={
                "council_name": settings.COUNCIL_NAME,
                "service_name": settings.COUNCIL_SERVICE_NAME,
                "site_name": settings.COUNCIL_SERVICE_NAME,
            },
        )
    except OSError:
        log.exception("Could not send the invitation to person %s", person.pk)
        return False
    return True


def invitation_link(person) -> str:
    """The one-time link to choose a password that the invitation email carries, on ``SITE_URL``:
    for a council whose mail is not set up yet (``create_administrator --print-link``). It stops
    working once a password is chosen (the token is made from the password) or after
    ``PASSWORD_RESET_TIMEOUT``."""
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
