"""Elections and terms of office, for Democratic Services and Administrators: the list of elections,
recording a ward's result, a councillor leaving between elections, the annual meeting's
appointments and the political balance report."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from council.accounts.invitations import send_invitation
from council.errors import RuleError
from council.forms import form_error, posted

from .. import access
from ..forms.elections import AppointmentsForm, LeavingForm, ResultForm
from ..models import Election, Member
from ..selectors import elections as selectors
from ..services import appointments as appointment_services
from ..services import elections as services
from ..services import terms


@require_GET
def election_list(request):
    access.require_manage_elections(request.user)
    return render(request, "members/elections/election_list.html", {"elections": selectors.election_list()})


@require_http_methods(["GET", "POST"])
def election_record(request):
    access.require_manage_elections(request.user)
    form = ResultForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.election_record_result(by=request.user, **form.service_arguments())
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, f"The result for {recorded.contest.ward} has been recorded.")
            # After the result is saved: a mail server that is down leaves it saved, with a warning.
            for person in recorded.new_people:
                if not send_invitation(person):
                    messages.warning(
                        request,
                        f"The invitation to {person.get_full_name()} could not be sent. "
                        "Ask them to use “Forgotten your password?” on the sign-in page.",
                    )
            return redirect(recorded.contest.election)
    return render(request, "members/elections/result_form.html", {"form": form})


@require_GET
def election_detail(request, pk):
    access.require_manage_elections(request.user)
    election = get_object_or_404(Election.objects.select_related("recorded_by"), pk=pk)
    contests = selectors.election_results(election)
    departing = selectors.departing_in(contests)
    last_day = terms.last_day_in_office(election.poll_date)
    return render(
        request,
        "members/elections/election_detail.html",
        {
            "election": election,
            "contests": contests,
            "takes_office_on": terms.term_starts_on(election.poll_date),
            "last_day": last_day,
            "seats_to_fill": selectors.seats_to_fill(departing, lambda member: last_day),
            "portfolios": selectors.portfolios_left(departing),
        },
    )


@require_http_methods(["GET", "POST"])
def councillor_leave(request):
    access.require_manage_elections(request.user)
    form = LeavingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reason = dict(terms.LeavingReason.CASUAL)[data["reason"]].lower()
        try:
            terms.end_term(member=data["member"], last_day=data["last_day"], reason=reason, by=request.user)
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, f"{data['member']}'s term of office ends on their last day.")
            return redirect("members:councillor-left", data["member"].pk)
    return render(
        request,
        "members/elections/leaving_form.html",
        {
            "form": form,
            "title": "Record a councillor leaving",
            "caption": "Elections",
            "button": "Record leaving",
            "cancel_url": reverse("members:election-list"),
            "back_url": reverse("members:election-list"),
            "back_text": "Back to elections",
        },
    )


@require_GET
def councillor_left(request, pk):
    access.require_manage_elections(request.user)
    member = get_object_or_404(Member.objects.with_people().filter(term_ends_on__isnull=False), pk=pk)
    return render(
        request,
        "members/elections/councillor_left.html",
        {
            "member": member,
            "seats_to_fill": selectors.seats_to_fill([member], lambda m: m.term_ends_on),
            "portfolios": selectors.portfolios_left([member]),
        },
    )


def _start_date(request) -> datetime.date:
    raw = request.POST.get("start_date") if request.method == "POST" else request.GET.get("start_date")
    try:
        return datetime.date.fromisoformat(raw or "")
    except ValueError:
        return timezone.localdate()


@require_http_methods(["GET", "POST"])
def appointments_edit(request):
    access.require_manage_elections(request.user)
    start = _start_date(request)
    bodies = list(appointment_services.appointed_bodies(start))
    councillors = list(Member.objects.current(start).with_people().order_by("user__last_name", "user__first_name"))
    current: dict[int, dict] = {}
    for seat in appointment_services.councillor_seats(bodies, start):
        held = current.setdefault(seat.body_id, {"members": []})
        held["members"].append(seat.person_id)
        if seat.role in ("chair", "vice_chair"):
            held[seat.role] = seat.person_id
    form = AppointmentsForm(
        posted(request), bodies=bodies, councillors=councillors, current=current, initial={"start_date": start}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = appointment_services.appointments_save(
                start_date=form.cleaned_data["start_date"], appointments=form.appointments(), by=request.user
            )
        except RuleError as error:
            form_error(form, error)
        else:
            messages.success(request, f"The appointments have been saved ({changed} seats changed).")
            return redirect(f"{request.path}?start_date={form.cleaned_data['start_date'].isoformat()}")
    return render(request, "members/elections/appointments_form.html", {"form": form, "start_date": start})


@require_GET
def political_balance(request):
    access.require_manage_elections(request.user)
    on = _start_date(request)
    groups, bodies = appointment_services.political_balance(on)
    return render(request, "members/elections/political_balance.html", {"on": on, "groups": groups, "bodies": bodies})
