"""Benchmark: a 300-page agenda pack built by the pack engine, against WeasyPrint alone and Chromium.

Run with `make bench`, or on its own (a throwaway PostgreSQL database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/council REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python benchmarks/packs.py

The inputs are generated at run time, the same on every run, into a temporary folder: 20 agenda
items (front sheet, membership, agenda with page references, a report with data tables per item)
and 15 uploaded PDFs of 10 to 20 pages (two with images), about 300 pages in all. Each pipeline
runs in a fresh subprocess so that its peak memory (VmHWM; for Chromium also the PSS of all its
processes) is its own:

  baseline   WeasyPrint renders each generated part, pikepdf concatenates them with the uploads
             (tagged as the engine renders, and untagged)
  engine     council.packs.services.build_now builds the pack from scratch (empty cache), then
             again after a figure in one item's report is revised, with nothing changed, and
             after that report grows by a page (every later page moves)
  chromium   headless Chromium (Debian's) prints each generated part, the same concatenation
  plain      WeasyPrint pages per second: flowing paragraphs against the reports with tables

Prints a table and the issue's goals with PASS or FAIL. The method and figures are in
docs/benchmarks/packs.md. BENCH_PACK_REPEAT (default 3) repeats each pipeline and reports medians;
BENCH_PACK_PROFILE=<folder> keeps cProfile statistics of each engine build there (engine-1.prof…).
"""

import argparse
import hashlib
import io
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings.test")

KIND = "benchmark-agenda"
EDITION = "public"
ITEM_COUNT = 20
# Pages of each uploaded PDF (15 documents, 220 pages), the item each belongs to, and which have images.
UPLOAD_PAGES = (12, 18, 10, 15, 20, 14, 11, 17, 13, 19, 16, 10, 15, 12, 18)
UPLOAD_ITEMS = (5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)
IMAGE_UPLOADS = (2, 9)
CHANGED_ITEM = 9  # the item whose report changes before the rebuild
BIG_ITEMS = 70  # the 1,000-page pack: the 20 items' reports and papers again and again, 70 items in all
PACK_TITLE = "Overview and Scrutiny Committee, 3 December 2026: agenda pack"
PACK_AUTHOR = "Northbridge Borough Council"
GENERATED_PARTS = 3 + ITEM_COUNT  # front sheet, membership, agenda and a report per item
UPLOADS_FOLDER = "benchmark-packs/uploads"
PLAIN_PARAGRAPHS = 560  # about as many pages of flowing text as the reports fill
REPEAT = int(os.environ.get("BENCH_PACK_REPEAT", "3"))
GIB = 1024**3

# --- Deterministic content -------------------------------------------------------------------

ITEM_TITLES = (
    "Apologies for absence and substitutions",
    "Declarations of interest",
    "Minutes of the meeting held on 24 September 2026",
    "Public questions",
    "Strategic Commissioning: the work plan for 2027/28",
    "Adult social care: recommissioning home care",
    "Waste and recycling: review of the collection contract",
    "Leisure centres: options appraisal",
    "Highways maintenance: performance and the capital programme",
    "Children's residential placements: sufficiency strategy",
    "Homelessness prevention: use of the grant",
    "Budget monitoring: quarter 2, 2026/27",
    "Treasury management: mid-year review",
    "Corporate performance: quarter 2, 2026/27",
    "Libraries: a community-managed model",
    "Housing repairs: the new contract's first six months",
    "Climate emergency: progress on the action plan",
    "Digital strategy: customer contact",
    "Corporate risk register",
    "The committee's work programme",
)
PRESENTERS = (
    "the Director of Adult Social Care",
    "the Director of Children's Services",
    "the Director of Place",
    "the Director of Resources (Section 151 Officer)",
    "the Assistant Chief Executive",
    "the Head of Commissioning",
    "the Head of Democratic Services",
)
SUBJECTS = (
    "The council",
    "The committee",
    "The service",
    "Officers",
    "The commissioning review",
    "The Programme Board",
    "The Cabinet Member",
    "The provider",
    "The task and finish group",
    "The finance team",
    "Partners in the voluntary sector",
    "Residents who responded to the consultation",
)
VERBS = (
    "has considered",
    "recommends",
    "reviewed",
    "expects to deliver",
    "has set out",
    "will report on",
    "continues to monitor",
    "identified",
    "agreed",
    "has not yet confirmed",
)
OBJECTS = (
    "the savings claimed in the medium-term financial strategy",
    "the options for bringing the service back in house",
    "the performance of the current contract against its targets",
    "the risks to delivery in the next financial year",
    "the feedback from ward members on local need",
    "the equality impact assessment for each option",
    "the timetable for the procurement and the gate at each stage",
    "the indicators the committee asked to see each quarter",
    "the demand pressures in the second half of the year",
    "the market's capacity to provide the service at the price the council can afford",
)
TAILS = (
    "",
    " before the end of the financial year",
    ", subject to the decision of Cabinet",
    " in line with the Corporate Strategy",
    ", as the committee asked at its last meeting",
    " and will bring a further report in March",
    ", which the Chair asked officers to explain",
)
PEOPLE = (
    ("Aisha Rahman", "Labour", "Castle"),
    ("Tom Fletcher", "Conservative", "Riverside"),
    ("Margaret Ellison", "Liberal Democrats", "Abbey"),
    ("David Okafor", "Labour", "Northgate"),
    ("Helen Price", "Green", "Westfield"),
    ("Gareth Hughes", "Conservative", "Moorside"),
    ("Priya Shah", "Labour", "St Mary's"),
    ("Robert Lane", "Independent", "Hillcrest"),
    ("Susan Adeyemi", "Liberal Democrats", "Millbrook"),
    ("James Whitaker", "Conservative", "Oakfield"),
    ("Claire Donnelly", "Labour", "Southbank"),
    ("Mohammed Iqbal", "Labour", "Eastfield"),
)


