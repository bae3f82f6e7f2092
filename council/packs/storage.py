"""Files of the pack engine in Django's default storage (local media, or S3 through django-storages).

Rendered parts and stamp overlays are cached under ``packs/cache/<sha256 of their inputs>.pdf``: the
name says what is inside, so a cached file is never rewritten and several workers may share it.
pikepdf reads files lazily from disk: a storage without local paths (S3) is copied to a temporary
file first, in chunks, never held whole in memory.
"""

import contextlib
import hashlib
import os
import shutil
import tempfile
from contextvars import ContextVar

from django.core.files import File
from django.core.files.storage import default_storage

CACHE_PREFIX = "packs/cache/"
CHUNK = 1024 * 1024
_folder: ContextVar[str | None] = ContextVar("pack_build_folder", default=None)


@contextlib.contextmanager
def build_folder():
    """A temporary folder for one build's files (the pack being written, copies of stored files,
    renderings on their way to the cache), removed with all it holds when the block ends, whether
    the build finished or failed."""
    folder = tempfile.mkdtemp(prefix="pack-build-")
    token = _folder.set(folder)
    try:
        yield folder
    finally:
        _folder.reset(token)
        shutil.rmtree(folder, ignore_errors=True)


def temporary_folder() -> str | None:
    """The build's temporary folder (None outside a build: the system's)."""
    return _folder.get()


def cache_name(key: str) -> str:
    return f"{CACHE_PREFIX}{key}.pdf"


def exists(name: str) -> bool:
    return default_storage.exists(name)


def save_new(name: str, path: str) -> str:
    """Store the file at ``path`` as ``name``. Never overwrites: an existing file of that name is
    left alone (cache names and version names carry the content's fingerprint)."""
    if default_storage.exists(name):
        return name
    with open(path, "rb") as source:
        try:
            saved = default_storage.save(name, File(source, name=os.path.basename(name)))
        except OSError:
            # A disk that filled mid-write leaves part of the file under the name, which would then
            # pass for the whole (``exists`` above): it goes.
            with contextlib.suppress(OSError):
                default_storage.delete(name)
            raise
    if saved != name:  # another worker stored the same content meanwhile: keep theirs
        default_storage.delete(saved)
    return name


def save_bytes(name: str, content: bytes) -> str:
    if default_storage.exists(name):
        return name
    with tempfile.NamedTemporaryFile(suffix=".pdf", dir=temporary_folder()) as temporary:
        temporary.write(content)
        temporary.flush()
        return save_new(name, temporary.name)


@contextlib.contextmanager
def local_path(name: str):
    """A path on this machine holding the stored file ``name`` for the duration of the block."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        path = None
    if path is not None:
        if not os.path.exists(path):
            raise FileNotFoundError(name)
        yield path
        return
    copy_to = tempfile.NamedTemporaryFile(suffix=".pdf", dir=temporary_folder())  # noqa: SIM115 (closed below)
    with default_storage.open(name, "rb") as source, copy_to as copy:
        shutil.copyfileobj(source, copy, CHUNK)
        copy.flush()
        yield copy.name


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
