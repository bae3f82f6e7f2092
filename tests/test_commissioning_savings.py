"""Savings realisation: who answers for each saving claimed, its figures, sign-off and totals."""

import csv as csv_module
import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.forms.savings import parse_pounds
from commissioning.models import SavingLine, SavingStatus
from commissioning.models.savings import financial_year_of
from commissioning.selectors import savings as selectors
from commissioning.services import savings as services
from council.errors import RuleError
from council.history import timeline
from council.roles import Role
from tests.factories import (
    MembershipFactory,
    OfficerFactory,
    PortfolioFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    SavingLineFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def finance():
    return UserFactory(first_name="Andrew", last_name="Kerr", roles=[Role.FINANCE_OFFICER])


@pytest.fixture
def owner():
    return OfficerFactory(user__first_name="Lucy", user__last_name="Fenwick", job_title="Performance Manager").user


@pytest.fixture
def review():
    return ReviewFactory(title="Day Opportunities for Adults")


def add(review, owner, by, **fields):
    values = {
        "financial_year": 2026,
        "budget_reference": "ASC-07",
        "description": "Fewer agency placements",
        "claimed": D("250000.00"),
        "owner": owner,
        "by": by,
        "today": TODAY,
    } | fields
    return services.saving_add(review=review, **values)


# --- Amounts: Decimal pounds and pence, typed as people type them -----------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,250,000", D("1250000.00")),
        ("1250000.5", D("1250000.50")),
        (" 42 ", D("42.00")),
        ("£ 3,000.25", D("3000.25")),
        (".5", D("0.50")),
        ("0", D("0.00")),
    ],
)
def test_amounts_are_read_as_people_type_them(typed, amount):
    parsed = parse_pounds(typed, label="amount claimed")
    assert parsed == amount
    assert type(parsed) is Decimal
    assert parsed.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "no more than 2 decimal places"),
        ("twelve pounds", "as a number of pounds"),
        ("1e5", "as a number of pounds"),
        ("NaN", "as a number of pounds"),
        ("Infinity", "as a number of pounds"),
        ("£", "as a number of pounds"),
        ("-50", "cannot be negative"),
        ("1,000,000,000", "less than £1,000,000,000"),
    ],
)
def test_amounts_refused_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as error:
        parse_pounds(typed, label="amount claimed")
    assert message in error.value.messages[0]


def test_financial_years_run_april_to_march():
    assert financial_year_of(datetime.date(2027, 3, 31)) == 2026
    assert financial_year_of(datetime.date(2027, 4, 1)) == 2027
    assert SavingLineFactory(financial_year=2026).financial_year_label == "2026/27"
    assert SavingLineFactory(financial_year=2099).financial_year_label == "2099/00"


# --- Totals: exact Decimal by review, year and portfolio --------------------------------------


def test_totals_are_exact_decimals_never_floats():
    review = ReviewFactory()
    # 0.1 + 0.2 is not 0.3 in floating point; in pounds and pence it must be.
    SavingLineFactory(review=review, claimed=D("0.10"), forecast=D("0.10"), realised=D("0.10"))
    SavingLineFactory(review=review, claimed=D("0.20"), forecast=D("0.05"), realised=D("0.00"))
    SavingLineFactory(review=review, claimed=D("1000000.01"), forecast=D("1"), status=SavingStatus.AT_RISK)
    totals = SavingLine.objects.filter(review=review).totals()
    assert totals == {
        "claimed": D("1000000.31"),
        "forecast": D("1.15"),
        "realised": D("0.10"),
        "at_risk": D("1000000.01"),
        "gap": D("1000000.21"),
        "shortfall": D("999999.16"),
    }
    assert all(type(value) is Decimal for value in totals.values())


def test_totals_of_nothing_are_zero_pounds():
    totals = SavingLine.objects.none().totals()
    assert totals["claimed"] == D("0.00") and type(totals["gap"]) is Decimal


