"""The demo council's commissioning reviews: created, boarded and moved through their gates by the
services, so that their history reads as if officers and Cabinet Members had done it.

Each review in ``data.REVIEWS`` gets its planned stage dates, a programme board (the Cabinet
Members of its portfolios, its lead officer and a finance officer), gates passed up to its stage
by the accountable Cabinet Member with evidence, a RAG rating with its reason and a board decision
or two; three have members' input from ward councillors and two are supported by the Commissioning
Cabinet Working Group. Dates are counted back from today so that no decision is in the future.
Loading again changes nothing: a review that exists is left alone.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from members import services as member_services
from members.models import Body, Member, MembershipRole, Portfolio

from ..models import STAGE_ORDER, Review, ReviewStatus
from ..services import reviews as services
from .data import REVIEWS

User = get_user_model()

#: Planned length of each stage, in days.
PLANNED_DAYS = {"analyse": 120, "plan": 120, "do": 270, "review": 120}
#: How long each passed stage actually took, in days.
TOOK_DAYS = 95

SCOPES = {
    "Day Opportunities for Adults": (
        "Day services for adults with learning disabilities and older people, in-house and commissioned; "
        "not residential care.",
        "More people supported to live independently and take part in their community; a sustainable market.",
    ),
    "Home to School Transport": (
        "Transport for children with special educational needs and mainstream pupils entitled to free travel.",
        "Safe, punctual journeys; more independent travel training; costs held within the budget.",
    ),
}
DEFAULT_SCOPE = (
    "The services of this area as they are delivered today, in-house and through contracts.",
    "Better outcomes for residents from the same or less money, with the delivery model chosen on evidence.",
)

RAG = {
    "Day Opportunities for Adults": ("amber", "Two providers have asked to renegotiate prices; savings at risk."),
    "Home to School Transport": ("red", "Route re-tendering is three months late and costs rose 12% this year."),
    "Waste Collection and Recycling": ("green", "New rounds in place; recycling rate up four points."),
    "Leisure Centres Management": ("green", "Condition surveys and usage data gathered on time."),
    "Homelessness Prevention and Temporary Accommodation": (
        "amber",
        "Demand for temporary accommodation is above the forecast used in the plan.",
    ),
    "Customer Contact and Digital Services": ("green", "Scope agreed; analysis starts on time."),
    "Early Help for Families": ("green", "Family hubs open to plan."),
    "Libraries and Community Hubs": ("amber", "Consultation on opening hours drew fewer responses than planned."),
    "Parking Services": ("red", "Enforcement contract ends in March; the analysis is a month behind."),
    "Children's Residential Placements": ("amber", "Starts in the new year; the sufficiency data is late."),
    "Public Health Lifestyle Services": ("amber", "On hold until the public health grant for next year is known."),
}

#: Members' input: review, stage, councillor, feedback.
ENGAGEMENT = [
    (
        "Day Opportunities for Adults",
        "analyse",
        "Alan McLain",
        "Families in Riverside say the Riverside day centre is the only one reachable by bus; any change "
        "must keep a service on that side of the river.",
    ),
    (
        "Day Opportunities for Adults",
        "plan",
        "Sandra Okoye",
        "Northgate carers' group asks for evening and weekend sessions so that carers can keep working.",
    ),
    (
        "Home to School Transport",
        "analyse",
        "Rachel Gibbs",
        "Eastbrook parents report long single-pupil taxi journeys that a shared minibus could serve.",
    ),
    (
        "Leisure Centres Management",
        "analyse",
        "Karen Mellor",
        "Millbrook residents value the pool far more than the gym; swimming lessons for schools matter most.",
    ),
]

BOARD_DECISIONS = {
    "Day Opportunities for Adults": [
        (240, "Options appraisal agreed: a mixed model with two community hubs.", "The programme board"),
        (120, "Market engagement event to go ahead with local providers.", "The programme board"),
    ],
    "Home to School Transport": [(80, "Independent travel training to be piloted in two schools.", "The board")],
    "Waste Collection and Recycling": [
        (300, "New collection rounds approved for introduction in the spring.", "The programme board"),
        (40, "Post-implementation review to report to Environment O&S.", "The programme board"),
    ],
    "Leisure Centres Management": [(20, "Condition surveys commissioned for all four centres.", "The board")],
    "Homelessness Prevention and Temporary Accommodation": [
        (60, "Prevention fund to be extended while the plan is finalised.", "The programme board")
    ],
    "Customer Contact and Digital Services": [(5, "Scope and terms of reference agreed.", "The programme board")],
    "Early Help for Families": [(150, "Family hub locations agreed.", "The programme board")],
    "Public Health Lifestyle Services": [(30, "Review paused pending the public health grant.", "The programme board")],
    "Libraries and Community Hubs": [(40, "Opening hours consultation approved.", "The programme board")],
    "Parking Services": [(10, "Options for enforcement after March to be costed.", "The programme board")],
    "Children's Residential Placements": [(3, "Terms of reference agreed.", "The programme board")],
    "Facilities Management and Corporate Estate": [
        (200, "Soft facilities management contract awarded.", "The programme board"),
        (15, "Review closed; lessons learned to Cabinet.", "The programme board"),
    ],
}

WORKING_GROUP = "Commissioning Cabinet Working Group"
WORKING_GROUP_SEATS = [
    ("Richard Hartley", MembershipRole.CHAIR),
    ("Graham Pollard", MembershipRole.MEMBER),
    ("Simon Thorne", MembershipRole.MEMBER),
    ("Daniel Reeves", MembershipRole.MEMBER),
    ("Martin Kaye", MembershipRole.MEMBER),
]
WORKING_GROUP_REVIEWS = ["Day Opportunities for Adults", "Early Help for Families"]
WORKING_GROUP_NOTES = {
    "Day Opportunities for Adults": [
        (200, "The group visited two day centres and met service users' families."),
        (90, "The group tested the draft plan against ward feedback and supported the two-hub model."),
    ],
    "Early Help for Families": [(130, "The group reviewed the family hub locations against need by ward.")],
}


def _person(name: str):
    first, last = name.split(" ", 1)
    return User.objects.filter(first_name=first, last_name=last).first()


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _plan(start: datetime.date) -> dict:
    dates, day = {}, start
    for stage in STAGE_ORDER:
        end = day + datetime.timedelta(days=PLANNED_DAYS[stage] - 1)
        dates[stage] = (day, end)
        day = end + datetime.timedelta(days=1)
    return dates


def _gates_to_pass(stage: str, status: str) -> int:
    return len(STAGE_ORDER) if status == ReviewStatus.COMPLETED else STAGE_ORDER.index(stage)


def _load_review(row, index: int, by, finance) -> Review | None:
    title, service_area, directorate, portfolio_titles, lead_name, stage, status, budget = row
    lead = _person(lead_name)
    portfolios = list(Portfolio.objects.filter(title__in=portfolio_titles).select_related("cabinet_member__user"))
    if lead is None or not portfolios:
        return None
    passes = _gates_to_pass(stage, status)
    if status == ReviewStatus.PROPOSED:
        start = datetime.date(2027, 1, 4) + datetime.timedelta(weeks=4 * index)
    else:
        start = _ago(passes * TOOK_DAYS + 45 + 3 * index)
    scope, outcomes = SCOPES.get(title, DEFAULT_SCOPE)
    review = services.review_create(
        by=by,
        title=title,
        service_area=service_area,
        scope=scope,
        outcomes=outcomes,
        directorate=directorate,
        budget_in_scope=budget,
        lead_officer=lead,
        portfolios=portfolios,
        stage_dates=_plan(start),
    )
    if status != ReviewStatus.PROPOSED:
        services.review_set_status(
            review=review, status=ReviewStatus.IN_PROGRESS, reason="Terms of reference agreed", by=by, on=start
        )

    services.board_create(review=review, by=by)
    seat_from = min(start, timezone.localdate())
    seated = [
        (p.cabinet_member.user, MembershipRole.CHAIR if i == 0 else MembershipRole.MEMBER)
        for i, p in enumerate(portfolios)
        if p.cabinet_member_id
    ]
    seated += [(lead, MembershipRole.MEMBER), (finance, MembershipRole.MEMBER)]
    for person, role in seated:
        services.board_seat_add(review=review, by=by, person=person, role=role, start_date=seat_from)

    for note_title, note_stage, councillor, text in ENGAGEMENT:
        if note_title == title and note_stage == "analyse":
            _engage(review, note_stage, councillor, text, by)

    approver = next(p.cabinet_member.user for p in portfolios if p.cabinet_member_id)
    for gate in range(passes):
        services.gate_pass(
            review=review,
            by=approver,
            stage=STAGE_ORDER[gate],
            decided_on=start + datetime.timedelta(days=TOOK_DAYS * (gate + 1)),
            evidence=f"{STAGE_ORDER[gate].capitalize()} stage report and the programme board's recommendation, "
            f"considered at the board's meeting.",
        )
        review.refresh_from_db()
        for note_title, note_stage, councillor, text in ENGAGEMENT:
            if note_title == title and note_stage == review.stage and note_stage != "analyse":
                _engage(review, note_stage, councillor, text, by)

    if title in RAG and review.status != ReviewStatus.COMPLETED:
        rag, reason = RAG[title]
        services.review_set_rag(review=review, rag=rag, reason=reason, by=lead, on=_ago(7 + index))
    if status == ReviewStatus.ON_HOLD:
        services.review_set_status(
            review=review, status=ReviewStatus.ON_HOLD, reason="Awaiting next year's public health grant", by=by
        )
    for days, decision, decided_by in BOARD_DECISIONS.get(title, []):
        services.board_decision_add(
            review=review, by=lead, decision=decision, decided_on=max(_ago(days), seat_from), decided_by=decided_by
        )
    return review


def _engage(review, stage, councillor, text, by):
    person = _person(councillor)
    member = Member.objects.filter(user=person).first() if person else None
    if member is not None:
        services.engagement_add(review=review, by=by, member=member, note=text, stage=stage)


def _load_working_group(reviews: dict[str, Review], by) -> None:
    supported = [reviews[title] for title in WORKING_GROUP_REVIEWS if title in reviews]
    if not supported:
        return
    group = Body.objects.filter(name=WORKING_GROUP).first()
    if group is None:
        group = services.working_group_link(review=supported[0], by=by, name=WORKING_GROUP)
        for name, role in WORKING_GROUP_SEATS:
            person = _person(name)
            if person is not None:
                member_services.membership_add(body=group, person=person, role=role, start_date=_ago(365), by=by)
    for review in supported:
        if review.working_group_id != group.pk:
            services.working_group_link(review=review, by=by, body=group)
        for days, note in WORKING_GROUP_NOTES.get(review.title, []):
            services.working_group_note_add(review=review, by=by, met_on=_ago(days), note=note)


def load() -> list:
    by = _person("Sarah Whitfield")
    finance = [_person("Nadia Hussain"), _person("Andrew Kerr")]
    if by is None or None in finance:
        return []
    created = {}
    for index, row in enumerate(REVIEWS):
        if Review.objects.filter(title=row[0]).exists():
            continue
        review = _load_review(row, index, by, finance[index % 2])
        if review is not None:
            created[review.title] = review
    _load_working_group(created, by)
    return []
