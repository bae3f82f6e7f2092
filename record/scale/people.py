"""The council's people over the decade: the councillors of the terms before the demo's (each a
person and a councillor's record, in the demo's wards and parties), the committees the council had
(standing ones throughout, an old scrutiny structure replaced halfway, task and finish groups a
year each) and their seats, term by term."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from council import permissions
from council.roles import Role
from members.models import Body, BodyKind, Member, Membership, MembershipRole, Party, Ward
from members.services.bodies import body_assign_clerk

from .base import REASON, Plan, Writer, at, dated, rng

User = get_user_model()

#: All-out elections every four years; the demo's councillors were elected in 2023.
ELECTIONS = [datetime.date(2011, 5, 5), datetime.date(2015, 5, 7), datetime.date(2019, 5, 2)]
DEMO_TERM_STARTS = datetime.date(2023, 5, 8)
SEATS = 45

FIRST = """
Adam Alice Andrew Angela Anthony Barry Bernard Brian Carol Charles Christine Clive Colin Denise Derek Diane Donald
Dorothy Edward Eileen Frances Frank Gary Geoffrey Gloria Harold Heather Irene Jack Janet Jeremy Joan Judith Julian
Keith Kenneth Lesley Linda Malcolm Marion Maureen Neil Norman Pamela Pauline Raymond Roger Rosemary Ruth Sheila
Shirley Stuart Terence Trevor Valerie Vivienne Wendy
""".split()  # noqa: SIM905 (names, one space apart)
LAST = """
Abbott Atherton Bamford Barlow Beckett Birch Blakey Booth Brook Buckley Cartwright Chadwick Clegg Crossley Dawson
Dickinson Eastwood Fletcher Gledhill Greenwood Haigh Hardcastle Holroyd Horsfall Ibbotson Jagger Kershaw Lumb Marsden
Mellor Naylor Oldroyd Pickles Priestley Ramsden Redfearn Schofield Senior Shackleton Sugden Sutcliffe Swallow Thackray
Tolson Utley Wadsworth Whiteley Wilkinson Womersley Wrigley
""".split()  # noqa: SIM905


@dataclass(frozen=True)
class Term:
    starts: datetime.date
    ends: datetime.date  # the last day
    councillors: tuple  # users

    def covers(self, day: datetime.date) -> bool:
        return self.starts <= day <= self.ends


@dataclass(frozen=True)
class BodySpec:
    name: str
    code: str
    kind: str
    per_year: int
    hour: int
    venue: str
    span: str  # "all" the decade, its "early" half, its "late" half, or "one" municipal year


CHAMBER, ROOM_1, ROOM_2, ROOM_3 = (
    "Council Chamber, Town Hall",
    "Committee Room 1, Town Hall",
    "Committee Room 2, Town Hall",
    "Committee Room 3, Town Hall",
)
K = BodyKind
BODIES = [
    BodySpec("Planning Committee", "PLAN", K.COMMITTEE, 14, 18, CHAMBER, "all"),
    # Second, so that even a small load has scrutiny: its recommendations, and call-ins to consider.
    BodySpec("Children and Young People Scrutiny Panel", "CYP", K.OVERVIEW_SCRUTINY, 6, 18, ROOM_1, "all"),
    BodySpec("Licensing Committee", "LIC", K.COMMITTEE, 4, 18, ROOM_1, "all"),
    BodySpec("Audit and Governance Committee", "AGC", K.COMMITTEE, 6, 18, ROOM_1, "all"),
    BodySpec("Standards Committee", "STD", K.COMMITTEE, 4, 17, ROOM_2, "all"),
    BodySpec("Licensing Sub-Committee", "LSC", K.COMMITTEE, 18, 10, ROOM_3, "all"),
    BodySpec("Planning Sub-Committee (North)", "PSN", K.COMMITTEE, 10, 18, ROOM_1, "all"),
    BodySpec("Planning Sub-Committee (South)", "PSS", K.COMMITTEE, 10, 18, ROOM_2, "all"),
    BodySpec("Appointments and Employment Committee", "AEC", K.COMMITTEE, 3, 16, ROOM_3, "all"),
    BodySpec("Pensions Committee", "PEN", K.COMMITTEE, 4, 14, ROOM_3, "all"),
    BodySpec("Corporate Parenting Panel", "CPP", K.COMMITTEE, 6, 14, ROOM_2, "all"),
    BodySpec("Health and Wellbeing Board", "HWB", K.COMMITTEE, 5, 14, CHAMBER, "all"),
    BodySpec(
        "Housing and Communities Overview and Scrutiny Committee", "HCOS", K.OVERVIEW_SCRUTINY, 7, 18, ROOM_2, "early"
    ),
    BodySpec("Resources Overview and Scrutiny Committee", "ROS", K.OVERVIEW_SCRUTINY, 7, 18, ROOM_1, "early"),
    BodySpec("Place Overview and Scrutiny Committee", "POS", K.OVERVIEW_SCRUTINY, 7, 18, ROOM_2, "early"),
    BodySpec("Health Scrutiny Panel", "HSP", K.OVERVIEW_SCRUTINY, 6, 14, ROOM_3, "late"),
    BodySpec("Economy and Skills Scrutiny Panel", "ESP", K.OVERVIEW_SCRUTINY, 6, 18, ROOM_3, "late"),
    BodySpec("Flooding Task and Finish Group", "FLD", K.TASK_AND_FINISH, 6, 17, ROOM_3, "one"),
    BodySpec("Town Centres Task and Finish Group", "TCT", K.TASK_AND_FINISH, 6, 17, ROOM_3, "one"),
    BodySpec("Bus Services Task and Finish Group", "BUS", K.TASK_AND_FINISH, 6, 17, ROOM_3, "one"),
    BodySpec("Homelessness Task and Finish Group", "HOM", K.TASK_AND_FINISH, 6, 17, ROOM_3, "one"),
    BodySpec("Climate Emergency Task and Finish Group", "CLI", K.TASK_AND_FINISH, 6, 17, ROOM_3, "one"),
    BodySpec("Air Quality Task and Finish Group", "AIR", K.TASK_AND_FINISH, 6, 17, ROOM_3, "one"),
    BodySpec("Libraries Task and Finish Group", "LIB", K.TASK_AND_FINISH, 6, 17, ROOM_3, "one"),
    BodySpec("Leisure Task and Finish Group", "LEI", K.TASK_AND_FINISH, 6, 17, ROOM_3, "one"),
    BodySpec("School Transport Task and Finish Group", "STR", K.TASK_AND_FINISH, 6, 17, ROOM_3, "one"),
    BodySpec("Local Plan Working Group", "LPW", K.WORKING_GROUP, 6, 16, ROOM_3, "all"),
    BodySpec("Constitution Working Group", "CWG", K.WORKING_GROUP, 3, 16, ROOM_3, "all"),
    BodySpec("Climate Change Working Group", "CCW", K.WORKING_GROUP, 4, 16, ROOM_3, "late"),
    BodySpec("Procurement Working Group", "PWG", K.WORKING_GROUP, 4, 16, ROOM_3, "early"),
    BodySpec("Digital Services Cabinet Working Group", "DSW", K.CABINET_WORKING_GROUP, 4, 14, ROOM_1, "late"),
    BodySpec("Asset Review Cabinet Working Group", "ARW", K.CABINET_WORKING_GROUP, 4, 14, ROOM_1, "early"),
    BodySpec("Member Development Working Group", "MDW", K.WORKING_GROUP, 3, 16, ROOM_3, "all"),
]
#: The demo's Council and Cabinet met through the decade too (by slug): their meetings are among the
#: decade's, Cabinet's business with its executive decisions. Their seats until the demo's begin.
DEMO_BODIES = {
    "council": BodySpec("Council", "", K.COUNCIL, 6, 19, CHAMBER, "all"),
    "cabinet": BodySpec("Cabinet", "", K.CABINET, 10, 10, ROOM_1, "all"),
}
DEMO_SEATS_FROM = datetime.date(2025, 5, 20)  # members.demo.bodies.SEATS_FROM


@dataclass
class Council:
    """The people every later part of the load refers to."""

    terms: list[Term]
    clerks: list  # Democratic Services officers (users)
    officers: list  # officers who write reports and lead reviews (users)
    finance: list  # finance officers (users)
    members_of: dict  # user pk -> Member
    bodies: list  # (Body, BodySpec, first municipal year, last municipal year)
    clerk_of: dict  # body pk -> the clerk (user) who publishes its agendas

    def term_on(self, day: datetime.date) -> Term:
        for term in self.terms:
            if term.covers(day):
                return term
        return self.terms[-1]


def _with_role(role: str) -> list:
    return list(User.objects.filter(groups__name=str(role), is_active=True).order_by("pk"))


def _demo_term() -> Term:
    members = Member.objects.filter(term_starts_on=DEMO_TERM_STARTS).select_related("user").order_by("pk")
    users = tuple(member.user for member in members)
    return Term(DEMO_TERM_STARTS, datetime.date(2027, 5, 9), users)


def load_councillors(writer: Writer, plan: Plan, seed: int) -> tuple[list[Term], dict]:
    """The councillors of each term before the demo's that the decade reaches: new people, their
    sign-in closed (former councillors), elected in the demo's wards for its parties."""
    random = rng(seed, "councillors")
    wards = list(Ward.objects.order_by("pk"))
    parties = [*Party.objects.order_by("pk"), None]
    councillor_group = Group.objects.get(name=str(Role.COUNCILLOR))
    first_day = datetime.date(plan.first_year, 5, 1)
    terms: list[Term] = []
    users, members = [], []
    used: set[str] = set(User.objects.values_list("email", flat=True))
    for n, polled in enumerate(ELECTIONS):
        starts = polled + datetime.timedelta(days=4)
        ends = (
            ELECTIONS[n + 1] + datetime.timedelta(days=3)
            if n + 1 < len(ELECTIONS)
            else DEMO_TERM_STARTS - datetime.timedelta(days=1)
        )
        if ends < first_day:
            continue
        people = []
        for seat in range(SEATS):
            first, last = random.choice(FIRST), random.choice(LAST)
            email = f"{first}.{last}".lower()
            suffix = 2
            while f"{email}@former.northbridge.example" in used:
                email, suffix = f"{first}.{last}{suffix}".lower(), suffix + 1
            email = f"{email}@former.northbridge.example"
            used.add(email)
            user = dated(
                User(email=email, first_name=first, last_name=last, date_joined=at(starts), is_active=False),
                at(starts),
            )
            user.set_unusable_password()
            people.append(user)
            members.append(
                (
                    user,
                    {
                        "ward": wards[seat % len(wards)],
                        "party": parties[random.randrange(len(parties))],
                        "elected_on": polled,
                        "term_starts_on": starts,
                        "term_ends_on": ends,
                        "is_public": True,
                    },
                )
            )
        users.extend(people)
        terms.append(Term(starts, ends, tuple(people)))
    writer.create(User, users)
    Through = User.groups.through
    writer.create(Through, [Through(user_id=user.pk, group_id=councillor_group.pk) for user in users])
    made = writer.create(
        Member, [dated(Member(user=user, **values), at(values["term_starts_on"])) for user, values in members]
    )
    demo = _demo_term()
    terms.append(demo)
    members_of = {member.user_id: member for member in made}
    members_of.update({m.user_id: m for m in Member.objects.filter(user__in=demo.councillors)})
    return terms, members_of


