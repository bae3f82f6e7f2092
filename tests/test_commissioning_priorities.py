"""Priority assessment of commissioning reviews: the arithmetic, the rank, the weights, the pages
and who may do what."""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from commissioning.models import Criterion, CriterionScore, CriterionWeight, PriorityAssessment, ReviewStatus
from commissioning.models.priorities import weighted_score
from commissioning.selectors import priorities as selectors
from commissioning.services import priorities as services
from commissioning.templatetags.money import pounds
from council.errors import RuleError
from council.history import timeline
from council.roles import Role
from tests.factories import MembershipFactory, ProgrammeBoardFactory, ReviewFactory, UserFactory

CRITERIA = Criterion.values
DEFAULT_WEIGHTS = {"need": 25, "savings": 20, "performance": 15, "risk": 15, "statutory": 15, "feedback": 10}


def scores(level: int = 3, **overrides) -> dict[str, int]:
    return {criterion: overrides.get(criterion, level) for criterion in CRITERIA}


def rationales(**overrides) -> dict[str, str]:
    return {criterion: overrides.get(criterion, f"Evidence for {criterion}.") for criterion in CRITERIA}


def assess(review, level: int = 3, *, by=None, summary="Demand is rising fastest here.", reason="", **overrides):
    """Assess ``review`` through the service: every criterion ``level`` unless overridden."""
    return services.priority_assess(
        review=review,
        scores=scores(level, **overrides),
        rationales=rationales(),
        summary=summary,
        reason=reason,
        by=by or UserFactory(roles=[Role.COMMISSIONING_OFFICER]),
    )


def set_weights(by, reason="Cabinet asked for more weight on statutory duty", **weights):
    current = {row.criterion: row for row in CriterionWeight.objects.all()}
    return services.weights_set(
        weights={c: weights.get(c, current[c].weight) for c in CRITERIA},
        guidance={c: current[c].guidance for c in CRITERIA},
        reason=reason,
        by=by,
    )


def form_data(level="3", **fields) -> dict:
    data = {"summary": "Demand for the service is rising fastest."}
    for criterion in CRITERIA:
        data[f"{criterion}_score"] = level
        data[f"{criterion}_rationale"] = f"Evidence for {criterion}."
    return data | fields


def weights_data(reason="Cabinet asked for more weight on statutory duty", **weights) -> dict:
    data = {"reason": reason}
    for row in CriterionWeight.objects.all():
        data[f"{row.criterion}_weight"] = str(weights.get(row.criterion, row.weight))
        data[f"{row.criterion}_guidance"] = row.guidance
    return data


# --- Money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234.56"), "£1,234.56"),
        (Decimal("0"), "£0.00"),
        (Decimal("1234567.5"), "£1,234,567.50"),
        (Decimal("0.005"), "£0.01"),
        (Decimal("-50"), "-£50.00"),
        (250, "£250.00"),
        ("99.9", "£99.90"),
        (None, ""),
        ("", ""),
    ],
)
def test_pounds_shows_pounds_and_pence(amount, shown):
    assert pounds(amount) == shown


def test_pounds_filter_loads_in_templates():
    html = Template("{% load money %}{{ amount|pounds }}").render(Context({"amount": Decimal("4200000.00")}))
    assert html == "£4,200,000.00"


# --- The arithmetic ---------------------------------------------------------------------------


def test_score_is_the_weighted_share_of_the_most_possible_out_of_100():
    # 25x5 + 20x4 + 15x3 + 15x2 + 15x1 + 10x0 = 295 of 500 points.
    earned = {"need": 5, "savings": 4, "performance": 3, "risk": 2, "statutory": 1, "feedback": 0}
    assert weighted_score(earned, DEFAULT_WEIGHTS) == Decimal("59.00")
    assert weighted_score(scores(5), DEFAULT_WEIGHTS) == Decimal("100.00")
    assert weighted_score(scores(0), DEFAULT_WEIGHTS) == Decimal("0.00")


