"""The demo council's people: its wards and councillors, the Cabinet and its portfolios, officers,
and a co-opted member. Loading only adds what is missing, so it is safe to run again."""

import datetime
import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from council.demo import DEMO_PASSWORD
from council.history import with_reason
from council.roles import Role

from ..models import Member, Officer, Party, Portfolio, Ward

User = get_user_model()

DOMAIN = "northbridge.example"
ELECTED_ON = datetime.date(2023, 5, 4)
TERM_STARTS_ON = datetime.date(2023, 5, 8)  # the fourth day after the poll (LGA 1972 s.7(4))
TERM_ENDS_ON = datetime.date(2027, 5, 9)  # the last day: they retire on the fourth day after the 2027 poll
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
    ("Priya Shah", "Monitoring Officer and Head of Legal Services", "Corporate Services", Role.MONITORING_OFFICER),
    ("Lucy Fenwick", "Performance and Insight Manager", "Chief Executive's Office", Role.OFFICER),
    ("Mark Ellison", "Policy Officer", "Chief Executive's Office", Role.OFFICER),
]

#: A statutory education co-optee on Social and Community O&S: a person who is neither member nor officer.
CO_OPTEE = ("Mrs", "Janet", "Holroyd", "janet.holroyd@example.org")


def ensure(model, defaults=None, **lookup):
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


def add_person(first: str, last: str, *, email: str = "", title: str = "", can_sign_in: bool = True):
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


def load_councillors(groups) -> dict[str, User]:
    parties = {
        code: ensure(Party, {"abbreviation": spec[1]}, name=spec[0]) if spec else None for code, spec in PARTIES.items()
    }
    cabinet = {holder for holder, _ in PORTFOLIOS.values()}
    people = {}
    for ward_name, councillors in WARDS.items():
        ward = ensure(Ward, name=ward_name)
        for entry in councillors:
            name, party = entry.split("/")
            first, last = name.split(" ", 1)
            person = add_person(first, last)
            ensure(
                Member,
                {
                    "ward": ward,
                    "party": parties[party],
                    "elected_on": ELECTED_ON,
                    "term_starts_on": TERM_STARTS_ON,
                    "term_ends_on": TERM_ENDS_ON,
                },
                user=person,
            )
            person.groups.add(groups[Role.COUNCILLOR])
            if name in cabinet:
                person.groups.add(groups[Role.CABINET_MEMBER])
            people[name] = person
    for title, (holder, responsibilities) in PORTFOLIOS.items():
        ensure(
            Portfolio,
            {"cabinet_member": people[holder].member, "responsibilities": responsibilities},
            title=title,
        )
    return people


def load_officers(groups) -> dict[str, User]:
    people = {}
    for name, job_title, directorate, role in OFFICERS:
        first, last = name.split(" ", 1)
        person = add_person(first, last)
        ensure(Officer, {"job_title": job_title, "directorate": directorate}, user=person)
        person.groups.add(groups[role])
        if role == Role.MONITORING_OFFICER:
            person.groups.add(groups[Role.OFFICER])  # the Monitoring Officer is an officer too
        people[name] = person
    return people
