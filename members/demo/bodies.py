"""The demo council's bodies: Council, Cabinet, three overview and scrutiny committees and two
working groups, their seats, and who clerks them."""

import datetime

from django.contrib.auth import get_user_model

from .. import services
from ..models import Body, BodyKind, Membership, MembershipRole
from .people import LEADER, PORTFOLIOS, ensure

User = get_user_model()

#: The annual meeting of Council, when seats on committees were last allocated.
SEATS_FROM = datetime.date(2025, 5, 20)


def _seats(chair, vice_chair, *members, substitutes=(), co_opted=()) -> dict[str, MembershipRole]:
    """A body's seats as {person's name: role}; the Chair and Vice-Chair are never plain members too."""
    named = {chair: MembershipRole.CHAIR, vice_chair: MembershipRole.VICE_CHAIR}
    others = (
        dict.fromkeys(members, MembershipRole.MEMBER)
        | dict.fromkeys(substitutes, MembershipRole.SUBSTITUTE)
        | dict.fromkeys(co_opted, MembershipRole.CO_OPTED)
    )
    return {name: role for name, role in (named | others | named).items() if name}


#: Bodies: (slug, name, kind, parent slug, start date, purpose, seats).
BODIES = [
    (
        "council",
        "Council",
        BodyKind.COUNCIL,
        None,
        None,
        "All 45 councillors meet as Council to set the budget and council tax, agree the Corporate Strategy "
        "and the policy framework, appoint the Leader and committees, and decide the constitution. "
        "Its meetings are chaired by the Chair of Council.",
        _seats("Margaret Dunmore", "Nigel Ashworth"),  # every other councillor is added as a member
    ),
    (
        "cabinet",
        "Cabinet",
        BodyKind.CABINET,
        None,
        None,
        "The Leader and the Cabinet Members form the council's executive. Cabinet takes most decisions "
        "about services, develops the Commissioning Work Plan with officers and proposes the budget to "
        "Council. Each Cabinet Member is accountable for the services in their portfolio.",
        _seats(LEADER, "Richard Hartley", *(holder for holder, _ in PORTFOLIOS.values())),
    ),
    (
        "overview-and-scrutiny-committee",
        "Overview and Scrutiny Committee",
        BodyKind.OVERVIEW_SCRUTINY,
        None,
        None,
        "Holds Cabinet to account and helps develop policy across the council. It looks at how the move "
        "to strategic commissioning is working, asks for the schedule of commissioning reviews and the "
        "reasons for their priority, and checks that the savings claimed in the budget are realised. "
        "Cabinet Members do not sit on scrutiny committees.",
        _seats(
            "Michael Brennan",
            "Paul Stanton",
            *["Alan McLain", "Simon Thorne", "Jennifer Askew", "Susan Preece", "Barbara Quinn"],
            *["Sandra Okoye", "Rachel Gibbs", "Stephen Hollis"],
            substitutes=["Jonathan Pike", "Karen Mellor"],
        ),
    ),
    (
        "social-and-community-overview-and-scrutiny-committee",
        "Social and Community Overview and Scrutiny Committee",
        BodyKind.OVERVIEW_SCRUTINY,
        None,
        None,
        "Scrutinises adult social care and health, children and families, housing, community safety, "
        "and leisure. It monitors how well these services deliver the outcomes agreed for them, "
        "including those secured through commissioning reviews.",
        _seats(
            "Peter Walsh",
            "Yasmin Akhtar",
            *["Fiona Baxter", "Eleanor Voss", "Ian Feather", "Kevin Doherty"],
            *["Helen Rowe", "Gordon Tate", "Angela Moss"],
            co_opted=["Janet Holroyd"],
        ),
    ),
    (
        "environment-overview-and-scrutiny-committee",
        "Environment Overview and Scrutiny Committee",
        BodyKind.OVERVIEW_SCRUTINY,
        None,
        None,
        "Scrutinises waste and recycling, street scene, parks, transport, planning policy and the "
        "council's response to the climate emergency, and monitors the performance indicators for them.",
        _seats(
            "Catherine Ellery",
            "David Marlow",
            *["Gillian Royle", "Philip Garside", "Deborah Lunn", "Victoria Sands"],
            *["Joanne Firth", "Tariq Mahmood", "Owen Pritchard"],
        ),
    ),
    (
        "members-working-group",
        "Members Working Group",
        BodyKind.WORKING_GROUP,
        "cabinet",
        datetime.date(2025, 6, 2),
        "A cross-party group first set up to assess the case for becoming a strategic commissioning "
        "authority, now agreeing the role of members in it: who is involved in each commissioning review, "
        "when and how, so that every member can feed back the needs of their ward and act as a critical "
        "friend in the analysis and planning stages.",
        _seats("Richard Hartley", None, "Simon Thorne", "Daniel Reeves", "Martin Kaye", "Rachel Gibbs", "Gordon Tate"),
    ),
    (
        "budget-working-group",
        "Budget Working Group",
        BodyKind.WORKING_GROUP,
        "cabinet",
        datetime.date(2025, 6, 2),
        "A cross-party group that examines the draft budget before Cabinet proposes it to Council, "
        "including the savings expected from commissioning and who is accountable for realising them.",
        _seats(LEADER, None, "Jonathan Pike", "Barbara Quinn", "Christopher Boyd", "Lisa Cartwright", "Robert Ings"),
    ),
]

#: Each committee clerk and the bodies they clerk.
CLERKS = {
    "Emma Clarke": [
        "overview-and-scrutiny-committee",
        "social-and-community-overview-and-scrutiny-committee",
        "members-working-group",
    ],
    "Tom Bradshaw": ["environment-overview-and-scrutiny-committee", "council", "cabinet", "budget-working-group"],
}


def load_bodies(people: dict[str, User], councillors: dict[str, User]) -> dict[str, Body]:
    bodies: dict[str, Body] = {}
    for slug, name, kind, parent, start, purpose, seated in BODIES:
        bodies[slug] = body = ensure(
            Body,
            {"name": name, "kind": kind, "parent": bodies.get(parent), "purpose": purpose, "start_date": start},
            slug=slug,
        )
        if kind == BodyKind.COUNCIL:
            seated = dict.fromkeys(councillors, MembershipRole.MEMBER) | seated
        for person_name, role in seated.items():
            ensure(
                Membership,
                {"role": role},
                body=body,
                person=people[person_name],
                start_date=SEATS_FROM,
            )
    return bodies


def assign_clerks(people: dict[str, User], bodies: dict[str, Body]) -> None:
    for clerk, slugs in CLERKS.items():
        for slug in slugs:
            # Granting is idempotent; the demo is loaded by the system, not by a person.
            services.body_assign_clerk(body=bodies[slug], clerk=people[clerk], by=None)
