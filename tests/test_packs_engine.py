"""The pack engine: a pack built from generated parts and uploaded PDFs, read back with pikepdf and poppler."""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import io

import pikepdf
import pytest

from council.packs import services
from council.packs.models import BuildStatus
from council.packs.spec import HtmlPart, PackSpec
from council.roles import Role
from tests.factories import UserFactory
from tests.packs_engine_kit import (
    KIND,
    kit,  # noqa: F401  (fixture)
    media,  # noqa: F401  (fixture)
    pack_templates,  # noqa: F401  (fixture)
    page,
    pdf_info,
    pdf_text,
    read_version,
    text_pdf,
    upload_part,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    return UserFactory(roles=[Role.DEMOCRATIC_SERVICES], first_name="Dana", last_name="Clerk")


@pytest.fixture
def subject(db):
    """What the test packs are "of"."""
    return UserFactory()


def agenda(entries) -> HtmlPart:
    return HtmlPart(
        key="agenda",
        template="packs_test/agenda.html",
        context={"entries": [{"key": key, "title": title} for key, title in entries]},
        bookmark="Agenda",
        needs_page_numbers=True,
    )


def meeting_spec(*, stamp="", report_paragraphs=3, appendix=None, rotated=None):
    appendix = appendix or upload_part(
        "appendix-a", "Appendix A, item 5: Strategic Commissioning", text_pdf(3, "Appendix A"), bookmark="Appendix A"
    )
    rotated = rotated or upload_part(
        "plan",
        "Site plan, item 6: Leisure Centres",
        text_pdf(2, "Site plan", size=(612, 792), rotate=90),
        bookmark="Site plan",
    )
    return PackSpec(
        title="Overview and Scrutiny Committee, 4 March 2027: agenda pack",
        author="Northbridge Borough Council",
        subject="Agenda and reports",
        filename="os-2027-03-04-agenda-pack.pdf",
        parts=(
            page("front", "Front sheet", bookmark="Front sheet", level=0),
            agenda([("item-5", "5. Strategic Commissioning"), ("item-6", "6. Leisure Centres")]),
            page(
                "item-5", "Strategic Commissioning", report_paragraphs, bookmark="5. Strategic Commissioning", level=0
            ),
            appendix,
            page("item-6", "Leisure Centres", bookmark="6. Leisure Centres", level=0, stamp=stamp),
            rotated if not stamp else rotated.__class__(**{**rotated.__dict__, "stamp": stamp}),
        ),
    )


@pytest.fixture
def built(kit, subject, clerk):
    kit.set(subject, "public", meeting_spec())
    build = services.build_now(KIND, subject, "public", by=clerk)
    assert build.status == BuildStatus.DONE, build.error
    return build


def test_the_pack_has_every_part_in_order_with_continuous_page_numbers_on_every_page(built):
    content = read_version(built.version)
    info = pdf_info(content)
    assert int(info["Pages"]) == built.version.pages == 9  # front, agenda, report, 3 + report, 2
    for number in range(1, 10):
        assert f"Page {number}" in pdf_text(content, number), number
    # The uploaded pages are stamped, not re-rendered: their own text is still there.
    assert "Appendix A page 1" in pdf_text(content, 4)
    assert "Appendix A page 3" in pdf_text(content, 6)
    assert "Site plan page 2" in pdf_text(content, 9)


def test_the_agenda_gives_the_page_where_each_item_starts(built):
    agenda_text = pdf_text(read_version(built.version), 2)
    assert "5. Strategic Commissioning" in agenda_text and "page 3" in agenda_text
    assert "6. Leisure Centres" in agenda_text and "page 7" in agenda_text
    assert "Leisure Centres" in pdf_text(read_version(built.version), 7)


def test_bookmarks_per_part_at_its_level(built):
    with pikepdf.open(io.BytesIO(read_version(built.version))) as pdf, pdf.open_outline() as outline:
        pages = {page.objgen: index + 1 for index, page in enumerate(p.obj for p in pdf.pages)}

        def tree(items):
            return [(item.title, pages[item.destination[0].objgen], tree(item.children)) for item in items]

        assert tree(outline.root) == [
            ("Front sheet", 1, []),
            ("Agenda", 2, []),
            ("5. Strategic Commissioning", 3, [("Appendix A", 4, [])]),
            ("6. Leisure Centres", 7, [("Site plan", 8, [])]),
        ]


def test_title_author_subject_language_and_tagging(built):
    content = read_version(built.version)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Overview and Scrutiny Committee, 4 March 2027: agenda pack"
        assert str(pdf.docinfo["/Author"]) == "Northbridge Borough Council"
        assert str(pdf.docinfo["/Subject"]) == "Agenda and reports"
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert "/StructTreeRoot" in pdf.Root
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Overview and Scrutiny Committee, 4 March 2027: agenda pack"
        assert "dc:language" in meta
        # One structure tree: each part is a Part of the Document; parent-tree keys unique per page.
        document = pdf.Root.StructTreeRoot.K
        assert document.S == "/Document"
        assert {str(kid.S) for kid in document.K} == {"/Part"}
        keys = [int(p.obj.StructParents) for p in pdf.pages if "/StructParents" in p.obj]
        assert len(keys) == len(set(keys)) == 4  # the generated pages (the uploads here are untagged)
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        tree_keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert set(keys) <= set(tree_keys) and len(tree_keys) == len(set(tree_keys))
        # Every font is embedded.
        for p in pdf.pages:
            for font in p.obj.Resources.get("/Font", {}).values():
                if font.get("/BaseFont") == "/Helvetica":
                    continue  # the test uploads' own standard font
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
        # A4 generated pages.
        assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 595, 842]
    assert "Tagged:          yes" in "\n".join(f"{k}:{v}" for k, v in pdf_info(content).items())
