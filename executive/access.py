"""Who may do what in the executive's record, answered through ``council.permissions``.

- Read the forward plan (every published edition and the entries in it), the decision makers, and
  published decision notices: everyone, signed in or not (regs 9 and 13).
- Read draft forward plan entries and decisions whose notice is not yet published: the roles
  holding ``executive.view_forwardplanentry`` / ``executive.view_executivedecision`` (officers,
  Democratic Services, the Monitoring Officer, Cabinet Members, Administrators).
- Draft and edit forward plan entries: officers, Commissioning Officers, Democratic Services and
  Administrators (``executive.change_forwardplanentry``); a decided or withdrawn entry is not edited.
- Publish a forward plan edition: Democratic Services and Administrators
  (``executive.add_forwardplanedition``).
- Publish a general exception notice (reg 10) and inform the O&S chair: the same people
  (``executive.add_forwardplanedition``); everyone reads published notices.
- Record a decision and publish its notice: Democratic Services and Administrators
  (``executive.add_executivedecision``, ``executive.publish_executivedecision``).
- Add decision makers (the Cabinet, a Cabinet Member for their portfolio, an officer under a
  delegation): Democratic Services and Administrators (``executive.add_decisionmaker``); everyone
  reads the list.
- Read the exempt part of a decision (Schedule 12A): Democratic Services, the Monitoring Officer,
  Cabinet Members and Administrators (``executive.view_exempt_part``); everyone else sees the
  paragraph relied on, never the content, as for an exempt agenda item.
- Give the notices of a Cabinet item taken in private (reg 5: the notice of intention, the further
  notice, the urgent route) and record a decision on a Cabinet meeting's agenda item: Democratic
  Services and Administrators (``executive.add_privatemeetingnotice``; recording is
  ``executive.add_executivedecision``). Everyone reads the notices once published.
- Call in a published decision (put their name to a call-in, with reasons): councillors
  (``executive.add_callinsignature``) who sit on an overview and scrutiny committee that day and
  hold no portfolio; the service checks the period and the rest (docs/decisions/0020-call-in.md).
- Place a valid call-in on an O&S meeting's agenda, record the committee's outcome and the
  response to a referral: Democratic Services and Administrators (``executive.change_callin``).
- Read call-ins (who called a decision in, their reasons, the meeting, the outcome): whoever may
  read the decision; the reasons are the members' own words, never the decision's exempt part.
"""

import datetime

from council import permissions
from council.roles import Role
from members.models import BodyKind, Membership, MembershipRole, Portfolio

from .models import (
    EntryStatus,
    ExecutiveDecision,
    ExecutiveDecisionQuerySet,
    ForwardPlanEntry,
    ForwardPlanEntryQuerySet,
)

VIEW_ENTRY = "executive.view_forwardplanentry"
EDIT_ENTRY = "executive.change_forwardplanentry"
ADD_ENTRY = "executive.add_forwardplanentry"
PUBLISH_EDITION = "executive.add_forwardplanedition"
VIEW_DECISION = "executive.view_executivedecision"
RECORD_DECISION = "executive.add_executivedecision"
PUBLISH_DECISION = "executive.publish_executivedecision"
EXEMPT_PART = "executive.view_exempt_part"
ADD_DECISION_MAKER = "executive.add_decisionmaker"
PRIVATE_NOTICE = "executive.add_privatemeetingnotice"
REQUEST_CALL_IN = "executive.add_callinsignature"
MANAGE_CALL_IN = "executive.change_callin"

EDITABLE = (EntryStatus.DRAFT, EntryStatus.PUBLISHED)


def entries_visible(user, queryset: ForwardPlanEntryQuerySet | None = None) -> ForwardPlanEntryQuerySet:
    queryset = ForwardPlanEntryQuerySet(ForwardPlanEntry) if queryset is None else queryset
    return permissions.viewable(user, queryset, VIEW_ENTRY)


def decisions_visible(user, queryset: ExecutiveDecisionQuerySet | None = None) -> ExecutiveDecisionQuerySet:
    queryset = ExecutiveDecisionQuerySet(ExecutiveDecision) if queryset is None else queryset
    return permissions.viewable(user, queryset, VIEW_DECISION)


def can_draft_entry(user) -> bool:
    return permissions.can(user, ADD_ENTRY)


def can_edit_entry(user, entry: ForwardPlanEntry) -> bool:
    return entry.status in EDITABLE and permissions.can(user, EDIT_ENTRY, entry)


def can_publish_edition(user) -> bool:
    return permissions.can(user, PUBLISH_EDITION)


def can_publish_general_exception(user) -> bool:
    """Democratic Services publish a general exception notice (reg 10), as they publish the forward
    plan: the same permission."""
    return permissions.can(user, PUBLISH_EDITION)


def can_give_general_exception(user, entry: ForwardPlanEntry, notice) -> bool:
    """The entry page offers the notice: a key entry not yet decided or withdrawn, with none yet."""
    return notice is None and entry.is_key and entry.status in EDITABLE and can_publish_general_exception(user)


