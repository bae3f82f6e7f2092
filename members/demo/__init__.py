"""The demo council: Northbridge Borough Council, a fictional English borough.

Its wards, councillors, Cabinet, officers and committees are shaped by the Overview and Scrutiny
minutes the product was born from: a Cabinet Member Corporate Services, an Assistant Chief
Executive who writes the report, three O&S committees, a Members Working Group and a Budget
Working Group, and Councillor McLain. Loading only adds what is missing, so it is safe to run again.
"""

from django.contrib.auth.models import Group

from council.demo import DemoLogin
from council.roles import Role

from ..consultations import demo as consultations_demo
from . import interests as interests_demo
from .bodies import BODIES, CLERKS, SEATS_FROM, assign_clerks, load_bodies
from .elections import load_last_election
from .people import (
    CO_OPTEE,
    DOMAIN,
    ELECTED_ON,
    LEADER,
    OFFICERS,
    PARTIES,
    PORTFOLIOS,
    REASON,
    TERM_ENDS_ON,
    WARDS,
    add_person,
    load_councillors,
    load_officers,
)

__all__ = [
    "BODIES",
    "CLERKS",
    "CO_OPTEE",
    "DOMAIN",
    "ELECTED_ON",
    "LEADER",
    "LOGINS",
    "OFFICERS",
    "PARTIES",
    "PORTFOLIOS",
    "REASON",
    "SEATS_FROM",
    "TERM_ENDS_ON",
    "WARDS",
    "load",
]

#: The sign-ins shown after loading, one per role: (role, person).
LOGINS = [
    (Role.ADMINISTRATOR, "Chris Doyle"),
    (Role.DEMOCRATIC_SERVICES, "Emma Clarke"),
    (Role.COMMISSIONING_OFFICER, "Sarah Whitfield"),
    (Role.FINANCE_OFFICER, "Andrew Kerr"),
    (Role.MONITORING_OFFICER, "Priya Shah"),
    (Role.OFFICER, "David Okonjo"),
    (Role.CABINET_MEMBER, "Richard Hartley"),
    (Role.COUNCILLOR, "Alan McLain"),
]


def load() -> list[DemoLogin]:
    groups = {role: Group.objects.get(name=role.value) for role in Role}
    councillors = load_councillors(groups)
    officers = load_officers(groups)
    title, first, last, email = CO_OPTEE
    co_optee = add_person(first, last, email=email, title=title, can_sign_in=False)
    people = {**councillors, **officers, f"{first} {last}": co_optee}
    load_last_election(recorded_by=officers["Emma Clarke"])
    bodies = load_bodies(people, councillors)
    assign_clerks(people, bodies)
    consultations_demo.load()
    interests_demo.load(people)
    return [DemoLogin(role.value, people[name].get_full_name(), people[name].email) for role, name in LOGINS]
