"""Checks of the permission matrix's ModernGov rows (docs/permissions.md): only the Administrator
imports (upload, preview, confirm, progress); everyone reads the web service (as the public)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moderngov.models import ImportRun
from tests.matrix import agree, outcome


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


def moderngov_web_service(client, person, own=None):
    return agree(
        client.get("/mgWebService.asmx/GetCommittees"),
        client.get("/mgWebService.asmx/GetAllMeetingsByDate", {"sFromDate": "01/01/2026", "sToDate": "31/12/2026"}),
    )


CAPABILITIES = {"moderngov.import": moderngov_import, "moderngov.web-service": moderngov_web_service}
