"""Chaos: the media disk fills up.

Where the test may mount one (as root), documents go to a tiny tmpfs of their own that the test
fills to the last byte, so the kernel itself says ENOSPC, part-way through a file as a real disk
does. Where it may not, a storage that writes part of each file and then raises OSError(ENOSPC)
stands in. Either way: an upload says clearly that it was not saved and leaves nothing half-saved;
a pack build retries, then fails saying why, and stores nothing; /healthz is 503 naming the
storage; and once there is room again each works.
"""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import datetime
import errno
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import reverse

from council.packs import services, tasks
from council.packs.models import BuildStatus, PackBuild, PackVersion
from council.roles import Role
from scrutiny.models import SupportingDocument
from tests.chaos.kit import APPENDIX, KIND, chaos_kind  # noqa: F401
from tests.factories import UserFactory
from tests.packs_engine_kit import text_pdf
from tests.test_documents import clerk, item, meeting, pdf_bytes, upload  # noqa: F401

pytestmark = pytest.mark.django_db

NOT_SAVED = "The file could not be saved because the document store is full or not working. Nothing was saved."
# Before the meeting of 10 December 2026 (tests.test_documents.meeting), so its papers may change.
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)


class FullStorage(FileSystemStorage):
    """A disk with no room: each file is begun, then the write fails as a full disk's does."""

    full = False

    def _save(self, name, content):
        if not FullStorage.full:
            return super()._save(name, content)
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(next(iter(content.chunks()), b"")[:512])
        raise OSError(errno.ENOSPC, "No space left on device")


class Disk:
    def __init__(self, root: Path, settings):
        self.root = root
        root.mkdir()
        try:
            mount = ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(root)]
            self.mounted = subprocess.run(mount, capture_output=True).returncode == 0
        except OSError:  # no mount command here
            self.mounted = False
        if not self.mounted:
            settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullStorage"}}
        settings.MEDIA_ROOT = root

    def fill(self):
        if not self.mounted:
            FullStorage.full = True
            return
        with (self.root / "filler").open("wb", buffering=0) as filler:
            try:
                while filler.write(b"\0" * 4096):
                    pass
            except OSError as error:
                assert error.errno == errno.ENOSPC

    def free(self):
        FullStorage.full = False
        (self.root / "filler").unlink(missing_ok=True)

    def files(self) -> list[str]:
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file() and p.name != "filler")

    def unmount(self):
        FullStorage.full = False
        if self.mounted:  # lazily, should anything still hold a file open
            subprocess.run(["umount", "--lazy", str(self.root)], check=True)


@pytest.fixture
def disk(tmp_path, settings):
    media = Disk(tmp_path / "media", settings)
    yield media
    media.unmount()


@pytest.fixture
def clock():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def test_an_upload_to_a_full_disk_says_it_was_not_saved_and_leaves_nothing(disk, client, clock, meeting, item, clerk):
    client.force_login(clerk)
    url = reverse("scrutiny:document-add", args=[meeting.pk, item.pk])
    disk.fill()
    response = client.post(url, {"title": "Budget monitoring", "kind": "report", "file": upload(pdf_bytes(40))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and NOT_SAVED in page and 'href="#id_file"' in page
    assert not SupportingDocument.objects.exists() and disk.files() == []  # no row, no part of a file

    disk.free()  # room again: the same upload works
    content = pdf_bytes(40)
    response = client.post(url, {"title": "Budget monitoring", "kind": "report", "file": upload(content)})
    assert response.status_code == 302
    document = SupportingDocument.objects.get()
    assert disk.files() == [document.file.name] and (disk.root / document.file.name).read_bytes() == content


def test_a_pack_build_on_a_full_disk_retries_then_fails_saying_why_and_builds_once_there_is_room(
    disk, chaos_kind, client, monkeypatch
):
    from council.celery import app

    default_storage.save(APPENDIX, ContentFile(text_pdf(6, "Appendix A")))
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    disk.fill()
    build = PackBuild.objects.create(kind=KIND, object_id=str(clerk.pk), edition="public", requested_by=clerk)
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)  # each retry runs as a worker would
    tasks.build_pack.apply(args=[build.pk], throw=False)
    build.refresh_from_db()
    assert build.status == BuildStatus.FAILED and build.attempts == tasks.MAX_RETRIES + 1
    assert build.error == services.UNAVAILABLE
    assert PackVersion.objects.count() == 0 and disk.files() == [APPENDIX]  # nothing half-stored
    client.force_login(clerk)
    page = client.get(reverse("packs:build-status", args=[build.pk])).content.decode()
    assert "The pack could not be built" in page and services.UNAVAILABLE in page

    disk.free()
    again = PackBuild.objects.create(kind=KIND, object_id=str(clerk.pk), edition="public", requested_by=clerk)
    tasks.build_pack.apply(args=[again.pk], throw=False)
    again.refresh_from_db()
    assert again.status == BuildStatus.DONE and again.version.pages == 6
    assert PackVersion.objects.count() == 1 and again.version.file.name in disk.files()


def test_healthz_is_503_naming_document_storage_while_the_disk_is_full(disk, client):
    disk.fill()
    response = client.get(reverse("healthz"), {"format": "json"})
    assert response.status_code == 503
    data = response.json()
    assert data["Document storage"] != "OK" and data["Database (PostgreSQL)"] == "OK"
    disk.free()
    response = client.get(reverse("healthz"), {"format": "json"})
    assert response.status_code == 200 and response.json()["Document storage"] == "OK"