def test_score_is_a_decimal_rounded_half_up_to_the_hundredth():
    # 1 of 32 weights x 5 points: 1/160 x 100 = 0.625, half up to 0.63 (banker's rounding gives 0.62).
    weights = {"need": 1, "savings": 31, "performance": 0, "risk": 0, "statutory": 0, "feedback": 0}
    result = weighted_score(scores(0, need=1), weights)
    assert isinstance(result, Decimal)
    assert result == Decimal("0.63")
    # Thirds do not end: 1/15 x 100 = 6.666... is 6.67.
    thirds = {"need": 1, "savings": 1, "performance": 1, "risk": 0, "statutory": 0, "feedback": 0}
    assert weighted_score(scores(0, need=1), thirds) == Decimal("6.67")


def test_no_score_can_be_given_when_every_weight_is_zero():
    with pytest.raises(ValueError, match="weight"):
        weighted_score(scores(3), dict.fromkeys(CRITERIA, 0))


# --- The weights (settings) --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_council_starts_with_six_weighted_criteria_and_their_guidance():
    rows = selectors.criterion_weights()
    assert [row.criterion for row in rows] == CRITERIA
    assert {row.criterion: row.weight for row in rows} == DEFAULT_WEIGHTS
    assert all(row.guidance for row in rows)
    assert timeline(rows[0])[0].reason == "Council-wide weights set up"


@pytest.mark.django_db
def test_changing_the_weights_rescores_every_assessment_with_the_reason_in_history():
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    strong = assess(ReviewFactory(), 3, statutory=5)  # 25x3+20x3+15x3+15x3+15x5+10x3 = 330: 66.00
    flat = assess(ReviewFactory(), 3)  # 60.00
    assert (strong.score, flat.score) == (Decimal("66.00"), Decimal("60.00"))

    change = set_weights(admin, statutory=40)  # 330 + 25x5 = 455 of 625: 72.80; flat stays 60.00
    strong.refresh_from_db()
    flat.refresh_from_db()
    assert (strong.score, flat.score) == (Decimal("72.80"), Decimal("60.00"))
    assert (change.changed, change.rescored) == (1, 1)
    assert CriterionWeight.objects.get(criterion="statutory").weight == 40
    assert timeline(CriterionWeight.objects.get(criterion="statutory"))[0].reason == (
        "Cabinet asked for more weight on statutory duty"
    )
    latest = timeline(strong)[0]
    assert latest.reason == "Re-scored with new criterion weights: Cabinet asked for more weight on statutory duty"
    assert latest.who == admin.get_full_name()


@pytest.mark.django_db
def test_weights_cannot_all_be_zero_and_nothing_is_half_saved():
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    assessment = assess(ReviewFactory(), 4)
    with pytest.raises(RuleError, match="at least one criterion a weight above 0"):
        set_weights(admin, **dict.fromkeys(CRITERIA, 0))
    assert {row.criterion: row.weight for row in CriterionWeight.objects.all()} == DEFAULT_WEIGHTS
    assessment.refresh_from_db()
    assert assessment.score == Decimal("80.00")


@pytest.mark.django_db
def test_a_weight_must_be_0_to_100_and_a_change_needs_a_reason():
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    with pytest.raises(RuleError) as error:
        set_weights(admin, risk=101)
    assert (error.value.field, error.value.message) == (
        "risk_weight",
        "The weight of risk must be a whole number from 0 to 100",
    )
    with pytest.raises(RuleError) as error:
        set_weights(admin, reason="  ", risk=20)
    assert error.value.field == "reason"


@pytest.mark.django_db
def test_guidance_alone_changes_no_score():
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    assessment = assess(ReviewFactory(), 2)
    change = services.weights_set(
        weights=DEFAULT_WEIGHTS,
        guidance={row.criterion: f"{row.guidance} Updated." for row in CriterionWeight.objects.all()},
        reason="Clearer guidance",
        by=admin,
    )
    assert (change.changed, change.rescored) == (6, 0)
    assert len(timeline(assessment)) == 1


