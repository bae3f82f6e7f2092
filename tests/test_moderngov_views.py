"""The Administrator's import in the browser: upload, preview (nothing written), confirm (Celery
imports), progress; everyone else refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.roles import Role
from members.models import Body, Member
from moderngov.models import ImportFile, ImportRun, RunStatus
from scrutiny.models import Meeting
from tests.moderngov_kit import BY_WARD, MANCHESTER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def uploads(*paths):
    return [SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/xml") for path in paths]


def manchester_files():
    return uploads(*sorted(MANCHESTER.glob("*.xml")))


@pytest.fixture
def admin(client_for, person_with_role):
    return client_for(person_with_role(Role.ADMINISTRATOR))


@pytest.mark.parametrize("name", ["run-list", "run-add"])
def test_the_public_is_sent_to_sign_in(client, name):
    response = client.get(reverse(f"moderngov:{name}"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_every_other_role_is_refused(client_for, person_with_role, role):
    client = client_for(person_with_role(role))
    assert client.get(reverse("moderngov:run-list")).status_code == 403
    assert client.get(reverse("moderngov:run-add")).status_code == 403
    assert client.post(reverse("moderngov:run-add"), {"files": manchester_files()}).status_code == 403
    assert not ImportRun.objects.exists()


def test_someone_elses_run_cannot_be_confirmed_by_a_clerk(client_for, person_with_role, admin):
    admin.post(reverse("moderngov:run-add"), {"files": manchester_files()})
    run = ImportRun.objects.get()
    clerk = client_for(person_with_role(Role.DEMOCRATIC_SERVICES))
    assert clerk.get(reverse("moderngov:run-detail", args=[run.pk])).status_code == 403
    assert clerk.post(reverse("moderngov:run-confirm", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.status == RunStatus.PREVIEWED


def test_the_preview_shows_what_would_be_created_and_writes_nothing(admin):
    assert admin.get(reverse("moderngov:run-add")).status_code == 200
    response = admin.post(reverse("moderngov:run-add"), {"files": manchester_files()})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.status == RunStatus.PREVIEWED and run.site == "democracy.manchester.gov.uk"
    assert run.counts["meetings"]["created"] == 2
    assert ImportFile.objects.filter(run=run).count() == 5  # the uploaded files are kept
    assert not Meeting.objects.exists() and not Body.objects.exists()
    page = admin.get(run.get_absolute_url()).content.decode()
    assert "Check what will be imported" in page and "Confirm and import" in page
    assert "Meetings" in page


def test_broken_files_are_refused_on_the_preview_with_the_file_named(admin):
    admin.post(
        reverse("moderngov:run-add"),
        {
            "files": uploads(
                BY_WARD / "harlow.gov.uk.GetCouncillorsByWard.xml", BY_WARD / "leeds.gov.uk.GetCouncillorsByWard.xml"
            )
        },
    )
    run = ImportRun.objects.get()
    assert run.status == RunStatus.REFUSED
    page = admin.get(run.get_absolute_url()).content.decode()
    assert "The files were refused" in page and "leeds.gov.uk.GetCouncillorsByWard.xml" in page
    assert "Confirm and import" not in page
    assert admin.post(reverse("moderngov:run-confirm", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.REFUSED and not Member.objects.exists()


def test_no_files_is_an_error_on_the_form(admin):
    response = admin.post(reverse("moderngov:run-add"), {})
    assert response.status_code == 200 and b"govuk-error-summary" in response.content
    assert b"Select the saved ModernGov files" in response.content


def test_confirming_runs_the_import_task_and_the_progress_page_shows_it(admin, django_capture_on_commit_callbacks):
    admin.post(reverse("moderngov:run-add"), {"files": manchester_files()})
    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin.post(reverse("moderngov:run-confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED and len(callbacks) == 1
    waiting = admin.get(run.get_absolute_url()).content.decode()
    assert "Importing" in waiting and "updates itself" in waiting
    assert admin.get(run.get_absolute_url(), {"format": "json"}).json()["finished"] is False
    callbacks[0]()  # the task, eager in the tests
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.finished_at is not None
    assert Meeting.objects.count() == 2 and Body.objects.filter(name="Audit Committee").exists()
    done = admin.get(run.get_absolute_url()).content.decode()
    assert "Import complete" in done and "updates itself" not in done
    progress = admin.get(run.get_absolute_url(), {"format": "json"}).json()
    assert progress["finished"] is True and "Import complete" in progress["panel"]
    # Confirming twice imports nothing twice.
    admin.post(reverse("moderngov:run-confirm", args=[run.pk]))
    assert Meeting.objects.count() == 2
    assert "Imports so far" in admin.get(reverse("moderngov:run-list")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_the_confirmed_files(client_for, person_with_role, celery_worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = client_for(person_with_role(Role.ADMINISTRATOR))
    admin.post(reverse("moderngov:run-add"), {"files": manchester_files()})
    run = ImportRun.objects.get()
    admin.post(reverse("moderngov:run-confirm", args=[run.pk]))
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.finished:
            break
        time.sleep(0.2)
    assert run.status == RunStatus.DONE
    assert Meeting.objects.count() == 2
