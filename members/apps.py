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
#: Recording elections, councillors leaving, and the annual meeting's appointments.
_ELECTIONS = [
    "members.add_election",
    "members.view_election",
    "members.view_contest",
    "members.view_result",
]
_MANAGE = [
    f"members.{action}_{model}"
    for model in ("member", "officer", "ward", "party", "portfolio", "body", "membership")
    for action in ("add", "change")
]


#: Officers and Cabinet Members consult members; councillors (and Cabinet Members) respond, when
#: they are in a consultation's audience. Who sees what of one consultation is decided per object
#: (the owner, the officers they share it with, the audience): members/consultations/access.py.
_CONSULT = ["members.add_consultation"]
_RESPOND = ["members.respond_consultation"]


class MembersConfig(AppConfig):
    """People and the organisation: members, officers, wards, parties, portfolios, bodies, memberships."""

    name = "members"
    verbose_name = "Members and the organisation"

    # Model permissions by role. A clerk changes only the bodies granted to them (object permission).
    role_permissions = {
        Role.ADMINISTRATOR: [
            *_READ,
            *_MANAGE,
            *_ELECTIONS,
            *_CONSULT,
            "members.view_consultation",
            "members.change_consultation",
        ],
        Role.DEMOCRATIC_SERVICES: [*_READ, "members.add_body", *_ELECTIONS, *_CONSULT],
        Role.COMMISSIONING_OFFICER: [*_READ, *_CONSULT],
        Role.FINANCE_OFFICER: [*_READ, *_CONSULT],
        Role.MONITORING_OFFICER: [*_READ],
        Role.OFFICER: [*_READ, *_CONSULT],
        Role.CABINET_MEMBER: [*_READ, *_CONSULT, *_RESPOND],
        Role.COUNCILLOR: [*_READ, *_RESPOND],
    }

    def ready(self):
        from council import dashboard, navigation

        from . import access, history_rules, selectors
        from .consultations.selectors import packs as consultation_packs
        from .consultations.selectors import panels as consultation_panels
        from .selectors import register as register_selectors

        consultation_packs.register_summary_pack()
        history_rules.register()

        navigation.register(
            navigation.NavItem("Councillors", "members:councillor-list", order=10, public=True),
            navigation.NavItem("Committees", "members:body-list", order=20, public=True),
            navigation.NavItem(
                "Your consultations",
                "members:my-consultations",
                order=50,
                roles=(Role.COUNCILLOR, Role.CABINET_MEMBER),
            ),
            navigation.NavItem("Consultations", "members:consultation-list", order=55, perm="members.add_consultation"),
            navigation.NavItem("Elections", "members:election-list", order=60, perm="members.add_election"),
            navigation.NavItem("Council set-up", "members:council-setup", order=85, roles=access.SET_UP_ROLES),
            navigation.NavItem(
                "Registers of interests", "members:register-list", order=65, roles=(Role.MONITORING_OFFICER,)
            ),
        )
        dashboard.register(
            dashboard.Panel(
                "Consultations to respond to",
                "members/panels/consultations_to_answer.html",
                order=5,
                roles=(Role.COUNCILLOR, Role.CABINET_MEMBER),
                context=consultation_panels.respond_panel,
            ),
            dashboard.Panel(
                "Consultations you run",
                "members/panels/consultations_owned.html",
                order=50,
                roles=(
                    Role.ADMINISTRATOR,
                    Role.DEMOCRATIC_SERVICES,
                    Role.COMMISSIONING_OFFICER,
                    Role.FINANCE_OFFICER,
                    Role.OFFICER,
                    Role.CABINET_MEMBER,
                ),
                context=consultation_panels.owner_panel,
            ),
            dashboard.Panel(
                "Your committees", "members/panels/my_bodies.html", order=10, context=selectors.my_bodies_panel
            ),
            dashboard.Panel(
                "Your register of interests",
                "members/panels/my_register.html",
                order=7,
                roles=(Role.COUNCILLOR, Role.CABINET_MEMBER),
                context=register_selectors.my_register_panel,
            ),
            dashboard.Panel(
                "Registers of interests",
                "members/panels/registers.html",
                order=6,
                roles=(Role.MONITORING_OFFICER,),
                context=register_selectors.registers_panel,
            ),
            dashboard.Panel(
                "Committees you clerk",
                "members/panels/clerked_bodies.html",
                order=15,
                roles=(Role.DEMOCRATIC_SERVICES,),
                context=selectors.clerked_bodies_panel,
            ),
        )
