"""The demo council: Northbridge Borough Council, a fictional English borough.

Its wards, councillors, Cabinet, officers and committees are shaped by the Overview and Scrutiny
minutes the product was born from: a Cabinet Member Corporate Services, an Assistant Chief
Executive who writes the report, three O&S committees, a Members Working Group and a Budget
Working Group, and Councillor McLain. Loading only adds what is missing, so it is safe to run again.
"""

import datetime
import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from council.demo import DEMO_PASSWORD, DemoLogin
from council.history import with_reason
from council.roles import Role

from . import services
from .consultations import demo as consultations_demo
from .models import Body, BodyKind, Member, Membership, MembershipRole, Officer, Party, Portfolio, Ward

User = get_user_model()

DOMAIN = "northbridge.example"
ELECTED_ON = datetime.date(2023, 5, 4)
TERM_ENDS_ON = datetime.date(2027, 5, 6)
#: The annual meeting of Council, when seats on committees were last allocated.
SEATS_FROM = datetime.date(2025, 5, 20)
REASON = "Added with the demo council"

PARTIES = {
    "C": ("Conservative", "Con"),
    "L": ("Labour", "Lab"),
    "D": ("Liberal Democrats", "LD"),
    "G": ("Green", "Green"),
    "I": None,  # independent
}

#: Ward: its councillors as "First Last/party". Five three-member wards, fifteen two-member wards.
WARDS = {
    "Abbey": ["Richard Hartley/C", "Margaret Dunmore/C", "Peter Walsh/C"],
    "Castle": ["Elizabeth Crane/C", "Graham Pollard/C", "Fiona Baxter/C"],
    "Northgate": ["Sandra Okoye/L", "Kevin Doherty/L", "Joanne Firth/L"],
    "Riverside": ["Alan McLain/D", "Helen Rowe/D", "Martin Kaye/D"],
    "Westfield": ["Paul Stanton/C", "Anne Lockwood/C", "Simon Thorne/C"],
    "Bridge": ["Michael Brennan/L", "Patricia Noble/L"],
    "Eastbrook": ["Rachel Gibbs/G", "Owen Pritchard/G"],
    "Fairfield": ["Jennifer Askew/C", "David Marlow/C"],
    "Greenacres": ["Colin Whitaker/C", "Susan Preece/C"],
    "Highfield": ["Nigel Ashworth/C", "Caroline Fry/C"],
    "Hillcrest": ["Stephen Hollis/I", "Barbara Quinn/C"],
    "Kingsmead": ["Yasmin Akhtar/L", "Daniel Reeves/L"],
    "Langley Park": ["Hugh Latimer/C", "Victoria Sands/C"],
    "Millbrook": ["Gordon Tate/I", "Karen Mellor/L"],
    "Moorside": ["Tariq Mahmood/L", "Lisa Cartwright/L"],
    "Oakwood": ["Jonathan Pike/C", "Eleanor Voss/C"],
    "Old Town": ["Catherine Ellery/D", "Robert Ings/D"],
    "Priory": ["Ian Feather/C", "Gillian Royle/C"],
    "St Mary's": ["Philip Garside/C", "Deborah Lunn/C"],
    "Southgate": ["Christopher Boyd/L", "Angela Moss/L"],
}

LEADER = "Elizabeth Crane"
#: Portfolio title: (Cabinet Member, responsibilities). The Leader holds Finance.
PORTFOLIOS = {
    "Finance": (LEADER, "The budget and medium-term financial strategy, savings, council tax and treasury management."),
    "Corporate Services": (
        "Richard Hartley",
        "Strategic commissioning, the Corporate Strategy, people, digital services, legal and democratic services.",
    ),
    "Adult Social Care and Health": (
        "Graham Pollard",
        "Care and support for adults, carers, public health and partnership with the NHS.",
    ),
    "Children and Families": (
        "Anne Lockwood",
        "Children's social care, early help, schools liaison and youth services.",
    ),
    "Environment and Climate": (
        "Colin Whitaker",
        "Waste and recycling, street cleaning, parks, the climate emergency action plan and flood risk.",
    ),
    "Housing and Regeneration": (
        "Hugh Latimer",
        "Housing strategy, homelessness, planning policy, the town centre and economic development.",
    ),
    "Communities and Leisure": (
        "Caroline Fry",
        "Community safety, the voluntary sector, leisure centres, libraries, arts and heritage.",
    ),
}

#: Officers: (name, job title, directorate, role).
OFFICERS = [
    ("Chris Doyle", "Systems Administrator", "Digital and ICT", Role.ADMINISTRATOR),
    ("Emma Clarke", "Committee Services Officer", "Corporate Services", Role.DEMOCRATIC_SERVICES),
    ("Tom Bradshaw", "Committee Services Officer", "Corporate Services", Role.DEMOCRATIC_SERVICES),
    ("Gareth Lloyd", "Head of Democratic Services", "Corporate Services", Role.DEMOCRATIC_SERVICES),
    ("Sarah Whitfield", "Head of Strategic Commissioning", "Chief Executive's Office", Role.COMMISSIONING_OFFICER),
    ("James Penrose", "Commissioning Manager", "Chief Executive's Office", Role.COMMISSIONING_OFFICER),
    ("Andrew Kerr", "Chief Finance Officer (Section 151 Officer)", "Finance", Role.FINANCE_OFFICER),
    ("Nadia Hussain", "Finance Business Partner", "Finance", Role.FINANCE_OFFICER),
    ("David Okonjo", "Assistant Chief Executive", "Chief Executive's Office", Role.OFFICER),
    ("Helen Marsh", "Chief Executive", "Chief Executive's Office", Role.OFFICER),
    ("Priya Shah", "Monitoring Officer and Head of Legal Services", "Corporate Services", Role.OFFICER),
    ("Lucy Fenwick", "Performance and Insight Manager", "Chief Executive's Office", Role.OFFICER),
    ("Mark Ellison", "Policy Officer", "Chief Executive's Office", Role.OFFICER),
]

