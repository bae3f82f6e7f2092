"""manage.py import_moderngov: from a folder of saved responses or from a ModernGov site (a local
server standing in for it: never the network), with --dry-run, --documents and --by."""

import http.server
import io
import threading
import time
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from members.models import Body, Member
from moderngov.management.commands.import_moderngov import Command
from moderngov.models import ExternalRef, ImportRun, LinkedDocument, RunStatus
from moderngov.services.fetching import Fetcher
from scrutiny.models import Meeting, SupportingDocument
from tests.factories import UserFactory
from tests.moderngov_kit import BY_WARD, MANCHESTER
from tests.test_documents import pdf_bytes

pytestmark = pytest.mark.django_db
EMPTY_MEETINGS = b"<getmeetings><meetingscount> 0</meetingscount></getmeetings>"


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def no_delay(monkeypatch):
    monkeypatch.setattr(Command, "delay", 0)


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_moderngov", *args, stdout=out)
    return out.getvalue()


def test_a_trial_then_the_real_import_then_again_from_a_folder():
    trial = run(str(MANCHESTER), "--dry-run")
    assert "Trial (nothing written) from democracy.manchester.gov.uk" in trial
    assert "meetings: 2 created" in trial
    assert not Meeting.objects.exists() and not ExternalRef.objects.exists()
    real = run(str(MANCHESTER))
    assert "meetings: 2 created" in real
    assert Meeting.objects.count() == 2
    again = run(str(MANCHESTER))
    assert "meetings: 0 created, 0 changed, 2 unchanged" in again
    assert Meeting.objects.count() == 2
    assert list(ImportRun.objects.order_by("created_at").values_list("dry_run", "status")) == [
        (True, RunStatus.DONE),
        (False, RunStatus.DONE),
        (False, RunStatus.DONE),
    ]


def test_a_broken_folder_is_refused_with_the_file_named_and_nothing_written(tmp_path):
    for name in ("harlow.gov.uk.GetCouncillorsByWard.xml", "leeds.gov.uk.GetCouncillorsByWard.xml"):
        (tmp_path / name).write_bytes((BY_WARD / name).read_bytes())
    with pytest.raises(CommandError, match="leeds.gov.uk.GetCouncillorsByWard.xml: the file: it is a web page"):
        run(str(tmp_path))
    assert not Member.objects.exists()
    refused = ImportRun.objects.get()
    assert refused.status == RunStatus.REFUSED and "leeds" in refused.messages[0]


def test_by_names_who_imported_and_must_exist():
    person = UserFactory(email="admin@example.gov.uk")
    run(str(MANCHESTER), "--by", "Admin@example.gov.uk")
    assert ImportRun.objects.get().by == person
    assert Body.objects.get(name="Audit Committee").history.get().history_user == person
    with pytest.raises(CommandError, match="Nobody here"):
        run(str(MANCHESTER), "--by", "nobody@example.gov.uk")


def test_a_source_that_is_neither_a_folder_nor_an_address_is_refused(tmp_path):
    with pytest.raises(CommandError, match="neither a folder nor a web address"):
        run(str(tmp_path / "missing"))
    with pytest.raises(CommandError, match="no .xml files"):
        run(str(tmp_path))


# --- From a site: a local server standing in for ModernGov ----------------------------------------


def _site_routes() -> dict[tuple[str, str], bytes]:
    files = {path.name: path.read_bytes() for path in MANCHESTER.glob("*.xml")}
    return {
        ("GetCommittees", ""): files["committees.xml"],
        ("GetMeetings", "144"): files["meetings.xml"],
        ("GetMeetings", "163"): EMPTY_MEETINGS,
        ("GetMeeting", "4966"): files["meeting_no_minutes.xml"],
        ("GetMeeting", "4967"): files["meeting_with_minutes.xml"],
        ("GetCouncillorsByWard", ""): files["modgov_councillors.xml"],
    }


@contextmanager
def moderngov_site(slow: float = 0):
    routes, seen = _site_routes(), []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            operation = parts.path.rsplit("/", 1)[-1]
            key = (operation, (query.get("lCommitteeId") or query.get("lMeetingId") or [""])[0])
            seen.append((time.monotonic(), operation, self.headers.get("User-Agent")))
            if slow:
                time.sleep(slow)
            body = routes.get(key)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/xml")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", seen
    finally:
        server.shutdown()
        server.server_close()


