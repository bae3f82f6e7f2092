"""The summonses sent on each publication of a meeting's agenda, with each recipient's status, and
sending one that was not delivered again: for the body's clerks (and Administrators)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from council.errors import RuleError

from .. import services
from ..selectors.summons import summons_record
from .meetings import managed_meeting


@require_GET
def summons_list(request, pk):
    meeting = managed_meeting(request, pk)
    return render(request, "scrutiny/summons_list.html", {"meeting": meeting, "record": summons_record(meeting)})


@require_POST
def summons_resend(request, pk, summons_pk):
    meeting = managed_meeting(request, pk)
    summons = get_object_or_404(meeting.summonses.select_related("recipient"), pk=summons_pk)
    try:
        services.summons_resend(summons=summons, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The summons to {summons.recipient.get_full_name()} will be sent again.")
    return redirect(reverse("scrutiny:summons-list", args=[meeting.pk]))
