"""The demo council's priority assessments: each review scored against the six criteria with the
reasons a Head of Strategic Commissioning would give, through the service, so that the history
shows Sarah Whitfield assessing them.

Customer Contact and Digital Services is left unassessed (its analysis has not started), so the
schedule shows a review "Not yet assessed". Early Help and Waste Collection score the same and
share a rank. Loading again changes nothing: a review already assessed is left alone.
"""

from django.contrib.auth import get_user_model

from ..models import PriorityAssessment, Review
from ..services import priorities as services

User = get_user_model()
ASSESSOR = ("Sarah", "Whitfield")

#: Review title: summary, then (score, rationale) for need, savings potential, current performance,
#: risk, statutory duty, member and community feedback.
ASSESSMENTS = {
    "Homelessness Prevention and Temporary Accommodation": (
        "Demand for temporary accommodation has outrun every forecast and the council has a statutory "
        "duty to meet it; prevention is where the greatest need and the largest avoidable cost meet.",
        {
            "need": (
                5,
                "Households in temporary accommodation have risen from 140 to 265 in two years, with 38 "
                "families in bed and breakfast at the last count.",
            ),
            "savings": (
                4,
                "Nightly-paid temporary accommodation costs £1.9m a year over the subsidy the council "
                "can recover; leased and council-owned homes would cost far less per night.",
            ),
            "performance": (
                3,
                "Prevention outcomes are in line with similar councils, but the time families "
                "spend in bed and breakfast breaches the six-week limit for a third of them.",
            ),
            "risk": (
                5,
                "Legal challenge over unsuitable accommodation, and a budget overspend that grew each "
                "quarter this year.",
            ),
            "statutory": (
                5,
                "Housing Act 1996 Part 7 and the Homelessness Reduction Act 2017: prevention and "
                "relief duties, and the duty to secure suitable interim accommodation.",
            ),
            "feedback": (
                4,
                "Raised by ward councillors in Riverside and Eastbrook and by the Social and "
                "Community O&S committee in its review of housing advice.",
            ),
        },
    ),
    "Home to School Transport": (
        "A statutory duty whose cost has risen 12% this year with more pupils eligible; the route "
        "re-tendering is late, so savings and risk are both high.",
        {
            "need": (
                4,
                "Pupils with education, health and care plans who are eligible for transport rose by "
                "18% in three years; most travel in single-pupil taxis.",
            ),
            "savings": (
                4,
                "Shared minibus routes and independent travel training could save around £400,000 a "
                "year on a £3.1m budget, based on two neighbouring councils' results.",
            ),
            "performance": (
                3,
                "Journeys are punctual, but a quarter of routes exceed the recommended 45 minutes for primary pupils.",
            ),
            "risk": (
                4,
                "Two operators hold half the routes; if either fails the council must pay spot-hire "
                "rates with days' notice.",
            ),
            "statutory": (
                5,
                "Education Act 1996 sections 508A to 508C: the council must provide free travel to "
                "eligible children; the duty cannot be reduced, only delivered differently.",
            ),
            "feedback": (
                4,
                "Eastbrook parents' reports of long taxi journeys; the Parent Carer Forum has asked "
                "for a say in route changes.",
            ),
        },
    ),
    "Day Opportunities for Adults": (
        "Growing demand from younger adults with learning disabilities and a fragile provider market; "
        "the review is in delivery and its savings depend on keeping providers.",
        {
            "need": (
                4,
                "Young people moving from children's services will add about 30 adults a year needing "
                "day support for the next five years.",
            ),
            "savings": (
                4,
                "Moving from block contracts for building-based care to personal budgets and community "
                "activities is planned to save £350,000 a year.",
            ),
            "performance": (3, "Satisfaction is good, but two of five day centres run at under half their capacity."),
            "risk": (
                3,
                "Two providers have asked to renegotiate prices; a provider exit would leave families "
                "without care at short notice.",
            ),
            "statutory": (
                4,
                "Care Act 2014: eligible needs must be met and the council must shape a diverse, "
                "sustainable local market.",
            ),
            "feedback": (
                4,
                "Families in Riverside want the Riverside centre kept; Northgate carers ask for "
                "evening and weekend sessions.",
            ),
        },
    ),
    "Early Help for Families": (
        "Early help keeps families from needing statutory children's social care; the family hubs "
        "are open and the review now has to show the demand on social care falling.",
        {
            "need": (
                4,
                "Referrals to children's social care rose 11% last year; four in ten were families "
                "already known to universal services.",
            ),
            "savings": (
                3,
                "Savings come later, from fewer children coming into care; the review expects to "
                "avoid £250,000 a year of placement costs by the third year.",
            ),
            "performance": (
                3,
                "Re-referral rates are near the national average; the family hubs' first "
                "quarter met their targets for reach.",
            ),
            "risk": (
                4,
                "A rise in children coming into care would cost far more than the early help budget, "
                "and Ofsted inspects the early help offer.",
            ),
            "statutory": (
                3,
                "Children Act 2004 and Working Together to Safeguard Children 2023 expect an early "
                "help offer, though its form is for the council to decide.",
            ),
            "feedback": (
                3,
                "Councillors support the hubs; schools ask for more family support workers in the east of the borough.",
            ),
        },
    ),
    "Waste Collection and Recycling": (
        "The largest budget in scope and clear savings from the new rounds; the service is statutory "
        "and much watched by residents, though need is steady.",
        {
            "need": (
                2,
                "Demand grows only with new housing, about 600 homes a year; the service reaches "
                "every household already.",
            ),
            "savings": (
                5,
                "Re-routing and a four-day week for the crews save £600,000 a year on a £9.8m budget; "
                "higher recycling cuts disposal costs further.",
            ),
            "performance": (3, "The recycling rate is up four points to 47%, still below the 55% target for 2025."),
            "risk": (
                3,
                "The fleet is ageing; the Environment Act 2021 brings food waste collection from every "
                "home, with new costs not yet fully funded.",
            ),
            "statutory": (
                4,
                "Environmental Protection Act 1990 section 45: household waste must be collected; "
                "separate food waste collections are now required by law.",
            ),
            "feedback": (
                4,
                "Missed bins are the commonest subject of councillors' casework; the Environment O&S "
                "committee asked for the review.",
            ),
        },
    ),
    "Leisure Centres Management": (
        "A chance to save on ageing buildings and a contract that ends soon, but the service is not a "
        "statutory duty and need is met today.",
        {
            "need": (
                2,
                "Usage is steady at 1.1 million visits a year; the gaps are in the north of the borough, "
                "where the nearest pool is 5 miles away.",
            ),
            "savings": (
                4,
                "The management contract ends in 2028; a new contract or a leisure trust could remove "
                "the council's £600,000 annual subsidy.",
            ),
            "performance": (
                3,
                "Visits per head are in line with similar councils; two centres need roof and plant "
                "replacement within five years.",
            ),
            "risk": (
                3,
                "Energy costs doubled in two years, and the operator can pass them on under the present contract.",
            ),
            "statutory": (
                1,
                "No statutory duty to provide leisure centres; the council's public health duties "
                "are met in other ways too.",
            ),
            "feedback": (
                4,
                "Strong feeling from residents in the consultation on opening hours: 2,300 responses, "
                "most asking to keep every centre open.",
            ),
        },
    ),
    "Public Health Lifestyle Services": (
        "On hold until next year's public health grant is known; need is real but the risk and the savings are modest.",
        {
            "need": (3, "Smoking and obesity rates in Northgate and Eastbrook are well above the borough average."),
            "savings": (
                2,
                "The services are funded by the ring-fenced public health grant; bringing the three "
                "contracts together would save about £80,000 a year.",
            ),
            "performance": (
                3,
                "Stop-smoking quit rates are good; the weight-management service reaches too few "
                "people in the wards that need it most.",
            ),
            "risk": (2, "The contracts can be extended for a year, so there is time to wait for the grant."),
            "statutory": (
                3,
                "Health and Social Care Act 2012: the council must take steps to improve public "
                "health, and the grant conditions set what it is spent on.",
            ),
            "feedback": (2, "Little raised by members or residents beyond the annual public health report."),
        },
    ),
    "Facilities Management and Corporate Estate": (
        "Completed: the office rationalisation delivered its savings, so the review is no longer ranked.",
        {
            "need": (1, "An internal service: residents' need is not directly affected."),
            "savings": (
                4,
                "Closing two of five office buildings and one facilities contract in place of three "
                "was to save £450,000 a year.",
            ),
            "performance": (2, "Buildings were half-used after hybrid working began."),
            "risk": (3, "Backlog maintenance on the civic centre of £2m, and leases ending together."),
            "statutory": (1, "Statutory building compliance only, which any delivery model must meet."),
            "feedback": (1, "Little raised beyond members' interest in the use of the civic centre."),
        },
    ),
}