# --- Assessing a review -----------------------------------------------------------------------


@pytest.mark.django_db
def test_assessing_records_six_scored_criteria_the_total_and_who_assessed():
    officer = UserFactory(roles=[Role.COMMISSIONING_OFFICER], first_name="Sarah", last_name="Whitfield")
    review = ReviewFactory()
    assessment = assess(review, 4, by=officer, need=5)  # 25x5 + 75x4 = 425 of 500: 85.00
    assert assessment.score == Decimal("85.00")
    assert assessment.assessed_by == officer
    assert {row.criterion: row.score for row in assessment.scores.all()} == scores(4, need=5)
    assert timeline(assessment)[0].reason == "Priority assessed"
    assert timeline(assessment.scores.get(criterion="need"))[0].who == "Sarah Whitfield"


@pytest.mark.django_db
def test_rescoring_needs_a_reason_and_keeps_the_history_of_what_changed():
    review = ReviewFactory()
    assessment = assess(review, 3)
    with pytest.raises(RuleError) as error:
        assess(review, 4)
    assert (error.value.field, error.value.message) == ("reason", "Enter the reason for re-scoring the priority")

    assess(review, 3, need=5, reason="Waiting list doubled in a year")
    assessment.refresh_from_db()
    assert assessment.score == Decimal("70.00")  # 60 + 25x2 of 500
    need = assessment.scores.get(criterion="need")
    assert [entry.reason for entry in timeline(need)] == ["Waiting list doubled in a year", "Priority assessed"]
    assert len(timeline(assessment.scores.get(criterion="risk"))) == 1  # unchanged, no new entry
    assert timeline(assessment)[0].reason == "Waiting list doubled in a year"
    assert PriorityAssessment.objects.filter(review=review).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("score", "rationale", "field", "message"),
    [
        (6, "Evidence.", "risk_score", "The score for risk must be a whole number from 0 to 5"),
        (-1, "Evidence.", "risk_score", "The score for risk must be a whole number from 0 to 5"),
        (None, "Evidence.", "risk_score", "Select a score for risk"),
        (3, "   ", "risk_rationale", "Enter the rationale for the risk score"),
    ],
)
def test_each_criterion_needs_a_score_from_0_to_5_and_a_rationale(score, rationale, field, message):
    review = ReviewFactory()
    with pytest.raises(RuleError) as error:
        services.priority_assess(
            review=review,
            scores=scores(3) | {"risk": score},
            rationales=rationales(risk=rationale),
            summary="Why it ranks here.",
            by=UserFactory(),
        )
    assert (error.value.field, error.value.message) == (field, message)
    assert not PriorityAssessment.objects.filter(review=review).exists()
    assert not CriterionScore.objects.exists()


@pytest.mark.django_db
def test_an_assessment_needs_the_reason_it_ranks_where_it_does():
    with pytest.raises(RuleError) as error:
        assess(ReviewFactory(), summary=" ")
    assert error.value.field == "summary"


# --- Rank -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rank_is_dense_equal_scores_share_it_and_only_open_reviews_take_one():
    top = assess(ReviewFactory(), 5)
    tied_a = assess(ReviewFactory(), 4)
    tied_b = assess(ReviewFactory(), 4)
    low = assess(ReviewFactory(), 1)
    assess(ReviewFactory(status=ReviewStatus.COMPLETED), 5)
    assess(ReviewFactory(status=ReviewStatus.STOPPED), 2)
    ReviewFactory()  # not yet assessed

    ranking = selectors.ranking()
    assert [ranking.rank_of(a.score) for a in (top, tied_a, tied_b, low)] == [1, 2, 2, 3]
    assert ranking.is_joint(tied_a.score) and not ranking.is_joint(top.score)
    assert ranking.total == 4
    assert ranking.rank_of(Decimal("40.00")) is None  # the stopped review's score


