"""The work-plan pack: a version of the Commissioning Work Plan printed for committee, built by the
pack engine from what commissioning supplies (commissioning/packs.py).

What a reader finds in the PDF (read with pikepdf and pdftotext), the two editions (the public one
names officers by post only), and who may build and download which.
"""

import datetime
import json
import subprocess
from decimal import Decimal
from io import BytesIO

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning import packs
from commissioning.models import (
    Criterion,
    CriterionScore,
    PriorityAssessment,
    ReviewStage,
    SavingStatus,
    Stage,
    WorkPlanEntry,
    WorkPlanState,
    WorkPlanVersion,
)
from commissioning.services import workplan as workplan_services
from council.errors import RuleError
from council.roles import Role
from tests.factories import (
    BodyFactory,
    CabinetFactory,
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
TODAY = D(2027, 1, 20)
RATIONALE = {
    "Day Opportunities for Adults": "Demand for day services has risen by a fifth since 2023 in the north wards.",
    "Household Waste Collection": "The collection contract ends in March 2028 and must be re-procured by law.",
    "Library Services Redesign": "Visits fell by a third; members asked for libraries as community hubs.",
}


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    """Each test's own media: the packs and the render cache of other tests and other runs (var/test-media
    is shared) must not decide what a rebuild renders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _officer(first, last, job_title, role=Role.OFFICER):
    return OfficerFactory(
        user=UserFactory(first_name=first, last_name=last, roles=[role]), job_title=job_title, phone="01234 567890"
    ).user


@pytest.fixture
def people():
    cabinet = MemberFactory(user=UserFactory(first_name="Amira", last_name="Hussain", roles=[Role.CABINET_MEMBER]))
    councillor = MemberFactory(user=UserFactory(first_name="Tom", last_name="Barker", roles=[Role.COUNCILLOR]))
    return {
        "co": _officer("Sarah", "Whitfield", "Head of Strategic Commissioning", Role.COMMISSIONING_OFFICER),
        "lead": _officer("Daniel", "Okafor", "Commissioning Manager", Role.COMMISSIONING_OFFICER),
        "finance": _officer("Priya", "Shah", "Finance Business Partner", Role.FINANCE_OFFICER),
        "cabinet": cabinet,
        "councillor": councillor,
        "portfolio": PortfolioFactory(title="Adult Social Care and Health", cabinet_member=cabinet),
    }


def _review(title, score, people, *, rank_scores=None, board=None):
    review = ReviewFactory(
        title=title, lead_officer=people["lead"], portfolios=[people["portfolio"]], programme_board=board
    )
    ReviewStage.objects.filter(review=review, stage=Stage.ANALYSE).update(
        planned_start=D(2027, 2, 1), planned_end=D(2027, 4, 30), actual_start=D(2027, 2, 3)
    )
    assessment = PriorityAssessment.objects.create(
        review=review, summary=RATIONALE[title], score=Decimal(score), assessed_by=people["co"]
    )
    for criterion in Criterion.values:
        CriterionScore.objects.create(
            assessment=assessment, criterion=criterion, score=3, rationale=f"{criterion} reasoning for {title}"
        )
    return review


@pytest.fixture
def plan(people):
    """Version 1, agreed by Council, of three reviews with savings; on an O&S committee's work programme."""
    board = ProgrammeBoardFactory(name="Day Opportunities Programme Board")
    MembershipFactory(body=board, person=people["cabinet"].user, role="chair")
    MembershipFactory(body=board, person=people["finance"])
    day = _review("Day Opportunities for Adults", "82.50", people, board=board)
    waste = _review("Household Waste Collection", "71.25", people)
    libraries = _review("Library Services Redesign", "40.00", people)
    SavingLineFactory(
        review=day,
        financial_year=2026,
        budget_reference="ASC-07",
        claimed=Decimal("250000.00"),
        forecast=Decimal("200000.50"),
        realised=Decimal("120000.25"),
        owner=people["finance"],
        status=SavingStatus.AT_RISK,
    )
    SavingLineFactory(
        review=day,
        financial_year=2027,
        budget_reference="ASC-08",
        claimed=Decimal("1234.56"),
        forecast=Decimal("1234.56"),
        owner=people["councillor"].user,
    )
    SavingLineFactory(
        review=waste,
        financial_year=2026,
        budget_reference="ENV-02",
        claimed=Decimal("99999.99"),
        forecast=Decimal("99999.99"),
        realised=Decimal("10000.00"),
        owner=people["lead"],
    )
    version = WorkPlanVersion.objects.create(number=1, prepared_by=people["co"])
    for position, review in enumerate([day, waste, libraries], start=1):
        WorkPlanEntry.objects.create(
            version=version, review=review, position=position, starts_on=D(2027, 4, 1), ends_on=D(2028, 3, 31)
        )
    steps = [
        (WorkPlanState.CABINET_APPROVED, D(2027, 1, 12), "Cabinet 12 January 2027, minute 54"),
        (WorkPlanState.IN_CORPORATE_STRATEGY, D(2027, 1, 14), "Cabinet 14 January 2027, minute 60"),
        (WorkPlanState.COUNCIL_AGREED, D(2027, 1, 19), "Council 19 January 2027, minute 12"),
    ]
    # Cabinet's approval is an executive decision, recorded by Democratic Services (docs/decisions/0023).
    CabinetFactory()
    clerk = UserFactory(roles=["Democratic Services"])
    for state, decided_on, reference in steps:
        version.refresh_from_db()
        by = clerk if state == WorkPlanState.CABINET_APPROVED else people["co"]
        workplan_services.workplan_transition(
            version=version, to_state=state, decided_on=decided_on, reference=reference, by=by, today=TODAY
        )
    committee = BodyFactory(name="Overview and Scrutiny Committee")
    workplan_services.workplan_bring_back(version=version, body=committee, by=people["co"])
    version.refresh_from_db()
    return version


@pytest.fixture
def draft(people, plan):
    return workplan_services.workplan_create(by=people["co"], copy_latest=True)


def _context_text(spec) -> str:
    return json.dumps([part.context for part in spec.parts], default=str)


# --- What the pack holds (the spec commissioning gives the engine) ----------------------------


def test_an_agreed_version_has_a_public_and_an_internal_edition_a_draft_only_the_internal(plan, draft):
    assert packs.editions(plan) == ["public", "internal"]
    assert packs.editions(draft) == ["internal"]
    with pytest.raises(RuleError, match="only a version agreed by Council has a public work-plan pack"):
        packs.build_spec(draft, "public")


def test_the_pack_has_a_front_sheet_one_part_per_review_in_the_versions_order_and_the_totals(plan):
    spec = packs.build_spec(plan, "public")
    assert spec.title == "Commissioning Work Plan, version 1"
    assert spec.lang == "en-GB"
    assert [part.bookmark for part in spec.parts] == [
        "Front sheet and contents",
        "1. Day Opportunities for Adults",
        "2. Household Waste Collection",
        "3. Library Services Redesign",
        "Savings totals",
    ]
    front = spec.parts[0]
    assert front.needs_page_numbers
    assert [step["reference"] for step in front.context["trail"]] == [
        "Cabinet 12 January 2027, minute 54",
        "Cabinet 14 January 2027, minute 60",
        "Council 19 January 2027, minute 12",
    ]
    assert front.context["committees"][0]["committee"] == "Overview and Scrutiny Committee"


def test_each_review_carries_its_rank_rationale_criteria_stages_board_and_savings(plan):
    review = packs.build_spec(plan, "internal").parts[1].context["review"]
    assert (review["rank"], review["score"]) == (1, "82.50")
    assert review["summary"] == RATIONALE["Day Opportunities for Adults"]
    assert len(review["criteria"]) == 6
    assert review["criteria"][0]["rationale"] == "need reasoning for Day Opportunities for Adults"
    assert review["stages"][0]["planned"] == "1 February 2027 to 30 April 2027"
    assert review["cabinet_members"] == ["Councillor Amira Hussain, Cabinet Member Adult Social Care and Health"]
    assert review["board"] == "Day Opportunities Programme Board"
    assert [(line["reference"], line["owner"]) for line in review["savings"]] == [
        ("ASC-07", "Priya Shah, Finance Business Partner"),
        ("ASC-08", "Councillor Tom Barker"),
    ]
    # Exact Decimal totals, shown as pounds and pence.
    assert review["totals"]["claimed"] == "£251,234.56"
    assert review["totals"]["realised"] == "£120,000.25"
    assert review["totals"]["at_risk"] == "£250,000.00"


def test_the_public_edition_names_officers_by_post_and_councillors_by_name(plan):
    public = _context_text(packs.build_spec(plan, "public"))
    for officer in ("Sarah Whitfield", "Daniel Okafor", "Priya Shah"):
        assert officer not in public
    assert "Finance Business Partner" in public and "Commissioning Manager" in public
    assert "Councillor Tom Barker" in public and "Councillor Amira Hussain" in public
    internal = _context_text(packs.build_spec(plan, "internal"))
    for officer in ("Sarah Whitfield", "Daniel Okafor", "Priya Shah"):
        assert officer in internal


def test_the_pack_totals_add_up_exactly(plan):
    totals = packs.build_spec(plan, "public").parts[-1].context["overall"]
    assert totals["all"]["claimed"] == "£351,234.55"
    assert totals["all"]["realised"] == "£130,000.25"
    assert totals["all"]["gap"] == "£221,234.30"
    assert [year["year"] for year in totals["by_year"]] == ["2026/27", "2027/28"]


def test_building_the_spec_makes_the_same_number_of_queries_with_more_reviews(plan, people, django_assert_num_queries):
    with CaptureQueriesContext(connection) as few:
        packs.build_spec(plan, "internal")
    for index in range(6):
        review = ReviewFactory(lead_officer=people["lead"], portfolios=[people["portfolio"]])
        SavingLineFactory(review=review, owner=people["finance"], budget_reference=f"EXTRA-{index}")
        WorkPlanEntry.objects.create(
            version=plan, review=review, position=10 + index, starts_on=D(2027, 4, 1), ends_on=D(2028, 3, 31)
        )
    with django_assert_num_queries(len(few)):
        packs.build_spec(plan, "internal")


# --- Who may build and download -------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (Role.COMMISSIONING_OFFICER, True),
        (Role.ADMINISTRATOR, True),
        (Role.DEMOCRATIC_SERVICES, False),
        (Role.FINANCE_OFFICER, False),
        (Role.OFFICER, False),
        (Role.CABINET_MEMBER, False),
        (Role.COUNCILLOR, False),
    ],
)
def test_commissioning_officers_and_administrators_build_work_plan_packs(plan, role, may):
    person = UserFactory(roles=[role])
    assert packs.can_build(person, plan, "public") is may
    assert packs.can_build(person, plan, "internal") is may


