"""Who may vote on an agenda item: the roll the clerk records a vote against."""

from dataclasses import dataclass
from typing import Any

from members.models import ROLE_ORDER, Membership, MembershipRole

from ..models import ATTENDED, AgendaItem, AttendanceStatus, DeclarationKind


def _name(person) -> str:
    return person.get_full_name() or person.email


@dataclass(frozen=True)
class Voter:
    """Someone at the meeting, and why they may not vote on the item ("" if they may)."""

    person: Any  # the user model
    is_chair: bool
    refusal: str

    @property
    def entitled(self) -> bool:
        return not self.refusal


def _refusal(person, line, role, declaration) -> str:
    name = _name(person)
    if role is None:
        return f"{name} is not a member of the committee"
    if role == MembershipRole.CO_OPTED:
        return f"{name} is a co-opted member without a vote"
    if role == MembershipRole.SUBSTITUTE and line.substitute_for_id is None:
        return f"{name} is a substitute member who did not stand in for a member at this meeting"
    if line.status == AttendanceStatus.VIRTUAL:
        # LGA 1972 Sch.12 (Hertfordshire CC v SSHCLG [2021] EWHC 1093 (Admin)): only those present in
        # person attend the meeting, so only they vote.
        return f"{name} attended remotely, and a member attending remotely cannot vote"
    if declaration is not None and not declaration.may_vote:
        # Localism Act 2011 s.31(4): no vote with a disclosable pecuniary interest unless a
        # dispensation (s.33) allows it.
        if declaration.kind == DeclarationKind.DISCLOSABLE_PECUNIARY:
            if declaration.dispensation is None:
                return f"{name} declared a disclosable pecuniary interest in this item and has no dispensation to vote"
            return (
                f"{name} declared a disclosable pecuniary interest in this item and their dispensation "
                "does not allow them to vote"
            )
        return f"{name} declared an interest in this item and took no part in it"
    return ""


def voting_roll(item: AgendaItem) -> list[Voter]:
    """Everyone recorded as attending the item's meeting, each with whether they may vote on it:
    members of the body present in person and substitutes standing in, unless their declaration on
    the item bars them. In four queries."""
    meeting = item.meeting
    lines = list(
        meeting.attendances.filter(status__in=ATTENDED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    roles: dict[int, str] = {}
    # A person with two seats on the body (Chair and member, say) votes in the first role.
    memberships = Membership.objects.current(meeting.date).filter(body_id=meeting.body_id)
    for person_id, role in memberships.values_list("person_id", "role"):
        if person_id not in roles or ROLE_ORDER[role] < ROLE_ORDER[roles[person_id]]:
            roles[person_id] = role
    declarations = {d.person_id: d for d in item.declarations.select_related("dispensation")}
    return [
        Voter(
            person=line.person,
            is_chair=roles.get(line.person_id) == MembershipRole.CHAIR,
            refusal=_refusal(line.person, line, roles.get(line.person_id), declarations.get(line.person_id)),
        )
        for line in lines
    ]