def _seeded(seed):
    return random.Random(seed)  # noqa: S311 (made-up report text, the same on every run; no secret)


def _sentence(rng):
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)}."


def _paragraph(rng, sentences=(3, 6)):
    return " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))


def _pounds(amount):
    return f"{'-' if amount < 0 else ''}£{abs(amount):,}"


def _money(rng, low, high):
    return f"£{rng.randint(low, high) * 1000:,}"


def _finance_table(rng, rows, revised=False):
    lines = (
        "Staffing",
        "Contracts",
        "Premises",
        "Transport",
        "Supplies and services",
        "Grants to partners",
        "Income from charges",
        "Recharges",
        "Capital financing",
    )
    table_rows = []
    for n in range(rows):
        budget = rng.randint(200, 9000)
        proposed = budget + rng.randint(-600, 300)
        if revised and n == 0:
            proposed += 25  # the small change before the rebuild: one figure revised
        owners = ("Head of Commissioning", "Finance Business Partner", "Service Director")
        table_rows.append(
            [
                f"{lines[n % len(lines)]} ({n // len(lines) + 1})",
                f"£{budget * 1000:,}",
                f"£{proposed * 1000:,}",
                _pounds((proposed - budget) * 1000),
                _money(rng, 0, 400),
                owners[n % 3],
            ]
        )
    return {
        "caption": "Budget, proposed budget and savings claimed by line",
        "headings": ["Budget line", "2026/27", "2027/28", "Change", "Saving claimed", "Accountable owner"],
        "rows": table_rows,
    }


def _indicator_table(rng, rows):
    names = (
        "Contacts resolved at first point",
        "Visits completed on time",
        "Customer satisfaction",
        "Cost per case",
        "Complaints upheld",
        "Reviews completed in year",
        "People supported at home",
        "Repairs right first time",
    )
    return {
        "caption": "Performance indicators: baseline, target and actuals",
        "headings": ["Indicator", "Baseline", "Target", "Quarter 1", "Quarter 2", "RAG"],
        "rows": [
            [
                names[n % len(names)],
                f"{rng.randint(40, 80)}%",
                f"{rng.randint(70, 95)}%",
                f"{rng.randint(40, 95)}%",
                f"{rng.randint(40, 95)}%",
                rng.choice(("Red", "Amber", "Green")),
            ]
            for n in range(rows)
        ],
    }


def item_context(number, change="", *, as_number=None):
    """One agenda item's report: plain data, the same on every run. ``change``: "figure" revises one
    figure in its finance table (the report keeps its length); "longer" adds six paragraphs, so
    that the report takes another page and every page after it moves. ``as_number``: the same
    report as another item's (the 1,000-page pack)."""
    rng = _seeded(f"item-{number}")
    title = ITEM_TITLES[number - 1]
    procedural = number <= 4 or number == ITEM_COUNT
    sections = [{"heading": "Purpose of the report", "paragraphs": [_paragraph(rng)]}]
    if procedural:
        sections.append({"heading": "Background", "paragraphs": [_paragraph(rng) for _ in range(2)]})
    else:
        sections += [
            {
                "heading": "Recommendations",
                "paragraphs": ["That the committee:"],
                "points": [_sentence(rng) for _ in range(rng.randint(3, 5))],
            },
            {"heading": "Background", "paragraphs": [_paragraph(rng) for _ in range(rng.randint(3, 5))]},
            {
                "heading": "Financial implications",
                "paragraphs": [_paragraph(rng) for _ in range(2)],
                "tables": [_finance_table(rng, rng.randint(14, 24), revised=change == "figure")],
            },
            {
                "heading": "Performance",
                "paragraphs": [_paragraph(rng)],
                "tables": [_indicator_table(rng, rng.randint(8, 12))],
            },
            {"heading": "Legal implications", "paragraphs": [_paragraph(rng) for _ in range(2)]},
            {"heading": "Risks and how they are managed", "paragraphs": [_paragraph(rng) for _ in range(2)]},
            {"heading": "Equality impact", "paragraphs": [_paragraph(rng) for _ in range(2)]},
        ]
    if change == "longer":
        sections[-1]["paragraphs"] += [_paragraph(_seeded(f"longer-{n}")) for n in range(6)]
    number = as_number or number
    return {
        "number": number,
        "key": f"item-{number:02d}",
        "title": title,
        "time": f"{18 + (number * 7) // 60}:{(number * 7) % 60:02d}",
        "presenter": PRESENTERS[number % len(PRESENTERS)],
        "wards": "All wards" if number % 3 else "Castle; Riverside; Abbey",
        "key_decision": "Yes" if number % 4 == 0 else "No",
        "sections": sections,
        "contact": "Jordan Ellis, Senior Democratic Services Officer, 01632 960 417",
    }


