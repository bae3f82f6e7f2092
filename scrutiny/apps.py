from django.apps import AppConfig

from council.roles import Role


class ScrutinyConfig(AppConfig):
    """Committee business: meetings, agendas, publication, minutes, actions, work programmes, packs."""

    name = "scrutiny"
    verbose_name = "Scrutiny and committee business"

    # Everyone signed in reads every meeting; the public reads public bodies' meetings. A body's
    # clerks (object permission members.change_body) and Administrators run its meetings.
    # Attendance and declarations are minuted: everyone signed in reads them and their history.
    # Who reads the History page of every other record is its own read rule (history_rules.py):
    # a minute's history holds its draft wording, so it is for the body's clerks and members.
    role_permissions = {
        role: ["scrutiny.view_meeting", "scrutiny.view_attendance", "scrutiny.view_declaration"] for role in Role
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from council import dashboard, navigation

        from . import history_rules, minutes_pack, packs, selectors
        from .models import publication_guard
        from .selectors import interests

        post_migrate.connect(publication_guard.ensure, sender=self, dispatch_uid="scrutiny.publication_guard")
        _register_public_pages()

        packs.register_agenda_pack()
        minutes_pack.register_minutes_pack()
        history_rules.register()
        navigation.register(
            navigation.NavItem("Meetings", "scrutiny:meeting-list", order=30, public=True),
            navigation.NavItem(
                "My meetings", "scrutiny:my-meetings", order=49, roles=(Role.COUNCILLOR, Role.CABINET_MEMBER)
            ),
        )
        dashboard.register(
            dashboard.Panel(
                "Meetings to prepare",
                "scrutiny/panels/meetings.html",
                order=20,
                roles=(Role.DEMOCRATIC_SERVICES,),
                context=selectors.meetings_to_prepare_panel,
            ),
            # A member is shown their own matches only (scrutiny.selectors.interests.for_member).
            dashboard.Panel(
                "Items on your next agendas that touch your interests",
                "scrutiny/panels/interests.html",
                order=8,
                roles=(Role.COUNCILLOR, Role.CABINET_MEMBER),
                context=interests.interests_panel,
            ),
        )


def _register_public_pages() -> None:
    """A committee's meetings, work programme, recommendations and calendar on its public page, and
    a councillor's attendance on theirs (``members.public_pages``)."""
    from members import public_pages

    from .selectors import public_pages as sections

    public_pages.register_body_section(
        public_pages.Section("scrutiny/public/body_meetings.html", order=10, context=sections.body_meetings),
        public_pages.Section(
            "scrutiny/public/body_work_programme.html", order=20, context=sections.body_work_programme
        ),
        public_pages.Section(
            "scrutiny/public/body_recommendations.html", order=30, context=sections.body_recommendations
        ),
        public_pages.Section("scrutiny/public/body_feeds.html", order=40, context=sections.body_feeds),
    )
    public_pages.register_councillor_section(
        public_pages.Section(
            "scrutiny/public/councillor_attendance.html", order=10, context=sections.councillor_attendance
        ),
    )
