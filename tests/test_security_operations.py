"""Operations (issue 11, finding 13): errors reach the service team when the error page says so,
a public health check names each part of the service and its status, and machine-readable
times in pages are valid HTML (no microseconds)."""

import importlib.util
import logging
import re

import pytest
import sentry_sdk
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.core.cache.backends.locmem import LocMemCache
from django.urls import include, path, reverse

from council.settings import base
from council.views import server_error
from tests.factories import ConsultationFactory, ReviewFactory, SavingLineFactory, UserFactory

pytestmark = pytest.mark.django_db


@login_not_required
def _fails(request):
    raise RuntimeError("the pack store is unreachable")


urlpatterns = [path("fails/", _fails), path("", include("council.urls"))]
handler500 = "council.views.server_error"


@pytest.fixture
def failing_page(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    return lambda: client.get("/fails/")


# Error reporting.


def test_with_admins_set_an_error_is_mailed_to_them_and_the_page_says_the_team_was_told(
    failing_page, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Service team", "service.team@northbridge.example")]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = failing_page()
    assert response.status_code == 500
    assert "The service team has been told about the problem." in response.content.decode()
    # Through the product's mail path: queued after commit, delivered by the Celery task.
    assert len(callbacks) == 1
    (message,) = mail.outbox
    assert message.to == ["service.team@northbridge.example"]
    assert "Internal Server Error: /fails/" in message.subject
    assert "the pack store is unreachable" in message.body
    assert "Traceback" in message.body


@pytest.fixture
def request_log():
    """What the service's log shows for each request the ``django.request`` logger reports, formatted
    as the console shows it (a traceback included when the record carries one)."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(logging.Formatter("%(levelname)s %(message)s").format(record))

    handler = Collect()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_a_refused_page_is_logged_in_one_line_without_a_traceback(client_for, person_with_role, request_log):
    councillor = person_with_role("Councillor")
    consultation = ConsultationFactory()
    url = reverse("members:consultation-reminders", args=[consultation.pk])
    assert client_for(councillor).get(url).status_code == 403
    assert request_log == [f"WARNING Forbidden (Permission denied): {url}"]


def test_an_error_is_still_logged_with_its_traceback(failing_page, request_log):
    assert failing_page().status_code == 500
    (entry,) = request_log
    assert entry.startswith("ERROR Internal Server Error: /fails/\nTraceback (most recent call last):")
    assert "RuntimeError: the pack store is unreachable" in entry


def test_with_nobody_to_tell_the_page_does_not_claim_anyone_was_told(failing_page, settings):
    settings.ADMINS = []
    response = failing_page()
    page = response.content.decode()
    assert response.status_code == 500
    assert "has been told" not in page
    assert "The service team has not been told automatically: contact Democratic Services" in page
    assert mail.outbox == []


def test_admins_are_read_from_the_environment(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from council.settings.env import env_addresses

    monkeypatch.setenv("ADMINS", "Service Team <team@northbridge.example>, ops@northbridge.example")
    assert env_addresses("ADMINS") == [
        ("Service Team", "team@northbridge.example"),
        ("ops@northbridge.example", "ops@northbridge.example"),
    ]
    monkeypatch.setenv("ADMINS", "")
    assert env_addresses("ADMINS") == []
    monkeypatch.setenv("ADMINS", "not an address")
    with pytest.raises(ImproperlyConfigured):
        env_addresses("ADMINS")


@pytest.fixture
def sentry_settings(monkeypatch, settings):
    """The settings module run again with SENTRY_DSN set, as at start-up; Sentry is switched off after."""
    settings.ADMINS = []
    monkeypatch.setenv("SENTRY_DSN", "https://public@sentry.northbridge.example/42")
    spec = importlib.util.spec_from_file_location("council.settings.base_with_sentry", base.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    sentry_sdk.get_global_scope().set_client(None)  # Sentry off again for the rest of the tests
    assert not sentry_sdk.get_client().dsn


def test_with_a_sentry_dsn_errors_go_to_sentry_with_django_and_celery_and_no_personal_data(sentry_settings):
    assert sentry_settings.SENTRY_DSN == "https://public@sentry.northbridge.example/42"
    client = sentry_sdk.get_client()
    assert client.dsn == sentry_settings.SENTRY_DSN
    assert {"django", "celery"} <= set(client.integrations)
    assert client.options["data_collection"]["user_info"] is False
    assert client.options["data_collection"]["http_bodies"] == []
    page = server_error(None).content.decode()
    assert "The service team has been told about the problem." in page


# The health check.


def test_the_health_check_is_public_and_names_each_part_and_its_status(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    page = response.content.decode()
    for part in ("Database (PostgreSQL)", "Celery broker (Redis)", "Cache", "Document storage", "Celery worker"):
        assert part in page
    assert "Every part of the service is working." in page
    data = client.get(reverse("healthz"), {"format": "json"}).json()
    assert data == {
        "Database (PostgreSQL)": "OK",
        "Celery broker (Redis)": "OK",
        "Cache": "OK",
        "Document storage": "OK",
        "Celery worker": "OK",
    }
    assert client.get(reverse("healthz"), HTTP_ACCEPT="text/plain").content.decode().splitlines() == [
        "Database (PostgreSQL): OK",
        "Celery broker (Redis): OK",
        "Cache: OK",
        "Document storage: OK",
        "Celery worker: OK",
    ]


class BrokenCache(LocMemCache):
    async def aset(self, *args, **kwargs):
        raise ConnectionError("cache.internal.northbridge:6379 refused the connection")


def test_a_failing_cache_shows_as_failing_with_503_and_no_detail(client, settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.BrokenCache"}}
    response = client.get(reverse("healthz"), {"format": "json"})
    assert response.status_code == 503
    data = response.json()
    assert data["Cache"].startswith("Unexpected Result")
    assert data["Database (PostgreSQL)"] == data["Document storage"] == "OK"
    page = client.get(reverse("healthz")).content.decode()
    assert "Part of the service is not working." in page
    assert "cache.internal" not in page + str(data)


def test_an_unreachable_broker_shows_as_unavailable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"), {"format": "json"})
    assert response.status_code == 503
    assert response.json()["Celery broker (Redis)"].startswith("Unavailable")


def test_the_embedded_file_broker_is_checked_when_there_is_no_redis(client, settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}
    data = client.get(reverse("healthz"), {"format": "json"}).json()
    assert data["Celery broker (files)"] == "OK"
    (tmp_path / "a-file").write_text("not a folder")
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path / "a-file" / "in"),
        "data_folder_out": str(tmp_path / "a-file" / "out"),
    }
    response = client.get(reverse("healthz"), {"format": "json"})
    assert response.status_code == 503 and response.json()["Celery broker (files)"].startswith("Unavailable")


def test_the_health_check_shows_no_address_or_secret(client, settings):
    everything = "".join(
        client.get(reverse("healthz"), {"format": fmt}).content.decode()
        for fmt in ("", "json", "text", "atom", "openmetrics")
    )
    for secret in (settings.SECRET_KEY, "127.0.0.1", "6379", settings.DATABASES["default"]["NAME"]):
        assert secret not in everything


# Machine-readable times.

# HTML's valid date, or date and time with an offset: at most three digits of a second's fraction.
VALID_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$")


def datetimes(html: str) -> list[str]:
    return re.findall(r'datetime="([^"]*)"', html)


def assert_valid_datetimes(html: str, where: str = ""):
    for value in datetimes(html):
        assert VALID_DATETIME.match(value), f"{where}: datetime={value!r}"


def test_every_time_in_the_pages_that_show_them_is_valid_html(client, person_with_role):
    from council.roles import Role

    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    review = ReviewFactory()
    review.comments.create(author=administrator, stage=review.stage, text="Please add the costs.")
    saving = SavingLineFactory(review=review)
    saving.description = "Reduced agency staffing (changed)"
    saving.save()
    client.force_login(administrator)
    pages = [
        review.get_absolute_url(),
        reverse("commissioning:review-timeline", args=[review.pk]),
        reverse("commissioning:saving-detail", args=[saving.pk]),
        reverse("history", args=["commissioning", "savingline", saving.pk]),
    ]
    found = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_valid_datetimes(html, url)
        found += len(datetimes(html))
    assert found >= 4


def test_the_status_page_names_the_database_in_use(monkeypatch):
    """`make run` on a machine with no servers uses SQLite: the page must not say PostgreSQL."""
    from django.db import connection

    from council.health import Database

    assert Database().name == "Database (PostgreSQL)"
    monkeypatch.setattr(connection, "display_name", "SQLite")
    assert Database().name == "Database (SQLite)"