def pack_context():
    rng = _seeded("front")
    members = [
        {"name": name, "party": party, "ward": ward, "role": ("Chair", "Vice-Chair")[n] if n < 2 else ""}
        for n, (name, party, ward) in enumerate(PEOPLE)
    ]
    return {
        "council": "Northbridge Borough Council",
        "body": "Overview and Scrutiny Committee",
        "date": "Thursday 3 December 2026",
        "time": "6.00pm",
        "venue": "Council Chamber, Town Hall, Market Street, Northbridge",
        "summons": [
            "You are summoned to attend a meeting of the Overview and Scrutiny Committee to transact the "
            "business set out in the agenda below.",
            _paragraph(rng),
        ],
        "contact": {
            "name": "Jordan Ellis",
            "role": "Senior Democratic Services Officer",
            "phone": "01632 960 417",
            "email": "democratic.services@northbridge.example",
        },
        "published": "Wednesday 25 November 2026",
        "notes": [_paragraph(rng) for _ in range(2)],
        "members": members,
        "substitutes": [{"name": n, "party": p} for n, p, _ in PEOPLE[:4]],
        "recording": [_paragraph(rng) for _ in range(3)],
    }


def uploads():
    """The uploaded documents: (number, item, name, storage name, pages)."""
    return [
        (
            n,
            UPLOAD_ITEMS[n - 1],
            f"Appendix {'AB'[sum(1 for i in UPLOAD_ITEMS[: n - 1] if i == UPLOAD_ITEMS[n - 1])]}, "
            f"item {UPLOAD_ITEMS[n - 1]}: {ITEM_TITLES[UPLOAD_ITEMS[n - 1] - 1]}",
            f"{UPLOADS_FOLDER}/document-{n:02d}.pdf",
            pages,
        )
        for n, pages in enumerate(UPLOAD_PAGES, start=1)
    ]


def _item_number(number):
    """The 1,000-page pack's item ``number`` repeats item 1 to 20's report and papers in turn."""
    return (number - 1) % ITEM_COUNT + 1


def pack_parts(manifest, change="", big=False):
    """The pack in order, as plain tuples: ("html", key, template, context, bookmark, level) and
    ("pdf", key, storage name, sha256, name, bookmark, level). ``big``: the 1,000-page pack."""
    front = pack_context()
    count = BIG_ITEMS if big else ITEM_COUNT
    items = [
        item_context(_item_number(n), change if n == CHANGED_ITEM else "", as_number=n) for n in range(1, count + 1)
    ]
    agenda_items = [{k: item[k] for k in ("number", "key", "title", "time", "presenter")} for item in items]
    parts = [
        ("html", "front", "packs/bench/front.html", front, "Front sheet", 0),
        ("html", "membership", "packs/bench/membership.html", front, "Membership", 0),
        ("html", "agenda", "packs/bench/agenda.html", {"items": agenda_items}, "Agenda", 0),
    ]
    documents = uploads()
    for item in items:
        parts.append(("html", item["key"], "packs/bench/report.html", {"item": item}, item["title"], 0))
        for number, item_number, name, storage_name, _pages in documents:
            if item_number == _item_number(item["number"]):
                key = f"document-{number:02d}" + (f"-{item['number']}" if item["number"] > ITEM_COUNT else "")
                parts.append(("pdf", key, storage_name, manifest[storage_name], name, name.split(",")[0], 1))
    return parts


# --- Inputs: the uploaded PDFs ------------------------------------------------------------------


def _chart_png(path, seed):
    """A bar chart as a PNG (Pillow), deterministic, about the size of a scanned figure."""
    from PIL import Image, ImageDraw

    rng = _seeded(seed)
    image = Image.new("RGB", (1600, 900), "white")
    draw = ImageDraw.Draw(image)
    for n in range(24):
        height = rng.randint(100, 800)
        x = 40 + n * 64
        colour = (29, 112, 184) if n % 2 else (0, 112, 60)
        draw.rectangle([x, 880 - height, x + 48, 880], fill=colour)
    for y in range(80, 900, 100):
        draw.line([0, y, 1600, y], fill=(177, 180, 182), width=2)
    # Noise like a scan, so the image does not compress to nothing.
    noise = Image.frombytes("L", (1600, 900), bytes(rng.getrandbits(8) for _ in range(1600 * 900)))
    image = Image.blend(image, Image.merge("RGB", (noise, noise, noise)), 0.08)
    image.save(path, optimize=False)