def test_who_may_download_which_edition(plan, draft):
    from django.contrib.auth.models import AnonymousUser

    public, councillor = AnonymousUser(), UserFactory(roles=[Role.COUNCILLOR])
    assert packs.can_download(public, plan, "public")
    assert not packs.can_download(public, plan, "internal")
    assert not packs.can_download(public, draft, "internal")
    assert not packs.can_download(public, draft, "public")
    assert packs.can_download(councillor, plan, "public")
    assert packs.can_download(councillor, plan, "internal")
    assert packs.can_download(councillor, draft, "internal")


# --- The built PDF (through the engine) --------------------------------------------------------


def build(version, edition, by):
    """Build through the engine's synchronous path; the PDF's bytes."""
    from council.packs import services

    built = services.build_now(packs.KIND, version, edition, by=by)
    assert built.status == "done", built.error
    with built.version.file.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    """The text in reading order, pages separated by form feeds, runs of spaces and lines as one space."""
    done = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True)
    return "\f".join(" ".join(page.split()) for page in done.stdout.decode().split("\f"))


def outline_pages(pdf) -> dict[str, int]:
    """Each top-level bookmark's title and the page (from 1) it points at."""
    numbers = {page.objgen: index + 1 for index, page in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        result = {}
        for item in outline.root:
            destination = item.destination if item.destination is not None else item.action.D
            result[item.title] = numbers[destination[0].objgen]
        return result


def test_the_built_public_pack_reads_right(plan, people):
    data = build(plan, "public", people["co"])
    pdf = pikepdf.open(BytesIO(data))
    text = pdf_text(data)
    assert list(outline_pages(pdf)) == [
        "Front sheet and contents",
        "1. Day Opportunities for Adults",
        "2. Household Waste Collection",
        "3. Library Services Redesign",
        "Savings totals",
    ]
    assert len(pdf.pages) >= 5
    assert str(pdf.docinfo["/Title"]) == "Commissioning Work Plan, version 1"
    assert str(pdf.Root.Lang) == "en-GB"
    assert "/StructTreeRoot" in pdf.Root  # tagged
    for rationale in RATIONALE.values():
        assert rationale in text
    assert "Finance Business Partner" in text and "Councillor Tom Barker" in text
    assert "Priya Shah" not in text and "Sarah Whitfield" not in text
    assert "£351,234.55" in text and "£251,234.56" in text
    assert f"Page {len(pdf.pages)}" in text


def test_the_contents_give_the_page_each_review_starts_on(plan, people):
    data = build(plan, "internal", people["co"])
    pdf = pikepdf.open(BytesIO(data))
    starts = outline_pages(pdf)
    pages = pdf_text(data).split("\f")
    front = pages[0]
    for title in ("1. Day Opportunities for Adults", "2. Household Waste Collection", "3. Library Services Redesign"):
        assert title.split(". ", 1)[1] in pages[starts[title] - 1]
    assert f"score 82.50), page {starts['1. Day Opportunities for Adults']}" in front
    assert f"score 40.00), page {starts['3. Library Services Redesign']}" in front
    assert "Priya Shah, Finance Business Partner" in pdf_text(data)


# --- The pages: download and the packs box on the version page ------------------------------


def _download(client, version, edition):
    return client.get(reverse("packs:download", args=[packs.KIND, version.pk, edition]))


def test_the_public_downloads_an_agreed_versions_public_pack_but_not_a_drafts(client, plan, draft, people):
    build(plan, "public", people["co"])
    build(draft, "internal", people["co"])
    response = _download(client, plan, "public")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF")
    assert _download(client, draft, "internal").status_code in (302, 404)
    client.force_login(UserFactory(roles=[Role.COUNCILLOR]))
    assert _download(client, draft, "internal").status_code == 200


def test_a_councillor_downloads_an_agreed_versions_pack(client, plan, people):
    build(plan, "internal", people["co"])
    client.force_login(people["councillor"].user)
    assert _download(client, plan, "internal").status_code == 200


def test_a_commissioning_officer_builds_a_councillor_may_not(client, plan, people):
    url = reverse("packs:build", args=[packs.KIND, plan.pk, "public"])
    client.force_login(people["councillor"].user)
    assert client.post(url).status_code == 403
    client.force_login(people["co"])
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" not in response["Location"]


def test_the_version_page_offers_the_packs_and_building_to_those_who_may(client, plan, people):
    build(plan, "public", people["co"])
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Public work-plan pack" in body
    assert reverse("packs:download", args=[packs.KIND, plan.pk, "public"]) in body
    assert "Work-plan pack for members and officers" not in body
    assert "Build" not in body.split("Public work-plan pack", 1)[1].split("</section>", 1)[0]
    # Brought back to committee: the packs box links the committee's pack, the public edition.
    box = " ".join(body.split('id="work-plan-packs-heading"', 1)[1].split("</section>", 1)[0].split())
    download = reverse("packs:download", args=[packs.KIND, plan.pk, "public"])
    assert "Brought back to Overview and Scrutiny Committee. The committee's pack:" in box
    assert f'href="{download}">public work-plan pack (PDF)</a>' in box
    client.force_login(people["co"])
    body = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("packs:build", args=[packs.KIND, plan.pk, "internal"]) in body


def test_a_councillor_downloads_the_internal_pack_but_is_offered_no_building(client, plan, people):
    build(plan, "internal", people["co"])
    client.force_login(people["councillor"].user)
    body = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("packs:download", args=[packs.KIND, plan.pk, "internal"]) in body
    assert "Public work-plan pack" in body and "Work-plan pack for members and officers" in body
    assert reverse("packs:build", args=[packs.KIND, plan.pk, "internal"]) not in body
    assert reverse("packs:build", args=[packs.KIND, plan.pk, "public"]) not in body
    assert "Rebuild" not in body and "Build the pack" not in body
    client.force_login(people["co"])
    body = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("packs:build", args=[packs.KIND, plan.pk, "internal"]) in body
    assert "Rebuild" in body and "Build the pack" in body  # internal built, public not yet


def test_the_version_page_makes_the_same_number_of_queries_however_many_packs_are_built(
    client, plan, people, django_assert_num_queries
):
    client.force_login(people["co"])
    build(plan, "public", people["co"])
    with CaptureQueriesContext(connection) as once:
        client.get(plan.get_absolute_url())
    for _ in range(3):
        build(plan, "public", people["co"])
        build(plan, "internal", people["co"])
    with django_assert_num_queries(len(once)):
        client.get(plan.get_absolute_url())


def test_a_build_asked_for_shows_on_the_version_page_with_a_link_to_its_progress(client, plan, people):
    client.force_login(people["co"])
    response = client.post(reverse("packs:build", args=[packs.KIND, plan.pk, "internal"]))
    status_url = response["Location"]
    body = client.get(plan.get_absolute_url()).content.decode()
    assert "Being built (queued)" in body and status_url in body
    client.force_login(people["councillor"].user)
    assert "Being built" not in client.get(plan.get_absolute_url()).content.decode()


def test_the_demo_builds_the_agreed_versions_packs_once(plan, people, settings):
    settings.DEMO_BUILD_PACKS = True  # as in `make run` (the tests turn it off elsewhere)
    from commissioning.demo import packs as demo_packs
    from council.packs.models import PackVersion

    demo_packs.load()
    assert sorted(PackVersion.objects.filter(kind=packs.KIND).values_list("object_id", "edition", "number")) == [
        (str(plan.pk), "internal", 1),
        (str(plan.pk), "public", 1),
    ]
    demo_packs.load()
    assert PackVersion.objects.filter(kind=packs.KIND).count() == 2


def test_a_rebuild_after_one_saving_changes_renders_only_that_review_and_the_totals(plan, people):
    from commissioning.models import SavingLine
    from council.packs import services

    first = services.build_now(packs.KIND, plan, "internal", by=people["co"])
    SavingLine.objects.filter(budget_reference="ENV-02").update(realised=Decimal("20000.00"))
    second = services.build_now(packs.KIND, plan, "internal", by=people["co"])
    assert (first.version.number, second.version.number) == (1, 2)
    # The front sheet and the two unchanged reviews come from the cache (the totals part may too,
    # its figures having been rendered before: the cache is shared by every pack with the same inputs).
    assert second.inputs["rendered"] + second.inputs["from_cache"] == 5
    assert second.inputs["from_cache"] >= 3 and second.inputs["rendered"] >= 1
    with second.version.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "£20,000.00" in text and "£140,000.25" in text


def test_a_draft_with_no_reviews_yet_still_makes_a_pack(people):
    empty = WorkPlanVersion.objects.create(number=7, prepared_by=people["co"])
    text = pdf_text(build(empty, "internal", people["co"]))
    assert "Commissioning Work Plan, version 7" in text
    assert "Draft: not yet agreed by Council" in text and "No decisions yet: this version is a draft." in text
    assert "No reviews in this version yet." in text


@pytest.mark.parametrize(
    ("built_at_utc", "shown"),
    [
        # British Summer Time ends at 01:00 UTC on 25 October 2026.
        (datetime.datetime(2026, 10, 24, 23, 30, tzinfo=datetime.UTC), "built 25 October 2026, 00:30"),
        (datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC), "built 25 October 2026, 01:30"),
    ],
)
def test_the_version_page_gives_the_build_time_in_london(client, plan, people, built_at_utc, shown):
    from council.packs.models import PackVersion

    build(plan, "public", people["co"])
    PackVersion.objects.filter(kind=packs.KIND, object_id=str(plan.pk)).update(created_at=built_at_utc)
    assert shown in client.get(plan.get_absolute_url()).content.decode()


