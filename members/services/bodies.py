"""Changes to bodies and their clerks. Each is one transaction with the acting person named; a rule
that forbids the change raises RuleError in words a clerk can act on."""

from django.db import transaction
from django.utils.text import slugify

from council import permissions
from council.errors import RuleError
from council.history import with_reason
from council.roles import Role

from .. import access
from ..models import Body

_EDITABLE = ("name", "code", "kind", "parent", "purpose", "terms_of_reference", "quorum", "start_date", "end_date")


def check_dates(start, end):
    if start and end and end < start:
        raise RuleError("The end date must be the same as or after the start date", field="end_date")


def _unique_slug(name: str, exclude_pk=None) -> str:
    base = slugify(name)[:140] or "committee"
    slug, n = base, 2
    while Body.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def body_create(
    *,
    by,
    name: str,
    kind: str,
    code: str = "",
    parent=None,
    purpose="",
    terms_of_reference="",
    quorum=None,
    start_date=None,
    end_date=None,
) -> Body:
    """Create a body; a Democratic Services officer who creates it becomes its clerk."""
    check_dates(start_date, end_date)
    if Body.objects.filter(name__iexact=name.strip()).exists():
        raise RuleError("A committee with this name already exists", field="name")
    body = Body(
        name=name.strip(),
        slug=_unique_slug(name),
        code=code.strip(),
        kind=kind,
        parent=parent,
        purpose=purpose,
        terms_of_reference=terms_of_reference,
        quorum=quorum,
        start_date=start_date,
        end_date=end_date,
    )
    with_reason(body, "Committee created", by=by).save()
    if permissions.has_role(by, Role.DEMOCRATIC_SERVICES):
        permissions.grant(access.MANAGE_BODY, by, body, by=by, reason="Clerk assigned")
    return body


@transaction.atomic
def body_update(*, body: Body, by, **changes) -> Body:
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(body, name, value)
    check_dates(body.start_date, body.end_date)
    if changes.get("parent") == body or (body.parent and body.parent.parent_id == body.pk):
        raise RuleError("A committee cannot report to itself", field="parent")
    if Body.objects.filter(name__iexact=body.name).exclude(pk=body.pk).exists():
        raise RuleError("A committee with this name already exists", field="name")
    with_reason(body, "Committee details changed", by=by).save()
    return body


@transaction.atomic
def body_assign_clerk(*, body: Body, clerk, by) -> None:
    """Make ``clerk`` (a Democratic Services officer) a clerk of ``body``: they may manage it.

    Assigning a clerk who already clerks the body changes nothing.
    """
    if not permissions.has_role(clerk, Role.DEMOCRATIC_SERVICES):
        raise RuleError(f"{clerk} is not in Democratic Services, so cannot clerk a committee", field="clerk")
    permissions.grant(access.MANAGE_BODY, clerk, body, by=by, reason="Clerk assigned")


@transaction.atomic
def body_remove_clerk(*, body: Body, clerk, by) -> None:
    """Stop ``clerk`` managing ``body``. A body may be left without a clerk: its page then gives
    Democratic Services as the contact."""
    if not access.clerks_of(body).filter(pk=clerk.pk).exists():
        raise RuleError(f"{clerk} is not a clerk of {body}", field="clerk")
    permissions.revoke(access.MANAGE_BODY, clerk, body, by=by, reason="Clerk removed")