def _scored(summary: str, **criteria: tuple[int, str]) -> tuple[str, dict]:
    return summary, dict(criteria)


ASSESSMENTS |= {
    "Libraries and Community Hubs": _scored(
        "Visits have fallen a third since 2019 while the buildings cost more to run; hubs could carry "
        "other services to residents who need them.",
        need=(3, "Visits down a third since 2019; digital loans up, but older residents rely on branches."),
        savings=(3, "Eleven branches cost £2.1m a year; shared hubs would cut building costs."),
        performance=(3, "Satisfaction is high among users, but opening hours no longer match demand."),
        risk=(2, "A comprehensive and efficient service is a duty; closures would be challenged."),
        statutory=(4, "Public Libraries and Museums Act 1964 s.7: a comprehensive and efficient service."),
        feedback=(4, "Ward members raise library hours more than any other service."),
    ),
    "Parking Services": _scored(
        "The enforcement contract ends in March; the choice of who runs parking must be made on evidence.",
        need=(2, "Parking demand is steady; complaints about enforcement have risen."),
        savings=(3, "The enforcement contract costs £1.15m a year; surplus rules limit what can be saved."),
        performance=(2, "Appeals upheld against the council are twice the national rate."),
        risk=(4, "Without a decision by March there is no enforcement at all."),
        statutory=(3, "Traffic Management Act 2004: civil parking enforcement duties."),
        feedback=(3, "Town centre traders want shorter free stays enforced."),
    ),
    "Children's Residential Placements": _scored(
        "Placements outside the borough cost the most and keep children far from home; the need is rising.",
        need=(4, "Children in residential care have risen from 21 to 34 in three years."),
        savings=(4, "Average placement cost is £6,500 a week; in-borough homes would cost far less."),
        performance=(3, "Two thirds of placements are more than 20 miles from the borough."),
        risk=(3, "Unregistered placements have been used twice this year."),
        statutory=(5, "Children Act 1989 s.22G: the sufficiency duty."),
        feedback=(4, "The Corporate Parenting Panel asked for this review."),
    ),
}


def load() -> list:
    by = User.objects.filter(first_name=ASSESSOR[0], last_name=ASSESSOR[1]).first()
    if by is None:
        return []
    reviews = Review.objects.filter(title__in=ASSESSMENTS)
    assessed = set(PriorityAssessment.objects.filter(review__in=reviews).values_list("review_id", flat=True))
    for review in reviews:
        if review.pk in assessed:
            continue
        summary, criteria = ASSESSMENTS[review.title]
        services.priority_assess(
            review=review,
            scores={criterion: score for criterion, (score, _) in criteria.items()},
            rationales={criterion: rationale for criterion, (_, rationale) in criteria.items()},
            summary=summary,
            by=by,
        )
    return []
