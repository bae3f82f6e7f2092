"""Changes to the council's own data: wards, parties and their groups, councillors, officers and
portfolios. Each is one transaction with the acting person named; a rule that forbids the change
raises RuleError in words a clerk can act on, on the form field it concerns.

Nothing here deletes: a ward, party, officer or portfolio the council stops using is retired on a
day, and stays in the history of everything that named it (past minutes, former councillors).
Ending a councillor's term is its own action (an election or a vacancy), not a change of details.
"""

import datetime
import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from council import permissions
from council import services as council_services
from council.errors import RuleError
from council.history import with_reason
from council.roles import Role

from ..models import SCRUTINY_BODY_KINDS, Member, Membership, Officer, Party, Portfolio, Ward
from .photos import check_photo

User = get_user_model()

#: An ONS ward code in England: E05 and six digits (e.g. E05012345).
ONS_WARD_CODE = re.compile(r"E05\d{6}")


def _today() -> datetime.date:
    return timezone.localdate()


def _set(obj, changes: dict, editable: tuple[str, ...]) -> None:
    unknown = set(changes) - set(editable)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _retire(obj, *, by, on: datetime.date | None, reason: str):
    if obj.retired_on is not None:
        raise RuleError(f"{obj} was already retired on {obj.retired_on:%-d %B %Y}", field="retired_on")
    obj.retired_on = on or _today()
    with_reason(obj, reason, by=by).save()
    return obj


def _unique(model, field: str, value: str, exclude_pk, message: str) -> None:
    if model.objects.filter(**{f"{field}__iexact": value.strip()}).exclude(pk=exclude_pk).exists():
        raise RuleError(message, field=field)


# Wards

_WARD_FIELDS = ("name", "code")


def _check_ward(ward: Ward) -> None:
    ward.code = ward.code.strip().upper()
    if ward.code and not ONS_WARD_CODE.fullmatch(ward.code):
        raise RuleError("Enter an ONS ward code in the correct format, like E05012345", field="code")
    _unique(Ward, "name", ward.name, ward.pk, "A ward with this name already exists")
    if ward.code and Ward.objects.filter(code=ward.code).exclude(pk=ward.pk).exists():
        raise RuleError("Another ward already has this ONS code", field="code")


@transaction.atomic
def ward_create(*, by, name: str, code: str = "") -> Ward:
    ward = Ward()
    _set(ward, {"name": name, "code": code}, _WARD_FIELDS)
    _check_ward(ward)
    with_reason(ward, "Ward added", by=by).save()
    return ward


@transaction.atomic
def ward_update(*, ward: Ward, by, **changes) -> Ward:
    _set(ward, changes, _WARD_FIELDS)
    _check_ward(ward)
    with_reason(ward, "Ward details changed", by=by).save()
    return ward


@transaction.atomic
def ward_retire(*, ward: Ward, by, on: datetime.date | None = None) -> Ward:
    """Stop offering ``ward`` for new councillors (a boundary review abolished it); its councillors,
    serving or former, keep it."""
    return _retire(ward, by=by, on=on, reason="Ward retired")


# Parties and their groups

_PARTY_FIELDS = ("name", "abbreviation", "group_name")


def _check_party(party: Party) -> None:
    _unique(Party, "name", party.name, party.pk, "A party with this name already exists")


@transaction.atomic
def party_create(*, by, name: str, abbreviation: str = "", group_name: str = "") -> Party:
    party = Party()
    _set(party, {"name": name, "abbreviation": abbreviation, "group_name": group_name}, _PARTY_FIELDS)
    _check_party(party)
    with_reason(party, "Party added", by=by).save()
    return party


@transaction.atomic
def party_update(*, party: Party, by, **changes) -> Party:
    _set(party, changes, _PARTY_FIELDS)
    _check_party(party)
    with_reason(party, "Party details changed", by=by).save()
    return party


@transaction.atomic
def party_retire(*, party: Party, by, on: datetime.date | None = None) -> Party:
    """Stop offering ``party`` for new councillors; those who stood for it keep it."""
    return _retire(party, by=by, on=on, reason="Party retired")


# People: a sign-in for each councillor and officer

#: Roles whose holders' sign-ins only an Administrator may link to a record here or rename: set-up
#: would otherwise let a clerk attach themselves to (and rename) the account that manages people,
#: or the Monitoring Officer's.
PROTECTED_ROLES = (Role.ADMINISTRATOR, Role.MONITORING_OFFICER)


def _check_may_change_person(person, *, by, field: str) -> None:
    if permissions.has_role(by, Role.ADMINISTRATOR):
        return
    held = [role.label for role in PROTECTED_ROLES if permissions.has_role(person, role)]
    if held or person.is_superuser or person.is_staff:
        who = person.get_full_name() or person.email
        raise RuleError(
            f"{who} holds the {held[0] if held else 'Administrator'} role. Ask an Administrator to do this",
            field=field,
        )


