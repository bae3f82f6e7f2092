"""Benchmark: watermarking a 300-page confidential pack for one download, beside its peers.

Run with `make bench`, or on its own (a throwaway PostgreSQL database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/council REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python benchmarks/pack_watermark.py

The pack is benchmarks/packs.py's 300-page agenda pack (20 items, 15 uploaded PDFs), built once by
the engine (``build_now``) with three items exempt: their reports and uploaded papers carry the
"Exempt" stamp, so the stored version records them as its marked pages. Then, in this one process,
each of these is timed BENCH_WATERMARK_REPEAT times (default 7, interleaved; medians reported):

  stored       serving the stored version as it is: reading it through (what a public download costs)
  open+save    pikepdf opens the pack and saves it unchanged: the floor of any rewrite of the file
  add_overlay  pikepdf's own Page.add_overlay of the same rendered line on the exempt pages (not
               marked as an artifact): the library's way of doing the same thing
  watermark    council.packs.watermark.stamp on the exempt pages: the line rendered by WeasyPrint,
               drawn as an artifact, saved (what each confidential download costs)
  line only    of which: rendering the line (WeasyPrint, one small page)
  every page   the same on all 300 pages (a version stored before its marked pages were recorded)
  qpdf         qpdf --overlay of the line on the exempt pages, if the qpdf command is installed

Each copy is written to an anonymous temporary file, as a download's is.
"""

import importlib.util
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings.test")

REPEAT = int(os.environ.get("BENCH_WATERMARK_REPEAT", "7"))
EXEMPT_ITEMS = (8, 12, 16)  # their reports and uploaded papers are exempt
KIND, EDITION = "benchmark-watermark", "confidential"
LINE = "Downloaded by Councillor Priya Shah-Richardson on 3 December 2026 at 5:42pm"


