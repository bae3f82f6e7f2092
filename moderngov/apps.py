from django.apps import AppConfig

from council.roles import Role

_MODELS = ("importrun", "importfile", "externalref", "linkeddocument")


class ModernGovConfig(AppConfig):
    """Moving a council's data in from ModernGov (mgWebService responses): wards, parties,
    councillors, committees, memberships, meetings and their agenda items."""

    name = "moderngov"
    verbose_name = "Import from ModernGov"

    # Only the Administrator imports: an import writes councillors, committees and meetings at once.
    role_permissions = {
        Role.ADMINISTRATOR: ["moderngov.add_importrun", *(f"moderngov.view_{model}" for model in _MODELS)],
    }

    def ready(self):
        from council import navigation

        from . import history_rules

        history_rules.register()
        navigation.register(
            navigation.NavItem("Import from ModernGov", "moderngov:run-list", order=95, perm="moderngov.add_importrun")
        )