# --- The priority page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_priority_page_shows_each_criterion_the_total_the_rank_and_who_assessed(client_for):
    officer = UserFactory(roles=[Role.COMMISSIONING_OFFICER], first_name="Sarah", last_name="Whitfield")
    assess(ReviewFactory(), 5)
    review = ReviewFactory(title="Home to School Transport")
    assess(review, 4, by=officer, statutory=5, summary="A statutory duty with costs rising by 12% a year.")
    assess(ReviewFactory(), 1)
    reader = UserFactory(roles=[Role.COUNCILLOR])

    page = client_for(reader).get(reverse("commissioning:review-priority", args=[review.pk])).content.decode()
    assert "Ranked 2 of 3" in page
    assert "83.00 out of 100" in page  # 25x4+20x4+15x4+15x4+15x5+10x4 = 415 of 500
    assert "415 of 500 weighted points" in page
    assert "A statutory duty with costs rising by 12% a year." in page
    assert "Sarah Whitfield" in page
    for row in CriterionWeight.objects.all():
        assert row.get_criterion_display() in page
    assert "Evidence for statutory." in page
    assessment = review.priority
    assert reverse("history", args=["commissioning", "priorityassessment", assessment.pk]) in page
    assert "Re-score the priority" not in page  # a councillor reads, does not edit


@pytest.mark.django_db
def test_priority_page_of_a_review_not_yet_assessed_offers_the_assessment(client_for):
    review = ReviewFactory()
    page = client_for(UserFactory(roles=[Role.COMMISSIONING_OFFICER])).get(
        reverse("commissioning:review-priority", args=[review.pk])
    )
    assert "has not been assessed yet" in page.content.decode()
    assert reverse("commissioning:review-priority-edit", args=[review.pk]) in page.content.decode()


@pytest.mark.django_db
def test_a_completed_review_keeps_its_score_but_takes_no_rank(client_for):
    review = ReviewFactory(status=ReviewStatus.COMPLETED)
    assess(review, 3)
    page = client_for(UserFactory(roles=[Role.OFFICER])).get(reverse("commissioning:review-priority", args=[review.pk]))
    assert "Not ranked: the review is completed" in page.content.decode()