def test_importing_from_a_site_through_its_web_service():
    with moderngov_site() as (address, seen):
        output = run(address, "--private-network")  # the local server stands in for a site on the council's network
    assert [operation for _, operation, _ in seen] == [
        "GetCommittees",
        "GetMeetings",  # the Art Galleries Committee (the expired one is not asked)
        "GetMeetings",  # the Audit Committee
        "GetMeeting",
        "GetMeeting",
        "GetCouncillorsByWard",
    ]
    assert all(agent.startswith("council-governance-import") for _, _, agent in seen)
    assert "Imported from 127.0.0.1" in output
    assert Meeting.objects.count() == 2


def test_requests_are_spaced_by_the_polite_delay():
    waits = []
    with moderngov_site() as (address, _):
        fetcher = Fetcher(address, delay=0.5, sleep=waits.append, private_network=True)
        fetcher.service("GetCommittees")
        fetcher.service("GetCouncillorsByWard")
        fetcher.service("GetCommittees")
    assert waits == [0.5, 0.5]


def test_a_site_that_does_not_answer_in_time_is_refused():
    with moderngov_site(slow=1.0) as (address, _):
        fetcher = Fetcher(address, timeout=0.2, delay=0, private_network=True)
        with pytest.raises(Exception, match="could not be reached"):
            fetcher.service("GetCommittees")


def test_a_missing_page_is_refused_with_its_address():
    with moderngov_site() as (address, _), pytest.raises(Exception, match="answered 404"):
        Fetcher(address, delay=0, private_network=True).service("GetNothing")


# --- Documents: fetched from their addresses (a fake opener), checked like uploads -----------------


class FakeOpener:
    def __init__(self, answers: dict[str, bytes]):
        self.answers, self.asked = answers, []

    def open(self, request, timeout):
        assert timeout > 0
        self.asked.append(request.full_url)
        return io.BytesIO(self.answers[request.full_url])


def _documents(answers, monkeypatch):
    opener = FakeOpener(answers)
    monkeypatch.setattr(Command, "opener", opener)
    return opener


URL = "https://democracy.manchester.gov.uk/mgConvert2PDF.aspx?ID="


def test_documents_are_fetched_checked_and_stored_once(monkeypatch):
    person = UserFactory(email="admin@example.gov.uk")
    opener = _documents({f"{URL}60860": pdf_bytes(2), f"{URL}60909": pdf_bytes(1)}, monkeypatch)
    run(str(MANCHESTER), "--documents", "--by", person.email)
    assert SupportingDocument.objects.count() == 2
    minutes = LinkedDocument.objects.get(attachment_id="60860")
    assert minutes.document.page_count == 2 and minutes.document.uploaded_by == person
    run(str(MANCHESTER), "--documents", "--by", person.email)
    assert SupportingDocument.objects.count() == 2 and len(opener.asked) == 2


def test_a_document_that_fails_the_upload_rules_refuses_the_whole_run(monkeypatch):
    person = UserFactory(email="admin@example.gov.uk")
    _documents({f"{URL}60860": pdf_bytes(1), f"{URL}60909": b"MZ\x90\x00 a program"}, monkeypatch)
    with pytest.raises(CommandError, match="document 60909"):
        run(str(MANCHESTER), "--documents", "--by", person.email)
    assert not SupportingDocument.objects.exists() and not Meeting.objects.exists()


def test_documents_need_someone_to_have_uploaded_them(monkeypatch):
    _documents({}, monkeypatch)
    with pytest.raises(CommandError, match="--by"):
        run(str(MANCHESTER), "--documents")
    assert not Meeting.objects.exists()


def test_a_trial_with_documents_checks_them_and_keeps_none(monkeypatch, settings):
    person = UserFactory(email="admin@example.gov.uk")
    _documents({f"{URL}60860": pdf_bytes(1), f"{URL}60909": pdf_bytes(1)}, monkeypatch)
    output = run(str(MANCHESTER), "--documents", "--dry-run", "--by", person.email)
    assert "2 documents fetched and checked" in output
    assert not SupportingDocument.objects.exists()
    stored = (
        list((settings.MEDIA_ROOT / "documents").rglob("*")) if (settings.MEDIA_ROOT / "documents").exists() else []
    )
    assert [path for path in stored if path.is_file()] == []


def test_files_that_do_not_name_their_site_need_site(tmp_path):
    (tmp_path / "committees.xml").write_bytes((MANCHESTER / "committees.xml").read_bytes())
    with pytest.raises(CommandError, match="--site"):
        run(str(tmp_path))
    run(str(tmp_path), "--site", "democracy.manchester.gov.uk")
    assert ExternalRef.objects.filter(site="democracy.manchester.gov.uk", kind="committee").count() == 3