def make_uploads(media_root, scratch):
    """Render the 15 uploaded documents with WeasyPrint into MEDIA_ROOT; return {storage name: sha256}."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    manifest = {}
    folder = Path(media_root) / UPLOADS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for number, _item, name, storage_name, pages in uploads():
        rng = _seeded(f"upload-{number}")
        image = None
        if number in IMAGE_UPLOADS:
            image = Path(scratch) / f"chart-{number}.png"
            _chart_png(image, number)
        page_list = []
        for page in range(1, pages + 1):
            with_image = image and page % 3 == 1
            with_table = not with_image and page % 4 == 2
            paragraphs = 2 if with_image else (3 if with_table else 6)
            page_list.append(
                {
                    "heading": f"{name}: page {page}",
                    "image": image.as_uri() if with_image else "",
                    "alt": "Bar chart of monthly demand",
                    "paragraphs": [_paragraph(rng, (3, 4)) for _ in range(paragraphs)],
                    "table": _indicator_table(rng, 8) if with_table else None,
                }
            )
        html = render_to_string(
            "packs/bench/upload.html",
            {"title": name, "author": "Northbridge Borough Council", "pages": page_list, "first_page": 1}
            | {"total_pages": pages, "footer": name},
        )
        data = HTML(string=html, base_url=str(scratch)).write_pdf()
        with open(folder / Path(storage_name).name, "wb") as file:
            file.write(data)
        manifest[storage_name] = hashlib.sha256(data).hexdigest()
        count = _page_count(data)
        if count != pages:
            raise SystemExit(f"{name} came out at {count} pages, not {pages}: shorten its text")
    return manifest


def _page_count(data):
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


# --- Measuring ----------------------------------------------------------------------------------


class TreeMemory:
    """Peak memory of this process and all its descendants together, sampled every 50 ms: Chromium
    runs in several processes, and ru_maxrss only sees one. Proportional set size (PSS), so pages
    the processes share are counted once. ``cpu``: the CPU seconds the sampling itself took (it
    reads every process's /proc entry), which the stages subtract from the CPU time they report:
    it is the benchmark's work, not the pipeline's."""

    def __init__(self):
        self.peak = 0
        self.cpu = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _descendants(root):
        parents = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat") as stat:
                        parents[int(entry.name)] = int(stat.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        family, grew = {root}, True
        while grew:
            grew = False
            for pid, parent in parents.items():
                if parent in family and pid not in family:
                    family.add(pid)
                    grew = True
        return family

    def _run(self):
        try:
            self._sample()
        finally:
            self.cpu = time.thread_time()

    def _sample(self):
        me = os.getpid()
        while not self._stop.is_set():
            total = 0
            for pid in self._descendants(me):
                try:
                    with open(f"/proc/{pid}/smaps_rollup") as rollup:
                        for line in rollup:
                            if line.startswith("Pss:"):
                                total += int(line.split()[1]) * 1024
                                break
                except OSError:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)


def _cpu(children=False):
    """CPU seconds of this process and of its children that have ended (Chromium's, through
    Playwright's driver; the engine's render workers): a fairer comparison than wall time on a
    machine that is doing other work. ``children``: the children's alone."""
    own, ended = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (0 if children else own.ru_utime + own.ru_stime) + ended.ru_utime + ended.ru_stime


def _peak_rss():
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that across exec
    from the parent, so a child would report at least the parent's size when it started it."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _render_html(template, context, first_page, pages=None):
    """A part's HTML with what the engine adds to its context (see council/packs/builder.py)."""
    from django.template.loader import render_to_string

    context = {**context, "first_page": first_page, "stamp": ""}
    context |= {"pack_title": PACK_TITLE, "pack_author": PACK_AUTHOR, "pack_lang": "en-GB"}
    if pages is not None:
        context["pages"] = pages
    return render_to_string(template, context)


def _weasyprint(html, tagged):
    """WeasyPrint with the engine's options: PDF/UA-1 (tagged) for generated pages."""
    from weasyprint import HTML

    variant = "pdf/ua-1" if tagged else None
    document = HTML(string=html, base_url=str(ROOT / "static")).render(pdf_variant=variant)
    return document.write_pdf(pdf_variant=variant)


def _placeholder_pages(parts):
    """Page references for the agenda in the pipelines that render each part once: three digits,
    as long as the real ones, so the page lays out the same."""
    return {part[1]: 100 for part in parts}


def _concatenate(pdfs, path):
    """A plain pikepdf concatenation: every page of every PDF in order, nothing else."""
    import pikepdf

    out = pikepdf.new()
    opened = []
    for data in pdfs:
        source = pikepdf.open(io.BytesIO(data)) if isinstance(data, bytes) else pikepdf.open(data)
        opened.append(source)
        out.pages.extend(source.pages)
    out.save(path)
    pages = len(out.pages)
    for source in opened:
        source.close()
    return pages


def stage_weasyprint(args):
    """WeasyPrint renders each generated part once (as the engine renders them, one document per
    part, tagged unless --untagged), then pikepdf concatenates them with the uploads."""
    manifest = json.loads((Path(args.workdir) / "manifest.json").read_text())
    parts = pack_parts(manifest)
    media = Path(args.workdir) / "media"
    started, cpu = time.perf_counter(), _cpu()
    pdfs, page, rendered, render_seconds = [], 1, 0, 0.0
    for part in parts:
        if part[0] == "html":
            begun = time.perf_counter()
            html = _render_html(part[2], part[3], page, _placeholder_pages(parts))
            data = _weasyprint(html, tagged=not args.untagged)
            render_seconds += time.perf_counter() - begun
            count = _page_count(data)
            rendered += count
            pdfs.append(data)
        else:
            pdfs.append(str(media / part[2]))
            count = {u[3]: u[4] for u in uploads()}[part[2]]
        page += count
    pages = _concatenate(pdfs, Path(args.workdir) / "baseline.pdf")
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "pages": pages,
        "generated_pages": rendered,
        "render_seconds": render_seconds,
    }


