"""The Monitoring Officer's review of the ModernGov import, as an attacker: what the server fetches
when the Administrator's files (or a ModernGov site) name an address, and what an upload may hold.

Local servers stand in for the internal services an attacker would aim at (127.0.0.1 is as internal
as 169.254.169.254): the import must never ask them anything."""

import http.server
import socket
import threading
import time
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.errors import RuleError
from council.roles import Role
from moderngov.models import ImportRun, RunStatus
from moderngov.services import fetching
from moderngov.services.fetching import Fetcher
from moderngov.services.runs import run_execute
from scrutiny.models import Meeting, SupportingDocument
from tests.moderngov_kit import generated
from tests.test_documents import pdf_bytes

pytestmark = pytest.mark.django_db
SITE_DOCS = b"https://democracy.example.gov.uk/mgConvert2PDF.aspx"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@contextmanager
def internal_service(host: str = "127.0.0.1", *, redirect_to: str | None = None, drip: float = 0):
    """A local HTTP server recording every request: a PDF, a redirect, or a body sent a byte at a time."""
    asked: list[str] = []
    body = pdf_bytes(1)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            if redirect_to:
                self.send_response(302)
                self.send_header("Location", redirect_to)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            if drip:
                for byte in range(200):
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:
                        return
                    time.sleep(drip)
                return
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}", asked
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def admin(client_for, person_with_role):
    return client_for(person_with_role(Role.ADMINISTRATOR))


def _upload(admin, documents_at: str) -> ImportRun:
    files = [
        SimpleUploadedFile(source.name, source.content.replace(SITE_DOCS, documents_at.encode()))
        for source in generated(1)
    ]
    admin.post(
        reverse("moderngov:run-add"),
        {"files": files, "site": "democracy.example.gov.uk", "with_documents": "on"},
    )
    run = ImportRun.objects.get()
    assert run.status == RunStatus.PREVIEWED, run.messages
    admin.post(reverse("moderngov:run-confirm", args=[run.pk]))
    return run


# --- SSRF: the browser import's documents ---------------------------------------------------------


def test_the_browser_import_never_fetches_documents_from_an_internal_address(admin, django_capture_on_commit_callbacks):
    with internal_service() as (address, asked):
        with django_capture_on_commit_callbacks(execute=False):
            run = _upload(admin, f"{address}/latest/meta-data/iam")
        run_execute(run_pk=run.pk)  # the worker, with the real opener
    run.refresh_from_db()
    assert asked == []
    assert run.status == RunStatus.REFUSED
    assert "not a public internet address" in " ".join(run.messages)
    assert not SupportingDocument.objects.exists() and not Meeting.objects.exists()


def test_a_public_address_that_redirects_to_an_internal_one_is_not_followed(monkeypatch):
    # 127.0.0.1 plays a public site here; 127.0.0.2 (loopback too) the internal service behind it.
    monkeypatch.setattr(fetching, "_public", lambda ip: ip == "127.0.0.1", raising=False)
    with (
        internal_service("127.0.0.2") as (inside, asked_inside),
        internal_service(redirect_to=f"{inside}/secret") as (outside, asked_outside),
        pytest.raises(RuleError, match="not a public internet address"),
    ):
        Fetcher(outside, delay=0, timeout=5).get(f"{outside}/mgConvert2PDF.aspx?ID=1")
    assert asked_outside == ["/mgConvert2PDF.aspx?ID=1"] and asked_inside == []


def test_a_redirect_to_another_kind_of_address_is_refused(monkeypatch):
    monkeypatch.setattr(fetching, "_public", lambda ip: True, raising=False)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        with (
            internal_service(redirect_to=f"ftp://127.0.0.1:{port}/etc/passwd") as (outside, _),
            pytest.raises(RuleError),
        ):
            Fetcher(outside, delay=0, timeout=2).get(f"{outside}/doc")
        with pytest.raises(socket.timeout):
            listener.accept()  # nobody was sent there
    finally:
        listener.close()


