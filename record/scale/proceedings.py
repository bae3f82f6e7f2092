"""What the decade's meetings did beyond their minutes: interests declared by members present,
votes on resolutions (a few recorded by name), overview and scrutiny's recommendations to the
executive with its responses, and the actions resolutions asked of officers. Nothing here derives
from exempt business: its declarations, recommendations and actions would carry what was withheld."""

import datetime
import math

from members.models import BodyKind
from scrutiny.models import (
    Action,
    ActionStatus,
    Cast,
    Declaration,
    DeclarationKind,
    Implementation,
    MemberVote,
    Minute,
    Recommendation,
    RecommendationResponse,
    Vote,
    VoteResult,
)
from scrutiny.models.minutes import response_due_on

from .base import DEMO_YEAR, Plan, Writer, at, dated, rng
from .meetings import Held
from .people import Council

#: Everything due before the demo's municipal year began has been answered or done by then.
ANSWERED_BY = datetime.date(DEMO_YEAR, 3, 1)
RECORDED_SHARE = 0.05
RECOMMENDING_KINDS = (BodyKind.OVERVIEW_SCRUTINY, BodyKind.TASK_AND_FINISH)
DECLARED = [
    (DeclarationKind.OTHER_REGISTRABLE, "Is a trustee of a charity working in {subject}."),
    (DeclarationKind.OTHER_REGISTRABLE, "Is a member of the {subject} partnership board."),
    (DeclarationKind.NON_REGISTRABLE, "A close relative works in {subject} for the council."),
    (DeclarationKind.NON_REGISTRABLE, "Lives near a site named in the report on {subject}."),
    (DeclarationKind.DISCLOSABLE_PECUNIARY, "Owns land affected by the proposals for {subject}."),
]
RESPONSES = [RecommendationResponse.ACCEPTED] * 6 + [RecommendationResponse.PARTLY_ACCEPTED] * 3
RESPONSES += [RecommendationResponse.REJECTED]


def load(writer: Writer, plan: Plan, seed: int, council: Council, held: Held) -> None:
    random = rng(seed, "proceedings")
    public_business = [
        (meeting, planned)
        for meeting in held.meetings
        for planned in held.agendas[meeting.pk]
        if planned.kind == "report" and not planned.exempt
    ]
    _declarations(writer, random, plan, held, public_business)
    meeting_of = {planned.item.pk: meeting for meeting, planned in public_business}
    public = [r for r in held.resolutions if r.minute.item.pk in meeting_of]
    _votes(writer, random, plan, held, public)
    _recommendations(writer, random, plan, council, public, meeting_of)
    _actions(writer, random, plan, council, public, meeting_of)


def _declarations(writer: Writer, random, plan: Plan, held: Held, business) -> None:
    """Members present declaring an interest in an item; a disclosable pecuniary interest means
    leaving the room and taking no part (no dispensations in the decade). The meeting's
    declarations minute says they were made."""
    declarations, seen = [], set()
    for meeting, planned in random.sample(business, min(plan.count("declarations"), len(business))):
        present = held.present.get(meeting.pk)
        if not present:
            continue
        person = random.choice(present)
        if (planned.item.pk, person) in seen:
            continue
        seen.add((planned.item.pk, person))
        kind, nature = random.choice(DECLARED)
        pecuniary = kind == DeclarationKind.DISCLOSABLE_PECUNIARY
        clerk = held.clerk_of[meeting.body.pk]
        declaration = Declaration(
            item=planned.item,
            person_id=person,
            kind=kind,
            nature=nature.format(subject=planned.subject),
            left_room=pecuniary,
            took_part=not pecuniary,
            created_by=clerk,
        )
        declarations.append(dated(declaration, meeting.starts_at + datetime.timedelta(minutes=5), clerk))
    writer.create(Declaration, declarations)
    declared_at = {d.item.meeting_id for d in declarations}
    text = "Declarations of interest were made as recorded in these minutes."
    minutes = Minute.objects.filter(item__meeting__in=declared_at, item__kind="declarations")
    Minute.history.filter(id__in=minutes.values("pk")).update(text=text)
    minutes.update(text=text)


