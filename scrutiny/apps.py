from django.apps import AppConfig

from council.roles import Role


class ScrutinyConfig(AppConfig):
    """Committee business: meetings, agendas, publication, minutes, actions, work programmes, packs."""

    name = "scrutiny"
    verbose_name = "Scrutiny and committee business"

    def ready(self):
        from council import dashboard

        dashboard.register(
            dashboard.Panel(
                "Meetings to prepare",
                "scrutiny/panels/meetings.html",
                order=20,
                roles=(Role.DEMOCRATIC_SERVICES,),
            ),
        )
