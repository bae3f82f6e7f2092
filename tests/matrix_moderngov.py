"""Checks of the permission matrix's ModernGov row (docs/permissions.md): only the Administrator
imports (upload, preview, confirm, progress)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moderngov.models import ImportRun
from tests.matrix import outcome
from tests.moderngov_kit import MANCHESTER


def moderngov_import(client, person, own=None):
    path = MANCHESTER / "committees.xml"
    response = client.post(
        reverse("moderngov:run-add"),
        {"files": [SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/xml")]},
    )
    return outcome(response, ImportRun.objects.filter(by=person).exists())


CAPABILITIES = {"moderngov.import": moderngov_import}
