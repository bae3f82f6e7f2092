from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from .roles import Role


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = "Council foundation"

    role_permissions = {
        Role.ADMINISTRATOR: [
            "council.view_user",
            "council.add_user",
            "council.change_user",
            "council.view_signinevent",
        ],
    }

    def ready(self):
        from . import dashboard, history_rules, navigation, views
        from .accounts import tasks as accounts_tasks  # noqa: F401  (the password reset email task)
        from .accounts.signals import connect as connect_sign_in_signals
        from .packs import tasks  # noqa: F401  (the worker knows the pack build task)
        from .roles import sync_role_permissions

        # Role groups hold the model permissions the apps declare, after every migrate (and test flush).
        post_migrate.connect(sync_role_permissions, dispatch_uid="council.sync_role_permissions")
        history_rules.register()
        connect_sign_in_signals()
        # Any change to a record makes the public's cached pages old (council/http_cache.py).
        from .http_cache import record_changed

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(record_changed, dispatch_uid=f"council.public_pages_{id(signal)}")
        navigation.register(
            navigation.NavItem("Dashboard", "home", order=0),
            navigation.NavItem("People and roles", "people", order=90, perm="council.view_user"),
        )
        dashboard.register(
            dashboard.Panel("Your roles", "council/panels/roles.html", order=0, context=views.roles_panel),
            dashboard.Panel("People and roles", "council/panels/people.html", order=90, roles=(Role.ADMINISTRATOR,)),
        )
