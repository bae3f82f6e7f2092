"""Demo indicators: one to three for most demo reviews, with six quarters of actuals (some red,
some amber, some green), each monitored by one of the demo O&S committees.

Reviews are looked up by title (``data.REVIEWS``); missing ones are skipped. Loading twice
changes nothing. Recorded through the services by the Head of Strategic Commissioning.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from members.models import Body

from ..models import Indicator, IndicatorActual, Polarity, Review
from ..services.indicators import actual_add, indicator_add

D = Decimal
HIGHER, LOWER = Polarity.HIGHER, Polarity.LOWER
OS, SOCIAL, ENVIRONMENT = (
    "overview-and-scrutiny-committee",
    "social-and-community-overview-and-scrutiny-committee",
    "environment-overview-and-scrutiny-committee",
)

#: Financial-year quarters, oldest first: (label, last day).
QUARTERS = [
    ("Q1 2025/26", datetime.date(2025, 6, 30)),
    ("Q2 2025/26", datetime.date(2025, 9, 30)),
    ("Q3 2025/26", datetime.date(2025, 12, 31)),
    ("Q4 2025/26", datetime.date(2026, 3, 31)),
    ("Q1 2026/27", datetime.date(2026, 6, 30)),
    ("Q2 2026/27", datetime.date(2026, 9, 30)),
]

#: Review title: [(name, definition, unit, polarity, baseline, target, tolerance, committee, actuals)].
INDICATORS = {
    "Day Opportunities for Adults": [
        (
            "Adults with learning disabilities in paid or voluntary work",
            "Working-age adults with a learning disability known to the council who are in paid or voluntary "
            "work, as a percentage of all such adults.",
            "%",
            HIGHER,
            "5.2",
            "8.0",
            "1.0",
            SOCIAL,
            ["5.2", "5.6", "6.1", "6.6", "7.2", "7.4"],
        ),
        (
            "Day service places used",
            "Day service places used in the quarter as a percentage of places commissioned.",
            "%",
            HIGHER,
            "71",
            "85",
            "5",
            SOCIAL,
            ["71", "74", "79", "83", "86", "88"],
        ),
    ],
    "Home to School Transport": [
        (
            "Average cost per pupil transported",
            "Annual cost of home to school transport divided by the pupils eligible and transported.",
            "£",
            LOWER,
            "4850",
            "4200",
            "250",
            SOCIAL,
            ["4850", "4910", "4880", "4795", "4760", "4705"],
        ),
        (
            "Pupils travelling independently after training",
            "Pupils with special educational needs who completed independent travel training and now travel "
            "on their own.",
            "pupils",
            HIGHER,
            "12",
            "60",
            "15",
            SOCIAL,
            ["12", "18", "25", "31", "40", "52"],
        ),
    ],
    "Waste Collection and Recycling": [
        (
            "Household waste recycled or composted",
            "Household waste sent for reuse, recycling or composting, as a percentage of all household waste "
            "collected.",
            "%",
            HIGHER,
            "41.5",
            "50.0",
            "3.0",
            ENVIRONMENT,
            ["41.5", "43.0", "44.2", "46.1", "47.8", "48.3"],
        ),
        (
            "Missed bin collections per 100,000",
            "Missed collections reported and confirmed, per 100,000 scheduled collections.",
            "per 100,000",
            LOWER,
            "62",
            "40",
            "10",
            ENVIRONMENT,
            ["62", "58", "51", "47", "39", "36"],
        ),
        (
            "Residual waste per household",
            "Kilograms of household waste not reused, recycled or composted, per household, in the quarter.",
            "kg",
            LOWER,
            "128",
            "110",
            "6",
            ENVIRONMENT,
            ["128", "127", "129", "126", "124", "125"],
        ),
    ],
    "Leisure Centres Management": [
        (
            "Leisure centre visits",
            "Visits to the council's three leisure centres in the quarter.",
            "visits",
            HIGHER,
            "182000",
            "210000",
            "10000",
            SOCIAL,
            ["182000", "176500", "169800", "188400", "201200", "204900"],
        ),
    ],
    "Homelessness Prevention and Temporary Accommodation": [
        (
            "Households in temporary accommodation",
            "Households in temporary accommodation on the last day of the quarter.",
            "households",
            LOWER,
            "214",
            "150",
            "20",
            SOCIAL,
            ["214", "226", "238", "231", "229", "224"],
        ),
        (
            "Homelessness prevented",
            "Cases closed with homelessness prevented, as a percentage of prevention cases closed.",
            "%",
            HIGHER,
            "48",
            "60",
            "5",
            SOCIAL,
            ["48", "50", "53", "55", "57", "56"],
        ),
    ],
    "Customer Contact and Digital Services": [
        (
            "Contacts resolved online",
            "Customer contacts completed online without a call or a visit, as a percentage of all contacts.",
            "%",
            HIGHER,
            "34",
            "55",
            "8",
            OS,
            ["34", "35", "37", "40", "42", "44"],
        ),
    ],
    "Early Help for Families": [
        (
            "Families whose needs were met at early help",
            "Early help cases closed with the family's needs met, as a percentage of early help cases closed.",
            "%",
            HIGHER,
            "62",
            "75",
            "5",
            SOCIAL,
            ["62", "64", "68", "71", "74", "76"],
        ),
        (
            "Re-referrals to children's social care within 12 months",
            "Referrals to children's social care within 12 months of a previous referral, as a percentage.",
            "%",
            LOWER,
            "24",
            "18",
            "3",
            SOCIAL,
            ["24", "23", "22", "21", "20.5", "20"],
        ),
    ],
    "Facilities Management and Corporate Estate": [
        (
            "Running cost of the corporate estate",
            "Annual running cost of the council's offices and depots, per square metre.",
            "£",
            LOWER,
            "142.00",
            "118.00",
            "8.00",
            OS,
            ["142.00", "139.50", "131.20", "124.80", "119.40", "117.60"],
        ),
    ],
}


def load():
    User = get_user_model()
    by = User.objects.filter(first_name="Sarah", last_name="Whitfield").first()
    if by is None:
        return []
    committees = {body.slug: body for body in Body.objects.filter(slug__in=[OS, SOCIAL, ENVIRONMENT])}
    reviews = {review.title: review for review in Review.objects.filter(title__in=INDICATORS)}
    for title, indicators in INDICATORS.items():
        review = reviews.get(title)
        if review is None:
            continue
        for name, definition, unit, polarity, baseline, target, tolerance, committee, actuals in indicators:
            indicator = Indicator.objects.filter(review=review, name=name).first()
            if indicator is None:
                indicator = indicator_add(
                    review=review,
                    name=name,
                    definition=definition,
                    unit=unit,
                    polarity=polarity,
                    baseline=D(baseline),
                    target=D(target),
                    tolerance=D(tolerance),
                    monitored_by=committees.get(committee),
                    by=by,
                )
            recorded = set(IndicatorActual.objects.filter(indicator=indicator).values_list("period_end", flat=True))
            for (label, end), value in zip(QUARTERS, actuals, strict=True):
                if end not in recorded:
                    # Fixed dates: each quarter's actual as recorded once the quarter had ended.
                    actual_add(
                        indicator=indicator, period_end=end, period_label=label, value=D(value), by=by, today=end
                    )
    return []