def _votes(writer: Writer, random, plan: Plan, held: Held, resolutions) -> None:
    """A vote on some resolutions: most carried, a few lost; a few recorded by name."""
    votes, named = [], []
    for resolution in random.sample(resolutions, min(plan.count("votes"), len(resolutions))):
        present = held.present.get(resolution.minute.item.meeting_id, [])
        if len(present) < 3:
            continue
        against = random.randint(0, len(present) // 3)
        abstentions = random.randint(0, 1)
        votes_for = len(present) - against - abstentions
        if votes_for <= against:  # no tie: the Chair's casting vote is not for the load
            abstentions, votes_for = 0, len(present) - against
        if random.random() < 0.04:  # lost: the numbers the other way round
            votes_for, against = against, votes_for
        vote = Vote(
            resolution=resolution,
            result=VoteResult.CARRIED if votes_for > against else VoteResult.LOST,
            votes_for=votes_for,
            votes_against=against,
            abstentions=abstentions,
            recorded=random.random() < RECORDED_SHARE,
        )
        votes.append(dated(vote, resolution._history_date, resolution._history_user))
        if vote.recorded:
            casts = [Cast.FOR] * votes_for + [Cast.AGAINST] * against + [Cast.ABSTAIN] * abstentions
            named.extend((vote, person, cast) for person, cast in zip(present, casts, strict=True))
    writer.create(Vote, votes)
    writer.create(
        MemberVote,
        [dated(MemberVote(vote=v, person_id=p, cast=c), v._history_date, v._history_user) for v, p, c in named],
    )


def _recommendations(writer: Writer, random, plan: Plan, council: Council, resolutions, meeting_of) -> None:
    """Overview and scrutiny's recommendations to Cabinet, received a week later, answered within
    the two months (LGA 2000 s.9FE) once due before the demo's year; the last still awaited."""
    own = [r for r in resolutions if meeting_of[r.minute.item.pk].body.kind in RECOMMENDING_KINDS]
    rows = []
    for resolution in sorted(random.sample(own, min(plan.count("recommendations"), len(own))), key=lambda r: r.pk):
        meeting = meeting_of[resolution.minute.item.pk]
        subject = resolution.minute.item.subjects or "the matter"
        received = meeting.date + datetime.timedelta(days=7)
        due = response_due_on(received)
        recommendation = Recommendation(
            resolution=resolution,
            text=f"That Cabinet reviews its approach to {subject} in the light of the committee's findings.",
            to_whom="Cabinet",
            made_on=meeting.date,
            received_on=received,
            response_due=due,
        )
        if due < ANSWERED_BY:
            answer = random.choice(RESPONSES)
            recommendation.response = answer
            recommendation.responded_on = due - datetime.timedelta(days=random.randint(0, 21))
            recommendation.response_published_on = recommendation.responded_on + datetime.timedelta(days=7)
            recommendation.response_text = (
                f"Cabinet considered the recommendation on {subject} and {answer.label.lower()} it."
            )
            recommendation.implementation = (
                Implementation.NOT_APPLICABLE
                if answer == RecommendationResponse.REJECTED
                else random.choice([Implementation.IMPLEMENTED, Implementation.IMPLEMENTED, Implementation.IN_PROGRESS])
            )
        rows.append(dated(recommendation, at(meeting.date, 21), resolution._history_user))
    writer.create(Recommendation, rows)


def _actions(writer: Writer, random, plan: Plan, council: Council, resolutions, meeting_of) -> None:
    """What resolutions asked officers to do, by a date; done by then unless due in the last months."""
    rows = []
    chosen = random.sample(resolutions, min(plan.count("actions"), len(resolutions)))
    for resolution in sorted(chosen, key=lambda r: r.pk):
        meeting = meeting_of[resolution.minute.item.pk]
        item = resolution.minute.item
        due = meeting.date + datetime.timedelta(days=random.choice((28, 42, 56, 90, 120)))
        done = due < ANSWERED_BY and random.random() < 0.95
        action = Action(
            resolution=resolution,
            description=f"Report back on progress with {item.subjects or 'the matter'}.",
            owner=item.report_author or (random.choice(council.officers) if council.officers else None),
            owner_text="" if (item.report_author or council.officers) else "Officers",
            due_date=due,
            status=ActionStatus.DONE if done else (ActionStatus.OPEN if due >= ANSWERED_BY else ActionStatus.CANCELLED),
            bring_back_to=meeting.body if random.random() < 0.3 else None,
            completed_on=due - datetime.timedelta(days=math.floor(random.random() * 14)) if done else None,
        )
        rows.append(dated(action, at(meeting.date, 21), resolution._history_user))
    writer.create(Action, rows)


__all__ = ["load"]
