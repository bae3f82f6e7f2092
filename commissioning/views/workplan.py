"""Commissioning pages: the Commissioning Work Plan, its versions, approval trail and bringing back.

Everyone signed in reads every version; the public reads the versions Council has agreed (a
Council decision). Commissioning officers and Administrators prepare versions and record the
approval trail; they and a committee's clerks bring a version back to an O&S committee.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from council import permissions
from council.errors import RuleError
from council.forms import posted, submit
from executive import access as executive_access

from .. import access
from ..forms.workplan import BringBackForm, EntryAddForm, EntryDatesForm, NewVersionForm, TransitionForm
from ..models import WorkPlanEntry, WorkPlanState, WorkPlanVersion
from ..models.workplan import state_phrase
from ..selectors import workplan as selectors
from ..selectors.packs import work_plan_packs_box
from ..services import workplan as services


def _version(request, number) -> WorkPlanVersion:
    """A version the person may read; one they may not (a draft, for the public) is not found."""
    return get_object_or_404(
        selectors.versions_visible_to(request.user).select_related("based_on", "prepared_by"), number=number
    )


def _may_record_step(user, version: WorkPlanVersion) -> bool:
    """Cabinet's approval is an executive decision, recorded by those who record them (Democratic
    Services); the later steps by those who manage the work plan."""
    if version.next_state == WorkPlanState.CABINET_APPROVED:
        return executive_access.can_record_decision(user)
    return version.next_state is not None and access.can_manage_work_plan(user)


def _require_manage(request) -> None:
    if not access.can_manage_work_plan(request.user):
        raise PermissionDenied


def _managed_version(request, number) -> WorkPlanVersion:
    _require_manage(request)
    return get_object_or_404(WorkPlanVersion.objects.select_related("based_on"), number=number)


def _frozen(request, version):
    messages.error(
        request,
        f"Version {version.number} is {version.state_phrase}, so it can no longer change. "
        "To change the work plan, make a new version.",
    )
    return redirect(version)


def _form_page(request, version, form, *, title, button, **extra):
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": str(version) if version else "Commissioning Work Plan",
            "button": button,
            "back_url": version.get_absolute_url() if version else None,
            "cancel_url": version.get_absolute_url() if version else None,
            **extra,
        },
    )


@permissions.public
@require_GET
def workplan_list(request):
    return render(
        request,
        "commissioning/workplan_list.html",
        {**selectors.version_rows(request.user), "can_manage": access.can_manage_work_plan(request.user)},
    )


@permissions.public
@require_GET
def workplan_detail(request, number):
    version = _version(request, number)
    can_manage = access.can_manage_work_plan(request.user)
    signed_in = permissions.can(request.user, "commissioning.view_workplanversion")
    return render(
        request,
        "commissioning/workplan_detail.html",
        {
            "version": version,
            **selectors.version_detail(version, request.user),
            "current_number": selectors.current_agreed_number(),
            "signed_in": signed_in,
            "can_manage": can_manage,
            "can_edit": can_manage and not version.is_frozen,
            "can_record_step": _may_record_step(request.user, version),
            "forward_plan_entry": (
                executive_access.entries_visible(request.user).filter(pk=version.forward_plan_entry_id).first()
                if version.forward_plan_entry_id
                else None
            ),
            "can_read_unpublished": permissions.can(request.user, executive_access.VIEW_DECISION),
            "next_state": state_phrase(version.next_state) if version.next_state else None,
            "can_bring_back": signed_in and selectors.bring_back_committees(request.user).exists(),
            "packs_box": work_plan_packs_box(request.user, version),
        },
    )


@require_http_methods(["GET", "POST"])
def workplan_add(request):
    _require_manage(request)
    latest = WorkPlanVersion.objects.order_by("-number").first()
    form = NewVersionForm(posted(request), latest=latest)
    if response := submit(
        request,
        form,
        lambda: services.workplan_create(
            by=request.user, copy_latest=form.cleaned_data["start_from"] == "copy", notes=form.cleaned_data["notes"]
        ),
        done=lambda version: f"Version {version.number} drafted. Change it until it is ready for Cabinet.",
    ):
        return response
    return _form_page(
        request,
        None,
        form,
        title="Make a new version of the work plan",
        button="Make the draft",
        back_url=reverse("commissioning:workplan-list"),
        cancel_url=reverse("commissioning:workplan-list"),
        intro="A new version is a draft: add, remove and reorder reviews and change their dates until it is ready.",
    )


@require_http_methods(["GET", "POST"])
def entry_add(request, number):
    version = _managed_version(request, number)
    if version.is_frozen:
        return _frozen(request, version)
    form = EntryAddForm(posted(request), reviews=selectors.reviews_to_add(version))
    if response := submit(
        request,
        form,
        lambda: services.workplan_entry_add(version=version, by=request.user, **form.cleaned_data),
        done=lambda _: f"“{form.cleaned_data['review']}” added at the end of the work plan.",
        to=version,
    ):
        return response
    return _form_page(request, version, form, title="Add a review to the work plan", button="Add review")


def _entry(version, entry_pk) -> WorkPlanEntry:
    return get_object_or_404(WorkPlanEntry.objects.select_related("review", "version"), pk=entry_pk, version=version)


@require_http_methods(["GET", "POST"])
def entry_dates(request, number, entry_pk):
    version = _managed_version(request, number)
    entry = _entry(version, entry_pk)
    if version.is_frozen:
        return _frozen(request, version)
    form = EntryDatesForm(posted(request), initial={"starts_on": entry.starts_on, "ends_on": entry.ends_on})
    if response := submit(
        request,
        form,
        lambda: services.workplan_entry_dates(entry=entry, by=request.user, **form.cleaned_data),
        done=f"Dates of “{entry.review}” changed.",
        to=version,
    ):
        return response
    return _form_page(request, version, form, title=f"Change the dates: {entry.review}", button="Save dates")


@require_POST
def entry_move(request, number, entry_pk):
    version = _managed_version(request, number)
    entry = _entry(version, entry_pk)
    direction = request.POST.get("direction", "")
    try:
        services.workplan_entry_move(entry=entry, direction=direction, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{entry.review}” moved {direction}.")
    return redirect(f"{version.get_absolute_url()}#entry-{entry.pk}")


@require_http_methods(["GET", "POST"])
def entry_remove(request, number, entry_pk):
    version = _managed_version(request, number)
    entry = _entry(version, entry_pk)
    if version.is_frozen:
        return _frozen(request, version)
    form = forms.Form(posted(request))
    if response := submit(
        request,
        form,
        lambda: services.workplan_entry_remove(entry=entry, by=request.user),
        done=f"“{entry.review}” removed from version {version.number}.",
        to=version,
    ):
        return response
    return _form_page(
        request,
        version,
        form,
        title=f"Remove “{entry.review}” from the work plan?",
        button="Remove review",
        danger=True,
        intro="The reviews after it move up one place. The review itself is not changed.",
    )


@require_http_methods(["GET", "POST"])
def workplan_transition(request, number):
    version = get_object_or_404(WorkPlanVersion.objects.select_related("based_on"), number=number)
    if not (_may_record_step(request.user, version) or access.can_manage_work_plan(request.user)):
        raise PermissionDenied
    if version.next_state is None:
        messages.error(request, f"Version {version.number} has been agreed by Council: it is final.")
        return redirect(version)
    if not _may_record_step(request.user, version):
        raise PermissionDenied
    next_label = state_phrase(version.next_state)
    form = TransitionForm(
        posted(request),
        meetings=selectors.deciding_meetings(version.next_state),
        initial={"to_state": version.next_state},
        cabinet=version.next_state == WorkPlanState.CABINET_APPROVED,
    )
    if response := submit(
        request,
        form,
        lambda: services.workplan_transition(version=version, by=request.user, **form.cleaned_data),
        done=f"Version {version.number}: {next_label}.",
        to=version,
    ):
        return response
    return _form_page(
        request,
        version,
        form,
        title=f"Record: {next_label}",
        button="Record the decision",
        intro=f"Version {version.number} is {version.state_phrase}. Record the decision that "
        f"moves it to the next step: {next_label}. Once it leaves draft it can no longer change."
        + (
            " Cabinet's approval is recorded as an executive decision: under a key decision on the forward plan, "
            "it may be taken 28 clear days after the entry was first published."
            if version.next_state == WorkPlanState.CABINET_APPROVED
            else ""
        ),
    )


@require_http_methods(["GET", "POST"])
def workplan_bring_back(request, number):
    version = _version(request, number)
    committees = selectors.bring_back_committees(request.user)
    if not committees.exists():
        raise PermissionDenied
    chosen = request.POST.get("committee", "") if request.method == "POST" else ""
    # Another committee's work programme is for its own clerks: refused, not a form error.
    others = selectors.scrutiny_committees().exclude(pk__in=committees.values("pk"))
    if chosen.isdigit() and others.filter(pk=chosen).exists():
        raise PermissionDenied
    actions = selectors.answerable_actions(request.user, committees)
    form = BringBackForm(posted(request), committees=committees, actions=actions)
    if response := submit(
        request,
        form,
        lambda: services.workplan_bring_back(
            version=version, body=form.cleaned_data["committee"], answering=form.cleaned_data["action"], by=request.user
        ),
        done=lambda _: f"Version {version.number} is on the work programme of {form.cleaned_data['committee']}.",
        to=version,
    ):
        return response
    return _form_page(
        request,
        version,
        form,
        title="Bring back to committee",
        button="Put on the work programme",
        intro="If the committee resolved to have the work plan brought back, choose that action and this answers it "
        "on the work programme; otherwise it adds the work plan as a new subject.",
    )
