"""Who may import from ModernGov: the Administrator only (``moderngov.add_importrun``, held by the
role), since one import writes councillors, committees, memberships and meetings at once. The
ModernGov-compatible web service reads as the public (``webservice_reader``)."""

from django.contrib.auth.models import AnonymousUser

from council import permissions

from .models import ImportRun

IMPORT = "moderngov.add_importrun"


def can_import(user) -> bool:
    return permissions.can(user, IMPORT)


def require_import(user) -> None:
    permissions.require(user, IMPORT)


def runs_visible(user):
    return permissions.permitted(user, ImportRun.objects.all(), "moderngov.view_importrun")


def webservice_reader():
    """Whom the ModernGov-compatible web service (``/mgWebService.asmx``) answers as: the public,
    always, whoever calls (signed in or not), so that it shows exactly what the public pages show."""
    return AnonymousUser()
