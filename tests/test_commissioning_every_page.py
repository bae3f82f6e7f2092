"""Every commissioning page, walked: the public is sent to sign in (but for the agreed work plan),
a read-only officer reads what everyone reads and is refused the rest without anything changing,
and each page opens for someone whose job it is. New pages join the walk by their URL name."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning import urls as commissioning_urls
from commissioning.models import (
    IndicatorActual,
    Review,
    SavingLine,
    SavingStatus,
    Stage,
    StageConsultation,
    WorkPlanEntry,
)
from council.roles import Role
from members.models import BodyKind
from tests.factories import (
    BodyFactory,
    ConsultationFactory,
    IndicatorFactory,
    MemberFactory,
    MembershipFactory,
    PortfolioFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    SavingLineFactory,
    UserFactory,
    WorkPlanVersionFactory,
)

pytestmark = pytest.mark.django_db

#: Pages everyone signed in reads (members are commissioning's critical friend).
READ = {
    "review-list",
    "review-detail",
    "review-board",
    "review-timeline",
    "review-indicators",
    "indicator-detail",
    "review-priority",
    "review-savings",
    "savings",
    "savings-csv",
    "my-savings",
    "saving-detail",
    "workplan-list",
    "workplan-detail",
}
#: Pages that only take a POST (a button on another page).
POST_ONLY = {"board-create", "consultation-unlink", "workplan-entry-move"}
#: Pages whose job is someone else's than an Administrator's (who is refused them, see the matrix).
ALLOWED = {
    "gate-pass": "cabinet_member",
    "gate-reverse": "cabinet_member",
    "review-comment": "councillor",
    "saving-signoff": "finance",
    "saving-reopen": "finance",
}


@pytest.fixture
def world():
    cabinet_member = UserFactory(roles=[Role.CABINET_MEMBER])
    portfolio = PortfolioFactory(cabinet_member=MemberFactory(user=cabinet_member))
    review = ReviewFactory(title="Day Opportunities for Adults", stage=Stage.PLAN, portfolios=[portfolio])
    review.programme_board = ProgrammeBoardFactory()
    review.save()
    seat = MembershipFactory(body=review.programme_board)
    line = SavingLineFactory(review=review)
    delivered = SavingLineFactory(
        review=review,
        status=SavingStatus.DELIVERED,
        realised=Decimal("100000.00"),
        signed_off_by=UserFactory(roles=[Role.FINANCE_OFFICER]),
        signed_off_at=timezone.now(),
        sign_off_evidence="Outturn report",
    )
    indicator = IndicatorFactory(review=review)
    actual = IndicatorActual.objects.create(
        indicator=indicator, period_end=datetime.date(2026, 6, 30), period_label="Q1 2026/27", value=Decimal("70")
    )
    BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY)  # where a work plan is brought back to
    version = WorkPlanVersionFactory(number=1)
    entry = WorkPlanEntry.objects.create(
        version=version,
        review=review,
        position=1,
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    link = StageConsultation.objects.create(
        review=review, stage=Stage.ANALYSE, consultation=ConsultationFactory(), linked_by=UserFactory()
    )
    args = {
        "consultation-unlink": [review.pk, link.pk],
        "saving": [line.pk],
        "saving-reopen": [delivered.pk],
        "indicator": [indicator.pk],
        "actual-edit": [indicator.pk, actual.pk],
        "board-seat-end": [review.pk, seat.pk],
        "workplan": [version.number],
        "workplan-entry": [version.number, entry.pk],
        "review": [review.pk],
    }
    return {
        "args": args,
        "people": {
            "administrator": UserFactory(roles=[Role.ADMINISTRATOR]),
            "cabinet_member": cabinet_member,
            "councillor": UserFactory(roles=[Role.COUNCILLOR]),
            "finance": UserFactory(roles=[Role.FINANCE_OFFICER]),
        },
    }


def url_of(name, args) -> str:
    pattern = next(p for p in commissioning_urls.urlpatterns if p.name == name)
    route = str(pattern.pattern)
    if "<" not in route:
        return reverse(f"commissioning:{name}")
    if name in args:
        return reverse(f"commissioning:{name}", args=args[name])
    unknown = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) - {"pk", "number", "entry_pk"}
    if unknown:  # a page of something this walk does not set up: give it an object in world()
        pytest.fail(f"{name}: the walk has no {', '.join(sorted(unknown))} to open it with")
    if name.startswith("workplan-entry-") and "entry_pk" in route:
        return reverse(f"commissioning:{name}", args=args["workplan-entry"])
    if route.startswith("commissioning/work-plan/"):
        return reverse(f"commissioning:{name}", args=args["workplan"])
    if route.startswith("commissioning/savings/"):
        return reverse(f"commissioning:{name}", args=args["saving"])
    if route.startswith("commissioning/indicators/"):
        return reverse(f"commissioning:{name}", args=args["indicator"])
    return reverse(f"commissioning:{name}", args=args["review"])


NAMES = sorted(p.name for p in commissioning_urls.urlpatterns)


def history_size() -> int:
    return sum(model.history.count() for model in (Review, SavingLine, WorkPlanEntry, IndicatorActual))


def test_every_page_is_walked():
    # A page added without a name, or a name this walk cannot give arguments to, fails here first.
    assert len(NAMES) == len(commissioning_urls.urlpatterns) and all(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_public_is_sent_to_sign_in(client, world, name):
    url = url_of(name, world["args"])
    for response in (client.get(url), client.post(url, {})):
        if name in ("workplan-list", "workplan-detail") and response.status_code != 405:
            # The work plan agreed by Council is public; this draft is not found.
            assert response.status_code == (200 if name == "workplan-list" else 404)
            continue
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("name", NAMES)
def test_a_read_only_officer_reads_or_is_refused_and_nothing_changes(client_for, world, name):
    url = url_of(name, world["args"])
    client = client_for(UserFactory(roles=[Role.OFFICER]))
    before = history_size()
    response = client.get(url)
    if name in READ:
        assert response.status_code == 200, url
        return
    assert response.status_code in ((405,) if name in POST_ONLY else (403, 404)), url
    assert client.post(url, {"reason": "x", "evidence": "x", "text": "x"}).status_code in (403, 404), url
    assert history_size() == before


@pytest.mark.parametrize("name", sorted(set(NAMES) - POST_ONLY - {"savings-csv"}))
def test_each_page_opens_for_someone_whose_job_it_is(client_for, world, name):
    person = world["people"][ALLOWED.get(name, "administrator")]
    response = client_for(person).get(url_of(name, world["args"]))
    assert response.status_code == 200, name
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()
    assert not re.search(r"\S–|–\S", title), title  # the parts of the title are set apart: "Page – Review"


def test_the_savings_spreadsheet_downloads_and_the_buttons_post(client_for, world):
    client = client_for(world["people"]["administrator"])
    assert client.get(url_of("savings-csv", world["args"]))["Content-Type"].startswith("text/csv")
    assert client.post(url_of("board-create", world["args"])).status_code == 302
    move = client.post(url_of("workplan-entry-move", world["args"]), {"direction": "down"})
    assert move.status_code == 302


# The status page: those who edit the review change it with a reason; others are refused.


def test_the_status_page_changes_the_status_with_the_reason_in_history(client_for, world):
    review = Review.objects.get(title="Day Opportunities for Adults")
    client = client_for(world["people"]["administrator"])
    url = reverse("commissioning:review-status", args=[review.pk])
    response = client.post(url, {"status": "on_hold", "reason": "Awaiting the budget"})
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    review.refresh_from_db()
    assert review.status == "on_hold"
    assert review.history.first().history_change_reason == "On hold: Awaiting the budget"


def test_the_status_page_without_a_reason_keeps_the_choice_and_says_what_to_fix(client_for, world):
    review = Review.objects.get(title="Day Opportunities for Adults")
    client = client_for(world["people"]["administrator"])
    response = client.post(reverse("commissioning:review-status", args=[review.pk]), {"status": "stopped"})
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>\s*Error: ", page) and "govuk-error-summary" in page
    assert "Enter the reason for the change" in page
    assert re.search(r'value="stopped"[^>]*checked|checked[^>]*value="stopped"', page)
    review.refresh_from_db()
    assert review.status != "stopped"


def test_the_status_page_is_refused_to_a_councillor_without_a_seat(client_for, world):
    review = Review.objects.get(title="Day Opportunities for Adults")
    client = client_for(world["people"]["councillor"])
    url = reverse("commissioning:review-status", args=[review.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "stopped", "reason": "No"}).status_code == 403
    review.refresh_from_db()
    assert review.status != "stopped"


# Removing a review from a draft work plan.


def test_removing_a_review_from_a_draft_work_plan(client_for, world):
    entry = WorkPlanEntry.objects.get()
    url = reverse("commissioning:workplan-entry-remove", args=[entry.version.number, entry.pk])
    assert client_for(world["people"]["councillor"]).post(url, {}).status_code == 403
    assert WorkPlanEntry.objects.filter(pk=entry.pk).exists()
    commissioning_officer = UserFactory(roles=[Role.COMMISSIONING_OFFICER])
    response = client_for(commissioning_officer).post(url, {})
    assert response.status_code == 302 and response["Location"] == entry.version.get_absolute_url()
    assert not WorkPlanEntry.objects.filter(pk=entry.pk).exists()
    removed = WorkPlanEntry.history.filter(id=entry.pk, history_type="-").get()
    assert removed.history_user == commissioning_officer
