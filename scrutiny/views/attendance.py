"""The register of attendance and declarations of interest, recorded by the body's clerks.

Both are read on the meeting page, with the same visibility as the meeting (they are minuted).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from council.errors import RuleError
from council.forms import form_error, posted

from .. import selectors, services
from ..forms import AttendanceForm, DeclarationForm
from ..models import ATTENDED
from .meetings import managed_meeting


@require_http_methods(["GET", "POST"])
def attendance_record(request, pk):
    meeting = managed_meeting(request, pk)
    existing = {line.person_id: line for line in meeting.attendances.all()}
    form = AttendanceForm(posted(request), memberships=selectors.register_memberships(meeting), existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, entries=form.entries(), by=request.user)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, "Attendance recorded.")
            quorum = selectors.attendance_register(meeting, can_manage=True)["quorum"]
            if quorum and not quorum["quorate"]:
                messages.warning(
                    request,
                    f"The meeting is not quorate: {quorum['present']} of the {quorum['needed']} voting members "
                    "needed are present in person.",
                )
            return redirect(f"{meeting.get_absolute_url()}#attendance")
    return render(request, "scrutiny/attendance_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET", "POST"])
def declaration_add(request, pk, item_pk):
    meeting = managed_meeting(request, pk)
    item = get_object_or_404(meeting.items, pk=item_pk)
    attending = [line.person for line in selectors.attendance_for(meeting).filter(status__in=ATTENDED)]
    form = DeclarationForm(posted(request), people=attending)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration = services.declaration_add(
                item=item,
                person=form.people[data["person"]],
                kind=data["kind"],
                nature=data["nature"],
                left_room=data["left_room"],
                by=request.user,
            )
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, f"Declaration by {declaration.person.get_full_name()} recorded.")
            return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    return render(
        request,
        "scrutiny/declaration_form.html",
        {"form": form, "meeting": meeting, "item": item, "attending": attending},
    )


@require_POST
def declaration_remove(request, pk, item_pk, declaration_pk):
    meeting = managed_meeting(request, pk)
    item = get_object_or_404(meeting.items, pk=item_pk)
    declaration = get_object_or_404(item.declarations.select_related("person"), pk=declaration_pk)
    services.declaration_remove(declaration=declaration, by=request.user)
    messages.success(request, f"Declaration by {declaration.person.get_full_name()} removed.")
    return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
