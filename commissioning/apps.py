from django.apps import AppConfig

from council.roles import Role

_MODELS = (
    "review",
    "reviewportfolio",
    "reviewstage",
    "gatedecision",
    "engagementnote",
    "reviewcomment",
    "boarddecision",
    "workinggroupnote",
    "criterionweight",
    "priorityassessment",
    "criterionscore",
    "savingline",
    "indicator",
    "indicatoractual",
    "workplanversion",
    "workplanentry",
    "workplantransition",
    "workplanbringback",
    "stageconsultation",
    "reviewdecision",
)
#: Everyone signed in reads commissioning (members are its critical friend); the public reads none
#: of it except what a model's ``public()`` opens (the work plan once Council has agreed it).
_READ = [f"commissioning.view_{model}" for model in _MODELS]


def _perms(*names: str) -> list[str]:
    return [f"commissioning.{name}" for name in names]


class CommissioningConfig(AppConfig):
    """Commissioning reviews, stages and gates, boards, priorities, savings, indicators, the work plan."""

    name = "commissioning"
    verbose_name = "Commissioning"

    # What each role may do to every object of a kind. Beyond these, a programme board seat grants
    # change_review and approve_gate on that board's review (object permissions, see access.py),
    # and a Cabinet Member's approve_gate counts only for reviews in their portfolio.
    role_permissions = {
        Role.ADMINISTRATOR: [
            *_READ,
            *_perms("add_review", "change_review", "comment_review", "change_criterionweight"),
            *_perms("change_savingline", "add_savingline", "signoff_savingline"),
            *_perms("add_workplanversion", "change_workplanversion"),
        ],
        Role.DEMOCRATIC_SERVICES: _READ,
        Role.COMMISSIONING_OFFICER: [
            *_READ,
            *_perms("add_review", "change_review", "add_savingline", "change_savingline"),
            *_perms("add_workplanversion", "change_workplanversion"),
        ],
        Role.FINANCE_OFFICER: [*_READ, *_perms("add_savingline", "change_savingline", "signoff_savingline")],
        Role.MONITORING_OFFICER: _READ,
        Role.OFFICER: _READ,
        Role.CABINET_MEMBER: [*_READ, *_perms("approve_gate", "comment_review")],
        Role.COUNCILLOR: [*_READ, *_perms("comment_review")],
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from council import dashboard, navigation
        from executive import related

        from . import history_rules, packs, signals  # noqa: F401  (the work-plan pack kind; board seats grant editing)
        from .selectors import decisions as decision_selectors
        from .selectors import reviews as review_selectors
        from .selectors import savings as saving_selectors
        from .weights import ensure_weights

        # The council-wide priority weights exist after every migrate and test flush.
        post_migrate.connect(ensure_weights, dispatch_uid="commissioning.ensure_weights")
        history_rules.register()
        # The executive's pages link back to the review and work plan a decision comes from.
        related.register(related.ENTRY, decision_selectors.entry_related)
        related.register(related.DECISION, decision_selectors.decision_related)
        navigation.register(
            navigation.NavItem(
                "Commissioning", "commissioning:review-list", order=40, perm="commissioning.view_review"
            ),
            # The work plan agreed by Council is a public decision: visitors read the agreed versions.
            navigation.NavItem("Work plan", "commissioning:workplan-list", order=45, public=True),
        )
        dashboard.register(
            dashboard.Panel(
                "Commissioning reviews",
                "commissioning/panels/reviews.html",
                order=30,
                roles=(
                    Role.COMMISSIONING_OFFICER,
                    Role.CABINET_MEMBER,
                    Role.OFFICER,
                    Role.FINANCE_OFFICER,
                    Role.COUNCILLOR,  # councillors may sit on programme boards
                ),
                context=review_selectors.reviews_panel,
            ),
            dashboard.Panel(
                "Savings to sign off",
                "commissioning/panels/savings.html",
                order=40,
                roles=(Role.FINANCE_OFFICER,),
                context=saving_selectors.signoff_panel,
            ),
            dashboard.Panel(
                "Your savings",
                "commissioning/panels/my_savings.html",
                order=45,
                roles=(
                    Role.COMMISSIONING_OFFICER,
                    Role.FINANCE_OFFICER,
                    Role.OFFICER,
                    Role.CABINET_MEMBER,
                    Role.COUNCILLOR,  # a councillor may own a saving
                ),
                context=saving_selectors.my_savings_panel,
            ),
        )
