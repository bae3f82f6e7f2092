"""Who may do what with a consultation, answered through ``council.permissions``.

- Consult (create a consultation): officer roles and Cabinet Members (``members.add_consultation``).
- Manage one (edit, open, close, report, remind, see individual responses before the summary is
  published): its owner, the officers the owner shares it with (object permission
  ``members.change_consultation``) and Administrators (the same permission through their role).
- Respond: a member (``members.respond_consultation``) in the consultation's audience.
- Read the published summary: the managers, the audience and those who responded.
"""

from django.db.models import Q, QuerySet

from council import permissions
from council.roles import Role

from ..models import Consultation, Response, ResponseState
from .selectors.audience import in_audience, member_of

#: Who may manage a consultation they do not own (shared with them, or as Administrator).
MANAGE = "members.change_consultation"
#: Officers: they may create a consultation for someone else, and a consultation is shared only with them.
OFFICER_ROLES = (
    Role.ADMINISTRATOR,
    Role.DEMOCRATIC_SERVICES,
    Role.COMMISSIONING_OFFICER,
    Role.FINANCE_OFFICER,
    Role.OFFICER,
)
#: Who may own a consultation: officers and Cabinet Members.
OWNER_ROLES = (*OFFICER_ROLES, Role.CABINET_MEMBER)


def is_officer(person) -> bool:
    return any(permissions.has_role(person, role) for role in OFFICER_ROLES)


def may_own(person) -> bool:
    return any(permissions.has_role(person, role) for role in OWNER_ROLES)


def can_consult(user) -> bool:
    return permissions.can(user, "members.add_consultation")


def can_manage(user, consultation: Consultation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return consultation.owner_id == user.pk or permissions.can(user, MANAGE, consultation)


def managed(user) -> QuerySet[Consultation]:
    """``can_manage`` as a queryset: the consultations ``user`` owns, those shared with them, and
    all of them for an Administrator."""
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    shared = permissions.permitted(user, Consultation.objects.all(), MANAGE)
    return Consultation.objects.filter(Q(owner=user) | Q(pk__in=shared.values("pk")))


def can_respond(user, consultation: Consultation) -> bool:
    return permissions.can(user, "members.respond_consultation") and in_audience(consultation, member_of(user))


def can_read_summary(user, consultation: Consultation) -> bool:
    """Managers always; once published, the audience and everyone who submitted a response (a
    respondent who has since left a committee asked is still thanked with a link to it)."""
    if can_manage(user, consultation):
        return True
    if consultation.summary_published_at is None or not permissions.can(user, "members.respond_consultation"):
        return False
    member = member_of(user)
    responded = Response.objects.filter(consultation=consultation, member=member, state=ResponseState.SUBMITTED)
    return member is not None and (responded.exists() or in_audience(consultation, member))