def stage_chromium(args):
    """Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright: one browser, a page
    printed per part) prints the same generated HTML; the same pikepdf concatenation follows."""
    from playwright.sync_api import sync_playwright

    manifest = json.loads((Path(args.workdir) / "manifest.json").read_text())
    parts = pack_parts(manifest)
    media = Path(args.workdir) / "media"
    folder = Path(tempfile.mkdtemp(prefix="chromium-", dir=args.workdir))
    page_counts = {u[3]: u[4] for u in uploads()}
    with TreeMemory() as memory:
        started, cpu = time.perf_counter(), _cpu()
        pdfs, page, rendered = [], 1, 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            tab = browser.new_page()
            for part in parts:
                if part[0] == "html":
                    source = folder / f"{part[1]}.html"
                    source.write_text(_render_html(part[2], part[3], page, _placeholder_pages(parts)))
                    tab.goto(source.as_uri())
                    data = tab.pdf(format="A4", prefer_css_page_size=True, print_background=True, tagged=True)
                    count = _page_count(data)
                    rendered += count
                    pdfs.append(data)
                else:
                    pdfs.append(str(media / part[2]))
                    count = page_counts[part[2]]
                page += count
            browser.close()
        pages = _concatenate(pdfs, Path(args.workdir) / "chromium.pdf")
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    cpu -= memory.cpu  # the sampling's own CPU time
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "pages": pages,
        "generated_pages": rendered,
        "tree_peak_bytes": memory.peak,
    }


def stage_plain(args):
    """Pages per second of WeasyPrint (tagged, as the engine renders) for flowing paragraphs, and for
    the twenty reports with their data tables in one document, with the same base template."""
    rng = _seeded("plain")
    paragraphs = [_paragraph(rng) for _ in range(PLAIN_PARAGRAPHS)]
    plain = _render_html("packs/bench/plain.html", {"paragraphs": paragraphs}, 1)
    items = [item_context(n) for n in range(1, ITEM_COUNT + 1)]
    reports = _render_html("packs/bench/all_reports.html", {"items": items}, 1)
    _weasyprint("<p>warm up</p>", tagged=True)  # fonts found and loaded once, outside the timings
    result = {}
    for name, html in (("plain", plain), ("reports", reports)):
        timings = []
        for _ in range(3):
            started, cpu = time.perf_counter(), _cpu()
            data = _weasyprint(html, tagged=True)
            timings.append((time.perf_counter() - started, _cpu() - cpu))
        seconds, cpu = min(timings)
        result[name] = {"seconds": seconds, "cpu_seconds": cpu, "pages": _page_count(data)}
    return result


def _engine_setup(args):
    """MEDIA_ROOT in the temporary folder and the benchmark's pack kind registered.

    Returns (build_now, "") or (None, why) when the engine is not there."""
    from django.test.utils import override_settings

    override_settings(MEDIA_ROOT=args.media).enable()
    try:
        from council.packs import services
        from council.packs.registry import PackKind, register
        from council.packs.spec import HtmlPart, PackSpec, PdfPart

        build_now = services.build_now
    except (ImportError, AttributeError) as exc:
        return None, str(exc)
    from scrutiny.models import Meeting

    manifest = json.loads((Path(args.workdir) / "manifest.json").read_text())

    def build_spec(meeting, edition):
        parts = []
        change = args.change if meeting.pk == args.meeting else ""  # the warm-up's pack: as first built
        for part in pack_parts(manifest, change=change, big=args.big):
            if part[0] == "html":
                _, key, template, context, bookmark, level = part
                parts.append(
                    HtmlPart(
                        key=key,
                        template=template,
                        context=context,
                        bookmark=bookmark,
                        level=level,
                        needs_page_numbers=key == "agenda",
                    )
                )
            else:
                _, key, storage_name, sha256, name, bookmark, level = part
                parts.append(
                    PdfPart(
                        key=key, storage_name=storage_name, sha256=sha256, name=name, bookmark=bookmark, level=level
                    )
                )
        return PackSpec(
            title=PACK_TITLE,
            author=PACK_AUTHOR,
            parts=tuple(parts),
            subject="Benchmark agenda pack",
            filename="benchmark-agenda-pack.pdf",
        )

    register(
        PackKind(
            name=KIND,
            model=Meeting,
            build_spec=build_spec,
            can_build=lambda user, obj, edition: True,
            can_download=lambda user, obj, edition: True,
            editions=lambda obj: [EDITION],
            label=lambda edition: "Benchmark agenda pack",
        )
    )
    return build_now, ""


