"""The decade's commissioning reviews: started through the years, each through the cycle's stages
with its gates passed (a few stopped, the latest still under way), accountable to a portfolio,
and the savings each claimed in the budget, financial year by financial year: delivered and
signed off by finance, slipped or withdrawn, or still being delivered."""

import datetime
from decimal import Decimal

from commissioning.models import (
    ApproverCapacity,
    GateDecision,
    GateDirection,
    Rag,
    Review,
    ReviewPortfolio,
    ReviewStage,
    ReviewStatus,
    SavingLine,
    SavingStatus,
    Stage,
)
from commissioning.models.common import STAGE_ORDER
from members.models import Portfolio

from . import words
from .base import DEMO_YEAR, Plan, Writer, at, dated, own_timestamps, rng, share
from .people import Council

DIRECTORATES = [
    ("Adults and Health", "ASC"),
    ("Children and Families", "CHF"),
    ("Place", "PLC"),
    ("Resources", "RES"),
    ("Communities", "COM"),
]
STAGE_DAYS = {Stage.ANALYSE: 120, Stage.PLAN: 90, Stage.DO: 365, Stage.REVIEW: 90}
#: The moment the decade ends: the demo's municipal year begins.
DECADE_ENDS = datetime.date(DEMO_YEAR, 5, 1)


def load(writer: Writer, plan: Plan, seed: int, council: Council) -> None:  # noqa: PLR0915
    random = rng(seed, "reviews")
    portfolios = list(Portfolio.objects.order_by("pk"))
    officers = council.officers
    if not officers:
        return
    count = plan.count("reviews")
    first_day = datetime.date(plan.first_year, 5, 1)
    span = (DECADE_ENDS - first_day).days
    reviews, stages, gates, links = [], [], [], []
    journeys = []
    for n in range(count):
        started = first_day + datetime.timedelta(days=int(n * span / count))
        subject = random.choice(words.SUBJECTS)
        directorate, code = random.choice(DIRECTORATES)
        lead = random.choice(officers)
        approver = random.choice([o for o in officers if o != lead] or officers)
        # Walk the cycle from the start: each stage its planned length, give or take, until the decade ends.
        day, reached, dates = started, [], {}
        stopped = random.random() < 0.08
        for stage in STAGE_ORDER:
            length = int(STAGE_DAYS[stage] * random.uniform(0.8, 1.4))
            end = day + datetime.timedelta(days=length)
            dates[stage] = (day, end)
            reached.append(stage)
            if end >= DECADE_ENDS or (stopped and stage == Stage.PLAN):
                break
            day = end + datetime.timedelta(days=1)
        last_stage = reached[-1]
        finished = dates[last_stage][1] < DECADE_ENDS
        if stopped and finished:
            status = ReviewStatus.STOPPED
        elif finished:
            status = ReviewStatus.COMPLETED
        else:
            status = ReviewStatus.IN_PROGRESS
        rag = random.choice([Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.RED]) if status == ReviewStatus.IN_PROGRESS else ""
        pattern = random.choice(["{Subject}", "Future of {subject}", "{Subject} services"])
        title = f"{words.subject_title(pattern, subject)} ({started.year})"
        review = Review(
            title=title,
            service_area=subject[0].upper() + subject[1:],
            scope=f"All council-funded {subject}, its contracts and the teams that run it.",
            outcomes=f"Better outcomes for residents who use {subject}, at a lower cost.",
            directorate=directorate,
            budget_in_scope=Decimal(random.randrange(200, 12000) * 1000),
            lead_officer=lead,
            stage=last_stage,
            status=status,
            rag=rag,
            rag_reason="Reported at the last programme board." if rag else "",
            rag_date=DECADE_ENDS - datetime.timedelta(days=30) if rag else None,
            created_by=lead,
            created_at=at(started, 9),
        )
        reviews.append(dated(review, at(started, 9), lead))
        journeys.append((review, code, lead, approver, reached, dates, status, started))
    with own_timestamps(Review._meta.get_field("created_at"), GateDecision._meta.get_field("recorded_at")):
        writer.create(Review, reviews)
        for review, _code, lead, approver, reached, dates, status, started in journeys:
            if portfolios:
                links.append(
                    dated(ReviewPortfolio(review=review, portfolio=random.choice(portfolios)), at(started, 9), lead)
                )
            for stage in STAGE_ORDER:
                planned_start, planned_end = dates.get(stage, (None, None))
                done = stage in reached
                stages.append(
                    dated(
                        ReviewStage(
                            review=review,
                            stage=stage,
                            planned_start=planned_start,
                            planned_end=planned_end,
                            actual_start=planned_start if done else None,
                            actual_end=planned_end if done and planned_end < DECADE_ENDS else None,
                        ),
                        at(started, 9),
                        lead,
                    )
                )
            for stage in reached:
                end = dates[stage][1]
                if end >= DECADE_ENDS:
                    break
                following = STAGE_ORDER[STAGE_ORDER.index(stage) + 1] if stage != Stage.REVIEW else ""
                if status == ReviewStatus.STOPPED and stage == reached[-1]:
                    break
                gate = GateDecision(
                    review=review,
                    from_stage=stage,
                    to_stage=following,
                    direction=GateDirection.PASSED,
                    decided_by=approver,
                    capacity=ApproverCapacity.PROGRAMME_BOARD,
                    decided_on=end,
                    evidence=f"The {stage} stage's products were presented to the programme board.",
                    members_engaged=stage in (Stage.ANALYSE, Stage.PLAN),
                    recorded_at=at(end, 16),
                )
                gates.append(dated(gate, at(end, 16), approver))
        writer.create(ReviewPortfolio, links)
        writer.create(ReviewStage, stages)
        writer.create(GateDecision, gates)
    _savings(writer, plan, seed, council, journeys)


