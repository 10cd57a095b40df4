"""The Word file as the officer who sends it sees it: an A4 WCO-like document (Arial, black
headings, the code in the running header, page numbers), the title block, an enumeration and a
multi-line update kept as written, the plan table on a landscape page, properties that say
what the document is, and the same bytes every time the same document is written.

The file is read back with python-docx, and its parts (header, footer, properties) as XML.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from sqlalchemy.engine import Engine

from ptctui import store
from ptctui.exporters.render import render
from ptctui.reports.document import Document, Paragraph, Section, Table
from ptctui.reports.plan import build_plan
from test_document_formats import TOPICS, committee_document

TODAY = date(2020, 9, 4)


def near(length: Length | None, expected: Length) -> bool:
    """Equal to the nearest twentieth of a point (Word's unit)."""
    return length is not None and abs(length - expected) < Cm(0.01)


def word_bytes(document: Document, today: date = TODAY) -> bytes:
    return render(document, "docx", report="intersessional", today=today)


def word(document: Document) -> DocxDocument:
    return docx.Document(io.BytesIO(word_bytes(document)))


def test_page_is_a4_with_house_margins() -> None:
    (section,) = word(committee_document()).sections
    assert near(section.page_width, Cm(21)) and near(section.page_height, Cm(29.7))
    assert section.orientation == WD_ORIENT.PORTRAIT
    for margin in (section.left_margin, section.right_margin, section.top_margin):
        assert near(margin, Cm(2.5))


def test_house_style_arial_black_headings_en_gb() -> None:
    doc = word(committee_document())
    normal = doc.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size == Pt(11)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Arial"}
    assert fonts.get(qn("w:asciiTheme")) is None  # no theme font shows through
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert defaults.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    for name in ("Heading 1", "Heading 2", "Title"):
        font = doc.styles[name].font
        assert font.name == "Arial", name
        assert font.color.rgb == RGBColor(0, 0, 0) and font.color.theme_color is None, name
        assert font.bold and not font.italic, name


def test_running_header_is_the_code_from_the_second_page_and_a_page_field_below() -> None:
    (section,) = word(committee_document()).sections
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "PC0608E1"
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert all(not p.text for p in section.first_page_header.paragraphs)
    footer = section.footer.paragraphs[0]
    instructions = [t.text for t in footer._p.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(not p.text for p in section.first_page_footer.paragraphs)


def test_title_block_then_title_in_capitals() -> None:
    paragraphs = word(committee_document()).paragraphs
    texts = [p.text for p in paragraphs[:8]]
    assert texts == [
        "World Customs Organization",
        "Permanent Technical Committee",
        "239th/240th Sessions",
        "PC0608E1",
        "Brussels, 4 September 2020",
        "Intersessional developments",
        "(Item II on the Agenda)",
        "Developments between 1 June 2019 and 31 March 2020",
    ]
    committee, code, dated, title = paragraphs[1], paragraphs[3], paragraphs[4], paragraphs[5]
    assert committee.runs[0].font.all_caps
    assert code.alignment == dated.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert title.style is not None and title.style.name == "Title"
    assert title.runs[0].font.all_caps and title.runs[0].bold
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not any("never shown" in p.text for p in paragraphs)


def test_without_a_head_the_meta_lines_stay() -> None:
    doc = word(committee_document(head=None))
    assert doc.paragraphs[0].text == "Committee: never shown when there is a head"
    assert doc.sections[0].header.paragraphs[0].text == ""


def test_enumeration_items_are_paragraphs_in_order_and_a_break_is_kept() -> None:
    paragraphs = word(committee_document()).paragraphs
    items = [p for p in paragraphs if p.style is not None and p.style.name == "Enumeration"]
    assert [p.text for p in items] == list(TOPICS)
    assert items[0].style is not None
    assert near(items[0].style.paragraph_format.left_indent, Cm(2))
    bullet = next(p for p in paragraphs if p.text.startswith("Promote the CEP toolkit"))
    assert (
        bullet.text
        == "Promote the CEP toolkit. A workshop took place.\nA second line\n- a dash line."
    )
    assert len(bullet._p.findall(f".//{qn('w:br')}")) == 2
    numbered = next(p for p in paragraphs if "First line" in p.text)
    assert numbered.text.endswith("First line of a paragraph\nits second line")
    assert numbered.style is not None and numbered.style.name == "List Number"


def test_word_counts_paragraphs_only_when_it_would_count_as_the_document_does() -> None:
    # The sample's paragraphs are numbered 8 and 9 (its first seven are left out): Word would
    # call them 1 and 2, so the numbers are written out, with the same hanging indent.
    paragraphs = word(committee_document()).paragraphs
    numbered = [p for p in paragraphs if p.style is not None and p.style.name == "List Number"]
    assert [p.text.split("\t")[0] for p in numbered] == ["8.", "9."]
    hanging = numbered[0].paragraph_format
    assert near(hanging.left_indent, Cm(1.25)) and near(hanging.first_line_indent, Cm(-1.25))
    # Numbered 1, 2: Word numbers them itself, and the text holds no number.
    document = committee_document()
    renumbered = replace(
        document,
        sections=tuple(
            replace(
                section,
                blocks=tuple(
                    replace(b, number=b.number - 7) if isinstance(b, Paragraph) and b.number else b
                    for b in section.blocks
                ),
            )
            for section in document.sections
        ),
    )
    paragraphs = word(renumbered).paragraphs
    numbered = [p for p in paragraphs if p.style is not None and p.style.name == "List Number"]
    assert [p.text.split(" ")[0] for p in numbered] == ["Five", "First"]
    assert all(p._p.pPr.numPr is None for p in numbered)  # the style's numbering applies


def test_numbered_paragraphs_hang_from_their_number() -> None:
    doc = word(committee_document())
    num_id = doc.styles["List Number"].element.pPr.numPr.numId.val
    numbering = doc.part.numbering_part.element
    num = numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='{num_id}']")
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    level = numbering.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{abstract_id}']").find(
        qn("w:lvl")
    )
    assert level.find(qn("w:lvlText")).get(qn("w:val")) == "%1."
    indent = level.find(qn("w:pPr")).find(qn("w:ind"))
    assert indent.get(qn("w:left")) == indent.get(qn("w:hanging")) == "709"  # 1.25 cm


