from django.apps import AppConfig

from council.roles import Role


def _perms(*names: str) -> list[str]:
    return [f"executive.{name}" for name in names]


_READ = _perms("view_decisionmaker", "view_forwardplanentry", "view_forwardplanedition", "view_executivedecision")
_DRAFT = _perms("add_forwardplanentry", "change_forwardplanentry")


class ExecutiveConfig(AppConfig):
    """The executive's statutory record: the forward plan of key decisions, decisions and notices."""

    name = "executive"
    verbose_name = "Executive decisions"

    # Published editions and notices are public (``public()`` on their QuerySets); these are the
    # rest (see access.py for what each permission lets a person do).
    role_permissions = {
        Role.ADMINISTRATOR: [
            *_READ,
            *_DRAFT,
            *_perms("add_forwardplanedition", "add_executivedecision", "change_executivedecision"),
            *_perms("publish_executivedecision", "view_exempt_part", "add_decisionmaker"),
        ],
        Role.DEMOCRATIC_SERVICES: [
            *_READ,
            *_DRAFT,
            *_perms("add_forwardplanedition", "add_executivedecision", "change_executivedecision"),
            *_perms("publish_executivedecision", "view_exempt_part", "add_decisionmaker"),
        ],
        Role.COMMISSIONING_OFFICER: [*_READ, *_DRAFT],
        Role.OFFICER: [*_READ, *_DRAFT],
        Role.FINANCE_OFFICER: _READ,
        Role.MONITORING_OFFICER: [*_READ, *_perms("view_exempt_part")],
        Role.CABINET_MEMBER: [*_READ, *_perms("view_exempt_part")],
        # Call-in (executive/services/call_in.py): councillors on O&S call in; the clerks manage it.
        Role.COUNCILLOR: _perms("add_callinsignature"),
    }
    role_permissions[Role.ADMINISTRATOR] += _perms("change_callin")
    role_permissions[Role.DEMOCRATIC_SERVICES] += _perms("change_callin")

    def ready(self):
        from django.db.models.signals import post_migrate

        from council import navigation

        from . import history_rules, packs
        from .models import edition_guard

        post_migrate.connect(edition_guard.ensure, sender=self, dispatch_uid="executive.edition_guard")
        history_rules.register()
        packs.register_forward_plan_pack()
        navigation.register(navigation.NavItem("Forward plan", "executive:forward-plan", order=35, public=True))
        from .selectors import call_in as call_in_selectors

        call_in_selectors.register_panels()
