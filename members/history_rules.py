"""Who may read the History page of each members record: the rule the record's own page follows.

- Councillors, officers, wards, parties, portfolios, committees and their memberships: whoever may
  read them (the public pages' ``viewable`` rule, behind sign-in like every History page).
  A councillor's contact details and photo (``CONTACT_FIELDS``) are withheld from their history
  except for those who keep the record (Democratic Services, Administrators): a home address or
  telephone number taken off the public pages must not stay readable in the history.
- Elections, the wards contested and their results: those who record them (Democratic Services,
  Administrators).
- Who clerks a committee (its grants): those who run the committee.
- A consultation, who it is shared with and its reminders: those who manage it (its owner, the
  officers it is shared with, Administrators); its history holds drafts of its summary and outcome.
- Its questions and papers: the managers and, once it has opened, the members it asks.
- A councillor's response and answers: that councillor and the consultation's managers.
- A register of interests' entries, gifts, dispensations and returns: the member and the Monitoring Officer
  only (their history holds partners' names and the details of sensitive interests, s.32).
"""

from django.db.models import Q, QuerySet

from council import permissions
from council.history import register_read_rule
from council.roles import Role

from . import access
from .consultations.access import managed as managed_consultations
from .consultations.selectors.audience import member_of
from .consultations.selectors.mine import consultations_for
from .models import (
    Answer,
    Body,
    BodyGroupObjectPermission,
    BodyUserObjectPermission,
    Consultation,
    ConsultationDocument,
    ConsultationGroupObjectPermission,
    ConsultationUserObjectPermission,
    Contest,
    Dispensation,
    Election,
    Gift,
    Interest,
    Member,
    Membership,
    Officer,
    Party,
    Portfolio,
    Question,
    QuestionOption,
    RegisterReturn,
    Reminder,
    ReminderTime,
    Response,
    Result,
    Ward,
)


def _viewable(model):
    perm = f"members.view_{model._meta.model_name}"
    return lambda user, queryset: permissions.viewable(user, queryset, perm)


#: A councillor's contact details and photo: shown while they are current, never kept readable in
#: the history once changed or removed.
CONTACT_FIELDS = ("public_email", "phone", "postal_address", "photo", "photo_alt")


def member_withheld(user, member) -> tuple[str, ...]:
    return () if access.can_set_up_council(user) else CONTACT_FIELDS


def consultations_asked(user) -> QuerySet:
    """The managers' consultations and the opened ones whose audience includes ``user``."""
    member = member_of(user)
    asked = consultations_for(member).values("pk") if member else Consultation.objects.none().values("pk")
    return Consultation.objects.filter(Q(pk__in=managed_consultations(user).values("pk")) | Q(pk__in=asked))


def responses_readable(user) -> QuerySet:
    return Response.objects.filter(Q(member__user=user) | Q(consultation__in=managed_consultations(user)))


def register_kept(user, queryset: QuerySet) -> QuerySet:
    """A register's history (partners' names, sensitive details) is for the member and the
    Monitoring Officer only."""
    if permissions.has_role(user, Role.MONITORING_OFFICER):
        return queryset
    return queryset.filter(person=user)


def register() -> None:
    for kept in (Interest, Dispensation, Gift, RegisterReturn):
        register_read_rule(kept, readable=register_kept)
    for model in (Party, Ward, Officer, Portfolio, Body):
        register_read_rule(model, readable=_viewable(model))
    register_read_rule(Member, readable=_viewable(Member), withheld=member_withheld)
    register_read_rule(Membership, readable=access.memberships_visible)
    for recorded in (Election, Contest, Result):
        register_read_rule(recorded, readable=lambda user, qs: qs if access.can_manage_elections(user) else qs.none())
    for grants in (BodyUserObjectPermission, BodyGroupObjectPermission):
        register_read_rule(grants, readable=lambda user, qs: qs.filter(content_object__in=access.bodies_managed(user)))
    register_read_rule(Consultation, readable=lambda user, qs: qs.filter(pk__in=managed_consultations(user)))
    for grants in (ConsultationUserObjectPermission, ConsultationGroupObjectPermission):
        register_read_rule(grants, readable=lambda user, qs: qs.filter(content_object__in=managed_consultations(user)))
    for managed in (Reminder, ReminderTime):
        register_read_rule(managed, readable=lambda user, qs: qs.filter(consultation__in=managed_consultations(user)))
    for asked in (Question, ConsultationDocument):
        register_read_rule(asked, readable=lambda user, qs: qs.filter(consultation__in=consultations_asked(user)))
    register_read_rule(
        QuestionOption, readable=lambda user, qs: qs.filter(question__consultation__in=consultations_asked(user))
    )
    register_read_rule(Response, readable=lambda user, qs: qs.filter(pk__in=responses_readable(user).values("pk")))
    register_read_rule(Answer, readable=lambda user, qs: qs.filter(response__in=responses_readable(user)))