def _packs_benchmark():
    """benchmarks/packs.py: its deterministic inputs (the items, the uploads) are this pack's too."""
    spec = importlib.util.spec_from_file_location("packs_benchmark", ROOT / "benchmarks" / "packs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _register(bench, manifest):
    from council.packs.registry import PackKind, register
    from council.packs.spec import HtmlPart, PackSpec, PdfPart
    from scrutiny.models import Meeting

    exempt_keys = {f"item-{n:02d}" for n in EXEMPT_ITEMS}
    exempt_keys |= {f"document-{n:02d}" for n, item, *_ in bench.uploads() if item in EXEMPT_ITEMS}

    def build_spec(meeting, edition):
        parts = []
        for part in bench.pack_parts(manifest):
            stamp = "Exempt" if part[1] in exempt_keys else ""
            if part[0] == "html":
                _, key, template, context, bookmark, level = part
                parts.append(
                    HtmlPart(key=key, template=template, context=context, bookmark=bookmark, level=level,
                             stamp=stamp, needs_page_numbers=key == "agenda")
                )  # fmt: skip
            else:
                _, key, storage_name, sha256, name, bookmark, level = part
                parts.append(
                    PdfPart(key=key, storage_name=storage_name, sha256=sha256, name=name, bookmark=bookmark,
                            level=level, stamp=stamp)
                )  # fmt: skip
        return PackSpec(title=f"{bench.PACK_TITLE} (confidential)", author=bench.PACK_AUTHOR, parts=tuple(parts),
                        filename="benchmark-confidential-pack.pdf")  # fmt: skip

    register(
        PackKind(
            name=KIND,
            model=Meeting,
            build_spec=build_spec,
            can_build=lambda user, obj, edition: True,
            can_download=lambda user, obj, edition: True,
            editions=lambda obj: [EDITION],
            label=lambda edition: "Benchmark confidential pack",
        )
    )


def _cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(run):
    started, cpu = time.perf_counter(), _cpu()
    size = run()
    return time.perf_counter() - started, _cpu() - cpu, size


def _size(handle) -> int:
    handle.seek(0, io.SEEK_END)
    return handle.tell()


def main():
    import logging

    import django

    django.setup()
    for name in ("weasyprint", "pikepdf", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from django.test.utils import override_settings, setup_databases, setup_test_environment, teardown_databases

    bench = _packs_benchmark()
    workdir = Path(tempfile.mkdtemp(prefix="pack-watermark-benchmark-"))
    setup_test_environment()
    from benchmarks.throwaway import use_own_test_database

    use_own_test_database("pack_watermark")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        override_settings(MEDIA_ROOT=workdir / "media").enable()
        manifest = bench.make_uploads(workdir / "media", workdir)
        _register(bench, manifest)
        from council.packs import services, storage, watermark
        from tests.factories import UserFactory
        from tests.factories.scrutiny import MeetingFactory

        started = time.perf_counter()
        build = services.build_now(KIND, MeetingFactory(), EDITION, by=UserFactory())
        if build.status != "done":
            raise SystemExit(f"The pack could not be built: {build.error}")
        version = build.version
        marked = version.marked_page_numbers()
        print(
            f"pack: {version.pages} pages, {version.size / 2**20:.1f} MiB, "
            f"built in {time.perf_counter() - started:.0f} s; "
            f"exempt pages: {len(marked)} (items {', '.join(map(str, EXEMPT_ITEMS))})"
        )
        with storage.local_path(version.file.name) as path:
            measure(path, marked, version.pages, watermark)
    finally:
        teardown_databases(old, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)


def measure(path, marked, pages, watermark):
    import pikepdf

    line_pdf = watermark.render_line(LINE, [(595.28, 841.89)])
    line_file = Path(tempfile.mkdtemp()) / "line.pdf"
    line_file.write_bytes(line_pdf)
    qpdf = shutil.which("qpdf")

    def stored():
        with open(path, "rb") as source, tempfile.TemporaryFile() as copy:
            shutil.copyfileobj(source, copy, 1024 * 1024)
            return _size(copy)

    def open_save():
        with pikepdf.open(path) as pdf, tempfile.TemporaryFile() as copy:
            pdf.save(copy)
            return _size(copy)

    def add_overlay():
        with pikepdf.open(path) as pdf, pikepdf.open(io.BytesIO(line_pdf)) as line, tempfile.TemporaryFile() as copy:
            for number in marked:
                pdf.pages[number - 1].add_overlay(line.pages[0])
            pdf.save(copy)
            return _size(copy)

    def stamped(numbers):
        def run():
            with tempfile.TemporaryFile() as copy:
                watermark.stamp(path, copy, text=LINE, pages=numbers)
                return _size(copy)

        return run

    def line_only():
        return len(watermark.render_line(LINE, [(595.28, 841.89)]))

    def qpdf_overlay():
        ranges = ",".join(str(n) for n in marked)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as out:
            command = [qpdf, path, "--overlay", str(line_file), f"--to={ranges}", "--repeat=1", "--", out.name]
            subprocess.run(command, check=True)  # noqa: S603 (a fixed command on our own files)
            return os.path.getsize(out.name)

    cases = {
        "stored": ("serve the stored file as it is (read through)", stored),
        "open+save": ("pikepdf open + save, unchanged", open_save),
        "add_overlay": (f"pikepdf add_overlay on the {len(marked)} exempt pages", add_overlay),
        "watermark": (f"watermark the {len(marked)} exempt pages (stamp)", stamped(marked)),
        "line": ("  of which: render the line (WeasyPrint)", line_only),
        "every": (f"watermark every page ({pages}: the fallback)", stamped(None)),
    }
    if qpdf:
        cases["qpdf"] = (f"qpdf --overlay on the {len(marked)} exempt pages", qpdf_overlay)
    results = {key: [] for key in cases}
    for _ in range(REPEAT):
        for key, (_, run) in cases.items():
            results[key].append(_timed(run))

    print(f"\n{'per download (median of ' + str(REPEAT) + ')':<52}{'wall ms':>9}{'CPU ms':>9}{'MiB out':>9}")
    for key, (label, _) in cases.items():
        wall = statistics.median(r[0] for r in results[key]) * 1000
        cpu = statistics.median(r[1] for r in results[key]) * 1000
        size = f"{results[key][0][2] / 2**20:.2f}" if key != "line" else "-"
        print(f"{label:<52}{wall:>9.0f}{cpu:>9.0f}{size:>9}")
    if not qpdf:
        print("qpdf --overlay: not measured (the qpdf command is not installed; pikepdf bundles the library only)")
    floor = statistics.median(r[0] for r in results["open+save"])
    mark = statistics.median(r[0] for r in results["watermark"])
    print(f"\nwatermarking costs {mark / floor:.2f}x a plain pikepdf open + save of the same pack")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (the build included): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
