"""The packs box (council.packs.selectors.packs_box and templates/packs/_box.html), the one every
page with packs shows, and the pack templates' page references (``page_of``)."""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from council.packs import services
from council.packs.models import PackBuild, PackVersion
from council.packs.selectors import packs_box
from council.templatetags.packs import page_of
from tests.factories import UserFactory
from tests.packs_engine_kit import (
    KIND,
    kit,  # noqa: F401  (fixture)
    media,  # noqa: F401  (fixture)
    pack_templates,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(db):
    return UserFactory()


def stored_version(subject, edition, number=1) -> PackVersion:
    """A version as the engine records it (the file itself is not needed to show it)."""
    build = PackBuild.objects.create(kind=KIND, object_id=str(subject.pk), edition=edition, status="done")
    return PackVersion.objects.create(
        kind=KIND,
        object_id=str(subject.pk),
        edition=edition,
        number=number,
        file=f"packs/test/{edition}-v{number}.pdf",
        filename=f"{edition}.pdf",
        title="Test pack",
        sha256="0" * 64,
        size=2048,
        pages=3,
        inputs_hash=str(number),
        built_from=build,
    )


def test_one_row_per_edition_the_person_may_download_in_the_order_given(kit, subject):
    box = packs_box(KIND, subject, editions=["confidential", "public"], buildable=["public", "other"])
    assert [(row.edition, row.label, row.can_build) for row in box.rows] == [
        ("confidential", "Test pack (confidential)", False),
        ("public", "Test pack (public)", True),
    ]
    assert box.can_build and box.kind == KIND and box.object_pk == subject.pk
    assert not packs_box(KIND, subject, editions=[])


def test_each_row_has_its_latest_version(kit, subject):
    stored_version(subject, "public", 1)
    newest = stored_version(subject, "public", 2)
    box = packs_box(KIND, subject, editions=["public", "confidential"])
    assert [row.version for row in box.rows] == [newest, None]


def test_builds_in_progress_and_failed_show_only_to_those_who_may_build(kit, subject):
    failed = PackBuild.objects.create(kind=KIND, object_id=str(subject.pk), edition="public")
    services.fail_build(failed.pk, "A document is damaged.")
    (row,) = packs_box(KIND, subject, editions=["public"], buildable=["public"]).rows
    assert row.failed == failed and row.building is None
    (row,) = packs_box(KIND, subject, editions=["public"]).rows
    assert row.failed is None and row.building is None

    # A later build clears the failure while it runs.
    queued = PackBuild.objects.create(kind=KIND, object_id=str(subject.pk), edition="public")
    (row,) = packs_box(KIND, subject, editions=["public"], buildable=["public"]).rows
    assert row.building == queued and row.failed is None


def test_the_box_takes_two_queries_however_many_editions_and_versions(kit, subject, django_assert_num_queries):
    for number in (1, 2, 3):
        stored_version(subject, "public", number)
        stored_version(subject, "confidential", number)
    with django_assert_num_queries(2):
        packs_box(KIND, subject, editions=["public", "confidential"], buildable=["public", "confidential"])
    with django_assert_num_queries(1):
        packs_box(KIND, subject, editions=["public", "confidential"])
    with django_assert_num_queries(0):
        packs_box(KIND, subject, editions=[])


def test_the_box_offers_building_to_those_who_may_and_downloads_to_all(kit, subject):
    stored_version(subject, "public")
    build_public = reverse("packs:build", args=[KIND, subject.pk, "public"])
    build_confidential = reverse("packs:build", args=[KIND, subject.pk, "confidential"])

    clerks = render_to_string(
        "packs/_box.html",
        {"box": packs_box(KIND, subject, editions=["public", "confidential"], buildable=["public", "confidential"])},
    )
    assert build_public in clerks and build_confidential in clerks
    assert "Rebuild" in clerks and "Build the pack" in clerks  # public built, confidential not yet
    assert reverse("packs:download", args=[KIND, subject.pk, "public"]) in clerks

    councillors = render_to_string("packs/_box.html", {"box": packs_box(KIND, subject, editions=["public"])})
    assert reverse("packs:download", args=[KIND, subject.pk, "public"]) in councillors
    assert reverse("packs:versions", args=[KIND, subject.pk, "public"]) in councillors
    assert "Test pack (confidential)" not in councillors
    assert build_public not in councillors and "Rebuild" not in councillors and "Build the pack" not in councillors


def test_page_of_gives_the_first_page_of_a_part_and_a_blank_of_its_width_before_pages_are_known():
    assert page_of({"item-5": 3, "totals": 12}, "item-5") == 3
    assert page_of({"item-5": 3}, "item-6") == ""
    assert page_of({}, "item-5") == "\u2007\u2007"
    assert page_of(None, "item-5") == "\u2007\u2007"
    assert page_of({"item-5": 3}, "") == "\u2007\u2007"