def stage_engine(args):
    build_now, reason = _engine_setup(args)
    if build_now is None:
        return {"unavailable": reason}
    from django.contrib.auth import get_user_model

    from council.packs import services
    from scrutiny.models import Meeting

    meeting = Meeting.objects.get(pk=args.meeting)
    clerk = get_user_model().objects.get(pk=args.user)
    progress, real_progress = [], services._progress

    def recording(build):  # what the clerk's progress page is told, kept to count the parts reported
        report = real_progress(build)

        def both(stage, text):
            progress.append(text)
            report(stage, text)

        return both

    services._progress = recording
    if args.warm_meeting:
        # A worker is a long-lived process: before this build it has built other packs. Another
        # meeting's pack (the same parts as first built, so from the cache: a merge, no rendering)
        # is built here first, untimed, so this build is measured in a process that has built one.
        warm_up = build_now(KIND, Meeting.objects.get(pk=args.warm_meeting), EDITION, by=clerk)
        if warm_up.status != "done":
            raise SystemExit(f"The warm-up build failed: {warm_up.error}")
        progress.clear()
    profile = None
    if args.profile:
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    with TreeMemory() as memory:  # the build's process and its render workers
        started, cpu, workers_cpu = time.perf_counter(), _cpu(), _cpu(children=True)
        build = build_now(KIND, meeting, EDITION, by=clerk)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
        workers_cpu = _cpu(children=True) - workers_cpu
    cpu -= memory.cpu  # the sampling's own CPU time
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    if build.status != "done":
        raise SystemExit(f"The engine's build failed: {build.error}")
    with build.version.file.open("rb") as opened:
        data = opened.read()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "pages": _page_count(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "version": build.version.number,
        "rendered": build.inputs.get("rendered", 0),
        "from_cache": build.inputs.get("from_cache", 0),
        "tree_peak_bytes": memory.peak,
        "workers_cpu_seconds": workers_cpu,
        "generated_parts": sum(1 for part in build.inputs.get("parts", []) if part["kind"] == "generated"),
        "progress_parts": len({text for text in progress if text.startswith("Rendering part ")}),
        "progress_last": next((text for text in reversed(progress) if text.startswith("Rendering part ")), ""),
    }


STAGES = {"weasyprint": stage_weasyprint, "chromium": stage_chromium, "plain": stage_plain, "engine": stage_engine}


def child(args):
    import logging

    import django

    django.setup()  # the engine's stage on the throwaway database (DATABASE_URL set by the parent)
    for name in ("weasyprint", "pikepdf"):
        logging.getLogger(name).setLevel(logging.WARNING)  # not a line per laid-out page
    result = STAGES[args.stage](args)
    result["peak_bytes"] = _peak_rss()
    print("RESULT " + json.dumps(result))


# --- The run ------------------------------------------------------------------------------------


def run_stage(stage, workdir, env=None, **options):
    """Run one pipeline in a fresh interpreter; return what it measured."""
    command = [sys.executable, __file__, "--stage", stage, "--workdir", str(workdir)]
    env = env or {}
    for name, value in options.items():
        name = name.replace("_", "-")
        if value is True:
            command.append(f"--{name}")
        elif value not in (None, False, ""):
            command += [f"--{name}", str(value)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, env={**os.environ, **env})  # noqa: S603 (this script, again)
    for line in completed.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise SystemExit(f"{stage} failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-6000:]}")


def _median(results, key):
    return statistics.median(r[key] for r in results)


def _profile(pipeline, repeat):
    """Where the engine's stage writes its cProfile statistics, when BENCH_PACK_PROFILE names a folder."""
    folder = os.environ.get("BENCH_PACK_PROFILE")
    if not folder:
        return None
    Path(folder).mkdir(parents=True, exist_ok=True)
    return str(Path(folder) / f"{pipeline}-{repeat + 1}.prof")


