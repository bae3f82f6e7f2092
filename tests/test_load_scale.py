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
from council.roles import Role
from members.models import Body, Consultation, Member, Response
from record import scale
from record.scale.people import BODIES
from scrutiny.models import AgendaItem, ItemKind, Meeting, MeetingStatus, Publication, SupportingDocument
from tests.crawl import World, page_urls
from tests.factories import UserFactory

FRACTION = 0.01


@pytest.fixture
def scaled(demo_council):
    return scale.load(fraction=FRACTION)


def _scaled_bodies():
    return Body.objects.filter(name__in=[spec.name for spec in BODIES])


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
    # ... and they are in the database, on top of the demo's.
    assert Meeting.objects.filter(body__in=_scaled_bodies()).count() == 40
    assert AgendaItem.objects.filter(meeting__body__in=_scaled_bodies()).count() == 400
    assert SupportingDocument.objects.filter(item__meeting__body__in=_scaled_bodies()).count() == 600
    assert Response.objects.filter(consultation__title__endswith=")").count() >= 200
    # A few hundred PDFs at full size; at 1%, three, shared by every paper.
    assert (
        SupportingDocument.objects.filter(item__meeting__body__in=_scaled_bodies()).values("sha256").distinct().count()
        == 3
    )


def test_more_years_and_a_larger_fraction_give_more(demo_council):
    small = scale.load(years=2, fraction=0.02)
    assert small.rows["scrutiny.Meeting"] == 16  # 4,000 x 2/10 x 0.02
    assert Meeting.objects.filter(body__in=_scaled_bodies()).earliest("starts_at").starts_at.date() >= datetime.date(
        2024, 5, 1
    )


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
    meetings = Meeting.objects.filter(body__in=_scaled_bodies())
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
    delivered = SavingLine.objects.filter(
        review__in=Review.objects.filter(title__endswith=")"), status=SavingStatus.DELIVERED
    )
    for line in delivered:
        assert line.signed_off_by_id not in (line.owner_id, line.realised_entered_by_id)


def test_loading_twice_is_refused(scaled):
    with pytest.raises(scale.AlreadyLoaded):
        scale.load(fraction=FRACTION)


def test_the_command_prints_the_counts_and_the_time(demo_council, settings, capsys):
    settings.DEBUG = True
    call_command("load_scale", "--fraction", "0.01")
    out = capsys.readouterr().out
    assert "scrutiny.Meeting" in out and "40" in out
    assert "history rows" in out and " s." in out


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
    for url in [
        *public,
        world.review.get_absolute_url(),
        saving.get_absolute_url(),
        world.consultation.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url
