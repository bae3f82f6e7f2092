"""A council's decade (record.scale, ``manage.py load_scale``), at a hundredth of its size: the
counts follow the fraction, the same seed gives the same rows, every row has its history, the
rows keep the product's rules, and the site's pages answer with them loaded."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from commissioning.models import Review, SavingLine, SavingStatus
from council import calendar
from council.roles import Role
from executive.models import CallIn, EntryStatus, ExecutiveDecision, ForwardPlanEntry
from members.models import Body, BodyKind, Consultation, Member, Response
from record import scale
from record.models import EntryKind, SearchEntry
from record.scale.people import BODIES
from scrutiny.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Declaration,
    DeclarationKind,
    DocumentPageText,
    ItemKind,
    Meeting,
    MeetingStatus,
    MemberVote,
    Publication,
    Recommendation,
    RecommendationResponse,
    SupportingDocument,
    Vote,
    VoteResult,
)
from tests.crawl import World, page_urls
from tests.factories import UserFactory

FRACTION = 0.01
DEMO_YEAR_BEGINS = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)


@pytest.fixture
def scaled(demo_council):
    return scale.load(fraction=FRACTION)


def _scaled_bodies():
    return Body.objects.filter(name__in=[spec.name for spec in BODIES])


def _decade_meetings():
    """The decade's meetings: the scaled bodies' and the demo's Council's and Cabinet's before the
    demo's municipal year (every demo meeting is in it)."""
    return Meeting.objects.filter(starts_at__lt=DEMO_YEAR_BEGINS)


def test_the_counts_follow_the_fraction(scaled):
    rows = scaled.rows
    # 1% of a decade: 33 bodies round to the least, 2; 4,000 meetings to 40; and so on.
    assert rows["members.Body"] == 2
    assert rows["scrutiny.Meeting"] == 40
    assert rows["scrutiny.AgendaItem"] == 400
    assert rows["scrutiny.SupportingDocument"] == 600
    assert rows["commissioning.Review"] == 3
    assert rows["commissioning.SavingLine"] == 30
    assert rows["members.Consultation"] == 5
    assert rows["members.Response"] == 200
    # What the meetings did: at 1%, a hundredth of the decade's declarations, votes (some lost no
    # vote for want of members present), recommendations, actions and key decisions.
    assert rows["scrutiny.Declaration"] == 15
    assert 50 <= rows["scrutiny.Vote"] <= 60
    assert rows["scrutiny.Recommendation"] == 6  # from the scrutiny panel's resolutions
    assert rows["scrutiny.Action"] == 40
    assert rows["executive.ForwardPlanEntry"] == 4
    # Every paper's pages' text, for search: a page of text for each of its pages.
    assert rows["scrutiny.DocumentPageText"] == sum(
        SupportingDocument.objects.filter(item__meeting__in=_decade_meetings()).values_list("page_count", flat=True)
    )
    # The demo's Cabinet met through the decade too, and decided on its reports.
    assert rows["executive.ExecutiveDecision"] > 0
    # ... and they are in the database, on top of the demo's.
    assert _decade_meetings().count() == 40
    assert AgendaItem.objects.filter(meeting__in=_decade_meetings()).count() == 400
    assert SupportingDocument.objects.filter(item__meeting__in=_decade_meetings()).count() == 600
    assert Response.objects.filter(consultation__title__endswith=")").count() >= 200
    # A few hundred PDFs at full size; at 1%, three, shared by every paper.
    assert (
        SupportingDocument.objects.filter(item__meeting__in=_decade_meetings()).values("sha256").distinct().count() == 3
    )