def test_totals_by_year_match_each_years_totals():
    review = ReviewFactory()
    SavingLineFactory(review=review, financial_year=2025, claimed=D("100.00"), realised=D("100.00"))
    SavingLineFactory(review=review, financial_year=2026, claimed=D("200.50"), realised=D("20.25"))
    SavingLineFactory(review=review, financial_year=2026, claimed=D("300.00"), status=SavingStatus.SLIPPED)
    by_year = SavingLine.objects.totals_by("financial_year")
    assert set(by_year) == {2025, 2026}
    for year, sums in by_year.items():
        assert sums == SavingLine.objects.filter(financial_year=year).totals()
        assert all(type(value) is Decimal for value in sums.values())
    assert by_year[2026]["gap"] == D("480.25")
    assert by_year[2026]["at_risk"] == D("300.00")


def test_a_review_with_two_portfolios_counts_under_each_but_once_in_the_total():
    children, leisure = PortfolioFactory(title="Children and Families"), PortfolioFactory(title="Leisure")
    shared = ReviewFactory(portfolios=[children, leisure])
    alone = ReviewFactory(portfolios=[leisure])
    SavingLineFactory(review=shared, claimed=D("1000.00"))
    SavingLineFactory(review=alone, claimed=D("500.00"))
    by_portfolio = SavingLine.objects.totals_by("review__portfolios")
    assert by_portfolio[children.pk]["claimed"] == D("1000.00")
    assert by_portfolio[leisure.pk]["claimed"] == D("1500.00")
    assert SavingLine.objects.totals()["claimed"] == D("1500.00")
    data = selectors.overview({}, [children, leisure])
    assert data.totals["claimed"] == D("1500.00")
    assert data.shared_reviews == 1
    assert [p.title for p, _ in data.by_portfolio] == ["Children and Families", "Leisure"]


# --- Claiming a saving ---------------------------------------------------------------------------


def test_a_saving_is_claimed_with_its_owner_and_forecast_defaulting_to_the_claim(review, owner, officer):
    line = add(review, owner, officer, budget_reference=" asc-07 ")
    assert line.budget_reference == "ASC-07"
    assert (line.claimed, line.forecast, line.realised) == (D("250000.00"), D("250000.00"), D("0.00"))
    assert line.owner == owner and line.status == SavingStatus.ON_TRACK and line.updated_on == TODAY
    assert timeline(line)[0].reason == "Saving claimed"
    assert timeline(line)[0].who == "Sarah Whitfield"


def test_a_budget_line_is_claimed_once_a_year_across_reviews(review, owner, officer):
    add(review, owner, officer)
    other = ReviewFactory(title="Home to School Transport")
    with pytest.raises(RuleError) as error:
        add(other, owner, officer, budget_reference="Asc-07")
    assert error.value.field == "budget_reference"
    assert "already claimed" in error.value.message and "Day Opportunities for Adults" in error.value.message
    assert "2026/27" in error.value.message
    assert add(other, owner, officer, financial_year=2027).financial_year == 2027  # another year is another claim


def test_a_race_for_the_same_budget_line_gets_the_same_message(review, owner, officer):
    add(review, owner, officer)
    other = ReviewFactory()
    # As if the other claim landed between the check and the insert: the database refuses it.
    claimed_already = SavingLine.objects.get()
    with (
        mock.patch.object(services, "_claimed_by", side_effect=[None, claimed_already]),
        pytest.raises(RuleError) as error,
    ):
        add(other, owner, officer)
    assert "already claimed" in error.value.message and error.value.field == "budget_reference"
    assert SavingLine.objects.count() == 1


def test_the_database_counts_a_saving_once():
    line = SavingLineFactory(budget_reference="X-1")
    with pytest.raises(IntegrityError):
        SavingLineFactory(budget_reference="X-1", financial_year=line.financial_year)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"claimed": D("0")}, "claimed", "more than £0"),
        ({"claimed": D("-1")}, "claimed", "cannot be negative"),
        ({"claimed": D("1.005")}, "claimed", "2 decimal places"),
        ({"forecast": D("-5")}, "forecast", "cannot be negative"),
        ({"owner": None}, "owner", "accountable"),
        ({"budget_reference": "  "}, "budget_reference", "budget reference"),
        ({"description": ""}, "description", "description"),
    ],
)
def test_claims_are_checked(review, owner, officer, fields, field, message):
    with pytest.raises(RuleError) as error:
        add(review, fields.pop("owner", owner), officer, **fields)
    assert error.value.field == field and message in error.value.message
    assert not SavingLine.objects.exists()


