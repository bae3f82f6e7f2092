"""The pack renderer fetches static and media files and inline images, and nothing else.

A hostile document tries every way out: the network (http, https, ftp, a <base> pointing at a
server, a redirect), files outside static and media (absolute, ../ traversal, a symlink planted in
media), embedding files (<link rel=attachment>, <a rel=attachment>), and non-image data: URIs.
Each is refused and logged; the part still renders; nothing reaches the server; nothing is embedded.
"""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import base64
import http.server
import io
import logging
import os
import threading
from pathlib import Path

import pikepdf
import pytest
from django.conf import settings

from council.packs import services
from council.packs.fetcher import PackURLFetcher, RefusedURL
from council.packs.models import BuildStatus
from council.packs.spec import HtmlPart, PackSpec
from council.roles import Role
from tests.factories import UserFactory
from tests.packs_engine_kit import KIND, kit, media, pack_templates, pdf_text, read_version  # noqa: F401

pytestmark = pytest.mark.django_db

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def server():
    """A web server that records every request it gets (the renderer must send none)."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            if self.path.startswith("/redirect"):
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def secret(tmp_path):
    """A file outside static and media, and a symlink to it planted in media."""
    outside = tmp_path / "outside" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text("TOP-SECRET-CONTENT")
    planted = Path(settings.MEDIA_ROOT) / "innocent.png"
    os.symlink(outside, planted)
    return outside, planted


def hostile_html(base: str, outside: Path, planted: Path) -> str:
    media_url = Path(settings.MEDIA_ROOT).as_uri()
    traversal = "../" * 12 + str(outside).lstrip("/")
    data_png = "data:image/png;base64," + base64.b64encode(PNG).decode()
    return f"""
    <style>@import url("{base}/imported.css"); .x {{ background: url("{base}/background.png"); }}</style>
    <link rel="stylesheet" href="https://example.com/style.css">
    <link rel="stylesheet" href="ftp://127.0.0.1/style.css">
    <link rel="attachment" href="images/favicon.svg" title="Attached from static">
    <link rel="attachment" href="{outside.as_uri()}" title="Attached secret">
    <p class="x">Hostile document</p>
    <img alt="web" src="{base}/tracker.png">
    <img alt="redirect" src="{base}/redirect.png">
    <img alt="passwd" src="file:///etc/passwd">
    <img alt="outside" src="{outside.as_uri()}">
    <img alt="traversal" src="{traversal}">
    <img alt="symlink" src="{media_url}/innocent.png">
    <img alt="html data" src="data:text/html;base64,{base64.b64encode(b"<p>TOP-SECRET-CONTENT</p>").decode()}">
    <object data="{outside.as_uri()}" type="text/plain">object</object>
    <embed src="{base}/embedded.png">
    <iframe src="{outside.as_uri()}"></iframe>
    <a rel="attachment" href="images/favicon.svg" download="favicon.svg">attachment link</a>
    <img alt="inline picture" src="{data_png}">
    <img alt="static picture" src="images/favicon.svg">
    """


def test_a_hostile_document_fetches_nothing_it_should_not_and_embeds_nothing(kit, server, secret, caplog, settings):
    base, hits = server
    outside, planted = secret
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    kit.set(
        clerk,
        "public",
        PackSpec(
            title="Hostile",
            author="Nobody",
            parts=(
                HtmlPart(
                    key="hostile",
                    template="packs_test/hostile.html",
                    context={"hostile": hostile_html(base, outside, planted)},
                    bookmark="Hostile",
                ),
            ),
        ),
    )
    with caplog.at_level(logging.WARNING, logger="council.packs.fetcher"):
        build = services.build_now(KIND, clerk, "public", by=clerk)
    assert build.status == BuildStatus.DONE, build.error  # refused fetches are logged; the part renders
    assert hits == []  # not one request reached the server
    content = read_version(build.version)
    assert b"TOP-SECRET-CONTENT" not in content
    assert "TOP-SECRET-CONTENT" not in pdf_text(content)
    assert "Hostile document" in pdf_text(content)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        assert not pdf.attachments
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                assert annotation.get("/Subtype") != "/FileAttachment"
                assert "/FS" not in annotation
    refused = " ".join(record.getMessage() for record in caplog.records)
    for what in (
        f"{base}/imported.css",
        f"{base}/background.png",
        "https://example.com/style.css",
        "ftp://127.0.0.1/style.css",
        f"{base}/tracker.png",
        f"{base}/redirect.png",
        "file:///etc/passwd",
        outside.as_uri(),
        f"{Path(settings.MEDIA_ROOT).as_uri()}/innocent.png",
        "data:text/html",
        f"{base}/embedded.png",
    ):
        assert what in refused, what
    assert "removed 2 attachment link" in refused or "removed 3 attachment link" in refused


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.png",
        "https://example.com/x.png",
        "ftp://example.com/x.png",
        "file:///etc/hostname",
        "file://otherhost/static/x.png",
        "data:text/plain,hello",
        "data:application/pdf;base64,JVBERi0=",
        "gopher://example.com/",
    ],
)
def test_the_fetcher_refuses(url, media):
    with pytest.raises(RefusedURL):
        PackURLFetcher().fetch(url)


def test_the_fetcher_allows_static_media_and_inline_images(media):
    static_file = Path(settings.STATICFILES_DIRS[0]) / "images" / "favicon.svg"
    (Path(settings.MEDIA_ROOT) / "crest.png").write_bytes(PNG)
    fetcher = PackURLFetcher()
    assert fetcher.fetch(static_file.as_uri()).read().startswith(b"<svg")
    assert fetcher.fetch((Path(settings.MEDIA_ROOT) / "crest.png").as_uri()).read() == PNG
    assert fetcher.fetch("data:image/png;base64," + base64.b64encode(PNG).decode()).read() == PNG
    # ../ that stays inside is fine; ../ that leaves is not.
    inside = Path(settings.STATICFILES_DIRS[0]).as_uri() + "/images/../images/favicon.svg"
    assert fetcher.fetch(inside).read().startswith(b"<svg")
    with pytest.raises(RefusedURL):
        fetcher.fetch(Path(settings.STATICFILES_DIRS[0]).as_uri() + "/../council/settings/base.py")


def test_a_base_element_pointing_at_a_server_fetches_nothing(kit, server, caplog):
    """<base href> makes every relative address a web address: each is refused, none is sent."""
    base, hits = server
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    html = f'<base href="{base}/"><p>Based elsewhere</p><img alt="relative" src="relative.png">'
    kit.set(
        clerk,
        "public",
        PackSpec(
            title="Based",
            author="Nobody",
            parts=(HtmlPart(key="based", template="packs_test/hostile.html", context={"hostile": html}),),
        ),
    )
    with caplog.at_level(logging.WARNING, logger="council.packs.fetcher"):
        build = services.build_now(KIND, clerk, "public", by=clerk)
    assert build.status == BuildStatus.DONE, build.error
    assert hits == []
    assert f"{base}/relative.png" in " ".join(record.getMessage() for record in caplog.records)
    assert "Based elsewhere" in pdf_text(read_version(build.version))
