"""The demo council's savings: lines over three financial years for most demo reviews.

Each line has a named accountable owner (officers of every kind, not only commissioning officers);
figures move through the services with the owners' notes, so each saving's history tells its
story; last year's delivered savings are signed off by Andrew Kerr, the Section 151 officer.
Loading twice changes nothing: a line already claimed is left as it is.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from ..models import Review, SavingLine
from ..services import savings as services

SIGN_OFF_BY = "Andrew Kerr"
CLAIMED_BY = "Sarah Whitfield"

#: A figures update: (forecast, realised, status, note); ("sign off", evidence) signs the line off.
Update = tuple[str, ...]

#: {review title: [(financial year, budget reference, description, claimed, owner, [updates])]}
SAVINGS: dict[str, list[tuple[int, str, str, str, str, list[Update]]]] = {
    "Day Opportunities for Adults": [
        (
            2025,
            "ASC-D01",
            "Day centres consolidated from five sites to three",
            "420000.00",
            "Sarah Whitfield",
            [
                ("420000.00", "420000.00", "on_track", "Last site closed in February: full saving in the outturn"),
                ("sign off", "Outturn 2025/26: day services cost centre 4410 underspent by £420,000."),
            ],
        ),
        (
            2026,
            "ASC-D02",
            "Community-based day opportunities replace block contracts",
            "650000.00",
            "Lucy Fenwick",
            [
                ("650000.00", "120000.00", "on_track", "First quarter of the new framework: spend in line"),
                ("560000.00", "210000.00", "at_risk", "Two providers asked to keep block contracts to September"),
            ],
        ),
        (2027, "ASC-D03", "Shared transport for day services", "180000.00", "Mark Ellison", []),
    ],
    "Home to School Transport": [
        (
            2025,
            "CHS-T01",
            "Independent travel training for eligible pupils",
            "150000.00",
            "James Penrose",
            [
                ("138000.00", "138000.00", "on_track", "Outturn: fewer pupils trained than planned, 62 not 70"),
                ("sign off", "Outturn 2025/26 transport budget; 62 pupils now travel independently."),
            ],
        ),
        (
            2026,
            "CHS-T02",
            "Re-tendered taxi and minibus routes",
            "480000.00",
            "Mark Ellison",
            [("300000.00", "90000.00", "slipped", "Re-tender delayed by a challenge: new contracts from January")],
        ),
        (2027, "CHS-T03", "Personal travel budgets for families", "120000.00", "David Okonjo", []),
    ],
    "Waste Collection and Recycling": [
        (
            2025,
            "ENV-W01",
            "Refuse rounds re-planned: one fewer vehicle",
            "310000.00",
            "Lucy Fenwick",
            [
                ("310000.00", "310000.00", "on_track", "Vehicle returned to the lease company in March"),
                ("sign off", "Fleet lease schedule and 2025/26 outturn for waste collection."),
            ],
        ),
        (
            2026,
            "ENV-W02",
            "Garden waste subscription",
            "550000.00",
            "James Penrose",
            [("550000.00", "275000.00", "on_track", "41,000 households subscribed, ahead of plan")],
        ),
        (2027, "ENV-W03", "Electric refuse vehicles: fuel and maintenance", "200000.00", "Mark Ellison", []),
    ],
    "Leisure Centres Management": [
        (
            2026,
            "LEI-L01",
            "Energy efficiency at the leisure centres",
            "90000.00",
            "Lucy Fenwick",
            [("90000.00", "30000.00", "on_track", "Solar panels working at two centres")],
        ),
        (2027, "LEI-L02", "New leisure management contract", "400000.00", "Sarah Whitfield", []),
    ],
    "Homelessness Prevention and Temporary Accommodation": [
        (
            2025,
            "HSG-H01",
            "Fewer bed and breakfast placements",
            "260000.00",
            "Mark Ellison",
            [("200000.00", "180000.00", "slipped", "Demand rose by 18%: fewer families moved on than planned")],
        ),
        (
            2026,
            "HSG-H02",
            "Council-owned temporary accommodation",
            "380000.00",
            "James Penrose",
            [("380000.00", "95000.00", "on_track", "First 24 homes let")],
        ),
        (2027, "HSG-H03", "Prevention fund: fewer households in temporary homes", "300000.00", "Lucy Fenwick", []),
    ],
    "Early Help for Families": [
        (
            2026,
            "CHS-E01",
            "Family hubs bring early help together",
            "220000.00",
            "Sarah Whitfield",
            [("180000.00", "60000.00", "at_risk", "Eastfield hub opens in March, not October")],
        ),
        (2027, "CHS-E02", "Parenting programmes commissioned jointly", "140000.00", "David Okonjo", []),
    ],
    "Facilities Management and Corporate Estate": [
        (
            2025,
            "COR-F01",
            "Two office buildings closed",
            "520000.00",
            "David Okonjo",
            [
                ("520000.00", "520000.00", "on_track", "Both buildings vacated and sold"),
                ("sign off", "Completion statements and 2025/26 outturn for the corporate estate."),
            ],
        ),
        (
            2026,
            "COR-F02",
            "One facilities management contract",
            "260000.00",
            "Nadia Hussain",
            [("260000.00", "130000.00", "on_track", "Half-year saving confirmed by the first invoices")],
        ),
        (
            2026,
            "COR-F03",
            "Print and post contract ended",
            "45000.00",
            "Mark Ellison",
            # Realised in full and awaiting a finance officer's sign-off.
            [("45000.00", "45000.00", "on_track", "Contract ended in June: the full-year saving is taken")],
        ),
    ],
}


def _people() -> dict[str, object] | None:
    names = {CLAIMED_BY, SIGN_OFF_BY} | {row[4] for rows in SAVINGS.values() for row in rows}
    people = {}
    for name in names:
        first, last = name.split(" ", 1)
        person = get_user_model().objects.filter(first_name=first, last_name=last).first()
        if person is None:
            return None
        people[name] = person
    return people


def load() -> None:
    people = _people()
    if people is None:  # the demo people (members.demo) are not loaded
        return
    today = timezone.localdate()
    # Some owners last updated their figures before this month: their savings show "update due".
    last_month = today.replace(day=1) - datetime.timedelta(days=5)
    reviews = {review.title: review for review in Review.objects.filter(title__in=SAVINGS)}
    for title, rows in SAVINGS.items():
        review = reviews.get(title)
        if review is None:
            continue
        for index, (year, reference, description, claimed, owner_name, updates) in enumerate(rows):
            if SavingLine.objects.filter(financial_year=year, budget_reference=reference).exists():
                continue
            owner = people[owner_name]
            line = services.saving_add(
                review=review,
                financial_year=year,
                budget_reference=reference,
                description=description,
                claimed=Decimal(claimed),
                owner=owner,
                evidence=f"Budget {year}/{(year + 1) % 100:02d}, line {reference}.",
                by=people[CLAIMED_BY],
                today=last_month,
            )
            for update in updates:
                if update[0] == "sign off":
                    line = services.saving_sign_off(line=line, evidence=update[1], by=people[SIGN_OFF_BY])
                    continue
                forecast, realised, status, note = update
                line = services.saving_update_figures(
                    line=line,
                    forecast=Decimal(forecast),
                    realised=Decimal(realised),
                    status=status,
                    evidence=line.evidence,
                    note=note,
                    by=owner,
                    today=last_month if index % 2 else today,
                )
