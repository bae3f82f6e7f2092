"""Attendance statistics for any period: council-wide, per committee and per councillor, as a table
and a CSV. Public (the public sees public bodies' figures); the figures are
``scrutiny.selectors.attendance_stats``."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from council import permissions
from council.exports import csv_response
from members import access as members_access

from ..forms.attendance_stats import PeriodForm
from ..selectors import attendance_stats as stats
from ..selectors.attendance_stats import COLUMNS, HEADINGS, Period

# The council-wide table, a page of councillors at a time (the GOV.UK pagination pattern).
COUNCILLORS_PER_PAGE = 50


def _period_form(request) -> PeriodForm:
    return PeriodForm(request.GET, default=Period.municipal_year())


def _csv_link(url_name: str, args: list, form: PeriodForm) -> str:
    period = form.period
    return f"{reverse(url_name, args=args)}?{urlencode({'start': period.start, 'end': period.end})}"


def _filename(stem: str, period: Period) -> str:
    return f"attendance-{stem}-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.csv"


def _csv_row(row: dict) -> list:
    return [row["name"], *(row[column] for column in COLUMNS)]


def _page(request, template: str, form: PeriodForm, **context):
    return render(request, template, {"form": form, "period": form.period, "headings": HEADINGS, **context})


@permissions.public
@require_GET
def attendance_council(request):
    form = _period_form(request)
    rows = stats.council_wide(request.user, form.period)
    page = Paginator(rows, COUNCILLORS_PER_PAGE).get_page(request.GET.get("page"))
    return _page(
        request,
        "scrutiny/attendance_stats/council.html",
        form,
        page=page,
        rows=page,
        csv_url=_csv_link("scrutiny:attendance-council-csv", [], form),
    )


@permissions.public
@require_GET
def attendance_council_csv(request):
    period = _period_form(request).period
    rows = stats.council_wide(request.user, period)
    return csv_response(
        filename=_filename("councillors", period),
        header=["Councillor", *HEADINGS],
        rows=(_csv_row(row) for row in rows),
    )


@permissions.public
@require_GET
def attendance_body(request, slug):
    body = get_object_or_404(members_access.bodies_visible(request.user), slug=slug)
    form = _period_form(request)
    return _page(
        request,
        "scrutiny/attendance_stats/body.html",
        form,
        body=body,
        rows=stats.for_body(request.user, body, form.period),
        csv_url=_csv_link("scrutiny:attendance-body-csv", [body.slug], form),
    )


@permissions.public
@require_GET
def attendance_body_csv(request, slug):
    body = get_object_or_404(members_access.bodies_visible(request.user), slug=slug)
    period = _period_form(request).period
    rows = stats.for_body(request.user, body, period)
    return csv_response(
        filename=_filename(body.slug, period),
        header=["Member", *HEADINGS],
        rows=(_csv_row(row) for row in rows),
    )


@permissions.public
@require_GET
def attendance_member(request, pk):
    councillor = get_object_or_404(members_access.councillors_visible(request.user), pk=pk)
    form = _period_form(request)
    return _page(
        request,
        "scrutiny/attendance_stats/member.html",
        form,
        councillor=councillor,
        figures=stats.for_member(request.user, councillor, form.period),
        csv_url=_csv_link("scrutiny:attendance-member-csv", [councillor.pk], form),
    )


@permissions.public
@require_GET
def attendance_member_csv(request, pk):
    councillor = get_object_or_404(members_access.councillors_visible(request.user), pk=pk)
    period = _period_form(request).period
    figures = stats.for_member(request.user, councillor, period)
    rows = [_csv_row(row) for row in figures["rows"]]
    rows.append(["Total", *(figures["total"][column] for column in COLUMNS)])
    return csv_response(
        filename=_filename(f"councillor-{councillor.pk}", period),
        header=["Committee", *HEADINGS],
        rows=rows,
    )
