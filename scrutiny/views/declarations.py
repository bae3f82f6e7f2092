"""The meeting's declarations page for its clerks: prompts from the members' registers of interests
(``scrutiny.selectors.interests``), each confirmed as a declaration or dismissed.

The page is for the body's clerks and Administrators (``managed_meeting``), who may see every item's
exempt content; declarations, once recorded, are read on the meeting page and in the minutes.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from council.errors import RuleError
from members.models import Interest

from .. import services
from ..forms import DeclarationPromptForm
from ..models import ATTENDED, MeetingStatus
from ..selectors import interests as matching
from .meetings import managed_meeting


@require_GET
def declarations(request, pk):
    meeting = managed_meeting(request, pk)
    attending = set(meeting.attendances.filter(status__in=ATTENDED).values_list("person_id", flat=True))
    return render(
        request,
        "scrutiny/declarations.html",
        {
            "meeting": meeting,
            "rows": matching.declaration_prompts(meeting),
            "notices": meeting.interest_notices.select_related("person").order_by("person__last_name", "pk"),
            "attending": attending,
            "can_change": meeting.status != MeetingStatus.MINUTES_CONFIRMED and not meeting.is_cancelled,
        },
    )


@require_POST
def declaration_prompt(request, pk):
    meeting = managed_meeting(request, pk)
    form = DeclarationPromptForm(request.POST)
    url = reverse("scrutiny:declarations", args=[meeting.pk])
    if not form.is_valid():
        messages.error(request, "Choose a prompt to confirm or dismiss")
        return redirect(url)
    data = form.cleaned_data
    item = get_object_or_404(meeting.items, pk=data["item"])
    interest = get_object_or_404(Interest.objects.select_related("person"), pk=data["interest"])
    name = interest.person.get_full_name()
    try:
        if data["action"] == "confirm":
            services.declaration_prompt_confirm(
                item=item, person=interest.person, interest=interest, left_room=data["left_room"], by=request.user
            )
            messages.success(request, f"Declaration by {name} on “{item.title}” recorded.")
        else:
            services.declaration_prompt_dismiss(item=item, person=interest.person, interest=interest, by=request.user)
            messages.success(request, f"Prompt for {name} on “{item.title}” dismissed.")
    except RuleError as error:
        messages.error(request, error.message)
    return redirect(f"{url}#item-{item.pk}")
