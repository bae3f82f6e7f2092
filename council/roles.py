"""Roles: what kind of work a person does. Each role is a Django group of the same name.

What a role may do to every object of a kind is a model permission held by its group; what a
person may do to one object (a clerk's own committees) is an object permission (see
``council.permissions``). Apps declare the model permissions each role holds in their AppConfig
(``role_permissions``); ``sync_role_permissions`` applies them after every migrate.
"""

from django.apps import apps as global_apps
from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "Administrator", "Administrator"
    DEMOCRATIC_SERVICES = "Democratic Services", "Democratic Services (committee clerk)"
    COMMISSIONING_OFFICER = "Commissioning Officer", "Commissioning Officer"
    FINANCE_OFFICER = "Finance Officer", "Finance Officer"
    MONITORING_OFFICER = "Monitoring Officer", "Monitoring Officer"
    OFFICER = "Officer", "Officer"
    CABINET_MEMBER = "Cabinet Member", "Cabinet Member"
    COUNCILLOR = "Councillor", "Councillor"


ROLE_DESCRIPTIONS = {
    Role.ADMINISTRATOR: "Manages people, their roles and the council's settings.",
    Role.DEMOCRATIC_SERVICES: "Runs meetings for the committees assigned to them: agendas, minutes, packs.",
    Role.COMMISSIONING_OFFICER: "Runs commissioning reviews through the cycle and their gates.",
    Role.FINANCE_OFFICER: "Signs off savings and monitors the budget claims.",
    Role.MONITORING_OFFICER: "Keeps the members' register of interests and grants dispensations.",
    Role.OFFICER: "Council staff: writes reports and contributes to reviews.",
    Role.CABINET_MEMBER: "Holds a portfolio and is accountable for its reviews.",
    Role.COUNCILLOR: "Elected member: responds to consultations and sits on committees.",
}


def ensure_role_groups(apps=global_apps):
    """Create the role groups if missing; usable from a data migration with historical models."""
    Group = apps.get_model("auth", "Group")
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def declared_role_permissions() -> dict[str, set[str]]:
    """Collect ``role_permissions`` from every installed app, as {role: {"app_label.codename"}}."""
    declared: dict[str, set[str]] = {role.value: set() for role in Role}
    for config in global_apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            declared[Role(role).value].update(perms)
    return declared


def sync_role_permissions(sender=None, **kwargs):
    """Make each role group hold exactly the model permissions the apps declare for it.

    As a post_migrate receiver it works once per migrate or flush: Django sends the signal for each
    app with models in turn, and only at the last one do every app's permissions exist."""
    from django.contrib.auth.models import Group, Permission

    if sender is not None:
        with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
        if sender is not with_models[-1]:
            return

    ensure_role_groups()
    declared = declared_role_permissions()
    wanted = {perm for perms in declared.values() for perm in perms}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
        if f"{p.content_type.app_label}.{p.codename}" in wanted
    }
    missing = wanted - by_name.keys()
    if missing:
        # Permissions of an app not yet migrated: the next migrate's post_migrate completes them.
        wanted -= missing
    for group in Group.objects.filter(name__in=declared):
        group.permissions.set([by_name[p] for p in declared[group.name] if p in by_name])
