from django.apps import AppConfig

from council.roles import Role


class CommissioningConfig(AppConfig):
    """Commissioning reviews, stages and gates, boards, priorities, savings, indicators, the work plan."""

    name = "commissioning"
    verbose_name = "Commissioning"

    def ready(self):
        from council import dashboard

        dashboard.register(
            dashboard.Panel(
                "Commissioning reviews",
                "commissioning/panels/reviews.html",
                order=30,
                roles=(Role.COMMISSIONING_OFFICER, Role.CABINET_MEMBER, Role.OFFICER),
            ),
            dashboard.Panel(
                "Savings to sign off",
                "commissioning/panels/savings.html",
                order=40,
                roles=(Role.FINANCE_OFFICER,),
            ),
        )