@pytest.mark.django_db
def test_officer_assesses_a_review_in_the_browser(client_for):
    officer = UserFactory(roles=[Role.COMMISSIONING_OFFICER])
    review = ReviewFactory()
    response = client_for(officer).post(
        reverse("commissioning:review-priority-edit", args=[review.pk]), form_data("4", need_score="5")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("commissioning:review-priority", args=[review.pk])
    assert review.priority.score == Decimal("85.00")
    followed = client_for(officer).get(response["Location"]).content.decode()
    assert "Priority saved: a score of 85.00 out of 100. Ranked 1 of 1." in followed


@pytest.mark.django_db
def test_rescoring_in_the_browser_asks_for_the_reason(client_for):
    officer = UserFactory(roles=[Role.COMMISSIONING_OFFICER])
    review = ReviewFactory()
    assess(review, 2)
    client = client_for(officer)
    url = reverse("commissioning:review-priority-edit", args=[review.pk])
    form = client.get(url).content.decode()
    assert "Re-score the priority" in form and "Reason for re-scoring" in form
    assert re.search(r'value="2"\s+required id="id_need_score_2" checked', form)  # the score so far

    page = client.post(url, form_data("3")).content.decode()
    assert "Error: Re-score the priority" in page
    assert "Enter the reason for re-scoring the priority" in page
    response = client.post(url, form_data("3", reason="New needs assessment"))
    assert response.status_code == 302
    assert timeline(review.priority)[0].reason == "New needs assessment"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"risk_score": "7"}, "The score for risk must be a whole number from 0 to 5"),
        ({"risk_score": ""}, "Select a score for risk"),
        ({"feedback_rationale": ""}, "Enter the rationale for the member and community feedback score"),
        ({"summary": ""}, "Enter why the review ranks here"),
    ],
)
def test_a_bad_assessment_says_what_to_fix_and_keeps_what_was_typed(client_for, fields, message):
    review = ReviewFactory()
    data = form_data("4", need_rationale="Waiting list of 312 households.") | fields
    page = client_for(UserFactory(roles=[Role.COMMISSIONING_OFFICER])).post(
        reverse("commissioning:review-priority-edit", args=[review.pk]), data
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: Assess the priority" in html
    assert "There is a problem" in html
    assert html.count(message) == 2  # in the summary and by the field
    assert "Waiting list of 312 households." in html
    assert not PriorityAssessment.objects.filter(review=review).exists()


# --- Who may do what ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_everyone_signed_in_reads_a_reviews_priority(client_for, role):
    review = ReviewFactory()
    response = client_for(UserFactory(roles=[role])).get(reverse("commissioning:review-priority", args=[review.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_public_is_sent_to_sign_in(client):
    review = ReviewFactory()
    for url in (
        reverse("commissioning:review-priority", args=[review.pk]),
        reverse("commissioning:review-priority-edit", args=[review.pk]),
        reverse("commissioning:weights"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMINISTRATOR, 302),
        (Role.COMMISSIONING_OFFICER, 302),
        (Role.DEMOCRATIC_SERVICES, 403),
        (Role.FINANCE_OFFICER, 403),
        (Role.OFFICER, 403),
        (Role.CABINET_MEMBER, 403),
        (Role.COUNCILLOR, 403),
    ],
)
def test_commissioning_officers_and_administrators_assess_any_review(client_for, role, status):
    review = ReviewFactory()
    response = client_for(UserFactory(roles=[role])).post(
        reverse("commissioning:review-priority-edit", args=[review.pk]), form_data()
    )
    assert response.status_code == status
    assert PriorityAssessment.objects.filter(review=review).exists() == (status == 302)


@pytest.mark.django_db
def test_a_board_member_assesses_their_review_and_is_refused_another(client_for):
    cabinet_member = UserFactory(roles=[Role.CABINET_MEMBER])
    theirs = ReviewFactory(programme_board=ProgrammeBoardFactory())
    MembershipFactory(body=theirs.programme_board, person=cabinet_member)
    other = ReviewFactory(programme_board=ProgrammeBoardFactory())
    client = client_for(cabinet_member)

    response = client.post(reverse("commissioning:review-priority-edit", args=[theirs.pk]), form_data())
    assert response.status_code == 302
    assert theirs.priority.assessed_by == cabinet_member
    page = client.get(reverse("commissioning:review-priority", args=[theirs.pk])).content.decode()
    assert "Re-score the priority" in page
    # They read the other review like everyone signed in: its priority form is refused (403, as on
    # every other page of a review they may not change), not "not found".
    response = client.post(reverse("commissioning:review-priority-edit", args=[other.pk]), form_data())
    assert response.status_code == 403
    assert not PriorityAssessment.objects.filter(review=other).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [Role.COMMISSIONING_OFFICER, Role.DEMOCRATIC_SERVICES, Role.FINANCE_OFFICER, Role.OFFICER, Role.CABINET_MEMBER],
)
def test_only_administrators_open_the_weights(client_for, role):
    client = client_for(UserFactory(roles=[role]))
    assert client.get(reverse("commissioning:weights")).status_code == 403
    assert client.post(reverse("commissioning:weights"), weights_data(risk=40)).status_code == 403
    assert CriterionWeight.objects.get(criterion="risk").weight == 15


# --- The weights page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_administrator_changes_a_weight_and_every_review_is_rescored(client_for):
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    assessment = assess(ReviewFactory(), 3, need=5)  # 60 + 25x2 of 500 = 70.00
    client = client_for(admin)
    page = client.get(reverse("commissioning:weights")).content.decode()
    assert "Priority criteria and weights" in page
    statutory = CriterionWeight.objects.get(criterion="statutory")
    assert reverse("history", args=["commissioning", "criterionweight", statutory.pk]) in page

    response = client.post(reverse("commissioning:weights"), weights_data(need=50))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.score == Decimal("76.00")  # 50x5 + 75x3 = 475 of 625
    assert "1 review&#x27;s score changed with them" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"risk": "120"}, "The weight of risk must be a whole number from 0 to 100"),
        ({"risk": "lots"}, "The weight of risk must be a whole number from 0 to 100"),
        (dict.fromkeys(CRITERIA, "0"), "Give at least one criterion a weight above 0"),
    ],
)
def test_bad_weights_say_what_to_fix_and_keep_what_was_typed(client_for, fields, message):
    page = client_for(UserFactory(roles=[Role.ADMINISTRATOR])).post(
        reverse("commissioning:weights"), weights_data(reason="Rebalancing the criteria", **fields)
    )
    html = page.content.decode()
    assert "<title>Error: Priority criteria and weights" in html
    assert message in html
    assert "Rebalancing the criteria" in html
    assert {row.criterion: row.weight for row in CriterionWeight.objects.all()} == DEFAULT_WEIGHTS