# --- Updating the figures ----------------------------------------------------------------------


def test_changed_figures_need_a_note_which_becomes_the_history_reason(review, owner, officer):
    line = add(review, owner, officer)
    with pytest.raises(RuleError) as error:
        services.saving_update_figures(
            line=line, forecast=D("200000"), realised=D("0"), status="on_track", by=owner, today=TODAY
        )
    assert error.value.field == "note"
    later = TODAY + datetime.timedelta(days=3)
    services.saving_update_figures(
        line=line,
        forecast=D("200000"),
        realised=D("15000.50"),
        status="at_risk",
        note="Two providers left the framework",
        by=owner,
        today=later,
    )
    line.refresh_from_db()
    assert (line.forecast, line.realised, line.status, line.updated_on) == (
        D("200000.00"),
        D("15000.50"),
        "at_risk",
        later,
    )
    latest = timeline(line)[0]
    assert latest.reason == "Two providers left the framework" and latest.who == "Lucy Fenwick"
    assert {c.label for c in latest.changes} >= {"Current forecast (£)", "Realised to date (£)", "Status"}


def test_the_review_timeline_names_the_financial_year_april_to_march(review, owner, officer):
    from commissioning.selectors.reviews import review_timeline

    line = add(review, owner, officer, financial_year=2026)
    services.saving_update_figures(
        line=line, forecast=D("200000"), realised=D("0"), status="at_risk", note="Slower start", by=owner, today=TODAY
    )
    events = review_timeline(review)
    claimed = next(e for e in events if e.subject == "Saving ASC-07 2026/27" and e.kind == "Created")
    assert ("Financial year", "2026/27") in [(c.label, c.new) for c in claimed.changes]
    changed = next(e for e in events if e.reason == "Slower start")
    assert ("Current forecast (£)", "250,000.00", "200,000.00") in [(c.label, c.old, c.new) for c in changed.changes]


def test_a_status_change_and_a_withdrawal_need_a_note(review, owner, officer):
    line = add(review, owner, officer)
    for status in ("withdrawn", "slipped"):
        with pytest.raises(RuleError) as error:
            services.saving_update_figures(line=line, forecast=line.forecast, realised=D("0"), status=status, by=owner)
        assert error.value.field == "note"
    services.saving_update_figures(
        line=line, forecast=D("0"), realised=D("0"), status="withdrawn", note="Service kept in house", by=owner
    )
    line.refresh_from_db()
    assert line.status == "withdrawn"
    # Withdrawn savings still count: the budget counted on them.
    assert SavingLine.objects.totals()["shortfall"] == D("250000.00")


def test_the_same_figures_again_confirm_them_for_the_month(review, owner, officer):
    line = add(review, owner, officer, today=datetime.date(2026, 10, 2))
    assert line.is_update_due(TODAY)
    services.saving_update_figures(
        line=line, forecast=line.forecast, realised=line.realised, status=line.status, by=owner, today=TODAY
    )
    line.refresh_from_db()
    assert not line.is_update_due(TODAY)
    assert timeline(line)[0].reason == "Figures confirmed unchanged"


def test_delivered_is_not_a_status_the_owner_sets(review, owner, officer):
    line = add(review, owner, officer)
    with pytest.raises(RuleError) as error:
        services.saving_update_figures(
            line=line, forecast=line.forecast, realised=D("1"), status="delivered", note="Done", by=owner
        )
    assert error.value.field == "status" and "finance officer" in error.value.message


# --- Sign-off -------------------------------------------------------------------------------------


def realised(line, amount, by):
    return services.saving_update_figures(
        line=line, forecast=line.forecast, realised=amount, status="on_track", note="Ledger to month 8", by=by
    )