def test_properties_say_what_the_document_is_and_nothing_else() -> None:
    data = word_bytes(committee_document())
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == "Intersessional developments"
    assert props.author == "Ana Officer"
    assert props.language == "en-GB"
    assert (props.subject, props.keywords, props.comments, props.category) == ("", "", "", "")
    assert props.last_modified_by == "" and props.revision == 1
    # The date line's day, not the clock nor the export's day.
    assert props.created == props.modified == datetime(2020, 9, 4, 12, tzinfo=UTC)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        app = package.read("docProps/app.xml").decode()
        names = package.namelist()
        assert {i.date_time for i in package.infolist()} == {(2020, 9, 4, 12, 0, 0)}
    assert "<Application>ptctui</Application>" in app
    assert "Microsoft" not in app and "Template" not in app
    assert not any("thumbnail" in n or "customXml" in n for n in names)
    assert "python-docx" not in docx.Document(io.BytesIO(data)).core_properties.author
    empty = word(replace(committee_document(), author=""))
    assert empty.core_properties.author == ""


def test_the_same_document_gives_the_same_bytes() -> None:
    document = committee_document()
    first = word_bytes(document)
    assert word_bytes(document) == first
    # A committee document is dated by its date line: exporting it another day changes nothing.
    assert word_bytes(document, today=date(2031, 1, 1)) == first
    assert word_bytes(replace(document, title="Another title")) != first


def test_plan_table_goes_on_a_landscape_page(engine: Engine) -> None:
    with store.reading(engine) as session:
        plan = build_plan(session=session, plan="CEP-2020", today=TODAY)
    doc = docx.Document(io.BytesIO(render(plan, "docx", report="plan", today=TODAY)))
    (section,) = doc.sections  # the whole plan: title, headings and tables
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert near(section.page_width, Cm(29.7)) and near(section.page_height, Cm(21))
    widths = [column.width for column in doc.tables[0].columns]
    names = [cell.text for cell in doc.tables[0].rows[0].cells]
    by_name = dict(zip(names, widths, strict=True))
    assert by_name["Ref"] < Cm(2.5) < Cm(5) < by_name["Action"]
    assert abs(sum(widths) - (Cm(29.7) - 2 * Cm(2.5))) < Cm(0.1)


def test_a_wide_table_after_text_gets_its_own_landscape_section() -> None:
    plan_table = Table(
        columns=("Ref", "Action", "Lead", "Supporting", "Deadline", "Status", "Latest update"),
        rows=(("CEP-1.1", "Promote", "SEC", "—", "—", "ongoing", "—"),),
    )
    document = replace(
        committee_document(),
        sections=(
            *committee_document().sections,
            Section(None, (plan_table,)),
            Section(None, (Paragraph("After the table."),)),
        ),
    )
    doc = word(document)
    assert [s.orientation for s in doc.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    # The header and page numbers carry on: only the first section has a first page of its own.
    assert doc.sections[0].different_first_page_header_footer
    assert not doc.sections[1].different_first_page_header_footer
    assert doc.sections[2].header.paragraphs[0].text == "PC0608E1"
