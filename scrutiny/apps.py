from django.apps import AppConfig

from council.roles import Role


class ScrutinyConfig(AppConfig):
    """Committee business: meetings, agendas, publication, minutes, actions, work programmes, packs."""

    name = "scrutiny"
    verbose_name = "Scrutiny and committee business"

    # Everyone signed in reads every meeting; the public reads public bodies' meetings. A body's
    # clerks (object permission members.change_body) and Administrators run its meetings.
    # Attendance and declarations are minuted: everyone signed in reads them and their history.
    role_permissions = {
        role: ["scrutiny.view_meeting", "scrutiny.view_attendance", "scrutiny.view_declaration"] for role in Role
    }
    # A minute's history holds its draft wording, so it is for Democratic Services and Administrators.
    for _role in (Role.ADMINISTRATOR, Role.DEMOCRATIC_SERVICES):
        role_permissions[_role] = [*role_permissions[_role], "scrutiny.view_minute"]
    del _role

    def ready(self):
        from council import dashboard, navigation

        from . import packs, selectors

        packs.register_agenda_pack()
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
