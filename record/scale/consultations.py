"""The decade's consultations of members: officers asking the councillors of the day, each with a
few questions, most of the councillors answering; closed and reported with what changed."""

import datetime

from members.models import (
    Answer,
    AudienceKind,
    Consultation,
    ConsultationState,
    Question,
    QuestionKind,
    Response,
    ResponseState,
)

from . import words
from .base import DEMO_YEAR, Plan, Writer, at, dated, own_timestamps, rng, share
from .people import Council

QUESTIONS = [
    (QuestionKind.AGREE_SCALE, "Do you agree with the proposals for {subject}?"),
    (QuestionKind.FREE_TEXT, "What should we change about {subject} in your ward?"),
    (QuestionKind.FREE_TEXT, "Is there anything else you would like us to consider?"),
]
ANSWERS = [
    "Residents in my ward have raised this with me several times.",
    "I support the proposals but the timetable is too short.",
    "The service works well as it is; please keep the local office.",
    "We need better information for residents before any change.",
    "Please look again at the effect on older residents.",
]


def load(writer: Writer, plan: Plan, seed: int, council: Council) -> None:
    random = rng(seed, "consultations")
    officers = council.officers
    if not officers:
        return
    count = plan.count("consultations")
    first_day = datetime.date(plan.first_year, 5, 1)
    span = (datetime.date(DEMO_YEAR, 4, 1) - first_day).days
    consultations, journeys = [], []
    for n in range(count):
        opens = first_day + datetime.timedelta(days=int(n * span / count))
        closes = opens + datetime.timedelta(days=random.choice((14, 21, 28)))
        owner = random.choice(officers)
        subject = random.choice(words.SUBJECTS)
        reported = random.random() < 0.7
        consultation = Consultation(
            title=words.subject_title(
                random.choice(["{Subject}: members' views", "Consultation on {subject}"]), subject
            )
            + f" ({opens.year})",
            purpose=f"We are asking all members for their views on {subject} before proposals go to Cabinet.",
            owner=owner,
            state=ConsultationState.REPORTED if reported else ConsultationState.CLOSED,
            opens_at=at(opens, 9),
            closes_at=at(closes, 17),
            audience=AudienceKind.ALL_MEMBERS,
            public=random.random() < 0.4,
            summary_published_at=at(closes + datetime.timedelta(days=7), 12) if reported else None,
            outcome=f"Members' responses changed the proposals for {subject}." if reported else "",
            outcome_published_at=at(closes + datetime.timedelta(days=14), 12) if reported else None,
            created_by=owner,
            created_at=at(opens - datetime.timedelta(days=5), 9),
        )
        consultations.append(dated(consultation, consultation.created_at, owner))
        journeys.append((consultation, subject, owner, opens, closes))
    created_at = Consultation._meta.get_field("created_at")
    updated_at = Response._meta.get_field("updated_at")
    with own_timestamps(created_at, updated_at):
        writer.create(Consultation, consultations)
        questions = {}
        rows = []
        for consultation, subject, owner, _opens, _closes in journeys:
            asked = QUESTIONS[: random.choice((2, 3))]
            for position, (kind, text) in enumerate(asked, start=1):
                question = Question(
                    consultation=consultation,
                    position=position,
                    kind=kind,
                    text=text.format(subject=subject),
                    required=position == 1,
                    max_length=2000 if kind == QuestionKind.FREE_TEXT else None,
                )
                rows.append(dated(question, consultation.created_at, owner))
                questions.setdefault(consultation.pk, []).append(question)
        writer.create(Question, rows)

        wanted = share(plan.count("responses"), [1.0] * len(journeys))
        responses = []
        for (consultation, _subject, _owner, opens, closes), number in zip(journeys, wanted, strict=True):
            term = council.term_on(opens)
            pool = [council.members_of[user.pk] for user in term.councillors if user.pk in council.members_of]
            for member in random.sample(pool, min(number, len(pool))):
                submitted = at(opens + datetime.timedelta(days=random.randrange((closes - opens).days or 1)), 19)
                response = Response(
                    consultation=consultation,
                    member=member,
                    state=ResponseState.SUBMITTED,
                    submitted_at=submitted,
                    updated_at=submitted,
                )
                responses.append(dated(response, submitted, member.user))
        writer.create(Response, responses)
        answers = []
        for response in responses:
            for question in questions[response.consultation.pk]:
                if question.kind == QuestionKind.AGREE_SCALE:
                    answer = Answer(response=response, question=question, scale=random.randint(1, 5))
                elif not question.required and random.random() < 0.5:
                    continue
                else:
                    answer = Answer(response=response, question=question, text=random.choice(ANSWERS))
                answers.append(dated(answer, response.submitted_at, response._history_user))
        writer.create(Answer, answers)