#: A statutory education co-optee on Social and Community O&S: a person who is neither member nor officer.
CO_OPTEE = ("Mrs", "Janet", "Holroyd", "janet.holroyd@example.org")


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

#: The sign-ins shown after loading, one per role: (role, person).
LOGINS = [
    (Role.ADMINISTRATOR, "Chris Doyle"),
    (Role.DEMOCRATIC_SERVICES, "Emma Clarke"),
    (Role.COMMISSIONING_OFFICER, "Sarah Whitfield"),
    (Role.FINANCE_OFFICER, "Andrew Kerr"),
    (Role.OFFICER, "David Okonjo"),
    (Role.CABINET_MEMBER, "Richard Hartley"),
    (Role.COUNCILLOR, "Alan McLain"),
]


def _ensure(model, defaults=None, **lookup):
    """The row matching ``lookup``, created with ``defaults`` if missing; an existing row is left alone."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **(defaults or {}))
        with_reason(obj, REASON).save()
    return obj


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def _email(first: str, last: str) -> str:
    return f"{first}.{last}".lower().replace("'", "").replace(" ", "-") + f"@{DOMAIN}"


def _person(first: str, last: str, *, email: str = "", title: str = "", can_sign_in: bool = True):
    email = email or _email(first, last)
    person = User.objects.filter(email=email).first()
    if person is None:
        person = User(email=email, first_name=first, last_name=last, title=title)
        if can_sign_in:
            # One hash for every demo sign-in (the password is printed for all to see anyway):
            # hashing 58 times at full strength would add about 18 seconds to `make run`.
            person.password = _demo_password_hash()
        else:
            person.set_unusable_password()
        with_reason(person, REASON).save()
    return person


def _load_councillors(groups) -> dict[str, User]:
    parties = {
        code: _ensure(Party, {"abbreviation": spec[1]}, name=spec[0]) if spec else None
        for code, spec in PARTIES.items()
    }
    cabinet = {holder for holder, _ in PORTFOLIOS.values()}
    people = {}
    for ward_name, councillors in WARDS.items():
        ward = _ensure(Ward, name=ward_name)
        for entry in councillors:
            name, party = entry.split("/")
            first, last = name.split(" ", 1)
            person = _person(first, last)
            _ensure(
                Member,
                {"ward": ward, "party": parties[party], "elected_on": ELECTED_ON, "term_ends_on": TERM_ENDS_ON},
                user=person,
            )
            person.groups.add(groups[Role.COUNCILLOR])
            if name in cabinet:
                person.groups.add(groups[Role.CABINET_MEMBER])
            people[name] = person
    for title, (holder, responsibilities) in PORTFOLIOS.items():
        _ensure(
            Portfolio,
            {"cabinet_member": people[holder].member, "responsibilities": responsibilities},
            title=title,
        )
    return people


def _load_officers(groups) -> dict[str, User]:
    people = {}
    for name, job_title, directorate, role in OFFICERS:
        first, last = name.split(" ", 1)
        person = _person(first, last)
        _ensure(Officer, {"job_title": job_title, "directorate": directorate}, user=person)
        person.groups.add(groups[role])
        people[name] = person
    return people


def _load_bodies(people: dict[str, User], councillors: dict[str, User]) -> dict[str, Body]:
    bodies: dict[str, Body] = {}
    for slug, name, kind, parent, start, purpose, seated in BODIES:
        bodies[slug] = body = _ensure(
            Body,
            {"name": name, "kind": kind, "parent": bodies.get(parent), "purpose": purpose, "start_date": start},
            slug=slug,
        )
        if kind == BodyKind.COUNCIL:
            seated = dict.fromkeys(councillors, MembershipRole.MEMBER) | seated
        for person_name, role in seated.items():
            _ensure(
                Membership,
                {"role": role},
                body=body,
                person=people[person_name],
                start_date=SEATS_FROM,
            )
    return bodies


def _assign_clerks(people: dict[str, User], bodies: dict[str, Body]) -> None:
    for clerk, slugs in CLERKS.items():
        for slug in slugs:
            # Granting is idempotent; the demo is loaded by the system, not by a person.
            services.body_assign_clerk(body=bodies[slug], clerk=people[clerk], by=None)


def load() -> list[DemoLogin]:
    groups = {role: Group.objects.get(name=role.value) for role in Role}
    councillors = _load_councillors(groups)
    officers = _load_officers(groups)
    title, first, last, email = CO_OPTEE
    co_optee = _person(first, last, email=email, title=title, can_sign_in=False)
    people = {**councillors, **officers, f"{first} {last}": co_optee}
    bodies = _load_bodies(people, councillors)
    _assign_clerks(people, bodies)
    consultations_demo.load()
    return [DemoLogin(role.value, people[name].get_full_name(), people[name].email) for role, name in LOGINS]
