from django.apps import AppConfig

from council.roles import Role

#: Everyone with a role chooses their own email alerts (record/access.py).
_OWN_ALERTS = {"record.choose_own_alerts"}


class RecordConfig(AppConfig):
    """The public record: the public home, search inside every paper, alerts by email, open data
    and the read-only API. It reads the record the other apps keep and owns no part of it."""

    name = "record"
    verbose_name = "The public record"

    # Everything here is public to read; the rest is granted by the rules in access.py.
    role_permissions: dict = {role: set(_OWN_ALERTS) for role in Role}

    def ready(self):
        from council import navigation

        from . import history_rules

        history_rules.register()
        navigation.register(
            navigation.NavItem("Email alerts", "record:alert-settings", order=97, perm="record.choose_own_alerts")
        )

        from django.db.models.signals import post_migrate

        from . import signals
        from .models import search_index

        signals.connect()  # the search index kept current (record.services.search)
        signals.connect_grants()  # a person's search rules' lists, kept between searches
        post_migrate.connect(search_index.ensure, sender=self, dispatch_uid="record.search_index")
