"""The words of a council's decade: subjects, report titles and the sentences of minutes."""

import random

SUBJECTS = [
    "adult social care",
    "air quality",
    "allotments",
    "bus services",
    "car parking charges",
    "cemeteries and crematorium",
    "children's centres",
    "climate emergency",
    "community safety",
    "council housing repairs",
    "council tax support",
    "cycling and walking",
    "domestic abuse services",
    "economic development",
    "electric vehicle charging",
    "flood risk management",
    "grounds maintenance",
    "highways maintenance",
    "home care",
    "homelessness prevention",
    "housing allocations",
    "leisure centres",
    "libraries",
    "licensing policy",
    "local plan",
    "market town regeneration",
    "museums and heritage",
    "parks and open spaces",
    "planning enforcement",
    "public health",
    "recycling and waste collection",
    "school transport",
    "special educational needs",
    "street cleansing",
    "street lighting",
    "supported housing",
    "taxi licensing",
    "temporary accommodation",
    "town centre management",
    "tourism",
    "treasury management",
    "youth services",
]

REPORT_TITLES = [
    "{Subject}: annual report",
    "{Subject}: performance update",
    "Review of {subject}",
    "{Subject} strategy",
    "{Subject}: consultation response",
    "Proposals for {subject}",
    "{Subject}: contract extension",
    "{Subject}: budget monitoring",
    "Scrutiny review of {subject}: final report",
    "{Subject}: policy refresh",
]
EXEMPT_TITLES = [
    "{Subject}: contract award",
    "{Subject}: commercial negotiations",
    "{Subject}: staffing restructure",
    "{Subject}: legal advice",
    "{Subject}: acquisition of land",
]
#: (title, kind) of the standing items every agenda opens with.
STANDING = [
    ("Apologies for absence and substitutions", "standing"),
    ("Declarations of interest", "declarations"),
    ("Minutes of the previous meeting", "minutes"),
]
CLOSING = [("Work programme", "noting"), ("Date of the next meeting", "information")]

SENTENCES = [
    "The {role} introduced the report and summarised its main points.",
    "Members asked about the cost of {subject} and the savings expected over the next three years.",
    "In answer to a question, the officer confirmed that the service had consulted residents in every ward.",
    "A member noted that demand for {subject} had risen since the last report.",
    "The committee discussed the risks set out in the report and how they would be managed.",
    "Members welcomed the progress made and asked for a further update in six months.",
    "The officer explained how the performance indicators had been chosen and how they would be reported.",
    "A member asked how the proposals would affect rural wards; the officer agreed to circulate the figures.",
    "The {role} thanked the officers for their work on {subject}.",
    "Members asked whether partners had been involved, and were told that they had been from the start.",
]
RESOLUTIONS = [
    "Resolved that the report be noted.",
    "Resolved that the recommendations in the report be approved.",
    "Resolved that the report be noted and a further update be brought to a future meeting.",
    "Resolved that the committee's comments be passed to the Cabinet Member.",
    "Resolved that the proposals be recommended to Cabinet for approval.",
]


def subject_title(pattern: str, subject: str) -> str:
    return pattern.format(subject=subject, Subject=subject[0].upper() + subject[1:])


def paragraph(rng: random.Random, subject: str, sentences: int = 4, role: str = "Chair") -> str:
    return " ".join(rng.choice(SENTENCES).format(subject=subject, role=role) for _ in range(sentences))
