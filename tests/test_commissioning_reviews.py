"""Reviews: creating and editing them, RAG and status, members' input and comments, who may do what,
the overview page and the review's one timeline."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.models import EngagementNote, IndicatorActual, Review, ReviewComment, ReviewStage
from commissioning.selectors import reviews as selectors
from commissioning.services import reviews as services
from council.errors import RuleError
from council.roles import Role
from tests.factories import (
    IndicatorFactory,
    MemberFactory,
    MembershipFactory,
    OfficerFactory,
    PortfolioFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    SavingLineFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def portfolio():
    return PortfolioFactory(
        title="Adult Social Care and Health",
        cabinet_member=MemberFactory(user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]),
    )


def form_data(lead, chosen, **overrides):
    data = {
        "title": "Day Opportunities for Adults",
        "service_area": "Adult social care",
        "scope": "Day services for adults with learning disabilities.",
        "outcomes": "More people supported to live independently.",
        "directorate": "Adults and Health",
        "budget_in_scope": "4200000.00",
        "lead_officer": lead.pk,
        "portfolios": [p.pk for p in chosen],
        "analyse_start": "2026-04-01",
        "analyse_end": "2026-09-30",
        "plan_start": "2026-10-01",
        "plan_end": "",
    }
    return data | overrides


# Creating and editing


def test_an_officer_creates_a_review_with_its_four_stages(client, officer, portfolio):
    OfficerFactory(user=officer)
    client.force_login(officer)
    page = client.get(reverse("commissioning:review-add"))
    assert page.status_code == 200
    assert "Adult Social Care and Health" in page.content.decode()

    response = client.post(reverse("commissioning:review-add"), form_data(officer, [portfolio]))
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert review.budget_in_scope == Decimal("4200000.00")
    assert list(review.portfolios.all()) == [portfolio]
    assert (review.stage, review.status, review.created_by) == ("analyse", "proposed", officer)
    stages = {s.stage: s for s in review.stages.all()}
    assert list(stages) == ["analyse", "plan", "do", "review"]
    assert (stages["analyse"].planned_start, stages["analyse"].planned_end) == (D(2026, 4, 1), D(2026, 9, 30))
    assert (stages["plan"].planned_start, stages["plan"].planned_end) == (D(2026, 10, 1), None)
    assert review.history.get().history_change_reason == "Review created"

    overview = client.get(review.get_absolute_url()).content.decode()
    assert "£4,200,000.00" in overview
    assert f"Councillor {portfolio.cabinet_member.user.get_full_name()}" in overview
    assert "Current stage" in overview


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"portfolios": []}, "portfolios", "Select at least one accountable portfolio"),
        ({"analyse_end": "2026-03-01"}, "analyse_end", "planned end of the Analyse stage must be the same as or after"),
        ({"budget_in_scope": "-1.00"}, "budget_in_scope", "The budget in scope cannot be negative"),
        ({"budget_in_scope": "12.345"}, "budget_in_scope", "no more than 2 decimal places"),
        ({"title": ""}, "title", "Enter the review’s title"),
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_saved(client, officer, portfolio, overrides, field, message):
    client.force_login(officer)
    data = form_data(officer, [portfolio], **overrides)
    response = client.post(reverse("commissioning:review-add"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert message in body
    assert f'href="#id_{field}' in body
    assert "Day services for adults with learning disabilities." in body  # what was typed is kept
    assert not Review.objects.exists()
    assert not ReviewStage.objects.exists()


@pytest.mark.parametrize(
    ("typed", "budget"),
    [("£4,200,000", Decimal("4200000.00")), ("4200000.5", Decimal("4200000.50")), ("", None)],
)
def test_the_budget_is_read_as_people_type_money(client, officer, portfolio, typed, budget):
    # As on the savings pages: with or without the pound sign and commas, exactly, never a float.
    client.force_login(officer)
    response = client.post(reverse("commissioning:review-add"), form_data(officer, [portfolio], budget_in_scope=typed))
    assert response.status_code == 302
    assert Review.objects.get().budget_in_scope == budget


def test_the_services_hold_the_same_rules(officer, portfolio):
    arguments = {
        "by": officer,
        "title": "Leisure",
        "service_area": "Leisure",
        "scope": "Centres",
        "outcomes": "More use",
        "directorate": "Communities",
        "lead_officer": officer,
    }
    with pytest.raises(RuleError, match="at least one"):
        services.review_create(**arguments, portfolios=[])
    with pytest.raises(RuleError, match="negative"):
        services.review_create(**arguments, portfolios=[portfolio], budget_in_scope=Decimal("-0.01"))
    with pytest.raises(RuleError, match="planned end of the Do stage"):
        services.review_create(**arguments, portfolios=[portfolio], stage_dates={"do": (D(2027, 5, 1), D(2027, 4, 1))})
    assert not Review.objects.exists()


def test_editing_changes_details_portfolios_and_planned_dates_with_history(client, officer, portfolio):
    review = ReviewFactory()
    client.force_login(officer)
    data = form_data(officer, [portfolio], title="Day Opportunities", do_start="2027-04-01", do_end="2027-12-31")
    response = client.post(reverse("commissioning:review-edit", args=[review.pk]), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.title == "Day Opportunities"
    assert list(review.portfolios.all()) == [portfolio]
    do = review.stages.get(stage="do")
    assert (do.planned_start, do.planned_end) == (D(2027, 4, 1), D(2027, 12, 31))
    assert review.history.first().history_change_reason == "Review details changed"
    assert review.history.first().history_user == officer


def test_the_edit_form_shows_the_current_details(client, officer):
    review = ReviewFactory(title="Home to School Transport")
    ReviewStage.objects.filter(review=review, stage="plan").update(planned_start=D(2026, 6, 1))
    client.force_login(officer)
    body = client.get(reverse("commissioning:review-edit", args=[review.pk])).content.decode()
    assert 'value="Home to School Transport"' in body
    assert 'value="2026-06-01"' in body


def test_rag_rating_needs_a_reason_and_is_recorded_with_it(client, officer):
    review = ReviewFactory()
    client.force_login(officer)
    missing = client.post(reverse("commissioning:review-rag", args=[review.pk]), {"rag": "amber", "on": "2026-01-10"})
    assert "Enter the reason for the RAG rating" in missing.content.decode()
    response = client.post(
        reverse("commissioning:review-rag", args=[review.pk]),
        {"rag": "amber", "reason": "Market engagement is late.", "on": "2026-01-10"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.rag, review.rag_reason, review.rag_date) == ("amber", "Market engagement is late.", D(2026, 1, 10))
    assert review.history.first().history_change_reason == "RAG rating amber: Market engagement is late."


def test_putting_on_hold_and_stopping_need_a_reason_and_a_stopped_review_is_closed(officer):
    review = ReviewFactory()
    with pytest.raises(RuleError, match="reason"):
        services.review_set_status(review=review, status="on_hold", reason="", by=officer)
    services.review_set_status(review=review, status="on_hold", reason="Awaiting the budget", by=officer)
    services.review_set_status(review=review, status="stopped", reason="Service decommissioned", by=officer)
    review.refresh_from_db()
    assert review.status == "stopped"
    assert review.history.first().history_change_reason == "Stopped: Service decommissioned"
    with pytest.raises(RuleError, match="stopped"):
        services.review_set_status(review=review, status="in_progress", reason="Restart", by=officer)
    with pytest.raises(RuleError, match="stopped"):
        services.review_update(review=review, by=officer, title="New")


def test_starting_a_review_starts_its_first_stage(officer):
    review = ReviewFactory()
    services.review_set_status(review=review, status="in_progress", reason="Board agreed", by=officer)
    assert review.stages.get(stage="analyse").actual_start == timezone.localdate()


# Members' input and comments


def test_engagement_is_added_by_those_who_edit_with_the_members_ward_by_default(client, officer):
    review = ReviewFactory()
    councillor = MemberFactory()
    client.force_login(officer)
    response = client.post(
        reverse("commissioning:engagement-add", args=[review.pk]),
        {"member": councillor.pk, "stage": "analyse", "note": "Families in Riverside travel far for day care."},
    )
    assert response.status_code == 302
    note = EngagementNote.objects.get()
    assert (note.member, note.ward, note.recorded_by) == (councillor, councillor.ward, officer)
    body = client.get(review.get_absolute_url()).content.decode()
    assert "Families in Riverside travel far for day care." in body
    assert str(councillor.ward) in body


def test_engagement_is_only_at_analyse_or_plan(officer):
    review = ReviewFactory()
    with pytest.raises(RuleError, match="Analyse and Plan"):
        services.engagement_add(review=review, by=officer, member=MemberFactory(), note="x", stage="do")


def test_councillors_comment_and_their_comments_show_with_author_and_date(client):
    review = ReviewFactory()
    councillor = MemberFactory(user__first_name="Alan", user__last_name="McLain").user
    client.force_login(councillor)
    empty = client.post(reverse("commissioning:review-comment", args=[review.pk]), {"text": ""})
    assert "Enter your comment" in empty.content.decode()
    response = client.post(reverse("commissioning:review-comment", args=[review.pk]), {"text": "Consult carers."})
    assert response.status_code == 302
    comment = ReviewComment.objects.get()
    assert (comment.author, comment.stage) == (councillor, "analyse")
    body = client.get(review.get_absolute_url()).content.decode()
    assert "Consult carers." in body and "Alan McLain" in body


# Who may do what


def _review_with_board(person=None):
    review = ReviewFactory()
    review.programme_board = ProgrammeBoardFactory()
    review.save()
    if person is not None:
        MembershipFactory(body=review.programme_board, person=person)
    return review


EDIT_PAGES = ["review-edit", "review-rag", "review-status", "engagement-add", "board-decision-add", "working-group"]


@pytest.mark.parametrize("role", [Role.COMMISSIONING_OFFICER, Role.ADMINISTRATOR])
def test_commissioning_officers_and_administrators_edit_every_review(client, role):
    review = _review_with_board()
    client.force_login(UserFactory(roles=[role]))
    for name in EDIT_PAGES:
        assert client.get(reverse(f"commissioning:{name}", args=[review.pk])).status_code == 200, name


@pytest.mark.parametrize(
    "role", [Role.DEMOCRATIC_SERVICES, Role.FINANCE_OFFICER, Role.OFFICER, Role.CABINET_MEMBER, Role.COUNCILLOR]
)
def test_others_edit_only_the_reviews_whose_board_they_sit_on(client, role):
    person = UserFactory(roles=[role])
    theirs, other = _review_with_board(person), _review_with_board()
    client.force_login(person)
    for name in EDIT_PAGES:
        assert client.get(reverse(f"commissioning:{name}", args=[theirs.pk])).status_code == 200, name
        assert client.get(reverse(f"commissioning:{name}", args=[other.pk])).status_code == 403, name
    assert client.get(reverse("commissioning:review-add")).status_code == 403


@pytest.mark.parametrize("role", list(Role))
def test_everyone_signed_in_reads_a_review(client, role):
    review = _review_with_board()
    client.force_login(UserFactory(roles=[role]))
    for name in ("review-detail", "review-board", "review-timeline"):
        assert client.get(reverse(f"commissioning:{name}", args=[review.pk])).status_code == 200


def test_the_public_is_sent_to_sign_in_and_a_missing_review_is_not_found(client):
    review = ReviewFactory()
    for name in ("review-detail", "review-board", "review-timeline", "review-edit"):
        response = client.get(reverse(f"commissioning:{name}", args=[review.pk]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory(roles=[Role.OFFICER]))
    assert client.get(reverse("commissioning:review-detail", args=[review.pk + 1000])).status_code == 404


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.COUNCILLOR, True),
        (Role.CABINET_MEMBER, True),
        (Role.ADMINISTRATOR, True),
        (Role.COMMISSIONING_OFFICER, False),
        (Role.OFFICER, False),
        (Role.FINANCE_OFFICER, False),
        (Role.DEMOCRATIC_SERVICES, False),
    ],
)
def test_members_comment_officers_do_not(client, role, allowed):
    review = ReviewFactory()
    client.force_login(UserFactory(roles=[role]))
    response = client.post(reverse("commissioning:review-comment", args=[review.pk]), {"text": "A view"})
    assert response.status_code == (302 if allowed else 403)
    assert ReviewComment.objects.exists() is allowed


# The overview page and the timeline


def _busy(review, n, cabinet_member):
    """Add ``n`` of each thing the pages show."""
    services.board_create(review=review, by=review.lead_officer)
    services.working_group_link(review=review, by=review.lead_officer, name=f"Working Group for {review.title}")
    for i in range(n):
        services.board_seat_add(
            review=review,
            by=review.lead_officer,
            person=OfficerFactory(user__roles=[Role.FINANCE_OFFICER]).user,
            role="member",
            start_date=D(2026, 1, 5),
        )
        MembershipFactory(body=review.working_group, person=MemberFactory().user)
        services.board_decision_add(
            review=review,
            by=review.lead_officer,
            decision=f"Decision {i}",
            decided_on=D(2026, 2, 1),
            decided_by="Board",
        )
        services.working_group_note_add(review=review, by=review.lead_officer, met_on=D(2026, 2, 2), note=f"Note {i}")
        services.engagement_add(review=review, by=review.lead_officer, member=MemberFactory(), note=f"Ward need {i}")
        services.comment_add(review=review, by=MemberFactory().user, text=f"Comment {i}")
        SavingLineFactory(review=review)
        IndicatorFactory(review=review)
        services.review_set_rag(review=review, rag="green", reason=f"Reason {i}", by=review.lead_officer)
    services.gate_pass(review=review, by=cabinet_member, evidence="Analysis done")
    services.gate_reverse(review=review, by=cabinet_member, evidence="Analysis not done")


def test_the_overview_and_timeline_make_as_many_queries_with_many_rows_as_with_few(client, django_assert_num_queries):
    reviews = []
    for n in (1, 6):
        cabinet_member = MemberFactory(user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]).user
        review = ReviewFactory(portfolios=[PortfolioFactory(cabinet_member=cabinet_member.member)])
        _busy(review, n, cabinet_member)
        reviews.append(review)
    client.force_login(UserFactory(roles=[Role.COMMISSIONING_OFFICER]))
    for name in ("review-detail", "review-timeline", "review-board"):
        few, many = (reverse(f"commissioning:{name}", args=[review.pk]) for review in reviews)
        with CaptureQueriesContext(connection) as queries:
            client.get(few)
        with django_assert_num_queries(len(queries), info=name):
            client.get(many)


def test_the_timeline_tells_the_story_newest_first_with_who_and_why(client):
    cabinet_member = MemberFactory(
        user__first_name="Graham", user__last_name="Pollard", user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]
    ).user
    review = ReviewFactory(portfolios=[PortfolioFactory(cabinet_member=cabinet_member.member)])
    services.review_set_rag(review=review, rag="amber", reason="Provider market is thin", by=review.lead_officer)
    services.gate_pass(review=review, by=cabinet_member, evidence="Needs analysis")
    saving = SavingLineFactory(review=review, budget_reference="ASC-07")
    saving.forecast = Decimal("80000.00")
    saving._change_reason = "Forecast lowered: one provider withdrew"
    saving.save()

    events = selectors.review_timeline(review)
    headings = [e.heading for e in events]
    assert headings[0] == "Forecast lowered: one provider withdrew"
    assert "Analyse gate passed: now at Plan" in headings
    assert "RAG rating amber: Provider market is thin" in headings
    assert headings[-1] in ("Review created", "Stage planned", "Accountable portfolio added") or events[-1].kind

    client.force_login(UserFactory(roles=[Role.COUNCILLOR]))
    body = client.get(reverse("commissioning:review-timeline", args=[review.pk])).content.decode()
    assert "Saving ASC-07 2026/27" in body
    assert "Graham Pollard" in body
    assert "£" not in body or "80,000.00" in body
    assert body.index("Forecast lowered") < body.index("Analyse gate passed")


def test_the_timeline_says_which_indicator_an_actual_is_for():
    review = ReviewFactory()
    for name in ("Day service places used", "Adults in paid or voluntary work"):
        indicator = IndicatorFactory(review=review, name=name)
        IndicatorActual.objects.create(
            indicator=indicator, period_end=datetime.date(2026, 6, 30), period_label="Q1 2026/27", value=Decimal("7")
        )
    subjects = {e.subject for e in selectors.review_timeline(review) if "Q1 2026/27" in e.subject}
    assert subjects == {
        "Day service places used: actual for Q1 2026/27",
        "Adults in paid or voluntary work: actual for Q1 2026/27",
    }


def test_the_timeline_writes_indicator_figures_in_their_unit():
    review = ReviewFactory()
    indicator = IndicatorFactory(review=review, unit="%", baseline=Decimal("60"), target=Decimal("75.5"))
    IndicatorActual.objects.create(
        indicator=indicator, period_end=datetime.date(2026, 6, 30), period_label="Q1 2026/27", value=Decimal("72.40")
    )
    shown = {(c.label, c.new) for e in selectors.review_timeline(review) for c in e.changes}
    assert {("Baseline", "60%"), ("Target", "75.5%"), ("Value", "72.4%")} <= shown


# The demo


def test_the_demo_reviews_reach_their_stages_through_the_gates_and_loading_twice_changes_nothing(demo_council):
    from commissioning.demo import reviews as demo_reviews
    from commissioning.demo.data import REVIEWS
    from commissioning.models import BoardDecision, GateDecision

    counts = (Review.objects.count(), GateDecision.objects.count(), EngagementNote.objects.count())
    demo_reviews.load()
    assert (Review.objects.count(), GateDecision.objects.count(), EngagementNote.objects.count()) == counts

    for title, _, _, portfolios, lead, stage, status, budget in REVIEWS:
        review = Review.objects.get(title=title)
        assert (review.stage, review.status, review.budget_in_scope) == (stage, status, budget)
        assert review.lead_officer.get_full_name() == lead
        assert sorted(review.portfolios.values_list("title", flat=True)) == sorted(portfolios)
        seats = {m.person for m in review.programme_board.memberships.current()}
        assert review.lead_officer in seats
        assert any(p.get_full_name() in ("Nadia Hussain", "Andrew Kerr") for p in seats)
        for decision in review.gate_decisions.all():
            assert decision.capacity == "cabinet_member"
            assert decision.decided_on <= timezone.localdate()
            assert decision.decided_by.member.portfolios.filter(reviews=review).exists()
        assert BoardDecision.objects.filter(review=review).exists()
        assert review.status == "completed" or review.rag
    assert EngagementNote.objects.count() >= 3
    assert GateDecision.objects.filter(members_engaged=True).exists()
    supported = Review.objects.filter(working_group__name="Commissioning Cabinet Working Group")
    assert supported.count() == 2
    assert supported.first().working_group.memberships.count() >= 3


def test_the_review_form_makes_as_many_queries_with_many_officers_and_portfolios(client, django_assert_num_queries):
    review = ReviewFactory()
    client.force_login(UserFactory(roles=[Role.COMMISSIONING_OFFICER]))
    url = reverse("commissioning:review-edit", args=[review.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        OfficerFactory(user__roles=[Role.OFFICER])
        PortfolioFactory()
    with django_assert_num_queries(len(few)):
        client.get(url)
