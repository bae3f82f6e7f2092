"""Foundation services: changes to people and their roles. Each is one transaction."""

import secrets

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from .errors import RuleError
from .history import with_reason
from .models import User
from .roles import Role

ALREADY_A_PERSON = "A person with this email address already exists"


@transaction.atomic
def person_set_roles(*, person, roles: list[str], by) -> list[str]:
    """Give ``person`` exactly ``roles``; the change is recorded in their history with who did it.

    An Administrator cannot remove their own Administrator role, so the council is never left
    without someone who can manage people.
    """
    wanted = {Role(r).value for r in roles}
    current = set(person.groups.values_list("name", flat=True)) & {r.value for r in Role}
    if person.pk == by.pk and Role.ADMINISTRATOR.value in current - wanted:
        raise RuleError(
            "You cannot remove your own Administrator role. Ask another Administrator to do it", field="roles"
        )
    added = sorted(wanted - current)
    removed = sorted(current - wanted)
    if not added and not removed:
        return []
    person.groups.remove(*Group.objects.filter(name__in=removed))
    person.groups.add(*Group.objects.filter(name__in=added))
    parts = [f"added {', '.join(added)}" if added else "", f"removed {', '.join(removed)}" if removed else ""]
    with_reason(person, "Roles changed: " + "; ".join(p for p in parts if p), by=by).save()
    return added + removed


@transaction.atomic
def person_create(*, by, email: str, first_name: str, last_name: str, title: str = "", roles=()) -> User:
    """Add a person who can sign in once they set a password from the invitation email."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise RuleError(ALREADY_A_PERSON, field="email")
    person = User(email=email, first_name=first_name.strip(), last_name=last_name.strip(), title=title.strip())
    # An unguessable password: the person chooses their own from the invitation email.
    person.set_password(secrets.token_urlsafe(32))
    with_reason(person, "Person added", by=by).save()
    if roles:
        person.groups.add(*Group.objects.filter(name__in=[Role(r).value for r in roles]))
    return person


@transaction.atomic
def administrator_create(*, email: str, first_name: str, last_name: str, reason: str) -> User:
    """Add an Administrator when nobody can yet act for the council: its first one, from
    ``manage.py create_administrator``. No acting person, so the history says who in ``reason``.

    The password is unusable until they choose their own from the one-time link (never a shared one).
    """
    email = email.strip().lower()
    first_name, last_name = first_name.strip(), last_name.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise RuleError("Enter an email address in the correct format, like name@example.com", field="email") from None
    if not first_name or not last_name:
        raise RuleError("Enter their first name and last name", field="first_name")
    if User.objects.filter(email__iexact=email).exists():
        raise RuleError(ALREADY_A_PERSON, field="email")
    person = User(email=email, first_name=first_name, last_name=last_name)
    person.set_unusable_password()
    with_reason(person, reason).save()
    person.groups.add(Group.objects.get(name=Role.ADMINISTRATOR.value))
    return person
