"""Demo consultations for Northbridge: the member-roles consultation from the source minutes, and a
consultation for the Leisure Centres Management review's Analyse stage.

The minutes end with the Cabinet Member Corporate Services urging colleagues to "respond to his
email" about how members want to take part in commissioning: here it is a consultation, open,
with about two thirds of the 45 councillors having submitted and a few drafts. Everything goes
through the services, so history records it. Loading again adds nothing.

The link from the review's Analyse stage to its consultation is held on the commissioning side.
"""

import datetime

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from council.calendar import is_working_day
from council.history import saved_by

from ..models import Answer, Consultation, Member, QuestionKind, Response
from ..models.reminders import Reminder, ReminderKind, ReminderStatus
from . import services
from .selectors.responses import Given
from .services.responses import response_save_draft, response_submit

User = get_user_model()

MEMBER_ROLES = "Member roles in commissioning"
LEISURE = "Leisure Centres Management: what matters in your ward"

ROLES = [
    "Sitting on a review's programme board",
    "Being a service champion for a review",
    "Joining a review's working group",
    "Scrutinising commissioning decisions",
    "None at the moment",
]
TIME = ["Less than 2 hours a month", "2 to 5 hours a month", "More than 5 hours a month"]
WARD_NOTES = [
    "Residents raise the library's opening hours with me more than anything else.",
    "Bus links to the leisure centre are poor in the evenings.",
    "Older residents want services they can reach without a car.",
    "Parents ask about holiday activities for children.",
    "",
]
ELSE = ["", "", "Please share the review timetable early.", "Training on the commissioning cycle would help.", ""]


