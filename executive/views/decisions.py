"""Decision pages: the decisions list and notices (public once published), recording a decision
and publishing its notice (Democratic Services)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from council import calendar, permissions
from council.forms import posted, submit
from council.pagination import page_of

from .. import access, related
from ..forms.decisions import DecisionFilterForm, DecisionForm, PublishNoticeForm, QuarterForm
from ..models import DecisionRoute, ExecutiveDecision, ForwardPlanEntry
from ..selectors.call_in import call_in_for_page
from ..selectors.decisions import DecisionFilters, decision_for_page, decisions_for_list, special_urgency_report
from ..services import decisions as services


def _filters(form: DecisionFilterForm) -> DecisionFilters:
    if not form.is_valid():
        return DecisionFilters()
    data = form.cleaned_data
    return DecisionFilters(
        decided_from=data["decided_from"],
        decided_to=data["decided_to"],
        decision_maker=data["decision_maker"].pk if data["decision_maker"] else None,
        portfolio=data["portfolio"].pk if data["portfolio"] else None,
        key={"yes": True, "no": False}.get(data["key"]),
        call_in=data["call_in"],
    )


@permissions.public
@require_GET
def decision_list(request):
    """A page of the decisions at a time (``LIST_PAGE_SIZE``). Measured: four queries for the public
    (the filter's decision makers and portfolios, the count, the page of decisions with their makers
    joined), ten for a clerk, however many decisions (a test pins it)."""
    form = DecisionFilterForm(request.GET or None)
    today = timezone.localdate()
    return render(
        request,
        "executive/decision_list.html",
        {
            "form": form,
            "page": page_of(request, decisions_for_list(request.user, _filters(form), today=today)),
            "today": today,
            "can_record": access.can_record_decision(request.user),
        },
    )


@permissions.public
@require_GET
def decision_detail(request, pk):
    decision = decision_for_page(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "executive/decision_detail.html",
        {
            "decision": decision,
            "call_in": call_in_for_page(request.user, decision, today=today),
            "today": today,
            "show_exempt": access.may_see_exempt_part(request.user),
            "can_publish": decision.notice_published_on is None and access.can_publish_decision(request.user),
            "related": related.links(related.DECISION, request.user, decision),
            # The agreement asked online (docs/decisions/0024), for those who may read the request.
            "urgency_request": access.urgency_requests_visible(request.user).filter(decision=decision).first()
            if decision.route == DecisionRoute.SPECIAL_URGENCY
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
def decision_add(request):
    if not access.can_record_decision(request.user):
        raise PermissionDenied
    initial = {}
    if entry_pk := request.GET.get("entry", "").strip():
        entry = get_object_or_404(ForwardPlanEntry, pk=entry_pk if entry_pk.isdigit() else 0)
        initial = {"entry": entry, "decision_maker": entry.decision_maker_id, "title": entry.title}
    form = DecisionForm(posted(request), initial=initial)

    def record():
        data = dict(form.cleaned_data)
        is_key = data.pop("is_key")
        return services.decision_record(by=request.user, is_key=True if is_key else None, **data)

    if response := submit(request, form, record, done=lambda d: f"Decision on “{d.title}” recorded."):
        return response
    back = reverse("executive:decision-list")
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Record an executive decision",
            "caption": "Decisions",
            "intro": (
                "A key decision is refused unless it was in the forward plan 28 clear days before, or the "
                "general exception or special urgency route is complete."
            ),
            "button": "Record the decision",
            "back_url": back,
            "cancel_url": back,
        },
    )


@require_http_methods(["GET", "POST"])
def decision_publish(request, pk):
    if not access.can_publish_decision(request.user):
        raise PermissionDenied
    decision = get_object_or_404(ExecutiveDecision, pk=pk)
    form = PublishNoticeForm(posted(request))
    if response := submit(
        request,
        form,
        lambda: services.decision_notice_publish(decision=decision, by=request.user),
        done=lambda d: f"Decision notice published. {d.call_in_wording()}.",
    ):
        return response
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": "Publish the decision notice",
            "caption": decision.title,
            "intro": (
                f"The notice is published today, {timezone.localdate():%-d %B %Y}. The call-in period runs to "
                f"the end of {calendar.call_in_period_ends(timezone.localdate()):%-d %B %Y}, the fifth working "
                "day after."
            ),
            "button": "Publish",
            "back_url": decision.get_absolute_url(),
            "cancel_url": decision.get_absolute_url(),
        },
    )


@require_GET
def urgency_report(request):
    """Reg 19: the quarter's special urgency decisions, for the Leader's report to Council."""
    if not access.can_record_decision(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    current = {"year": today.year, "quarter": (today.month - 1) // 3 + 1}
    form = QuarterForm(request.GET or None, initial=current)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else current
    labels = dict(form.fields["quarter"].choices)
    return render(
        request,
        "executive/urgency_report.html",
        {
            "form": form,
            "decisions": special_urgency_report(year=chosen["year"], quarter=chosen["quarter"]),
            "quarter_label": f"{labels[chosen['quarter']]} {chosen['year']}",
        },
    )