def test_a_finance_officer_who_is_not_the_owner_signs_off_with_evidence(review, owner, officer, finance):
    line = realised(add(review, owner, officer), D("250000"), owner)
    with pytest.raises(RuleError) as error:
        services.saving_sign_off(line=line, evidence="  ", by=finance)
    assert error.value.field == "evidence"
    now = timezone.now()
    services.saving_sign_off(line=line, evidence="Budget monitoring P8", by=finance, now=now)
    line.refresh_from_db()
    assert (line.status, line.signed_off_by, line.signed_off_at, line.sign_off_evidence) == (
        "delivered",
        finance,
        now,
        "Budget monitoring P8",
    )
    assert timeline(line)[0].reason == "Signed off as delivered"


def test_the_owner_cannot_sign_off_even_as_a_finance_officer(review, officer, finance):
    line = realised(add(review, finance, officer), D("250000"), finance)
    with pytest.raises(RuleError) as error:
        services.saving_sign_off(line=line, evidence="Mine", by=finance)
    assert "accountable owner" in error.value.message


def test_only_a_finance_officer_signs_off(review, owner, officer):
    line = realised(add(review, owner, officer), D("250000"), owner)
    with pytest.raises(RuleError):
        services.saving_sign_off(line=line, evidence="Looks done", by=officer)


def test_nothing_realised_cannot_be_signed_off(review, owner, officer, finance):
    line = add(review, owner, officer)
    with pytest.raises(RuleError) as error:
        services.saving_sign_off(line=line, evidence="Budget report", by=finance)
    assert "Nothing has been realised" in error.value.message


def test_a_part_realised_saving_can_be_signed_off_and_its_gap_stays(review, owner, officer, finance):
    line = realised(add(review, owner, officer), D("230000"), owner)
    services.saving_sign_off(line=line, evidence="Outturn report", by=finance)
    totals = SavingLine.objects.totals()
    assert totals["gap"] == D("20000.00") and totals["shortfall"] == D("20000.00")


def test_a_delivered_saving_is_final_until_a_finance_officer_reopens_it(review, owner, officer, finance):
    line = realised(add(review, owner, officer), D("250000"), owner)
    services.saving_sign_off(line=line, evidence="Outturn", by=finance)
    with pytest.raises(RuleError) as error:
        realised(line, D("1"), owner)
    assert "signed off as delivered by Andrew Kerr" in error.value.message
    with pytest.raises(RuleError) as error:
        services.saving_reopen(line=line, status="at_risk", note=" ", by=finance)
    assert error.value.field == "note"
    with pytest.raises(RuleError):
        services.saving_reopen(line=line, status="at_risk", note="Provider clawback", by=owner)
    services.saving_reopen(line=line, status="at_risk", note="Provider clawback", by=finance)
    line.refresh_from_db()
    assert line.status == "at_risk" and line.signed_off_by is None
    assert timeline(line)[0].reason == "Reopened: Provider clawback"
    assert any(entry.reason == "Signed off as delivered" for entry in timeline(line))


# --- Pages ---------------------------------------------------------------------------------------