def _database_url(name):
    """DATABASE_URL with the throwaway database's name, for the engine's subprocesses."""
    from urllib.parse import urlsplit, urlunsplit

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server: the benchmark's processes share a database.")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def main():
    import logging

    import django

    django.setup()
    for name in ("weasyprint", "pikepdf"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    workdir = Path(tempfile.mkdtemp(prefix="pack-benchmark-"))
    setup_test_environment()
    from benchmarks.throwaway import use_own_test_database

    use_own_test_database("packs")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        manifest = make_uploads(workdir / "media", workdir)
        (workdir / "manifest.json").write_text(json.dumps(manifest))
        print(
            f"inputs: {ITEM_COUNT} agenda items, {len(manifest)} uploaded PDFs of {sum(UPLOAD_PAGES)} pages, "
            f"made in {time.perf_counter() - started:.1f} s"
        )
        from tests.factories import UserFactory
        from tests.factories.scrutiny import MeetingFactory

        clerk = UserFactory(roles=["Democratic Services"])
        env = {"DATABASE_URL": _database_url(connection.settings_dict["NAME"])}
        runs = {key: [] for key in PIPELINES}
        for repeat in range(REPEAT):
            runs["weasyprint"].append(run_stage("weasyprint", workdir))
            runs["untagged"].append(run_stage("weasyprint", workdir, untagged=True))
            # From scratch: a meeting with no pack yet and an empty cache (a media folder of its own);
            # then rebuilds of the same meeting's pack, each in a fresh process.
            media = workdir / f"media-{repeat}"
            shutil.copytree(workdir / "media", media)
            engine = {"env": env, "media": media, "meeting": MeetingFactory().pk, "user": clerk.pk}
            runs["engine"].append(run_stage("engine", workdir, profile=_profile("engine", repeat), **engine))
            if "unavailable" not in runs["engine"][-1]:
                for key, change in (("figure", "figure"), ("unchanged", "figure"), ("longer", "longer")):
                    runs[key].append(
                        run_stage("engine", workdir, change=change, profile=_profile(key, repeat), **engine)
                    )
                    if key == "unchanged":  # again, in a process that has built another pack first
                        warm = {"warm_meeting": MeetingFactory().pk, "profile": _profile("unchanged-warm", repeat)}
                        runs["unchanged_warm"].append(run_stage("engine", workdir, change=change, **warm, **engine))
            runs["chromium"].append(run_stage("chromium", workdir))
            runs["plain"].append(run_stage("plain", workdir))
        # The 1,000-page pack, once: from scratch (an empty cache, a meeting of its own).
        media = workdir / "media-big"
        shutil.copytree(workdir / "media", media)
        engine = {"env": env, "media": media, "meeting": MeetingFactory().pk, "user": clerk.pk}
        runs["big"].append(run_stage("engine", workdir, big=True, profile=_profile("big", 0), **engine))
        print(f"load average at the end: {', '.join(f'{n:.2f}' for n in os.getloadavg())}")
        report(runs)
    finally:
        teardown_databases(old, verbosity=0)
        shutil.rmtree(workdir, ignore_errors=True)


PIPELINES = {
    "weasyprint": "baseline: WeasyPrint (tagged) + pikepdf",
    "untagged": "baseline, WeasyPrint untagged + pikepdf",
    "engine": "engine from scratch (build_now)",
    "figure": f"engine rebuild: a figure in item {CHANGED_ITEM} revised",
    "unchanged": "engine rebuild: nothing changed (fresh process)",
    "unchanged_warm": "  … after a build of another pack",
    "longer": f"engine rebuild: item {CHANGED_ITEM} a page longer",
    "chromium": "Chromium + pikepdf",
    "plain": "",
    "big": f"engine from scratch: the {BIG_ITEMS}-item pack (once)",
}


def report(runs):
    def line(*cells):
        widths = (44, 8, 8, 7, 9, 10, 9)
        print(
            "".join(
                f"{cell:<{w}}" if n == 0 else f"{cell:>{w}}"
                for n, (cell, w) in enumerate(zip(cells, widths, strict=False))
            )
        )

    def row(key, results=None, extra=""):
        results = results or runs[key]
        seconds, cpu, pages = (_median(results, k) for k in ("seconds", "cpu_seconds", "pages"))
        peak = max(r["peak_bytes"] for r in results) / 2**20
        line(
            PIPELINES.get(key, key),
            f"{seconds:.2f}",
            f"{cpu:.2f}",
            f"{pages:.0f}",
            f"{pages / seconds:.1f}",
            f"{peak:.0f}",
            extra,
        )

    print()
    line(f"pipeline (median of {REPEAT})", "wall s", "CPU s", "pages", "pages/s", "peak MiB", "renders")
    row("weasyprint", extra=str(GENERATED_PARTS))
    row("untagged")
    unavailable = runs["engine"][0].get("unavailable")
    if unavailable:
        print(f"{PIPELINES['engine']}: engine not available ({unavailable})")
    else:
        for key in ("engine", "figure", "unchanged", "unchanged_warm", "longer", "big"):
            results = runs[key]
            row(key, extra=f"{_median(results, 'rendered'):.0f}")
        engine_tree = max(r["tree_peak_bytes"] for key in ("engine", "figure", "longer") for r in runs[key]) / 2**20
        big_tree = max(r["tree_peak_bytes"] for r in runs["big"]) / 2**20
        print(
            f"  (peak memory with the render workers, PSS: the 300-page builds {engine_tree:.0f} MiB, "
            f"the {_median(runs['big'], 'pages'):.0f}-page build {big_tree:.0f} MiB)"
        )
    row("chromium", extra=str(GENERATED_PARTS))
    chromium_tree = max(r["tree_peak_bytes"] for r in runs["chromium"]) / 2**20
    print(f"  (Chromium's peak memory with all its processes, PSS: {chromium_tree:.0f} MiB)")
    rates = {}
    for name, label in (("plain", "WeasyPrint: flowing paragraphs"), ("reports", "WeasyPrint: the 20 reports, tables")):
        results = [r[name] for r in runs["plain"]]
        seconds, cpu, pages = (_median(results, k) for k in ("seconds", "cpu_seconds", "pages"))
        rates[name] = pages / cpu  # CPU time: this comparison is about layout, not the machine's load
        line(label, f"{seconds:.2f}", f"{cpu:.2f}", f"{pages:.0f}", f"{pages / seconds:.1f}")
    generated = _median(runs["weasyprint"], "generated_pages")
    render_seconds = _median(runs["weasyprint"], "render_seconds")
    print(f"generated pages in the pack: {generated:.0f}, rendered part by part in {render_seconds:.2f} s (baseline)")
    print(
        "renders: documents WeasyPrint rendered (the engine's include the agenda's first rendering with "
        "stand-in page references and the page-number stamps for uploaded pages)"
    )
    if len(runs["engine"]) > 1 and "sha256" in runs["engine"][0]:
        same = len({r["sha256"] for r in runs["engine"]}) == 1
        print(f"the {len(runs['engine'])} from-scratch builds gave {'the identical' if same else 'DIFFERENT'} file")

    baseline, baseline_cpu = _median(runs["weasyprint"], "seconds"), _median(runs["weasyprint"], "cpu_seconds")
    chromium = _median(runs["chromium"], "seconds")
    print("\nGoals (wall time; CPU time in brackets)")
    goals = []
    if not unavailable:
        scratch = _median(runs["engine"], "seconds")
        longer, unchanged = _median(runs["longer"], "seconds"), _median(runs["unchanged_warm"], "seconds")
        unchanged_cold = _median(runs["unchanged"], "seconds")
        big = runs["big"][0]
        big_peak = max(big["peak_bytes"], big["tree_peak_bytes"])
        goals += [
            (
                "issue 17: from scratch at most 0.8x Chromium + pikepdf",
                scratch <= 0.8 * chromium,
                f"{scratch / chromium:.2f}x ({scratch:.2f} s against {chromium:.2f} s; CPU "
                f"{_median(runs['engine'], 'cpu_seconds'):.2f} s against "
                f"{_median(runs['chromium'], 'cpu_seconds'):.2f} s)",
            ),
            (
                "issue 17: after one report grows by a page at most 0.2x the baseline",
                longer <= 0.2 * baseline,
                f"{longer / baseline:.2f}x ({longer:.2f} s against {baseline:.2f} s; "
                f"{_median(runs['longer'], 'rendered'):.0f} parts rendered)",
            ),
            (
                "issue 17: nothing changed at most 0.05 s (in a worker that has built another pack)",
                unchanged <= 0.05,
                f"{unchanged:.3f} s (CPU {_median(runs['unchanged_warm'], 'cpu_seconds'):.3f} s); "
                f"as a fresh process's first build {unchanged_cold:.3f} s "
                f"(CPU {_median(runs['unchanged'], 'cpu_seconds'):.3f} s)",
            ),
            (
                "issue 17: a 1,000-page pack with peak memory under 512 MiB",
                big["pages"] >= 1000 and big_peak < 512 * 2**20,
                f"{big['pages']} pages in {big['seconds']:.2f} s, peak {big['peak_bytes'] / 2**20:.0f} MiB "
                f"(with its render workers, PSS: {big['tree_peak_bytes'] / 2**20:.0f} MiB)",
            ),
            (
                "issue 17: the 1,000-page pack shows progress per part",
                big["progress_parts"] == big["generated_parts"],
                f"{big['progress_parts']} of {big['generated_parts']} parts reported, "
                f"the last: “{big['progress_last']}”",
            ),
        ]
    if unavailable:
        for label in (
            "from scratch within 1.3x of the WeasyPrint baseline",
            "rebuild after one small change under a fifth of from scratch",
            "rebuild faster than Chromium from scratch",
            "engine's peak memory under 1 GiB",
        ):
            goals.append((label, None, "engine not available"))
    else:
        scratch, scratch_cpu = _median(runs["engine"], "seconds"), _median(runs["engine"], "cpu_seconds")
        rebuild, rebuild_cpu = _median(runs["figure"], "seconds"), _median(runs["figure"], "cpu_seconds")
        longer = _median(runs["longer"], "seconds")
        goals += [
            (
                "from scratch within 1.3x of the WeasyPrint baseline",
                scratch <= 1.3 * baseline,
                f"{scratch / baseline:.2f}x ({scratch_cpu / baseline_cpu:.2f}x)",
            ),
            (
                "rebuild after one small change under a fifth of from scratch",
                rebuild < scratch / 5,
                f"{rebuild / scratch:.2f} ({rebuild_cpu / scratch_cpu:.2f}); "
                f"when the change adds a page: {longer / scratch:.2f}",
            ),
            (
                "rebuild faster than Chromium from scratch",
                rebuild < chromium,
                f"{rebuild:.2f} s, Chromium {chromium:.2f} s",
            ),
        ]
        peak = max(r["peak_bytes"] for key in ("engine", "figure", "unchanged", "longer") for r in runs[key])
        goals.append(("engine's peak memory under 1 GiB", peak < GIB, f"{peak / 2**20:.0f} MiB at most"))
    goals.append(
        (
            "generated pages at least half the pages/s of plain text",
            rates["reports"] >= rates["plain"] / 2,
            f"{rates['reports'] / rates['plain']:.2f} of plain text's pages per CPU second",
        )
    )
    for label, passed, figure in goals:
        verdict = "n/a " if passed is None else ("PASS" if passed else "FAIL")
        print(f"  {verdict}  {label}: {figure}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", choices=sorted(STAGES))
    parser.add_argument("--workdir", help="the temporary folder with the generated inputs")
    parser.add_argument("--media", help="MEDIA_ROOT for the engine (its cache and versions)")
    parser.add_argument("--meeting", type=int, help="the meeting the engine's pack is of")
    parser.add_argument("--user", type=int, help="who asks for the build")
    parser.add_argument("--change", choices=("figure", "longer"), help="one item's report changed")
    parser.add_argument("--untagged", action="store_true", help="WeasyPrint without PDF/UA tagging")
    parser.add_argument("--big", action="store_true", help="the engine's stage: the 1,000-page pack")
    parser.add_argument("--profile", help="the engine's stage: write cProfile statistics to this file")
    parser.add_argument("--warm-meeting", type=int, help="the engine's stage: build this meeting's pack first, untimed")
    arguments = parser.parse_args()
    if arguments.stage:
        child(arguments)
    else:
        main()
