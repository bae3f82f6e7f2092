from django.apps import AppConfig

from council.roles import Role

_READ = [
    "members.view_member",
    "members.view_officer",
    "members.view_ward",
    "members.view_party",
    "members.view_portfolio",
    "members.view_body",
    "members.view_membership",
]
_MANAGE = [
    f"members.{action}_{model}"
    for model in ("member", "officer", "ward", "party", "portfolio", "body", "membership")
    for action in ("add", "change")
]


class MembersConfig(AppConfig):
    """People and the organisation: members, officers, wards, parties, portfolios, bodies, memberships."""

    name = "members"
    verbose_name = "Members and the organisation"

    # Model permissions by role. A clerk changes only the bodies granted to them (object permission).
    role_permissions = {
        Role.ADMINISTRATOR: _READ + _MANAGE,
        Role.DEMOCRATIC_SERVICES: [*_READ, "members.add_body"],
        Role.COMMISSIONING_OFFICER: _READ,
        Role.FINANCE_OFFICER: _READ,
        Role.OFFICER: _READ,
        Role.CABINET_MEMBER: _READ,
        Role.COUNCILLOR: _READ,
    }

    def ready(self):
        from council import dashboard, navigation

        from . import selectors

        navigation.register(
            navigation.NavItem("Councillors", "members:councillor-list", order=10, public=True),
            navigation.NavItem("Committees", "members:body-list", order=20, public=True),
        )
        dashboard.register(
            dashboard.Panel(
                "Your committees", "members/panels/my_bodies.html", order=10, context=selectors.my_bodies_panel
            ),
            dashboard.Panel(
                "Committees you clerk",
                "members/panels/clerked_bodies.html",
                order=15,
                roles=(Role.DEMOCRATIC_SERVICES,),
                context=selectors.clerked_bodies_panel,
            ),
        )