def _savings(writer: Writer, plan: Plan, seed: int, council: Council, journeys) -> None:
    random = rng(seed, "savings")
    finance = council.finance
    with_savings = [journey for journey in journeys if Stage.DO in journey[4]]
    counts = share(plan.count("saving_lines"), [random.uniform(0.5, 1.5) for _ in with_savings])
    lines = []
    for number, (journey, count) in enumerate(zip(with_savings, counts, strict=True), start=1):
        review, code, lead, _approver, _reached, dates, _status, _started = journey
        do_starts = dates[Stage.DO][0]
        first_fy = do_starts.year if do_starts.month >= 4 else do_starts.year - 1
        for n in range(count):
            fy = first_fy + n % 3
            claimed = Decimal(random.randrange(10, 900) * 1000)
            owner = random.choice(council.officers)
            signer = next((person for person in finance if person not in (owner,)), None)
            updated = min(datetime.date(fy + 1, 3, 15), DECADE_ENDS - datetime.timedelta(days=20))
            line = SavingLine(
                review=review,
                financial_year=fy,
                budget_reference=f"{code}-R{number:03d}-{n + 1:02d}",
                description=f"{review.service_area}: saving {n + 1} of {count}",
                claimed=claimed,
                forecast=claimed,
                owner=owner,
                updated_on=updated,
            )
            finished = datetime.date(fy + 1, 3, 31) < DECADE_ENDS
            roll = random.random()
            if finished and roll < 0.7 and signer is not None:
                line.status = SavingStatus.DELIVERED
                line.realised = claimed
                line.realised_entered_by = owner
                line.realised_entered_at = at(updated, 12)
                line.signed_off_by = signer
                line.signed_off_at = at(updated + datetime.timedelta(days=10), 12)
                line.sign_off_evidence = (
                    f"Outturn {fy}/{(fy + 1) % 100:02d}: the budget line underspent by the amount claimed."
                )
            elif finished and roll < 0.8:
                line.status = SavingStatus.WITHDRAWN
                line.forecast = Decimal("0.00")
                line.evidence = "Withdrawn when the service's plans changed; the gap was covered from reserves."
            elif finished:
                line.status = SavingStatus.SLIPPED
                line.forecast = line.realised = (claimed * Decimal("0.6")).quantize(Decimal("1.00"))
                line.realised_entered_by = owner
                line.realised_entered_at = at(updated, 12)
                line.evidence = "Part of the saving slipped to the following year."
            elif roll < 0.75:
                line.realised = (claimed * Decimal(str(round(random.uniform(0.1, 0.6), 2)))).quantize(Decimal("1.00"))
                line.realised_entered_by = owner
                line.realised_entered_at = at(updated, 12)
            else:
                line.status = SavingStatus.AT_RISK
                line.forecast = (claimed * Decimal("0.8")).quantize(Decimal("1.00"))
                line.evidence = "Demand has risen faster than the plan assumed."
            lines.append(dated(line, at(dates[Stage.DO][0], 9), lead))
    writer.create(SavingLine, lines)
