"""Who may import from ModernGov: the Administrator only (``moderngov.add_importrun``, held by the
role), since one import writes councillors, committees, memberships and meetings at once."""

from council import permissions

from .models import ImportRun

IMPORT = "moderngov.add_importrun"


def can_import(user) -> bool:
    return permissions.can(user, IMPORT)


def require_import(user) -> None:
    permissions.require(user, IMPORT)


def runs_visible(user):
    return permissions.permitted(user, ImportRun.objects.all(), "moderngov.view_importrun")