@pytest.mark.django_db
def test_every_problem_with_the_weights_is_reported_at_once(client_for):
    page = client_for(UserFactory(roles=[Role.ADMINISTRATOR])).post(
        reverse("commissioning:weights"), weights_data(reason="", **dict.fromkeys(CRITERIA, "0"))
    )
    html = page.content.decode()
    assert "Give at least one criterion a weight above 0" in html
    assert "Enter the reason for changing the weights" in html


@pytest.mark.django_db
def test_weights_need_a_reason(client_for):
    page = client_for(UserFactory(roles=[Role.ADMINISTRATOR])).post(
        reverse("commissioning:weights"), weights_data(reason="", need=30)
    )
    assert "Enter the reason for changing the weights" in page.content.decode()
    assert CriterionWeight.objects.get(criterion="need").weight == 25


# --- Demo -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_assesses_every_review_but_one_as_sarah_whitfield_and_loads_once(demo_council):
    from commissioning.demo import priorities as demo_priorities
    from commissioning.models import Review

    history = PriorityAssessment.history.count() + CriterionScore.history.count()
    demo_priorities.load()
    assert PriorityAssessment.history.count() + CriterionScore.history.count() == history

    assessments = PriorityAssessment.objects.select_related("review", "assessed_by")
    assert assessments.count() == Review.objects.count() - 1
    assert {a.assessed_by.get_full_name() for a in assessments} == {"Sarah Whitfield"}
    assert not PriorityAssessment.objects.filter(review__title="Customer Contact and Digital Services").exists()
    transport = assessments.get(review__title="Home to School Transport")
    assert "Education Act 1996" in transport.scores.get(criterion="statutory").rationale
    homelessness = assessments.get(review__title="Homelessness Prevention and Temporary Accommodation")
    assert "temporary accommodation" in homelessness.scores.get(criterion="need").rationale
    ranking = selectors.ranking()
    assert ranking.rank_of(homelessness.score) == 1
    early_help = assessments.get(review__title="Early Help for Families")
    assert ranking.is_joint(early_help.score)


@pytest.mark.django_db(transaction=True)
def test_the_council_wide_weights_survive_a_flush():
    """A flush (after every transactional test, or `manage.py flush`) empties the tables and sends
    post_migrate without the migration state: the six weights must be back all the same."""
    from django.core.management import call_command

    from commissioning.models import CriterionWeight

    call_command("flush", interactive=False, verbosity=0)

    assert CriterionWeight.objects.count() == 6