def test_more_years_and_a_larger_fraction_give_more(demo_council):
    small = scale.load(years=2, fraction=0.02)
    assert small.rows["scrutiny.Meeting"] == 16  # 4,000 x 2/10 x 0.02
    assert _decade_meetings().earliest("starts_at").starts_at.date() >= datetime.date(2024, 5, 1)


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows(demo_council):
    fingerprints = []
    for seed in (scale.SEED, scale.SEED, scale.SEED + 1):
        with transaction.atomic():
            scale.load(fraction=FRACTION, seed=seed)
            fingerprints.append(scale.fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[2] != fingerprints[0]


def test_every_row_written_has_its_history(scaled):
    assert scaled.history_rows > 0
    checked = 0
    for label in scaled.rows:
        model = apps.get_model(label)
        history = getattr(model, "history", None)
        if history is None:
            continue  # the people's roles (auth's table of user and group), which keeps none
        assert model._default_manager.exclude(pk__in=history.values("id")).count() == 0, label
        checked += 1
    assert checked >= 15
    # Dated when it happened, not when the load ran.
    meeting = Meeting.objects.filter(body__in=_scaled_bodies()).earliest("starts_at")
    assert meeting.history.earliest().history_date < meeting.starts_at


def test_the_rows_keep_the_rules(scaled):
    meetings = _decade_meetings()
    for publication in Publication.objects.filter(meeting__in=meetings).select_related("meeting"):
        assert publication.published_at < publication.meeting.starts_at
        assert publication.deadline_met and publication.clear_working_days >= 5
    assert (
        meetings.filter(status=MeetingStatus.MINUTES_CONFIRMED).exclude(minutes_confirmation__isnull=False).count() == 0
    )
    # An exempt item comes after the resolution to exclude the press and public.
    for item in AgendaItem.objects.filter(meeting__in=meetings, exempt=True):
        assert item.meeting.items.filter(kind=ItemKind.EXCLUSION, position__lt=item.position).exists()
    # Former councillors' terms ended; every response came from a councillor serving at the time.
    assert Member.objects.former(on=datetime.date(2026, 6, 1)).count() >= 90
    for response in Response.objects.filter(consultation__in=Consultation.objects.filter(title__endswith=")")):
        member = response.member
        assert member.term_starts_on <= response.submitted_at.date() <= member.term_ends_on
        assert response.consultation.opens_at <= response.submitted_at <= response.consultation.closes_at
    # Cabinet's decisions: on its meetings' items, the notice after the meeting, the call-in over.
    decisions = ExecutiveDecision.objects.filter(decided_on__lt=datetime.date(2026, 5, 1))
    assert decisions.exists()
    for decision in decisions.select_related("agenda_item__meeting__body"):
        assert decision.agenda_item.meeting.body.slug == "cabinet"
        assert decision.decided_on < decision.notice_published_on <= decision.call_in_ends_on
    delivered = SavingLine.objects.filter(
        review__in=Review.objects.filter(title__endswith=")"), status=SavingStatus.DELIVERED
    )
    for line in delivered:
        assert line.signed_off_by_id not in (line.owner_id, line.realised_entered_by_id)


def test_what_the_meetings_did_keeps_the_rules(scaled):
    meetings = _decade_meetings()

    def present(meeting_id):
        return set(
            Attendance.objects.filter(meeting_id=meeting_id, status=AttendanceStatus.PRESENT).values_list(
                "person_id", flat=True
            )
        )

    # Nothing derived from exempt business: it would carry what was withheld.
    for model, item in (
        (Declaration, "item"),
        (Recommendation, "resolution__minute__item"),
        (Action, "resolution__minute__item"),
        (Vote, "resolution__minute__item"),
    ):
        rows = model.objects.filter(**{f"{item}__meeting__in": meetings})
        assert rows.exists(), model
        assert not rows.filter(**{f"{item}__exempt": True}).exists(), model
    # Interests are declared by members present; a disclosable pecuniary one means leaving the room.
    declarations = Declaration.objects.filter(item__meeting__in=meetings).select_related("item")
    for declaration in declarations:
        assert declaration.person_id in present(declaration.item.meeting_id)
        pecuniary = declaration.kind == DeclarationKind.DISCLOSABLE_PECUNIARY
        assert declaration.left_room == pecuniary and declaration.took_part != pecuniary
    assert (
        AgendaItem.objects.filter(meeting__in=declarations.values("item__meeting"), kind=ItemKind.DECLARATIONS)
        .exclude(minute__text__startswith="Declarations of interest were made")
        .count()
        == 0
    )
    # Votes: at most the members present, the result the counts give; a recorded vote names them.
    for vote in Vote.objects.filter(resolution__minute__item__meeting__in=meetings).select_related(
        "resolution__minute__item"
    ):
        there = present(vote.resolution.minute.item.meeting_id)
        assert vote.votes_for + vote.votes_against + vote.abstentions <= len(there)
        assert vote.result == (VoteResult.CARRIED if vote.votes_for > vote.votes_against else VoteResult.LOST)
        if vote.recorded:
            assert set(vote.member_votes.values_list("person_id", flat=True)) <= there
    assert not MemberVote.objects.filter(vote__recorded=False).exists()
    # Scrutiny's recommendations, answered within the two months once due before the demo's year.
    for recommendation in Recommendation.objects.filter(resolution__minute__item__meeting__in=meetings).select_related(
        "resolution__minute__item__meeting__body"
    ):
        assert recommendation.resolution.minute.item.meeting.body.kind in (
            BodyKind.OVERVIEW_SCRUTINY,
            BodyKind.TASK_AND_FINISH,
        )
        if recommendation.response != RecommendationResponse.NONE_YET:
            assert recommendation.received_on <= recommendation.responded_on <= recommendation.response_due
    actions = Action.objects.filter(resolution__minute__item__meeting__in=meetings)
    assert not actions.filter(status=ActionStatus.DONE, completed_on__isnull=True).exists()
    # Key decisions: each in the forward plan, drafted before the last day to give its notice.
    for decision in ExecutiveDecision.objects.filter(is_key=True, decided_on__lt=datetime.date(2026, 5, 1)):
        entry = decision.entry
        assert entry.is_key and entry.status == EntryStatus.DECIDED
        assert entry.expected_decision_on == decision.decided_on
        assert entry.created_at.date() < calendar.last_day_to_notice_key_decision(decision.decided_on)
    assert ForwardPlanEntry.objects.filter(decisions__isnull=True, status=EntryStatus.DECIDED).count() == 0
    # A paper's pages' text is its PDF's, page by page.
    document = SupportingDocument.objects.filter(item__meeting__in=meetings, page_count__gt=1).first()
    assert list(document.pages.values_list("number", flat=True)) == list(range(1, document.page_count + 1))
    assert document.pages.first().text.splitlines()[0].startswith("Northbridge Borough Council: ")


def test_a_called_in_decision_is_considered_by_scrutiny_in_time(demo_council):
    """Call-ins are a few a year: a tenth of the decade's two last years gives one."""
    scale.load(years=2, fraction=0.1)
    call_ins = CallIn.objects.filter(decision__decided_on__lt=datetime.date(2026, 5, 1)).select_related(
        "decision", "item__meeting__body"
    )
    assert call_ins.exists()
    for call_in in call_ins:
        decision = call_in.decision
        assert decision.notice_published_on < call_in.opened_on <= call_in.valid_on <= decision.call_in_ends_on
        assert call_in.signatures.count() == 3
        assert call_in.item.meeting.body.kind == BodyKind.OVERVIEW_SCRUTINY
        assert call_in.item.title == f"Call-in: {decision.title}"
        assert call_in.valid_on < call_in.item.meeting.date <= call_in.consider_by
        assert call_in.outcome_on == call_in.item.meeting.date
        assert (call_in.response != "") == call_in.is_referral


def test_loading_twice_is_refused(scaled):
    with pytest.raises(scale.AlreadyLoaded):
        scale.load(fraction=FRACTION)


def test_the_command_prints_the_counts_and_the_time_and_may_index_for_search(demo_council, settings, capsys):
    settings.DEBUG = True
    call_command("load_scale", "--fraction", "0.01", "--search-index")
    out = capsys.readouterr().out
    assert "scrutiny.Meeting" in out and "40" in out
    assert "history rows" in out and " s." in out
    # The decade's items are found by search, the public's only where they may see them.
    items = AgendaItem.objects.filter(meeting__in=_decade_meetings())
    entries = SearchEntry.objects.filter(kind=EntryKind.ITEM, object_id__in=items.values("pk"))
    assert entries.count() == items.count()
    exempt = items.filter(exempt=True).values("pk")
    assert not entries.filter(object_id__in=exempt, public=True).exists()
    assert entries.filter(public=True).exists()
    # The papers' pages are found too, an exempt paper's never by the public.
    documents = SupportingDocument.objects.filter(item__in=items)
    page_entries = SearchEntry.objects.filter(kind=EntryKind.PAGE, object_id__in=documents.values("pk"))
    assert page_entries.count() == DocumentPageText.objects.filter(document__in=documents).count()
    assert page_entries.filter(public=True).exists()
    exempt_papers = documents.filter(item__exempt=True).values("pk")
    assert exempt_papers.exists()
    assert not page_entries.filter(object_id__in=exempt_papers, public=True).exists()


def test_the_command_refuses_without_debug_and_a_bad_fraction(demo_council, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_scale", "--fraction", "0.01")
    settings.DEBUG = True
    with pytest.raises(CommandError, match="fraction"):
        call_command("load_scale", "--fraction", "2")


def _scaled_world() -> World:
    """The crawl's world, its meeting, item, paper, committee, consultation and review the decade's."""
    world = World()
    item = AgendaItem.objects.filter(meeting__body__in=_scaled_bodies(), documents__isnull=False).order_by("pk").first()
    world.item, world.meeting = item, item.meeting
    world.document = item.documents.order_by("position").first()
    world.resolution = item.minute.resolutions.first()
    world.body = item.meeting.body
    world.consultation = Consultation.objects.filter(title__endswith=")").order_by("pk").first()
    world.review = Review.objects.filter(title__endswith=")").order_by("pk").first()
    return world


def test_the_pages_answer_with_the_decade_loaded(client, scaled):
    world = _scaled_world()
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    client.raise_request_exception = False
    failed = []
    answered = 0
    for who in (None, administrator):
        client.logout()
        if who is not None:
            client.force_login(who)
        for name, url in page_urls(world):
            status = client.get(url).status_code
            answered += status == 200
            if status >= 500:
                failed.append(f"{name} {url} ({status})")
    assert failed == []
    assert answered >= 100
    # The decade's own pages, for the public and for an Administrator.
    meeting = world.meeting
    public = [
        meeting.get_absolute_url(),
        reverse("scrutiny:minutes", args=[meeting.pk]),
        world.body.get_absolute_url(),
        reverse("scrutiny:meeting-list"),
        reverse("members:councillor-former-list"),
    ]
    client.logout()
    for url in public:
        assert client.get(url).status_code == 200, url
    client.force_login(administrator)
    saving = (
        SavingLine.objects.filter(review=world.review).first()
        or SavingLine.objects.filter(budget_reference__contains="-R").first()
    )
    decision = ExecutiveDecision.objects.filter(decided_on__lt=datetime.date(2026, 5, 1)).order_by("pk").first()
    cabinet = decision.agenda_item.meeting
    for url in [
        *public,
        world.review.get_absolute_url(),
        saving.get_absolute_url(),
        world.consultation.get_absolute_url(),
        reverse("executive:decision-detail", args=[decision.pk]),
        reverse("executive:decision-list"),
        cabinet.get_absolute_url(),
        reverse("scrutiny:minutes", args=[cabinet.pk]),
    ]:
        assert client.get(url).status_code == 200, url
