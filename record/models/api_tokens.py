"""Personal API tokens: a signed-in person's key to the open API, which then shows what they may see."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from council.history import tracked


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Not revoked, and held by someone who may still sign in."""
        return self.filter(revoked_at__isnull=True, person__is_active=True)


class ApiToken(models.Model):
    """A personal token for the open API (``Authorization: Bearer <token>``). Only the SHA-256 of
    the token is kept: it is shown once, when made, and cannot be shown again."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField("name", max_length=100, help_text="What you use it for, for example My council tracker.")
    digest = models.CharField("SHA-256 of the token", max_length=64, unique=True, editable=False)
    #: The first characters of the token, so its holder can tell their tokens apart.
    prefix = models.CharField("starts with", max_length=12, editable=False)
    created_at = models.DateTimeField("created", default=timezone.now, editable=False)
    last_used_on = models.DateField("last used on", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)
    history = tracked(excluded_fields=["digest", "last_used_on"])

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"API token {self.name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
