from django.apps import AppConfig

from council.roles import Role


def _perms(*names: str) -> list[str]:
    return [f"executive.{name}" for name in names]


_READ = _perms("view_decisionmaker", "view_forwardplanentry", "view_forwardplanedition", "view_executivedecision")
_DRAFT = _perms("add_forwardplanentry", "change_forwardplanentry")


def _with_officer_decisions(role_permissions: dict) -> dict:
    """Officer decisions (access.py): officers record their own, Democratic Services record on any
    officer's behalf and publish; the roles that read unpublished executive decisions read these."""
    extra = {
        Role.ADMINISTRATOR: ["view", "add", "record_any", "publish"],
        Role.DEMOCRATIC_SERVICES: ["view", "add", "record_any", "publish"],
        Role.COMMISSIONING_OFFICER: ["view", "add"],
        Role.OFFICER: ["view", "add"],
        Role.FINANCE_OFFICER: ["view"],
        Role.MONITORING_OFFICER: ["view"],
        Role.CABINET_MEMBER: ["view"],
    }
    return {
        role: [*role_permissions.get(role, []), *_perms(*(f"{verb}_officerdecision" for verb in extra.get(role, [])))]
        for role in {*role_permissions, *extra}
    }


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
            *_perms("add_privatemeetingnotice", "change_privatemeetingnotice"),
        ],
        Role.DEMOCRATIC_SERVICES: [
            *_READ,
            *_DRAFT,
            *_perms("add_forwardplanedition", "add_executivedecision", "change_executivedecision"),
            *_perms("publish_executivedecision", "view_exempt_part", "add_decisionmaker"),
            *_perms("add_privatemeetingnotice", "change_privatemeetingnotice"),
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
    role_permissions = _with_officer_decisions(role_permissions)
    # Urgency agreements asked online (access.py): the clerks ask; the Monitoring Officer reads them.
    role_permissions[Role.ADMINISTRATOR] += _perms("add_urgencyrequest", "view_urgencyrequest")
    role_permissions[Role.DEMOCRATIC_SERVICES] += _perms("add_urgencyrequest", "view_urgencyrequest")
    role_permissions[Role.MONITORING_OFFICER] += _perms("view_urgencyrequest")

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
        from .services import call_in as call_in_services

        call_in_selectors.register_panels()
        call_in_services.register_checks()
        _register_officer_decisions()
        _register_private_meetings()
        _register_urgency_requests()
        _register_public_pages()


def _register_officer_decisions() -> None:
    """Officer decisions' history rule, and the executive's clocks and the officer's own panels."""
    from council import dashboard

    from . import history_rules
    from .selectors import panels

    history_rules.register_officer_decisions()
    dashboard.register(
        dashboard.Panel(
            "The executive's clocks",
            "executive/panels/clocks.html",
            order=22,
            roles=(Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR),
            context=panels.clocks_panel,
        ),
        dashboard.Panel(
            "Your forward plan entries and officer decisions",
            "executive/panels/officer.html",
            order=32,
            roles=(Role.OFFICER, Role.COMMISSIONING_OFFICER, Role.FINANCE_OFFICER, Role.MONITORING_OFFICER),
            context=panels.officer_panel,
        ),
    )


def _register_private_meetings():
    from scrutiny import meeting_links, publication_checks

    from .services.private_meetings import check_private_items
    from .views.private_meetings import links_for_meeting

    publication_checks.register(check_private_items)
    meeting_links.register(links_for_meeting)


def _register_urgency_requests() -> None:
    from council import dashboard

    from . import history_rules
    from .selectors import urgency_requests

    history_rules.register_urgency_requests()
    history_rules.register_decision_sessions()
    dashboard.register(
        dashboard.Panel(
            "Urgency agreements asked",
            "executive/panels/urgency_requests.html",
            order=23,
            roles=(Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR),
            context=urgency_requests.clerk_panel,
        )
    )


def _register_public_pages() -> None:
    """The decisions a councillor took as a Cabinet Member, on their public page."""
    from members import public_pages

    from .selectors.councillor_decisions import councillor_decisions_section

    public_pages.register_councillor_section(
        public_pages.Section(
            "executive/public/councillor_decisions.html", order=20, context=councillor_decisions_section
        )
    )