def _person_for(*, by, email: str, first_name: str, last_name: str, title: str, role: Role, profile: str):
    """The person with ``email``, or a new one with ``role`` (the caller sends their invitation).

    Returns (person, created). A person who already has this kind of record is refused: one
    councillor (or officer) record a person."""
    existing = User.objects.filter(email__iexact=email.strip()).first()
    if existing is None:
        person = council_services.person_create(
            by=by, email=email, first_name=first_name, last_name=last_name, title=title, roles=[role]
        )
        return person, True
    if hasattr(existing, profile):
        noun = "a councillor" if profile == "member" else "an officer"
        raise RuleError(f"{existing.get_full_name() or existing.email} is already {noun}", field="email")
    _check_may_change_person(existing, by=by, field="email")
    if not permissions.has_role(by, Role.ADMINISTRATOR):
        # Recorded as a councillor, a clerk could appoint themselves to any committee (the
        # appointments page) and read its exempt papers: nobody links their own sign-in, and a
        # clerk's sign-in becomes a councillor's only by an Administrator.
        if existing.pk == by.pk:
            raise RuleError("You cannot add yourself. Ask an Administrator to do this", field="email")
        if profile == "member" and permissions.has_role(existing, Role.DEMOCRATIC_SERVICES):
            raise RuleError(
                f"{existing.get_full_name() or existing.email} holds the Democratic Services role. "
                "Ask an Administrator to do this",
                field="email",
            )
    if profile == "officer" and Member.objects.current().filter(user=existing).exists():
        # LGA 1972 s.80(1)(a): the council's employees cannot be its councillors; and the officers
        # are who need-to-know on exempt papers is offered to.
        raise RuleError(
            f"{existing.get_full_name() or existing.email} is a serving councillor. "
            "A councillor cannot be one of the council's officers",
            field="email",
        )
    # Recorded in their history like any change of roles (who gave it, and when).
    council_services.person_set_roles(person=existing, roles=[*permissions.roles_of(existing), role.value], by=by)
    return existing, False


# Councillors

_COUNCILLOR_FIELDS = (
    "ward",
    "party",
    "elected_on",
    "term_starts_on",
    "term_ends_on",
    "public_email",
    "phone",
    "postal_address",
    "is_public",
    "photo_alt",
)
END_TERM_ELSEWHERE = "The term's end cannot be in the past here. To record a councillor leaving office, end their term"


def _check_councillor(member: Member, *, was: Member | None = None, photo_given: bool = False) -> None:
    if member.ward.retired_on is not None and (was is None or was.ward_id != member.ward_id):
        raise RuleError(f"{member.ward} ward has been retired. Choose a ward in use", field="ward")
    if (
        member.party is not None
        and member.party.retired_on is not None
        and (was is None or was.party_id != member.party_id)
    ):
        raise RuleError(f"{member.party} has been retired. Choose a party in use", field="party")
    if member.elected_on and member.term_starts_on and member.term_starts_on < member.elected_on:
        raise RuleError("The term cannot start before the election", field="term_starts_on")
    start = member.term_starts_on or member.elected_on
    if start and member.term_ends_on and member.term_ends_on <= start:
        raise RuleError("The term must end after it starts", field="term_ends_on")
    changed_end = was is None or was.term_ends_on != member.term_ends_on
    if changed_end and member.term_ends_on and member.term_ends_on < _today():
        # Leaving office (election, resignation, death) has its own page and record.
        raise RuleError(END_TERM_ELSEWHERE, field="term_ends_on")
    if (member.photo or photo_given) and not member.photo_alt.strip():
        raise RuleError("Describe the photo for people who cannot see it", field="photo_alt")


def _store_photo(member: Member, photo) -> None:
    """Store the checked, re-encoded photo under a name of ours; the one it replaces is deleted
    once the change is saved."""
    checked = check_photo(photo)
    old = member.photo.name
    member.photo.save(f"photo.{checked.extension}", checked.as_file(), save=False)
    if old:
        _delete_after_commit(member.photo.storage, old)


def _delete_after_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def councillor_create(
    *,
    by,
    email: str,
    first_name: str,
    last_name: str,
    ward: Ward,
    title: str = "",
    party: Party | None = None,
    photo=None,
    **details,
) -> tuple[Member, bool]:
    """Add a councillor with their sign-in: a new person (given the Councillor role) or one who
    already signs in (an officer elected, say). Returns (councillor, whether the person is new: the
    caller invites a new person once this has been saved)."""
    member = Member(ward=ward, party=party)
    _set(member, details, _COUNCILLOR_FIELDS)
    _check_councillor(member, photo_given=bool(photo))
    checked = check_photo(photo) if photo else None  # before anyone is added
    person, created = _person_for(
        by=by,
        email=email,
        first_name=first_name,
        last_name=last_name,
        title=title,
        role=Role.COUNCILLOR,
        profile="member",
    )
    member.user = person
    with_reason(member, "Councillor added", by=by).save()
    if checked is not None:
        # Saved once the councillor has a number: the file is kept under it.
        member.photo.save(f"photo.{checked.extension}", checked.as_file(), save=False)
        with_reason(member, "Photo added", by=by).save()
    return member, created