def test_a_failed_build_shows_on_the_version_page_for_those_who_may_build(client, plan, people):
    from council.packs import services as pack_services
    from council.packs.models import PackBuild

    failed = PackBuild.objects.create(
        kind=packs.KIND, object_id=str(plan.pk), edition="public", requested_by=people["co"]
    )
    pack_services.fail_build(failed.pk, "The pack could not be stored: try again in a few minutes.")
    client.force_login(people["co"])
    body = client.get(plan.get_absolute_url()).content.decode()
    assert "The last build failed" in body
    assert reverse("packs:build-status", args=[failed.pk]) in body
    client.force_login(people["councillor"].user)
    body = client.get(plan.get_absolute_url()).content.decode()
    assert "The last build failed" not in body
    # A later build that succeeds clears it.
    client.force_login(people["co"])
    build(plan, "public", people["co"])
    assert "The last build failed" not in client.get(plan.get_absolute_url()).content.decode()


def test_the_contents_say_when_a_priority_rank_is_joint():
    """As each review's own page does ("Ranked 4 (joint)"): two reviews of equal score share a rank."""
    assert packs._standing({"rank": 4, "joint": True, "score": "68.00"}) == "priority rank 4 (joint), score 68.00"
    assert packs._standing({"rank": 2, "joint": False, "score": "80.00"}) == "priority rank 2, score 80.00"
