"""Permission matrix checks for the executive: the forward plan and decisions (docs/permissions.md)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from executive import services
from executive.models import DecisionMaker, EntryStatus, ExecutiveDecision, ForwardPlanEdition, ForwardPlanEntry
from tests.factories import CabinetFactory, ForwardPlanEntryFactory, PortfolioFactory, UserFactory
from tests.matrix import outcome

D = datetime.date


def _published_entry(days_ago: int = 0):
    entry = ForwardPlanEntryFactory()
    now = timezone.now() - datetime.timedelta(days=days_ago)
    services.forward_plan_publish(by=UserFactory(roles=["Democratic Services"]), include=[entry], now=now)
    entry.refresh_from_db()
    return entry


def _decision(*, published: bool):
    decision = services.decision_record(
        by=UserFactory(roles=["Democratic Services"]),
        decision_maker=CabinetFactory(),
        decided_on=D(2026, 11, 2),
        title="Name the new park",
        decision="To name it Riverside Park.",
        reasons="The residents chose it.",
    )
    if published:
        decision = services.decision_notice_publish(
            decision=decision, by=UserFactory(roles=["Democratic Services"]), on=D(2026, 11, 3)
        )
    return decision


def forward_plan_view(client, person, own=None):
    entry = _published_entry()
    assert client.get(reverse("executive:forward-plan")).status_code == 200
    assert client.get(reverse("executive:forward-plan-feed")).status_code == 200
    return client.get(entry.get_absolute_url())


def forward_plan_view_draft(client, person, own=None):
    return client.get(ForwardPlanEntryFactory().get_absolute_url())


def forward_plan_draft(client, person, own=None):
    cabinet = CabinetFactory()
    response = client.post(
        reverse("executive:entry-add"),
        {
            "title": "Re-commission home care",
            "decision_maker": cabinet.pk,
            "expected_decision_on": "2027-03-03",
            "amount_pounds": "750000",
        },
    )
    return outcome(response, ForwardPlanEntry.objects.filter(title="Re-commission home care", is_key=True).exists())


def forward_plan_publish(client, person, own=None):
    entry = ForwardPlanEntryFactory()
    response = client.post(reverse("executive:edition-publish"), {"include": [entry.pk]})
    return outcome(response, ForwardPlanEdition.objects.filter(entries=entry).exists())


def decisions_view(client, person, own=None):
    decision = _decision(published=True)
    assert client.get(reverse("executive:decision-list")).status_code == 200
    return client.get(decision.get_absolute_url())


def decisions_view_unpublished(client, person, own=None):
    return client.get(_decision(published=False).get_absolute_url())


def decisions_record(client, person, own=None):
    entry = _published_entry(days_ago=40)
    response = client.post(
        reverse("executive:decision-add"),
        {
            "entry": entry.pk,
            "decision_maker": entry.decision_maker_id,
            "decided_on": timezone.localdate().isoformat(),
            "route": "normal",
            "decision": "To re-commission the service.",
            "reasons": "Best value.",
        },
    )
    entry.refresh_from_db()
    return outcome(
        response, entry.status == EntryStatus.DECIDED and ExecutiveDecision.objects.filter(entry=entry).exists()
    )


def decisions_publish(client, person, own=None):
    decision = _decision(published=False)
    response = client.post(reverse("executive:decision-publish", args=[decision.pk]))
    decision.refresh_from_db()
    return outcome(response, decision.notice_published_on == timezone.localdate())


def decisions_urgency_report(client, person, own=None):
    return client.get(reverse("executive:urgency-report"), {"year": 2026, "quarter": 4})


def decision_makers_view(client, person, own=None):
    CabinetFactory()
    return client.get(reverse("executive:decision-maker-list"))


def decision_makers_add(client, person, own=None):
    portfolio = PortfolioFactory()
    response = client.post(
        reverse("executive:decision-maker-add"), {"kind": "cabinet_member", "portfolio": portfolio.pk}
    )
    return outcome(response, DecisionMaker.objects.filter(portfolio=portfolio).exists())


CAPABILITIES = {
    "decision-makers.view": decision_makers_view,
    "decision-makers.add": decision_makers_add,
    "forward-plan.view": forward_plan_view,
    "forward-plan.view-draft": forward_plan_view_draft,
    "forward-plan.draft": forward_plan_draft,
    "forward-plan.publish": forward_plan_publish,
    "decisions.view": decisions_view,
    "decisions.view-unpublished": decisions_view_unpublished,
    "decisions.record": decisions_record,
    "decisions.publish": decisions_publish,
    "decisions.urgency-report": decisions_urgency_report,
}
