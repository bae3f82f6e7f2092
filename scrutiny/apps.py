from django.apps import AppConfig

from council.roles import Role


class ScrutinyConfig(AppConfig):
    """Committee business: meetings, agendas, publication, minutes, actions, work programmes, packs."""

    name = "scrutiny"
    verbose_name = "Scrutiny and committee business"

    # Everyone signed in reads every meeting; the public reads public bodies' meetings. A body's
    # clerks (object permission members.change_body) and Administrators run its meetings.
    role_permissions = {role: ["scrutiny.view_meeting"] for role in Role}

    def ready(self):
        from council import dashboard, navigation

        from . import selectors

        navigation.register(navigation.NavItem("Meetings", "scrutiny:meeting-list", order=30, public=True))
        dashboard.register(
            dashboard.Panel(
                "Meetings to prepare",
                "scrutiny/panels/meetings.html",
                order=20,
                roles=(Role.DEMOCRATIC_SERVICES,),
                context=selectors.meetings_to_prepare_panel,
            ),
        )
