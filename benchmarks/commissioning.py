"""Benchmark: the commissioning pages with the demo council, then with 300 more reviews.

Run with `make bench` (it runs benchmarks/pages.py and this) on a throwaway PostgreSQL database.
Prints, per page, the median and 90th-percentile time over repeated requests and the number of
queries, so that growth in either shows. The extra reviews each have four stages, two portfolios,
a priority assessment with six scores, three saving lines and an indicator with four actuals.
"""

import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings.test")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks.pages import measure  # noqa: E402

EXTRA_REVIEWS = int(os.environ.get("BENCH_REVIEWS", "300"))


def add_reviews(count):
    """Bulk rows (no history): what matters here is how the pages read many rows."""
    from django.contrib.auth import get_user_model

    from commissioning.models import (
        STAGE_ORDER,
        Criterion,
        CriterionScore,
        Indicator,
        IndicatorActual,
        PriorityAssessment,
        Review,
        ReviewPortfolio,
        ReviewStage,
        SavingLine,
    )
    from members.models import Portfolio

    officer = get_user_model().objects.get(email="sarah.whitfield@northbridge.example")
    portfolios = list(Portfolio.objects.all())
    reviews = Review.objects.bulk_create(
        Review(
            title=f"Benchmark review {n:04d}",
            service_area="Benchmark services",
            scope="Scope",
            outcomes="Outcomes",
            directorate="Benchmarks",
            budget_in_scope=Decimal("1000000.00"),
            lead_officer=officer,
            created_by=officer,
            stage=STAGE_ORDER[n % 4],
            status="in_progress",
            rag=["red", "amber", "green"][n % 3],
            rag_reason="Benchmark",
            rag_date=datetime.date(2026, 11, 1),
        )
        for n in range(count)
    )
    ReviewPortfolio.objects.bulk_create(
        ReviewPortfolio(review=r, portfolio=portfolios[(n + k) % len(portfolios)])
        for n, r in enumerate(reviews)
        for k in (0, 1)
    )
    start = datetime.date(2026, 4, 1)
    ReviewStage.objects.bulk_create(
        ReviewStage(
            review=r,
            stage=stage,
            planned_start=start + datetime.timedelta(days=90 * i),
            planned_end=start + datetime.timedelta(days=90 * i + 89),
        )
        for r in reviews
        for i, stage in enumerate(STAGE_ORDER)
    )
    assessments = PriorityAssessment.objects.bulk_create(
        PriorityAssessment(review=r, summary="Benchmark rationale", score=Decimal(n % 100), assessed_by=officer)
        for n, r in enumerate(reviews)
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(assessment=a, criterion=c, score=3, rationale="Benchmark")
        for a in assessments
        for c in Criterion
    )
    SavingLine.objects.bulk_create(
        SavingLine(
            review=r,
            financial_year=2025 + k,
            budget_reference=f"BM-{n:04d}-{k}",
            description="Benchmark saving",
            claimed=Decimal("10000.00"),
            forecast=Decimal("9000.00"),
            realised=Decimal("2500.50"),
            status=["on_track", "at_risk", "slipped"][k],
            owner=officer,
        )
        for n, r in enumerate(reviews)
        for k in range(3)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            review=r,
            name="Benchmark indicator",
            definition="Definition",
            unit="%",
            polarity="higher",
            baseline=50,
            target=75,
            tolerance=5,
        )
        for r in reviews
    )
    IndicatorActual.objects.bulk_create(
        IndicatorActual(
            indicator=i,
            period_end=datetime.date(2026, 3 * q + 3, 28),
            period_label=f"Q{q + 1}",
            value=Decimal(55 + 5 * q),
        )
        for i in indicators
        for q in range(4)
    )


def main():
    from django.contrib.auth import get_user_model

    from commissioning.models import Review, WorkPlanVersion
    from council.demo import load_all

    setup_test_environment()
    from benchmarks.throwaway import use_own_test_database

    use_own_test_database("commissioning")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        load_all()
        User = get_user_model()
        officer = Client()
        officer.force_login(User.objects.get(email="sarah.whitfield@northbridge.example"))
        finance = Client()
        finance.force_login(User.objects.get(email="andrew.kerr@northbridge.example"))
        review = Review.objects.get(title="Day Opportunities for Adults")
        agreed = WorkPlanVersion.objects.filter(state="council_agreed").order_by("-number").first()
        pages = {
            "schedule": (officer, reverse("commissioning:review-list")),
            "schedule (filtered)": (officer, reverse("commissioning:review-list") + "?rag=red"),
            "savings overview": (finance, reverse("commissioning:savings")),
            "review overview": (officer, reverse("commissioning:review-detail", args=[review.pk])),
            "review savings": (officer, reverse("commissioning:review-savings", args=[review.pk])),
            "review timeline": (officer, reverse("commissioning:review-timeline", args=[review.pk])),
            "work plan (agreed)": (officer, reverse("commissioning:workplan-detail", args=[agreed.number])),
            "dashboard (finance)": (finance, "/"),
        }
        for label, extra in (("demo data", 0), (f"plus {EXTRA_REVIEWS} reviews", EXTRA_REVIEWS)):
            if extra:
                started = time.perf_counter()
                add_reviews(extra)
                print(f"\n(added {extra} reviews in {time.perf_counter() - started:.1f} s)")
            print(f"\n{label}: {Review.objects.count()} reviews")
            print(f"{'page':<22}{'median ms':>10}{'p90 ms':>9}{'queries':>9}")
            for name, (client, url) in pages.items():
                median, p90, queries = measure(client, url)
                print(f"{name:<22}{median:>10.1f}{p90:>9.1f}{queries:>9}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