@transaction.atomic
def councillor_update(
    *, member: Member, by, photo=None, remove_photo: bool = False, name: dict | None = None, **changes
) -> Member:
    """Change a councillor's details, and their name (``name``: title, first_name, last_name) as
    their person has it. Their sign-in email is changed by an Administrator, on the person's page."""
    was = Member.objects.get(pk=member.pk)
    person = member.user
    before = (person.title, person.first_name, person.last_name)
    _set(person, name or {}, ("title", "first_name", "last_name"))
    if (person.title, person.first_name, person.last_name) != before:
        _check_may_change_person(person, by=by, field="first_name")
        with_reason(person, "Name changed", by=by).save(update_fields=["title", "first_name", "last_name"])
    _set(member, changes, _COUNCILLOR_FIELDS)
    removing = remove_photo and bool(member.photo) and not photo
    if removing:
        _delete_after_commit(member.photo.storage, member.photo.name or "")
        member.photo = ""
    _check_councillor(member, was=was, photo_given=bool(photo))
    if photo:
        _store_photo(member, photo)
    with_reason(member, "Councillor details changed", by=by).save()
    return member


# Officers

_OFFICER_FIELDS = ("job_title", "directorate", "phone")


@transaction.atomic
def officer_create(
    *, by, email: str, first_name: str, last_name: str, job_title: str, title: str = "", **details
) -> tuple[Officer, bool]:
    """Add an officer with their sign-in: a new person (given the Officer role, to be invited), or
    one who already signs in. Returns (officer, whether the person is new)."""
    officer = Officer()
    _set(officer, {"job_title": job_title, **details}, _OFFICER_FIELDS)
    person, created = _person_for(
        by=by,
        email=email,
        first_name=first_name,
        last_name=last_name,
        title=title,
        role=Role.OFFICER,
        profile="officer",
    )
    officer.user = person
    with_reason(officer, "Officer added", by=by).save()
    return officer, created


@transaction.atomic
def officer_update(*, officer: Officer, by, **changes) -> Officer:
    _set(officer, changes, _OFFICER_FIELDS)
    with_reason(officer, "Officer details changed", by=by).save()
    return officer


@transaction.atomic
def officer_retire(*, officer: Officer, by, on: datetime.date | None = None) -> Officer:
    """Record that ``officer`` has left the council. Only this record changes: their sign-in, roles,
    committee seats and the reviews they lead stay as they are until changed on their own pages;
    their need-to-know grants on exempt papers open nothing from ``on`` (``scrutiny.access``), so
    only an Administrator retires the record of someone holding a protected role."""
    _check_may_change_person(officer.user, by=by, field="retired_on")
    return _retire(officer, by=by, on=on, reason="Officer left the council")


# Portfolios

_PORTFOLIO_FIELDS = ("title", "responsibilities", "cabinet_member")


def _check_portfolio(portfolio: Portfolio, *, was: Portfolio | None = None) -> None:
    _unique(Portfolio, "title", portfolio.title, portfolio.pk, "A portfolio with this title already exists")
    member = portfolio.cabinet_member
    changed = was is None or was.cabinet_member_id != portfolio.cabinet_member_id
    if member is not None and changed and not Member.objects.current().filter(pk=member.pk).exists():
        raise RuleError(f"{member} is not a serving councillor", field="cabinet_member")
    # Local Government Act 2000, s.9FA(3): members of the executive may not sit on overview and
    # scrutiny (the same rule membership_add applies the other way round).
    if member is not None and changed:
        seat = (
            Membership.objects.not_ended(_today())
            .filter(person=member.user_id, body__kind__in=SCRUTINY_BODY_KINDS)
            .select_related("body")
            .first()
        )
        if seat is not None:
            raise RuleError(
                f"{member} sits on {seat.body}: Cabinet Members cannot sit on overview and scrutiny committees. "
                "End that seat first",
                field="cabinet_member",
            )


@transaction.atomic
def portfolio_create(*, by, title: str, responsibilities: str = "", cabinet_member: Member | None = None) -> Portfolio:
    portfolio = Portfolio()
    _set(
        portfolio,
        {"title": title, "responsibilities": responsibilities, "cabinet_member": cabinet_member},
        _PORTFOLIO_FIELDS,
    )
    _check_portfolio(portfolio)
    with_reason(portfolio, "Portfolio added", by=by).save()
    return portfolio


@transaction.atomic
def portfolio_update(*, portfolio: Portfolio, by, **changes) -> Portfolio:
    was = Portfolio.objects.get(pk=portfolio.pk)
    _set(portfolio, changes, _PORTFOLIO_FIELDS)
    _check_portfolio(portfolio, was=was)
    with_reason(portfolio, "Portfolio details changed", by=by).save()
    return portfolio


@transaction.atomic
def portfolio_retire(*, portfolio: Portfolio, by, on: datetime.date | None = None) -> Portfolio:
    return _retire(portfolio, by=by, on=on, reason="Portfolio retired")
