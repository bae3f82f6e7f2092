"""The published register of interests of a councillor (Localism Act 2011 s.29(5)-(6)): a public
page, linked from the councillor's page, and the same as a PDF.

Both show the published register to everyone, the member and the Monitoring Officer included: what
the public reads never depends on who asks (the whole register is on their own pages). The PDF is
rendered by the pack engine's WeasyPrint set-up (council/packs/render.py: tagged PDF/UA-1, titled,
fonts embedded, its URL fetcher reads only static and media files and never the network), and
cached by a hash of what it shows.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.views.decorators.http import require_GET

from council import permissions
from council.packs import HtmlPart
from council.packs import render as pack_render
from council.uploads import SANDBOX

from .. import access
from ..selectors import register as register_selectors

PDF_TEMPLATE = "members/register/register_pdf.html"


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


@permissions.public
@require_GET
def register_public(request, pk):
    councillor = get_object_or_404(access.councillors_visible(request.user).current(), pk=pk)
    return render(
        request,
        "members/register/public.html",
        {
            "councillor": councillor,
            "register": register_selectors.published_register(councillor),
            "is_own": access.can_keep_register(request.user, councillor.user),
        },
    )


def pdf_context(councillor, register) -> dict:
    """The published register as plain data: the PDF's whole input, hashed to cache it."""
    title = f"Register of interests: {councillor}"

    def interests(entries):
        return [
            {
                "kind": entry.kind,
                "category": entry.category,
                "holder": entry.holder,
                "details": entry.details,
                "organisation": entry.organisation,
                "wards": ", ".join(entry.wards),
                "withheld": entry.withheld,
            }
            for entry in entries
        ]

    return {
        "pack_title": title,
        "pack_author": str(settings.COUNCIL_NAME),
        "council": str(settings.COUNCIL_NAME),
        "title": title,
        "ward": str(councillor.ward),
        "party": councillor.party_name,
        "on": _date(timezone.localdate()),
        "confirmed_on": _date(register.confirmed_on) if register.confirmed_on else "",
        "disclosable": interests(register.disclosable),
        "other": interests(register.other),
        "gifts": [
            {"received_on": _date(g.received_on), "donor": g.donor, "description": g.description, "value": g.value}
            for g in register.gifts
        ],
        "dispensations": [
            {
                "scope": d.scope,
                "body": d.body,
                "allows": d.allows,
                "starts_on": _date(d.starts_on),
                "ends_on": _date(d.ends_on),
            }
            for d in register.dispensations
        ],
    }


@permissions.public
@require_GET
def register_pdf(request, pk):
    councillor = get_object_or_404(access.councillors_visible(request.user).current(), pk=pk)
    context = pdf_context(councillor, register_selectors.published_register(councillor))
    part = HtmlPart(key="register", template=PDF_TEMPLATE, context=context)
    rendered = pack_render.render_part(part, context, pack_render.Sources())
    with default_storage.open(rendered.name, "rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="register-of-interests-{councillor.pk}.pdf"'
    response["Content-Security-Policy"] = SANDBOX
    return response