def can_record_decision(user) -> bool:
    return permissions.can(user, RECORD_DECISION)


def can_publish_decision(user) -> bool:
    return permissions.can(user, PUBLISH_DECISION)


def can_manage_decision_makers(user) -> bool:
    return permissions.can(user, ADD_DECISION_MAKER)


def may_see_exempt_part(user) -> bool:
    return permissions.can(user, EXEMPT_PART)


# --- Officer decisions (the 2014 Regulations regs 7-8) -------------------------------------------
# - Read published records: everyone (reg 8). Unpublished ones: the roles holding
#   ``executive.view_officerdecision`` (the roles that read unpublished executive decisions).
# - Record: the officer who took the decision (an Officer or Commissioning Officer with an officer
#   profile, ``executive.add_officerdecision``), or Democratic Services and Administrators on any
#   officer's behalf (``executive.record_any_officerdecision``).
# - Publish: Democratic Services and Administrators (``executive.publish_officerdecision``).
# - The exempt part (Schedule 12A): those who read the exempt part of an executive decision, and the
#   officer who took the decision.

VIEW_OFFICER_DECISION = "executive.view_officerdecision"
ADD_OFFICER_DECISION = "executive.add_officerdecision"
RECORD_ANY_OFFICER_DECISION = "executive.record_any_officerdecision"
PUBLISH_OFFICER_DECISION = "executive.publish_officerdecision"


def officer_decisions_visible(user, queryset=None):
    from .models import OfficerDecision, OfficerDecisionQuerySet

    queryset = OfficerDecisionQuerySet(OfficerDecision) if queryset is None else queryset
    return permissions.viewable(user, queryset, VIEW_OFFICER_DECISION)


def officer_profile(user):
    """The person's own officer record, if they have one and have not left."""
    from members.models import Officer

    if not getattr(user, "is_authenticated", False):
        return None
    return Officer.objects.in_use().filter(user=user).first()


def may_record_any_officer_decision(user) -> bool:
    return permissions.can(user, RECORD_ANY_OFFICER_DECISION)


def can_record_officer_decision(user, officer=None) -> bool:
    """May ``user`` record a decision taken by ``officer`` (by anyone, when ``officer`` is None)?"""
    if not permissions.can(user, ADD_OFFICER_DECISION):
        return False
    if may_record_any_officer_decision(user):
        return True
    if officer is None:
        return officer_profile(user) is not None
    return officer.user_id == user.pk and not officer.is_retired


def can_publish_officer_decision(user) -> bool:
    return permissions.can(user, PUBLISH_OFFICER_DECISION)


def may_see_officer_decision_exempt_part(user, decision) -> bool:
    return may_see_exempt_part(user) or (
        getattr(user, "is_authenticated", False) and decision.officer.user_id == user.pk
    )


def can_give_private_notice(user) -> bool:
    return permissions.can(user, PRIVATE_NOTICE)


def scrutiny_seats(user, on: datetime.date):
    """``user``'s seats on overview and scrutiny committees on ``on`` that count for call-in: a
    chair, vice-chair or member (not a substitute, nor a co-opted member, who does not vote)."""
    return Membership.objects.current(on).filter(
        person=user,
        body__kind=BodyKind.OVERVIEW_SCRUTINY,
        role__in=(MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER),
    )


def holds_portfolio(user, on: datetime.date) -> bool:
    return Portfolio.objects.in_use(on).filter(cabinet_member__user=user).exists()


def may_call_in(user, on: datetime.date) -> bool:
    """A councillor on an O&S committee on ``on``, holding no portfolio (a Cabinet Member is never
    on O&S: members.services.memberships)."""
    return (
        permissions.can(user, REQUEST_CALL_IN)
        and not permissions.has_role(user, Role.CABINET_MEMBER)
        and scrutiny_seats(user, on).exists()
        and not holds_portfolio(user, on)
    )


def can_manage_call_in(user) -> bool:
    return permissions.can(user, MANAGE_CALL_IN)


# --- Urgency agreements asked online (regs 5(6) and 11) ------------------------------------------
# - Ask: Democratic Services and Administrators (``executive.add_urgencyrequest``).
# - Answer: only the person asked (checked again in the service).
# - Read a request: Democratic Services, Administrators and the Monitoring Officer
#   (``executive.view_urgencyrequest``), and the person asked. An exempt item's title is never on
#   it: its ``matter`` is the public words; the item itself only for those who read exempt parts.

ASK_URGENCY = "executive.add_urgencyrequest"
VIEW_URGENCY = "executive.view_urgencyrequest"


def can_ask_urgency(user) -> bool:
    return permissions.can(user, ASK_URGENCY)


def can_answer_urgency(user, request) -> bool:
    return getattr(user, "is_authenticated", False) and request.asked_of_id == user.pk


def may_read_all_urgency_requests(user) -> bool:
    return permissions.can(user, VIEW_URGENCY)


def urgency_requests_visible(user, queryset=None):
    from .models import UrgencyRequest

    queryset = UrgencyRequest.objects.all() if queryset is None else queryset
    if may_read_all_urgency_requests(user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(asked_of=user)
