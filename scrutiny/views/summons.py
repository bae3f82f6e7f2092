"""The summonses sent on each publication of a meeting's agenda, with each recipient's status: for
the body's clerks (and Administrators)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..selectors.summons import summons_record
from .meetings import managed_meeting


@require_GET
def summons_list(request, pk):
    meeting = managed_meeting(request, pk)
    return render(request, "scrutiny/summons_list.html", {"meeting": meeting, "record": summons_record(meeting)})
