"""Consultations as the public reads them: the list and one consultation (docs/decisions/0026).

A draft, or a consultation its owner did not show to the public, is simply not found.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from council import permissions

from ..selectors import public as selectors


@permissions.public
@require_GET
def consultation_public_list(request):
    return render(request, "members/consultations/public_list.html", selectors.public_list())


@permissions.public
@require_GET
def consultation_public(request, pk):
    consultation = get_object_or_404(selectors.public_consultations(), pk=pk)
    return render(
        request,
        "members/consultations/public_detail.html",
        {"consultation": consultation, "state": selectors.public_state(consultation, now=timezone.now())},
    )
