"""The sign-in log: every attempt to sign in and every sign-out, for the Administrator to read."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from council.history import tracked


class Outcome(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    WRONG_PASSWORD = "wrong_password", "Wrong email address or password"
    LOCKED_OUT = "locked_out", "Refused: locked out"
    TWO_FACTOR_FAILED = "two_factor_failed", "Wrong two-factor code"
    SIGNED_OUT = "signed_out", "Signed out"
    SESSION_EXPIRED = "session_expired", "Signed out: session expired"


class SignInEventQuerySet(models.QuerySet):
    def newest_first(self):
        return self.select_related("person").order_by("-at", "-pk")


class SignInEvent(models.Model):
    """One sign-in attempt or sign-out. ``email`` is what was typed, so attempts on addresses that
    belong to no one are logged too; ``person`` is set when the address is someone's."""

    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="person", null=True, blank=True, on_delete=models.SET_NULL
    )
    email = models.CharField("email address typed", max_length=254, blank=True)
    outcome = models.CharField("outcome", max_length=30, choices=Outcome)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField("browser", max_length=300, blank=True)

    objects = SignInEventQuerySet.as_manager()
    history = tracked()

    class Meta:
        verbose_name = "sign-in event"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.email} at {self.at:%Y-%m-%d %H:%M}"
