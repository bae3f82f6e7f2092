"""Checks of the permission matrix's ModernGov row (docs/permissions.md): only the Administrator
imports (upload, preview, confirm, progress)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moderngov.models import ImportRun
from tests.matrix import outcome


def moderngov_import(client, person, own=None):
    # Made here rather than read from shared/: the matrix must not depend on the saved responses.
    committees = (
        b"<committees><committee><committeeid>7</committeeid><committeetitle>Audit Committee</committeetitle>"
        b"<committeedeleted>False</committeedeleted><committeeexpired>False</committeeexpired></committee></committees>"
    )
    response = client.post(
        reverse("moderngov:run-add"),
        {
            "files": [SimpleUploadedFile("committees.xml", committees, content_type="text/xml")],
            "site": "democracy.example.gov.uk",
        },
    )
    return outcome(response, ImportRun.objects.filter(by=person).exists())


CAPABILITIES = {"moderngov.import": moderngov_import}
