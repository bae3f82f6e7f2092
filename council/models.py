"""The foundation's models: the person who signs in, and the workers' heartbeat."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse

from .history import tracked


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("A person needs an email address to sign in.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create(email, password, **fields)


class User(AbstractUser):
    """A person who signs in: a member (councillor), an officer, or both over time.

    Their profiles (``members.Member``, ``members.Officer``) hang off this row; their roles are
    groups (``council.roles.Role``). People sign in with their email address.
    """

    username = None
    email = models.EmailField("email address", unique=True)
    title = models.CharField("title", max_length=30, blank=True, help_text="For example Dr or Mrs.")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()
    history = tracked(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_absolute_url(self):
        return reverse("person-detail", args=[self.pk])

    def display_with_post(self) -> str:
        """The person as every page and pack names an author or a lead officer: "Jane Smith,
        Assistant Chief Executive" for an officer, "Councillor Jane Smith" for a member, else the
        name. Reads the profiles ``members`` hangs off this row (select_related "officer" and
        "member" in lists), without importing that app."""
        name = str(self)
        officer = getattr(self, "officer", None)
        if officer is not None and officer.job_title:
            return f"{name}, {officer.job_title}"
        if getattr(self, "member", None) is not None:
            return f"Councillor {name}"
        return name


# The pack engine's records (council/packs/models.py) and the sign-in log (council/accounts/models.py)
# belong to this app.
class WorkerHeartbeat(models.Model):
    """When a Celery worker last sent its heartbeat (``council.health.WorkerHeartbeatThread``): one
    row per worker, by its hostname, overwritten every beat (a clock, not a record: no history)."""

    name = models.CharField("worker", max_length=255, primary_key=True)
    beat_at = models.DateTimeField("last heartbeat")

    class Meta:
        verbose_name = "worker heartbeat"

    def __str__(self):
        return f"{self.name}: {self.beat_at:%Y-%m-%d %H:%M:%S}"


from .accounts.models import SignInEvent  # noqa: E402, F401
from .outbox.models import OutboxMessage  # noqa: E402, F401
from .packs.models import PackBuild, PackVersion  # noqa: E402, F401