def test_a_site_that_sends_its_answer_a_byte_at_a_time_is_cut_off(monkeypatch):
    monkeypatch.setattr(fetching, "_public", lambda ip: True, raising=False)
    with internal_service(drip=0.05) as (outside, _):
        fetcher = Fetcher(outside, delay=0, timeout=1, deadline=0.5)
        started = time.monotonic()
        with pytest.raises(RuleError, match="took longer than"):
            fetcher.get(f"{outside}/doc")
    assert time.monotonic() - started < 3


def test_the_command_asks_a_site_on_a_private_network_only_when_told(monkeypatch):
    from django.core.management import CommandError, call_command

    from moderngov.management.commands.import_moderngov import Command

    monkeypatch.setattr(Command, "delay", 0)
    with internal_service() as (address, asked), pytest.raises(CommandError, match="not a public internet address"):
        call_command("import_moderngov", address)
    assert asked == []


# --- What an upload may hold ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-7", "shift_jis", "x-no-such-encoding"])
def test_a_file_in_an_encoding_the_parser_cannot_read_is_refused_on_the_preview(admin, encoding):
    content = (
        f'<?xml version="1.0" encoding="{encoding}"?><committees><committee><committeeid>1</committeeid>'
        "<committeetitle>Audit</committeetitle></committee></committees>"
    ).encode("ascii")
    response = admin.post(
        reverse("moderngov:run-add"), {"files": [SimpleUploadedFile("committees.xml", content)], "site": "x.gov.uk"}
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert run.status == RunStatus.REFUSED  # never left waiting for a confirmation
    assert "committees.xml" in run.messages[0] and "encoding" in run.messages[0]
    assert admin.post(reverse("moderngov:run-confirm", args=[run.pk])).status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.REFUSED


def test_a_preview_that_fails_unexpectedly_cannot_be_confirmed(admin, monkeypatch):
    from moderngov.services import runs

    def broken(**kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(runs, "import_sources", broken)
    admin.raise_request_exception = False
    files = [SimpleUploadedFile(source.name, source.content) for source in generated(1)]
    assert admin.post(reverse("moderngov:run-add"), {"files": files}).status_code == 500
    run = ImportRun.objects.get()
    assert run.status == RunStatus.FAILED
    admin.post(reverse("moderngov:run-confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED


# --- What a second import may change ---------------------------------------------------------------


def test_importing_again_never_makes_an_item_the_clerk_made_exempt_public():
    """ModernGov may be behind (or wrong): an item exempt here stays exempt whatever a later import says."""
    from moderngov.services.runs import import_sources
    from scrutiny.models import AgendaItem

    import_sources(sources=generated(1), site="democracy.example.gov.uk")
    item = AgendaItem.objects.order_by("pk").first()
    item.exempt, item.exempt_paragraph, item.public_interest_reason = True, 3, "Tender prices"
    item.save()
    import_sources(sources=generated(1), site="democracy.example.gov.uk")
    item.refresh_from_db()
    assert item.exempt and item.exempt_paragraph == 3 and item.public_interest_reason == "Tender prices"


# --- A crafted name, shown escaped everywhere -------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_a_crafted_name_from_the_files_is_shown_escaped_on_every_page(
    admin, client, django_capture_on_commit_callbacks
):
    from members.models import Body, Member

    def crafted(content: bytes) -> bytes:
        # Twice escaped, as ModernGov sends titles: the import unescapes them back to the markup.
        return (
            content.replace(
                b"Councillor Person 1003", b"Councillor &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"
            )
            .replace(b"<committeetitle>Committee 1<", b"<committeetitle>&lt;script&gt;alert(1)&lt;/script&gt;<")
            .replace(b"<wardtitle>Ward 1<", b"<wardtitle>&lt;script&gt;alert(1)&lt;/script&gt;<")
        )

    files = [SimpleUploadedFile(source.name, crafted(source.content)) for source in generated(1)]
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("moderngov:run-add"), {"files": files, "site": "democracy.example.gov.uk"})
        run = ImportRun.objects.get()
        admin.post(reverse("moderngov:run-confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.messages
    body = Body.objects.get(name=SCRIPT)
    member = Member.objects.get(user__first_name=SCRIPT)
    pages = [
        run.get_absolute_url(),
        reverse("moderngov:run-list"),
        reverse("members:councillor-list"),
        reverse("members:councillor-detail", args=[member.pk]),
        reverse("members:body-list"),
        reverse("members:body-detail", args=[body.slug]),
        reverse("scrutiny:meeting-list"),
    ]
    for url in pages:
        for who in (admin, client):
            response = who.get(url)
            if response.status_code == 200:
                assert SCRIPT not in response.content.decode(), url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in admin.get(reverse("members:body-list")).content.decode()


def test_the_files_of_one_upload_have_a_total_size_limit(admin, monkeypatch):
    """Each file under its own limit, but together more than a preview reads in one request."""
    from moderngov.forms import imports

    monkeypatch.setattr(imports, "MAX_TOTAL_BYTES", 8000, raising=False)
    files = [SimpleUploadedFile(source.name, source.content) for source in generated(2)]
    assert sum(file.size for file in files) > 8000 and all(file.size < 8000 for file in files)
    response = admin.post(reverse("moderngov:run-add"), {"files": files})
    assert response.status_code == 200 and "larger than" in response.content.decode()
    assert not ImportRun.objects.exists()


class _Answers:
    """An opener answering every address with a one-page PDF, recording what it was asked."""

    def __init__(self):
        self.asked: list[str] = []

    def open(self, request, timeout):
        import io

        self.asked.append(request.full_url)
        return io.BytesIO(pdf_bytes(1))


def test_documents_are_never_added_to_an_item_already_published_here():
    """A published agenda is the s.100B record (its pack fingerprinted): a later import with the
    documents must not add papers to its items behind the clerk's back."""
    import datetime

    from moderngov.services.runs import import_sources
    from scrutiny import services
    from tests.factories import UserFactory

    admin = UserFactory()
    site = "democracy.example.gov.uk"
    import_sources(sources=generated(1), site=site, by=admin)
    published = Meeting.objects.order_by("starts_at").first()
    services.agenda_publish(meeting=published, by=admin, today=published.date - datetime.timedelta(days=14))
    opener = _Answers()
    result = import_sources(
        sources=generated(1), site=site, by=admin, fetcher=Fetcher(f"https://{site}", opener=opener, delay=0)
    )
    assert not SupportingDocument.objects.filter(item__meeting=published).exists()
    assert SupportingDocument.objects.exclude(item__meeting=published).count() == 3
    assert len(opener.asked) == 3  # the published items' papers are not even fetched
    assert any("published" in message for message in result.messages)


def _zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("committees.xml", generated(1)[0].content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "refusal"),
    [
        (
            b'<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><committees>&b;</committees>',
            "document type declaration",
        ),
        (b'<?xml version="1.0"?><!DOCTYPE c SYSTEM "file:///etc/passwd"><committees/>', "document type declaration"),
        (b"<html><body><script>alert(1)</script></body></html>", "web page"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "web page"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>', "not a response the import reads"),
        (_zip(), "not well-formed XML"),
        (b"<a>" * 200_000 + b"</a>" * 200_000, "not a response the import reads"),
    ],
    ids=["entity-expansion", "external-entity", "html", "svg-script", "svg", "zip", "deeply-nested"],
)
def test_what_is_not_a_moderngov_response_is_refused_on_the_preview_and_nothing_written(admin, content, refusal):
    from members.models import Body

    upload = SimpleUploadedFile("../../../etc/cron.d/evil.xml", content)
    assert admin.post(reverse("moderngov:run-add"), {"files": [upload], "site": "x.gov.uk"}).status_code == 302
    run = ImportRun.objects.get()
    assert run.status == RunStatus.REFUSED and refusal in run.messages[0], run.messages
    assert not Body.objects.exists()
    (kept,) = run.files.all()
    assert ".." not in kept.name and kept.file.name.startswith("moderngov/") and ".." not in kept.file.name
    page = admin.get(run.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