def _span(spec: BodySpec, index: int, years: list[int]) -> tuple[int, int]:
    half = len(years) // 2
    if spec.span == "early":
        return years[0], years[max(half - 1, 0)]
    if spec.span == "late":
        return years[min(half, len(years) - 1)], years[-1]
    if spec.span == "one":
        year = years[(index * 3) % len(years)]
        return year, year
    return years[0], years[-1]


def load_bodies(writer: Writer, plan: Plan, seed: int, council: "Council") -> None:
    random = rng(seed, "bodies")
    years = plan.municipal_years
    chosen = BODIES[: min(len(BODIES), plan.count("bodies", least=2))]
    parent = Body.objects.filter(kind=BodyKind.OVERVIEW_SCRUTINY).order_by("pk").first()
    rows = []
    for index, spec in enumerate(chosen):
        first, last = _span(spec, index, years)
        starts = datetime.date(first, 5, 1) if first > years[0] else None
        if spec.span == "one":
            starts, ends = datetime.date(first, 6, 1), datetime.date(first + 1, 3, 31)
        else:
            ends = datetime.date(last + 1, 4, 30) if last < years[-1] else None
        slug = spec.name.lower().replace("(", "").replace(")", "").replace(" ", "-")
        body = Body(
            name=spec.name,
            slug=slug,
            code=spec.code,
            kind=spec.kind,
            parent=parent if spec.kind == BodyKind.TASK_AND_FINISH else None,
            purpose=f"The {spec.name} of Northbridge Borough Council.",
            start_date=starts,
            end_date=ends,
        )
        rows.append(dated(body, at(starts or datetime.date(years[0], 5, 1))))
        council.bodies.append((body, spec, first, last))
    writer.create(Body, rows)
    for number, (body, _spec, _first, _last) in enumerate(council.bodies):
        if council.clerks:
            council.clerk_of[body.pk] = clerk = council.clerks[number % len(council.clerks)]
            body_assign_clerk(body=body, clerk=clerk, by=None)
    for slug, spec in DEMO_BODIES.items():
        body = Body.objects.filter(slug=slug).first()
        if body is not None and body.start_date is None:
            council.bodies.append((body, spec, years[0], years[-1]))
            clerk = permissions.holders("members.change_body", body).order_by("pk").first()
            council.clerk_of[body.pk] = clerk or (council.clerks[0] if council.clerks else None)
    seats = []
    for body, spec, first, _last in council.bodies:
        demo = spec in DEMO_BODIES.values()
        body_from = body.start_date or datetime.date(first, 5, 1)
        body_to = DEMO_SEATS_FROM - datetime.timedelta(days=1) if demo else body.end_date
        size = 6 if spec.kind == BodyKind.TASK_AND_FINISH else random.randint(8, 13)
        if spec.kind == BodyKind.COUNCIL:
            size = SEATS
        for term in council.terms:
            start = max(term.starts, body_from)
            end = term.ends if body_to is None else min(term.ends, body_to)
            if start > end or not term.councillors:
                continue
            open_ended = body_to is None and term is council.terms[-1]
            people = random.sample(term.councillors, min(size, len(term.councillors)))
            for seat, person in enumerate(people):
                role = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR)[seat] if seat < 2 else MembershipRole.MEMBER
                membership = Membership(
                    body=body, person=person, role=role, start_date=start, end_date=None if open_ended else end
                )
                seats.append(dated(membership, at(start)))
    writer.create(Membership, seats)


def load(writer: Writer, plan: Plan, seed: int) -> Council:
    terms, members_of = load_councillors(writer, plan, seed)
    officers = [
        user for user in _with_role(Role.OFFICER) + _with_role(Role.COMMISSIONING_OFFICER) if hasattr(user, "officer")
    ]
    council = Council(
        terms=terms,
        clerks=_with_role(Role.DEMOCRATIC_SERVICES),
        officers=list(dict.fromkeys(officers)),
        finance=_with_role(Role.FINANCE_OFFICER),
        members_of=members_of,
        bodies=[],
        clerk_of={},
    )
    load_bodies(writer, plan, seed, council)
    return council


__all__ = ["REASON", "Council", "load"]
