"""A test-only pack kind and PDF helpers for the pack engine's tests (no domain app involved).

The kind's packs are "of" a person (council.User): the engine only needs a model. Its specs are
set by each test. Democratic Services may build; the public edition is for everyone, the
confidential one for Democratic Services and councillors.
"""

import io
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from council import permissions
from council.packs import registry
from council.packs.spec import HtmlPart, PackSpec, PdfPart
from council.roles import Role

KIND = "test-pack"
TEMPLATES = Path(__file__).resolve().parent / "pack_templates"


@dataclass
class Kit:
    specs: dict = field(default_factory=dict)

    def set(self, obj, edition, spec: PackSpec):
        self.specs[(obj.pk, edition)] = spec


def can_build(user, obj, edition):
    return permissions.has_role(user, Role.DEMOCRATIC_SERVICES)


def can_download(user, obj, edition):
    if edition == "public":
        return True
    return permissions.has_role(user, Role.DEMOCRATIC_SERVICES) or permissions.has_role(user, Role.COUNCILLOR)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def pack_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]},
        *settings.TEMPLATES[1:],
    ]


@pytest.fixture
def kit(media, pack_templates):
    kit = Kit()
    registry.register(
        registry.PackKind(
            name=KIND,
            model=get_user_model(),
            build_spec=lambda obj, edition: kit.specs[(obj.pk, edition)],
            can_build=can_build,
            can_download=can_download,
            editions=lambda obj: ["public", "confidential"],
            label=lambda edition: f"Test pack ({edition})",
        )
    )
    yield kit
    registry._kinds.pop(KIND, None)


def text_pdf(pages: int, label: str, *, size=(595.28, 841.89), rotate: int = 0, tagged=False) -> bytes:
    """A PDF whose page i says "<label> page i" (Helvetica), as an officer's report might be."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    for number in range(1, pages + 1):
        page = pdf.add_blank_page(page_size=size)
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(f"BT /F1 14 Tf 72 400 Td ({label} page {number}) Tj ET".encode())
        if rotate:
            page.obj.Rotate = rotate
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)  # the same document twice is the same file
    return out.getvalue()


def store(name: str, content: bytes) -> tuple[str, str]:
    import hashlib

    stored = default_storage.save(f"documents/{name}", ContentFile(content))
    return stored, hashlib.sha256(content).hexdigest()


def upload_part(key, name, content: bytes, *, bookmark=None, level=1, stamp="") -> PdfPart:
    storage_name, sha256 = store(f"{key}.pdf", content)
    return PdfPart(
        key=key, storage_name=storage_name, sha256=sha256, name=name, bookmark=bookmark, level=level, stamp=stamp
    )


def page(key, heading, paragraphs=3, **options) -> HtmlPart:
    return HtmlPart(
        key=key,
        template="packs_test/page.html",
        context={"heading": heading, "paragraphs": [f"{heading}: paragraph {i}." for i in range(paragraphs)]},
        **options,
    )


def pdf_text(content: bytes, page_number: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if page_number is not None:
        args += ["-f", str(page_number), "-l", str(page_number)]
    return subprocess.run([*args, "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def pdf_info(content: bytes) -> dict:
    out = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def read_version(version) -> bytes:
    with version.file.open("rb") as file:
        return file.read()
