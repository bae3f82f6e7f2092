"""Invitations: a new person chooses their own password from a link in an email (never a shared one)."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader

log = logging.getLogger(__name__)


class _InvitationForm(PasswordResetForm):
    """Django's reset form, except that a message that cannot be sent raises: since Django 5.0 its
    ``send_mail`` logs the failure and carries on, so the caller would report an email that never left."""

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
