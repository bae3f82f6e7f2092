"""The council-wide weights of the six priority criteria, with what a high score means.

Settings, not demo data: every council starts from these and its Administrators change them on the
weights page (with a reason, in history). Each seeded weight gets its "Created" history entry here,
since a migration's models do not record history themselves. Seeded by migration 0002 and again
after every migrate or test flush (``post_migrate``, like the role groups); a weight that exists
is never changed here.
"""

from django.apps import apps as global_apps
from django.utils import timezone

WEIGHTS = [
    (
        "need",
        25,
        "Strong evidence of unmet or growing need among residents: rising demand, waiting lists, "
        "or gaps shown in the needs assessment.",
    ),
    (
        "savings",
        20,
        "A large budget in scope with a realistic prospect of the same or better outcomes for less, "
        "for example through a different way of delivering the service or commissioning it jointly.",
    ),
    (
        "performance",
        15,
        "The service performs poorly against its indicators, comparable councils or inspection "
        "findings, so there is most to gain.",
    ),
    (
        "risk",
        15,
        "Serious risk to residents, to the council's finances or to its reputation if nothing changes: "
        "a fragile provider market, contracts ending, safeguarding concerns.",
    ),
    (
        "statutory",
        15,
        "The council has a duty in law to provide or secure the service, or a deadline set by law or a "
        "regulator that the review must meet.",
    ),
    (
        "feedback",
        10,
        "Members, residents and partners have raised the service repeatedly: ward feedback, complaints, "
        "consultation responses or scrutiny recommendations.",
    ),
]
REASON = "Council-wide weights set up"


def seed_weights(apps, schema_editor=None):
    CriterionWeight = apps.get_model("commissioning", "CriterionWeight")
    HistoricalCriterionWeight = apps.get_model("commissioning", "HistoricalCriterionWeight")
    now = timezone.now()
    for criterion, weight, guidance in WEIGHTS:
        if CriterionWeight.objects.filter(criterion=criterion).exists():
            continue
        row = CriterionWeight(criterion=criterion, weight=weight, guidance=guidance)
        row._change_reason = REASON  # the installed model records its history with this reason
        row.save()
        if not HistoricalCriterionWeight.objects.filter(id=row.pk).exists():
            # A migration's historical model sends no history signal: record the row's history here.
            HistoricalCriterionWeight.objects.create(
                id=row.pk,
                criterion=criterion,
                weight=weight,
                guidance=guidance,
                history_date=now,
                history_change_reason=REASON,
                history_type="+",
            )


def ensure_weights(sender, apps=None, **kwargs):
    """post_migrate: the weights exist after every migrate and every flush (a flush, as after a
    transactional test, sends the signal without ``apps``: then the installed models serve)."""
    if sender.name == "commissioning":
        seed_weights(apps or global_apps)