def test_review_savings_page_groups_by_year_with_owners_and_totals(client_for, officer, review):
    first = SavingLineFactory(
        review=review, financial_year=2026, claimed=D("1234.56"), owner__first_name="James", owner__last_name="Penrose"
    )
    SavingLineFactory(review=review, financial_year=2027, claimed=D("1000000.00"))
    response = client_for(officer).get(reverse("commissioning:review-savings", args=[review.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2026/27" in page and "2027/28" in page
    assert "£1,234.56" in page and "£1,001,234.56" in page
    assert "James Penrose" in page and first.budget_reference in page
    assert reverse("commissioning:saving-add", args=[review.pk]) in page


def test_review_savings_page_queries_do_not_grow_with_lines(client_for, officer, review, django_assert_num_queries):
    client = client_for(officer)
    url = reverse("commissioning:review-savings", args=[review.pk])
    SavingLineFactory.create_batch(2, review=review)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in (2025, 2027, 2028):
        SavingLineFactory.create_batch(4, review=review, financial_year=year)
    SavingLineFactory(review=review, status=SavingStatus.AT_RISK)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_adding_a_saving_in_the_browser(client_for, officer, review, owner):
    client = client_for(officer)
    url = reverse("commissioning:saving-add", args=[review.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "financial_year": "2026",
            "budget_reference": "ASC-07",
            "description": "Fewer agency placements",
            "claimed": "£1,250,000",
            "forecast": "",
            "owner": owner.pk,
            "evidence": "",
        },
    )
    assert response.status_code == 302
    line = SavingLine.objects.get()
    assert (line.claimed, line.forecast, line.owner) == (D("1250000.00"), D("1250000.00"), owner)


def test_adding_a_saving_already_claimed_shows_the_error_on_the_field(client_for, officer, review, owner):
    SavingLineFactory(review=review, budget_reference="ASC-07", financial_year=2026)
    other = ReviewFactory()
    response = client_for(officer).post(
        reverse("commissioning:saving-add", args=[other.pk]),
        {
            "financial_year": "2026",
            "budget_reference": "ASC-07",
            "description": "Again",
            "claimed": "12.345",
            "owner": owner.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert "no more than 2 decimal places" in page
    response = client_for(officer).post(
        reverse("commissioning:saving-add", args=[other.pk]),
        {
            "financial_year": "2026",
            "budget_reference": "ASC-07",
            "description": "Again",
            "claimed": "12",
            "owner": owner.pk,
        },
    )
    page = response.content.decode()
    assert "already claimed" in page and review.title in page
    assert 'value="Again"' in page  # what was typed is kept
    assert SavingLine.objects.count() == 1


def test_the_owner_must_be_an_officer_or_member(client_for, officer, review):
    stranger = UserFactory()  # no officer or councillor profile
    response = client_for(officer).post(
        reverse("commissioning:saving-add", args=[review.pk]),
        {"financial_year": "2026", "budget_reference": "A-1", "description": "X", "claimed": "1", "owner": stranger.pk},
    )
    assert response.status_code == 200 and not SavingLine.objects.exists()


def test_updating_figures_in_the_browser_needs_the_note(client_for, owner, review):
    line = SavingLineFactory(review=review, owner=owner)
    client = client_for(owner)
    url = reverse("commissioning:saving-edit", args=[line.pk])
    data = {"forecast": "80,000", "realised": "£5,000", "status": "at_risk", "note": "", "evidence": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and "Enter a note saying why the figures changed" in response.content.decode()
    response = client.post(url, data | {"note": "Contract delayed to January"})
    assert response.status_code == 302
    detail = client.get(line.get_absolute_url()).content.decode()
    assert "Contract delayed to January" in detail and "Lucy Fenwick" in detail


def test_the_owner_gets_a_page_explaining_why_they_cannot_sign_off(client_for, review, officer, finance):
    line = SavingLineFactory(review=review, owner=finance, realised=D("100000"))
    response = client_for(finance).get(reverse("commissioning:saving-signoff", args=[line.pk]))
    assert response.status_code == 403
    assert "You are the accountable owner of this saving" in response.content.decode()
    response = client_for(finance).post(reverse("commissioning:saving-signoff", args=[line.pk]), {"evidence": "X"})
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.status == SavingStatus.ON_TRACK


def test_a_non_finance_officer_is_told_only_finance_signs_off(client_for, review, officer):
    line = SavingLineFactory(review=review, realised=D("100000"))
    response = client_for(officer).get(reverse("commissioning:saving-signoff", args=[line.pk]))
    assert response.status_code == 403 and "Only a finance officer" in response.content.decode()


def test_signing_off_in_the_browser(client_for, review, finance):
    line = SavingLineFactory(review=review, realised=D("90000"))
    client = client_for(finance)
    url = reverse("commissioning:saving-signoff", args=[line.pk])
    page = client.get(url).content.decode()
    assert "£10,000.00" in page  # the gap that stays
    assert "Enter the evidence" in client.post(url, {"evidence": ""}).content.decode()
    assert client.post(url, {"evidence": "Outturn 2026/27"}).status_code == 302
    line.refresh_from_db()
    assert line.status == "delivered" and line.signed_off_by == finance


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.FINANCE_OFFICER, 200),
        (Role.COMMISSIONING_OFFICER, 200),
        (Role.ADMINISTRATOR, 200),
        (Role.OFFICER, 403),
        (Role.COUNCILLOR, 403),
        (Role.CABINET_MEMBER, 403),
        (Role.DEMOCRATIC_SERVICES, 403),
    ],
)
def test_who_may_update_someone_elses_saving(client_for, person_with_role, role, status):
    line = SavingLineFactory()
    response = client_for(person_with_role(role)).get(reverse("commissioning:saving-edit", args=[line.pk]))
    assert response.status_code == status


def test_a_board_member_updates_their_reviews_savings(client_for, person_with_role):
    board = ProgrammeBoardFactory()
    review = ReviewFactory(programme_board=board)
    member = person_with_role(Role.COUNCILLOR)
    MembershipFactory(body=board, person=member)
    mine, other = SavingLineFactory(review=review), SavingLineFactory()
    client = client_for(member)
    assert client.get(reverse("commissioning:saving-edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse("commissioning:saving-edit", args=[other.pk])).status_code == 403
    assert client.get(reverse("commissioning:saving-add", args=[review.pk])).status_code == 200
    assert client.get(reverse("commissioning:saving-add", args=[other.review.pk])).status_code == 403


def test_the_public_is_sent_to_sign_in(client):
    line = SavingLineFactory()
    for url in (
        reverse("commissioning:savings"),
        reverse("commissioning:my-savings"),
        line.get_absolute_url(),
        reverse("commissioning:review-savings", args=[line.review_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_saving_that_does_not_exist_is_not_found(client_for, officer):
    SavingLineFactory()
    assert client_for(officer).get(reverse("commissioning:saving-detail", args=[999999])).status_code == 404


def test_overview_totals_filters_and_at_risk_owners(client_for, person_with_role):
    children = PortfolioFactory(title="Children and Families")
    review = ReviewFactory(portfolios=[children, PortfolioFactory(title="Communities and Leisure")])
    SavingLineFactory(
        review=review,
        financial_year=2026,
        claimed=D("5000.00"),
        status=SavingStatus.AT_RISK,
        owner__first_name="Mark",
        owner__last_name="Ellison",
    )
    SavingLineFactory(financial_year=2025, claimed=D("700.00"), realised=D("700.00"))
    client = client_for(person_with_role(Role.COUNCILLOR))
    page = client.get(reverse("commissioning:savings")).content.decode()
    assert "£5,700.00" in page and "2025/26" in page
    assert ">Mark Ellison</td>" in page  # the owner of the saving at risk
    assert "1 review answers to more than one portfolio" in page
    page = client.get(reverse("commissioning:savings"), {"year": "2025"}).content.decode()
    assert ">Mark Ellison</td>" not in page and "£700.00" in page
    page = client.get(reverse("commissioning:savings"), {"portfolio": children.pk, "year": "x"}).content.decode()
    assert "£5,000.00" in page and "£5,700.00" not in page
    csv = client.get(reverse("commissioning:savings-csv"), {"status": "at_risk"}).getvalue().decode()
    assert "Mark Ellison" in csv and "5000.00" in csv and "700.00" not in csv


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_the_savings_csv_makes_text_a_spreadsheet_would_run_safe(client_for, person_with_role, value):
    SavingLineFactory(
        review=ReviewFactory(title=value), budget_reference=value, description=value, claimed=Decimal("5000.00")
    )
    response = client_for(person_with_role(Role.FINANCE_OFFICER)).get(reverse("commissioning:savings-csv"))
    header, row = csv_module.reader(io.StringIO(response.getvalue().decode()))
    assert row[1:4] == ["'" + value] * 3
    assert row[4] == "5000.00"  # amounts stay numbers


def test_overview_queries_do_not_grow_with_lines(client_for, person_with_role, django_assert_num_queries):
    client = client_for(person_with_role(Role.FINANCE_OFFICER))
    url = reverse("commissioning:savings")
    SavingLineFactory(status=SavingStatus.AT_RISK)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    shared = ReviewFactory(portfolios=[PortfolioFactory(), PortfolioFactory()])
    SavingLineFactory.create_batch(5, review=shared, status=SavingStatus.SLIPPED)
    SavingLineFactory.create_batch(5, financial_year=2027)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_my_savings_flags_those_not_updated_this_month(client_for, owner):
    today = timezone.localdate()
    stale = SavingLineFactory(owner=owner, updated_on=today.replace(day=1) - datetime.timedelta(days=1))
    fresh = SavingLineFactory(owner=owner, updated_on=today)
    SavingLineFactory(updated_on=None)  # someone else's
    response = client_for(owner).get(reverse("commissioning:my-savings"))
    lines = {line.pk: line.update_due for line in response.context["lines"]}
    assert lines == {stale.pk: True, fresh.pk: False}
    assert "1 saving needs its figures updated this month" in response.content.decode()


def test_dashboard_panels(client_for, finance, owner):
    ready = SavingLineFactory(claimed=D("100"), realised=D("100"), owner=owner)
    SavingLineFactory(claimed=D("100"), realised=D("99"))
    SavingLineFactory(claimed=D("100"), realised=D("100"), owner=finance)  # their own: someone else signs
    page = client_for(finance).get(reverse("home")).content.decode()
    assert ready.budget_reference in page
    waiting = [line.pk for line in selectors.awaiting_signoff(finance)]
    assert waiting == [ready.pk]
    page = client_for(owner).get(reverse("home")).content.decode()
    assert "You are accountable for 1 saving" in page


# --- Demo ----------------------------------------------------------------------------------------


def test_demo_savings_load_twice_changes_nothing(demo_council):
    from commissioning.demo import savings as demo_savings

    count, history = SavingLine.objects.count(), SavingLine.history.count()
    assert count >= 15
    demo_savings.load()
    assert (SavingLine.objects.count(), SavingLine.history.count()) == (count, history)
    years = set(SavingLine.objects.values_list("financial_year", flat=True))
    assert years == {2025, 2026, 2027}
    assert SavingLine.objects.filter(status__in=["at_risk", "slipped"]).exists()
    assert SavingLine.objects.awaiting_signoff().exists()
    delivered = SavingLine.objects.filter(status="delivered")
    assert delivered.exists()
    assert all(line.signed_off_by.get_full_name() == "Andrew Kerr" != line.owner.get_full_name() for line in delivered)
    owners = {line.owner.get_full_name() for line in SavingLine.objects.select_related("owner")}
    assert {"Lucy Fenwick", "Mark Ellison"} <= owners
    assert SavingLine.history.exclude(history_change_reason__in=["Saving claimed", "Signed off as delivered"]).exists()


def test_only_a_finance_officer_reopens_a_delivered_saving_in_the_browser(client_for, officer, finance, owner):
    line = SavingLineFactory(owner=owner, realised=D("100000"))
    services.saving_sign_off(line=line, evidence="Outturn", by=finance)
    url = reverse("commissioning:saving-reopen", args=[line.pk])
    assert client_for(owner).get(url).status_code == 403
    assert client_for(officer).get(url).status_code == 403
    # The owner's update page says why it is closed rather than offering a form.
    response = client_for(owner).get(reverse("commissioning:saving-edit", args=[line.pk]), follow=True)
    assert "signed off as delivered by Andrew Kerr" in response.content.decode()
    client = client_for(finance)
    assert "Enter a note" in client.post(url, {"status": "at_risk", "note": ""}).content.decode()
    assert client.post(url, {"status": "at_risk", "note": "Clawback by the provider"}).status_code == 302
    line.refresh_from_db()
    assert line.status == "at_risk" and line.signed_off_by is None


def test_my_savings_queries_do_not_grow_with_lines(client_for, owner, django_assert_num_queries):
    client = client_for(owner)
    url = reverse("commissioning:my-savings")
    SavingLineFactory(owner=owner)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    SavingLineFactory.create_batch(6, owner=owner, status=SavingStatus.AT_RISK)
    SavingLineFactory.create_batch(3, owner=owner, financial_year=2027, updated_on=TODAY)
    with django_assert_num_queries(len(few)):
        client.get(url)