def _closes_after(*, days: int) -> datetime.datetime:
    """5pm on the first working day at least ``days`` from now: a demo loaded in December must not
    close a consultation on Christmas Day or a weekend (the council's calendar)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))


def _person(email_start: str):
    return User.objects.filter(email__startswith=email_start).first()


def _councillors() -> list[Member]:
    return list(Member.objects.current().select_related("user", "ward").order_by("user__last_name", "user__first_name"))


def _member_roles(owner, started: datetime.datetime) -> Consultation:
    consultation = services.consultation_create(
        title=MEMBER_ROLES,
        purpose=(
            "The Council is adopting a commissioning cycle (Analyse, Plan, Do, Review). Tell us how "
            "you would like to take part, how much time you can give, and what matters in your ward, "
            "so that members' roles can be agreed at the Members Working Group."
        ),
        owner=owner,
        opens_at=started,
        closes_at=_closes_after(days=12),
        by=owner,
        now=started - datetime.timedelta(hours=1),
    )
    add = services.question_add
    add(
        consultation=consultation,
        kind=QuestionKind.MULTIPLE_CHOICE,
        text="Which roles in commissioning interest you?",
        help_text="Roles are agreed at the Members Working Group: this tells us where your interest lies.",
        options=ROLES,
        by=owner,
    )
    add(
        consultation=consultation,
        kind=QuestionKind.SINGLE_CHOICE,
        text="How much time could you give?",
        options=TIME,
        by=owner,
    )
    add(
        consultation=consultation,
        kind=QuestionKind.AGREE_SCALE,
        text="Members should be involved at the Analyse and Plan stages",
        by=owner,
    )
    add(
        consultation=consultation,
        kind=QuestionKind.WARD_FEEDBACK,
        text="What should we know about services in your ward?",
        required=False,
        max_length=1000,
        by=owner,
    )
    add(
        consultation=consultation,
        kind=QuestionKind.FREE_TEXT,
        text="Anything else?",
        required=False,
        max_length=2000,
        by=owner,
    )
    return services.consultation_open(consultation=consultation, by=owner, now=started)


def _answers(consultation: Consultation, member: Member, n: int) -> dict:
    questions = list(consultation.questions.prefetch_related("options").order_by("position"))
    roles, time, scale, ward, other = questions
    role_options = [o.pk for o in roles.options.all()]
    time_options = [o.pk for o in time.options.all()]
    chosen = (role_options[n % 4], role_options[(n + 1) % 4]) if n % 5 else (role_options[4],)
    return {
        roles.pk: Given(options=tuple(sorted(chosen))),
        time.pk: Given(options=(time_options[n % 3],)),
        scale.pk: Given(scale=[5, 4, 4, 3, 5, 2][n % 6]),
        ward.pk: Given(text=WARD_NOTES[n % 5], ward=member.ward_id if WARD_NOTES[n % 5] else None),
        other.pk: Given(text=ELSE[n % 5]),
    }


def _respond(consultation: Consultation, started: datetime.datetime, submitted: int, drafts: int) -> None:
    members = _councillors()
    # Demo members did not really respond: their copies of the answers are not emailed.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for n, member in enumerate(members[: submitted + drafts]):
            answers = _answers(consultation, member, n)
            # Spread over the days since opening, most in the first few days, as happens.
            at = started + datetime.timedelta(hours=3 + (n * n) % 200)
            at = min(at, timezone.now() - datetime.timedelta(minutes=5))
            if n < submitted:
                response = response_submit(
                    consultation=consultation, member=member, answers=answers, based_on_version=0, now=at
                )
            else:
                partial = dict(list(answers.items())[:2])
                response = response_save_draft(
                    consultation=consultation, member=member, answers=partial, based_on_version=0, now=at
                )
            _dated(response, at)


def _dated(response: Response, at: datetime.datetime) -> None:
    """The demo's responses were made over the days since opening: their history and "last saved"
    say so, not the moment the demo was loaded."""
    Response.objects.filter(pk=response.pk).update(updated_at=at)
    response.history.update(history_date=at)
    Answer.history.filter(response_id=response.pk).update(history_date=at)


def _leisure(owner, started: datetime.datetime) -> Consultation:
    consultation = services.consultation_create(
        title=LEISURE,
        purpose=(
            "The Leisure Centres Management review is at its Analyse stage. Before options are "
            "drawn up, tell us what residents in your ward value and what they find hard about the "
            "borough's leisure centres."
        ),
        owner=owner,
        opens_at=started,
        closes_at=_closes_after(days=20),
        public=True,  # shown on the public home and the public consultation pages
        by=owner,
        now=started - datetime.timedelta(hours=1),
    )
    services.question_add(
        consultation=consultation,
        kind=QuestionKind.WARD_FEEDBACK,
        text="What matters to residents in your ward about the leisure centres?",
        max_length=1500,
        by=owner,
    )
    services.question_add(
        consultation=consultation,
        kind=QuestionKind.AGREE_SCALE,
        text="The leisure centres meet the needs of residents in my ward",
        by=owner,
    )
    services.question_add(
        consultation=consultation,
        kind=QuestionKind.FREE_TEXT,
        text="Anything else the review should consider?",
        required=False,
        max_length=2000,
        by=owner,
    )
    return services.consultation_open(consultation=consultation, by=owner, now=started)


def load() -> list[Consultation]:
    """Add the demo consultations once (after the demo council has been loaded)."""
    loaded = []
    now = timezone.now()
    hartley = _person("richard.hartley@")
    if hartley is not None and not Consultation.objects.filter(title=MEMBER_ROLES).exists():
        started = now - datetime.timedelta(days=9)
        consultation = _member_roles(hartley, started)
        total = len(_councillors())
        _respond(consultation, started, submitted=round(total * 2 / 3), drafts=4)
        loaded.append(consultation)
    whitfield = _person("sarah.whitfield@")
    if whitfield is not None and not Consultation.objects.filter(title=LEISURE).exists():
        started = now - datetime.timedelta(days=2)
        consultation = _leisure(whitfield, started)
        _respond_leisure(consultation, started)
        loaded.append(consultation)
    _invitations_went_out(loaded)
    return loaded


def _invitations_went_out(consultations: list[Consultation]) -> None:
    """The demo consultations opened days ago: their invitations went out then, so a newcomer's
    worker does not send 90 invitations (to members who have already responded) on first start.
    The reminders still to come stay due."""
    for consultation in consultations:
        for reminder in Reminder.objects.filter(
            consultation=consultation, kind=ReminderKind.INVITATION, status=ReminderStatus.PENDING
        ):
            reminder.status = ReminderStatus.SENT
            reminder.due_at = reminder.sent_at = consultation.opens_at
            saved_by(reminder, consultation.owner, "Invitation sent when the consultation opened")


def _respond_leisure(consultation: Consultation, started: datetime.datetime) -> None:
    questions = list(consultation.questions.order_by("position"))
    notes = [
        "The swimming pool's early sessions are full; residents want more of them.",
        "Parking at the centre is the biggest complaint I hear.",
        "Families value the holiday activities and the low prices for children.",
    ]
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for n, member in enumerate(_councillors()[::6][:6]):
            answers = {
                questions[0].pk: Given(text=notes[n % 3], ward=member.ward_id),
                questions[1].pk: Given(scale=[2, 3, 4][n % 3]),
            }
            at = min(started + datetime.timedelta(hours=5 * (n + 1)), timezone.now())
            response = response_submit(
                consultation=consultation, member=member, answers=answers, based_on_version=0, now=at
            )
            _dated(response, at)
