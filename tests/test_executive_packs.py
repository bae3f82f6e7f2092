"""The forward plan as a PDF, through the pack engine: an edition printed exactly as it was fixed."""

import subprocess

import pytest
from django.urls import reverse

from council.packs import services as pack_services
from executive import packs, services
from tests.factories import ForwardPlanEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def test_the_pdf_prints_the_edition_as_published_not_as_the_entry_now_stands(client):
    clerk = UserFactory(roles=["Democratic Services"])
    entry = ForwardPlanEntryFactory(
        title="Re-commission home care", private=True, exempt_paragraph=3, private_reasons="Tender prices"
    )
    edition = services.forward_plan_publish(by=clerk, include=[entry])
    services.entry_update(entry=entry, by=clerk, title="Renamed after publication")
    built = pack_services.build_now(packs.KIND, edition, packs.PUBLIC, by=clerk)
    assert built.status == "done", built.error
    with built.version.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Forward plan, edition 1" in text and "Re-commission home care" in text
    assert "Renamed after publication" not in text
    assert edition.sha256 in text.replace(" ", "") and "paragraph 3 of Schedule 12A" in text
    page = client.get(edition.get_absolute_url()).content.decode()
    assert reverse("packs:download", args=[packs.KIND, edition.pk, packs.PUBLIC]) in page


def test_democratic_services_build_it_and_everyone_downloads_it():
    clerk = UserFactory(roles=["Democratic Services"])
    edition = services.forward_plan_publish(by=clerk, include=[ForwardPlanEntryFactory()])
    officer = UserFactory(roles=["Officer"])
    assert packs.can_build(clerk, edition, packs.PUBLIC)
    assert not packs.can_build(officer, edition, packs.PUBLIC)
    assert packs.can_download(officer, edition, packs.PUBLIC)
    assert not packs.can_download(officer, edition, "confidential")
