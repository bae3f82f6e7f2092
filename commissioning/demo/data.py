"""The demo council's commissioning reviews: shared by each demo module of commissioning.

Each: title, service area, directorate, portfolio titles (members.demo.PORTFOLIOS), lead officer,
stage reached, status, budget in scope (£).
"""

from decimal import Decimal

REVIEWS = [
    # title, service area, directorate, portfolios, lead officer, stage, status, budget
    (
        "Day Opportunities for Adults",
        "Adult social care",
        "Adults and Health",
        ["Adult Social Care and Health"],
        "Sarah Whitfield",
        "do",
        "in_progress",
        Decimal("4200000.00"),
    ),
    (
        "Home to School Transport",
        "Children's services",
        "Children and Families",
        ["Children and Families"],
        "James Penrose",
        "plan",
        "in_progress",
        Decimal("3100000.00"),
    ),
    (
        "Waste Collection and Recycling",
        "Environmental services",
        "Place",
        ["Environment and Climate"],
        "James Penrose",
        "review",
        "in_progress",
        Decimal("9800000.00"),
    ),
    (
        "Leisure Centres Management",
        "Leisure and culture",
        "Communities",
        ["Communities and Leisure"],
        "Sarah Whitfield",
        "analyse",
        "in_progress",
        Decimal("2600000.00"),
    ),
    (
        "Homelessness Prevention and Temporary Accommodation",
        "Housing",
        "Place",
        ["Housing and Regeneration"],
        "Sarah Whitfield",
        "plan",
        "in_progress",
        Decimal("5400000.00"),
    ),
    (
        "Customer Contact and Digital Services",
        "Customer services",
        "Corporate Services",
        ["Corporate Services"],
        "James Penrose",
        "analyse",
        "proposed",
        Decimal("1900000.00"),
    ),
    (
        "Early Help for Families",
        "Children's services",
        "Children and Families",
        ["Children and Families", "Communities and Leisure"],
        "Sarah Whitfield",
        "do",
        "in_progress",
        Decimal("2750000.00"),
    ),
    (
        "Public Health Lifestyle Services",
        "Public health",
        "Adults and Health",
        ["Adult Social Care and Health"],
        "James Penrose",
        "analyse",
        "on_hold",
        Decimal("1450000.00"),
    ),
    (
        "Facilities Management and Corporate Estate",
        "Property",
        "Corporate Services",
        ["Corporate Services", "Finance"],
        "James Penrose",
        "review",
        "completed",
        Decimal("3300000.00"),
    ),
]

TITLES = [row[0] for row in REVIEWS]
