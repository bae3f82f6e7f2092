"""Outcomes and performance indicators: RAG at the boundaries, actuals by period, the chart, the pages."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.charts import Line, Point, format_value, line_chart, nice_scale
from commissioning.models import Indicator, IndicatorActual, Polarity, Rag
from commissioning.selectors.indicators import indicator_chart, indicator_row
from commissioning.services import indicators as services
from council.errors import RuleError
from council.roles import Role
from members.models import BodyKind
from tests.factories import BodyFactory, IndicatorFactory, MembershipFactory, ProgrammeBoardFactory, ReviewFactory

pytestmark = pytest.mark.django_db

D = Decimal
SVG = "{http://www.w3.org/2000/svg}"


# RAG: green on or beyond the target, amber within the tolerance short of it, red beyond.


@pytest.mark.parametrize(
    ("value", "rag"),
    [("80", Rag.GREEN), ("75", Rag.GREEN), ("74.99", Rag.AMBER), ("70", Rag.AMBER), ("69.99", Rag.RED)],
)
def test_higher_is_better_rag_at_the_boundaries(value, rag):
    indicator = IndicatorFactory.build(polarity=Polarity.HIGHER, target=D("75"), tolerance=D("5"))
    assert indicator.rag_for(D(value)) == rag


@pytest.mark.parametrize(
    ("value", "rag"),
    [("10", Rag.GREEN), ("12", Rag.GREEN), ("12.01", Rag.AMBER), ("15", Rag.AMBER), ("15.01", Rag.RED)],
)
def test_lower_is_better_rag_at_the_boundaries(value, rag):
    indicator = IndicatorFactory.build(polarity=Polarity.LOWER, target=D("12"), tolerance=D("3"))
    assert indicator.rag_for(D(value)) == rag


def test_with_no_tolerance_anything_short_of_the_target_is_red_and_no_actual_has_no_rating():
    indicator = IndicatorFactory.build(polarity=Polarity.HIGHER, target=D("75"), tolerance=D("0"))
    assert indicator.rag_for(D("75")) == Rag.GREEN
    assert indicator.rag_for(D("74.99")) == Rag.RED
    assert indicator.rag_for(None) == ""


# Adding indicators and actuals.


def test_an_indicator_is_monitored_by_a_scrutiny_committee_and_recorded_in_history(officer):
    review = ReviewFactory()
    fields = {
        "name": "Adults supported at home",
        "definition": "People aged 18 to 64 supported to live at home.",
        "unit": "%",
        "polarity": Polarity.HIGHER,
        "baseline": D("60"),
        "target": D("75"),
        "tolerance": D("5"),
    }
    with pytest.raises(RuleError, match="overview and scrutiny committee") as error:
        services.indicator_add(
            review=review, monitored_by=BodyFactory(kind=BodyKind.WORKING_GROUP), by=officer, **fields
        )
    assert error.value.field == "monitored_by"
    committee = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY)
    indicator = services.indicator_add(review=review, monitored_by=committee, by=officer, **fields)
    record = indicator.history.get()
    assert (record.history_user, record.history_change_reason) == (officer, "Indicator added")
    with pytest.raises(RuleError, match="already has an indicator called"):
        services.indicator_add(review=review, by=officer, **fields | {"name": "adults supported at home"})


def test_one_actual_per_period_with_a_clear_message(officer):
    indicator = IndicatorFactory()
    end = datetime.date(2026, 6, 30)
    services.actual_add(indicator=indicator, period_end=end, period_label="Q1 2026/27", value=D("62"), by=officer)
    with pytest.raises(RuleError, match="already an actual for the period ending 30 June 2026 \\(Q1 2026/27\\)") as e:
        services.actual_add(indicator=indicator, period_end=end, period_label="Q1 again", value=D("63"), by=officer)
    assert e.value.field == "period_end"
    assert IndicatorActual.objects.filter(indicator=indicator).count() == 1


def test_an_actual_is_for_a_period_that_has_ended(officer):
    indicator = IndicatorFactory()
    with pytest.raises(RuleError, match="has not ended yet"):
        services.actual_add(
            indicator=indicator,
            period_end=datetime.date(2026, 12, 31),
            period_label="Q3 2026/27",
            value=D("1"),
            by=officer,
            today=datetime.date(2026, 11, 26),
        )


def test_changing_an_actual_cannot_move_it_onto_another_period(officer):
    indicator = IndicatorFactory()
    services.actual_add(
        indicator=indicator, period_end=datetime.date(2026, 6, 30), period_label="Q1", value=D("1"), by=officer
    )
    second = services.actual_add(
        indicator=indicator, period_end=datetime.date(2026, 9, 30), period_label="Q2", value=D("2"), by=officer
    )
    with pytest.raises(RuleError, match="already an actual"):
        services.actual_update(
            actual=second, period_end=datetime.date(2026, 6, 30), period_label="Q2", value=D("2"), by=officer
        )
    services.actual_update(
        actual=second, period_end=datetime.date(2026, 9, 30), period_label="Q2 2026/27", value=D("3"), by=officer
    )
    second.refresh_from_db()
    assert second.value == D("3") and second.history.first().history_change_reason == "Actual changed"


# The chart.


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314  (our own markup, parsed to prove it is well formed)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    return root


def test_the_chart_is_valid_svg_with_a_title_a_description_axes_and_labelled_lines():
    svg = line_chart(
        chart_id="c",
        title="Waiting <days> & more",
        description="Q1 to Q3 \"quoted\" 'text'",
        points=[Point("Q1 <2026>", D("10")), Point("Q2", D("-4.5")), Point("Q3 & Q4", D("7"))],
        lines=[Line("Baseline", D("12")), Line("Target <goal>", D("5"))],
        unit="days",
    )
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == "Waiting <days> & more"
    assert root.find(f"{SVG}desc").text == "Q1 to Q3 \"quoted\" 'text'"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Q1 <2026>" in texts and "Q3 & Q4" in texts
    assert "Baseline 12" in texts and "Target <goal> 5" in texts
    assert "Period" in texts and "Value (days)" in texts
    assert len(root.findall(f"{SVG}circle")) == 3
    assert len(root.findall(f"{SVG}polyline")) == 1
    assert "<goal>" not in svg and "&lt;goal&gt;" in svg


def test_the_chart_copes_with_no_actuals_one_actual_and_a_flat_series():
    empty = _parse(line_chart(chart_id="a", title="t", description="d", points=[], lines=[]))
    assert "No actuals recorded yet" in [t.text for t in empty.iter(f"{SVG}text")]
    one = _parse(line_chart(chart_id="b", title="t", description="d", points=[Point("Q1", D("5"))]))
    assert len(one.findall(f"{SVG}circle")) == 1 and one.find(f"{SVG}polyline") is None
    flat = _parse(
        line_chart(
            chart_id="c",
            title="t",
            description="d",
            points=[Point("Q1", D("0")), Point("Q2", D("0"))],
            lines=[Line("Target", D("0"))],
        )
    )
    ys = {float(c.get("cy")) for c in flat.findall(f"{SVG}circle")}
    assert len(ys) == 1  # drawn level, mid-chart, without dividing by zero


def test_the_scale_has_round_steps_and_many_periods_are_labelled_sparingly():
    assert nice_scale(D("36"), D("62")) == [D("30"), D("40"), D("50"), D("60"), D("70")]
    assert nice_scale(D("-4.5"), D("12")) == [D("-5"), D("0"), D("5"), D("10"), D("15")]
    assert nice_scale(D("7"), D("7")) == [D("6"), D("6.5"), D("7"), D("7.5"), D("8")]  # flat: widened
    months = [Point(f"M{n}", D(n)) for n in range(1, 25)]
    root = _parse(line_chart(chart_id="m", title="t", description="d", points=months))
    labels = [t.text for t in root.iter(f"{SVG}text") if (t.text or "").startswith("M")]
    assert len(labels) <= 8 and labels[-1] == "M24"
    assert len(root.findall(f"{SVG}circle")) == 24


def test_values_are_written_in_their_unit():
    assert format_value(D("72.50"), "%") == "72.5%"
    assert format_value(D("1234.5"), "£") == "£1,234.50"
    assert format_value(D("-3"), "days") == "-3 days"
    assert format_value(D("1200"), "people") == "1,200 people"


def test_the_indicator_chart_names_what_it_shows():
    indicator = IndicatorFactory(name="Adults <at> home", unit="%")
    for label, day, value in (("Q1", 6, "58"), ("Q2", 9, "71")):
        IndicatorActual.objects.create(
            indicator=indicator, period_end=datetime.date(2026, day, 30), period_label=label, value=D(value)
        )
    root = _parse(indicator_chart(indicator_row(indicator)))
    assert root.find(f"{SVG}title").text == "Adults <at> home: actuals against baseline and target"
    desc = root.find(f"{SVG}desc").text
    assert "2 periods, from Q1 to Q2" in desc and "target of 75%" in desc and "71% (Amber)" in desc


# The pages.


def _with_actuals(indicator, *values):
    for n, value in enumerate(values, start=1):
        IndicatorActual.objects.create(
            indicator=indicator, period_end=datetime.date(2025, n, 28), period_label=f"Month {n}", value=D(value)
        )


def test_the_indicators_page_shows_each_indicator_with_its_latest_actual_and_rag(client_for, person_with_role):
    committee = BodyFactory(name="Social and Community Overview and Scrutiny Committee")
    indicator = IndicatorFactory(name="Adults supported at home", monitored_by=committee)
    _with_actuals(indicator, "58", "72")
    response = client_for(person_with_role(Role.COUNCILLOR)).get(
        reverse("commissioning:review-indicators", args=[indicator.review.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Adults supported at home" in page and "72% (Month 2)" in page and ">Amber<" in page
    assert "Social and Community Overview and Scrutiny Committee" in page
    assert "Record an actual" not in page  # a councillor reads, does not edit


def test_the_indicators_page_makes_as_many_queries_with_many_indicators(client_for, officer, django_assert_num_queries):
    review = ReviewFactory()
    client = client_for(officer)
    url = reverse("commissioning:review-indicators", args=[review.pk])
    _with_actuals(IndicatorFactory(review=review, monitored_by=BodyFactory()), "60")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        _with_actuals(IndicatorFactory(review=review, monitored_by=BodyFactory()), "60", "70", "80")
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_indicator_page_has_the_chart_and_a_table_of_the_same_figures(client_for, person_with_role):
    indicator = IndicatorFactory(name="Missed bins per 100,000", unit="per 100,000", polarity=Polarity.LOWER)
    indicator.target, indicator.tolerance = D("40"), D("10")
    indicator.save()
    _with_actuals(indicator, "62", "45", "38")
    response = client_for(person_with_role(Role.OFFICER)).get(indicator.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert "Actuals by period" in page
    for value, rag in (("62 per 100,000", "Red"), ("45 per 100,000", "Amber"), ("38 per 100,000", "Green")):
        assert value in page and f">{rag}<" in page


def _indicator_post(**changes):
    return {
        "name": "Adults supported at home",
        "definition": "People supported at home.",
        "unit": "%",
        "polarity": "higher",
        "baseline": "60",
        "target": "75",
        "tolerance": "5",
        "monitored_by": "",
    } | changes


def test_an_officer_adds_an_indicator_and_records_an_actual(client_for, officer):
    review = ReviewFactory()
    client = client_for(officer)
    response = client.post(reverse("commissioning:indicator-add", args=[review.pk]), _indicator_post())
    indicator = review.indicators.get()
    assert response.status_code == 302 and response["Location"] == indicator.get_absolute_url()
    response = client.post(
        reverse("commissioning:actual-add", args=[indicator.pk]),
        {"period_label": "Q1 2026/27", "period_end": "2026-06-30", "value": "66.5"},
    )
    assert response.status_code == 302
    assert indicator.actuals.get().value == D("66.5")


def test_bad_input_shows_the_error_pattern_and_keeps_what_was_typed(client_for, officer):
    indicator = IndicatorFactory()
    IndicatorActual.objects.create(
        indicator=indicator, period_end=datetime.date(2026, 6, 30), period_label="Q1", value=D("1")
    )
    client = client_for(officer)
    response = client.post(
        reverse("commissioning:actual-add", args=[indicator.pk]),
        {"period_label": "Q1 2026/27 again", "period_end": "2026-06-30", "value": "70"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page and "govuk-error-summary" in page
    assert "There is already an actual for the period ending 30 June 2026" in page
    assert 'value="Q1 2026/27 again"' in page
    response = client.post(
        reverse("commissioning:indicator-add", args=[indicator.review.pk]), _indicator_post(target="lots")
    )
    assert "Enter the target as a number" in response.content.decode()


def test_who_may_edit_indicators(client, client_for, person_with_role):
    board = ProgrammeBoardFactory()
    review = ReviewFactory(programme_board=board)
    indicator = IndicatorFactory(review=review)
    url = reverse("commissioning:indicator-edit", args=[indicator.pk])
    post = _indicator_post(name=indicator.name)
    # The public is sent to sign in; a councillor reads but may not edit; a board member edits theirs.
    assert client.get(url)["Location"].startswith(reverse("login"))
    councillor = person_with_role(Role.COUNCILLOR)
    assert client_for(councillor).post(url, post).status_code == 403
    MembershipFactory(body=board, person=councillor)
    assert client_for(councillor).post(url, post).status_code == 302
    other = IndicatorFactory()
    assert (
        client_for(councillor).post(reverse("commissioning:indicator-edit", args=[other.pk]), post).status_code == 403
    )
    assert client_for(person_with_role(Role.COMMISSIONING_OFFICER)).post(url, post).status_code == 302
    assert client_for(person_with_role(Role.ADMINISTRATOR)).post(url, post).status_code == 302
    assert client_for(person_with_role(Role.FINANCE_OFFICER)).post(url, post).status_code == 403
    client.logout()
    assert client.get(reverse("commissioning:review-indicators", args=[review.pk])).status_code == 302


@pytest.mark.parametrize(
    ("role", "edits"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.COMMISSIONING_OFFICER, True),
        (Role.DEMOCRATIC_SERVICES, False),
        (Role.FINANCE_OFFICER, False),
        (Role.OFFICER, False),
        (Role.CABINET_MEMBER, False),
        (Role.COUNCILLOR, False),
    ],
)
def test_each_role_reads_indicators_and_only_editors_record_actuals(client_for, person_with_role, role, edits):
    indicator = IndicatorFactory()
    actual = IndicatorActual.objects.create(
        indicator=indicator, period_end=datetime.date(2026, 6, 30), period_label="Q1", value=D("61")
    )
    client = client_for(person_with_role(role))
    assert client.get(indicator.get_absolute_url()).status_code == 200
    assert client.get(reverse("commissioning:review-indicators", args=[indicator.review.pk])).status_code == 200
    posts = [
        client.post(reverse("commissioning:indicator-add", args=[indicator.review.pk]), _indicator_post()),
        client.post(
            reverse("commissioning:actual-add", args=[indicator.pk]),
            {"period_label": "Q2", "period_end": "2026-09-30", "value": "64"},
        ),
        client.post(
            reverse("commissioning:actual-edit", args=[indicator.pk, actual.pk]),
            {"period_label": "Q1 2026/27", "period_end": "2026-06-30", "value": "62"},
        ),
    ]
    assert [r.status_code for r in posts] == ([302] * 3 if edits else [403] * 3)
    actual.refresh_from_db()
    assert actual.value == (D("62") if edits else D("61"))


def test_the_public_is_sent_to_sign_in(client):
    indicator = IndicatorFactory()
    for url in (indicator.get_absolute_url(), reverse("commissioning:actual-add", args=[indicator.pk])):
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_an_actual_of_another_indicator_is_not_found(client_for, officer):
    indicator, other = IndicatorFactory(), IndicatorFactory()
    actual = IndicatorActual.objects.create(
        indicator=other, period_end=datetime.date(2026, 6, 30), period_label="Q1", value=D("1")
    )
    response = client_for(officer).get(reverse("commissioning:actual-edit", args=[indicator.pk, actual.pk]))
    assert response.status_code == 404


def test_the_demo_indicators_load_once_with_a_mix_of_ratings():
    from commissioning.demo import indicators as demo_indicators
    from tests.factories import UserFactory

    UserFactory(first_name="Sarah", last_name="Whitfield", roles=[Role.COMMISSIONING_OFFICER])
    for slug in (demo_indicators.OS, demo_indicators.SOCIAL, demo_indicators.ENVIRONMENT):
        BodyFactory(slug=slug)
    for title in demo_indicators.INDICATORS:
        ReviewFactory(title=title)
    demo_indicators.load()
    demo_indicators.load()
    expected = sum(len(rows) for rows in demo_indicators.INDICATORS.values())
    indicators = list(Indicator.objects.prefetch_related("actuals"))
    assert len(indicators) == expected
    assert IndicatorActual.objects.count() == expected * len(demo_indicators.QUARTERS)
    assert all(i.monitored_by is not None for i in indicators)
    latest = {i.rag_for(max(i.actuals.all(), key=lambda a: a.period_end).value) for i in indicators}
    assert latest == {Rag.RED, Rag.AMBER, Rag.GREEN}
