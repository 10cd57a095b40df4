"""A document as a Word file (python-docx) that officers can go on editing.

Real Word structure rather than look-alike formatting: section and component titles use the
"Heading 1" / "Heading 2" styles (so Word's navigation pane and table of contents work),
numbered paragraphs use "List Number" (Word numbers them itself, straight through the
document, as committee documents are numbered), bullets use "List Bullet", tables are Word
tables whose header row repeats on every page, and the boxes are one-cell bordered tables.
Text is written as runs of plain text, so nothing a user typed is interpreted; control
characters, which Word's XML cannot hold, are first made visible by ``printable_document``.

python-docx supplies the package (its default template: styles, numbering, page setup) and
the document properties, but not the body: one python-docx call per paragraph, run and cell
costs about a millisecond, so the 10,000 bullets of a full committee document took 17 s. The
body is written as one WordprocessingML string instead, every text escaped, and put into the
package python-docx saved: a fraction of a second.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.shared import Emu, Inches, Pt

from ptctui.reports.document import (
    Block,
    Box,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Table,
    cell_text,
    printable_document,
)

Progress = Callable[[int, int], None]

_BREAKS = re.compile(r"([\t\r\n])")

# What python-docx's add_table writes: the table spans the text width, first row and column
# marked as headers for the table style.
_TABLE_PROPERTIES = (
    '<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:type="auto" w:w="0"/>'
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
)


def _text(text: str) -> str:
    """Run content: escaped text, with tabs and line breaks as Word's own elements.

    ``printable_document`` has already replaced every character XML cannot hold.
    """
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>' if text else ""
    out = []
    for part in _BREAKS.split(text):
        if part == "\t":
            out.append("<w:tab/>")
        elif part in ("\r", "\n"):
            out.append("<w:br/>")
        elif part:
            out.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return "".join(out)


def _run(text: str, *, bold: bool = False) -> str:
    if not text:
        return ""
    if bold:
        return f"<w:r><w:rPr><w:b/></w:rPr>{_text(text)}</w:r>"
    return f"<w:r>{_text(text)}</w:r>"


class _Body:
    """Writes blocks as WordprocessingML into a list of strings.

    ``styles`` maps style names ("List Number") to the ids the template gives them
    ("ListNumber"); ``width`` is the text width in twentieths of a point.
    """

    def __init__(self, styles: _StyleIds, width: int) -> None:
        self.styles = styles
        self.width = width
        self.out: list[str] = []

    def para(self, runs: str, style: str | None = None) -> None:
        props = f'<w:pPr><w:pStyle w:val="{self.styles[style]}"/></w:pPr>' if style else ""
        self.out.append(f"<w:p>{props}{runs}</w:p>")

    def block(self, block: Block, *, in_cell: bool = False) -> None:
        if isinstance(block, Heading):
            if in_cell:  # a heading style inside a box would join the navigation pane
                self.para(_run(block.text, bold=True))
            else:
                self.para(_run(block.text), f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            style = "Quote" if block.quote else "List Number" if block.number is not None else None
            self.para(_run(block.text), style)
        elif isinstance(block, BulletList):
            para, run = self.para, _run
            for bullet in block.items:
                runs = run(bullet.lead_sentence, bold=True) if bullet.lead else ""
                if bullet.details:
                    runs += run(f" {bullet.details_text}" if bullet.lead else bullet.details_text)
                para(runs, "List Bullet")
        elif isinstance(block, Table):
            if block.title:
                self.para(_run(block.title, bold=True))
            self.table(
                [[_run(name, bold=True) for name in block.columns]]
                + [[_run(cell_text(value)) for value in row] for row in block.rows],
                header=True,
            )
        elif isinstance(block, Box):
            inner = _Body(self.styles, self.width)
            inner.para(_run(block.title, bold=True))
            for child in block.blocks:
                inner.block(child, in_cell=True)
            if inner.out[-1].startswith("<w:tbl>"):  # Word wants a cell to end in a paragraph
                inner.para("")
            self.table([["".join(inner.out)]], header=False, paragraphs=False)
            if not in_cell:  # keep the box apart from what follows
                self.para("")

    def table(self, rows: list[list[str]], *, header: bool, paragraphs: bool = True) -> None:
        """A Table Grid table; each cell is one paragraph of ``runs`` unless not ``paragraphs``."""
        columns = len(rows[0])
        col_width = self.width // columns
        tc = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{col_width}"/></w:tcPr>'
        parts = [
            "<w:tbl>",
            _TABLE_PROPERTIES.format(style=self.styles["Table Grid"]),
            "<w:tblGrid>",
            f'<w:gridCol w:w="{col_width}"/>' * columns,
            "</w:tblGrid>",
        ]
        for index, row in enumerate(rows):
            # The header row repeats at the top of every page the table runs onto.
            repeat = header and index == 0
            parts.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if repeat else "<w:tr>")
            if paragraphs:
                parts.extend(f"{tc}<w:p>{runs}</w:p></w:tc>" for runs in row)
            else:
                parts.extend(f"{tc}{content}</w:tc>" for content in row)
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.out.append("".join(parts))


def to_docx(document: Document, *, today: date, progress: Progress | None = None) -> bytes:
    """The document as the bytes of a .docx file.

    The file's created/modified stamps are set to ``today`` (noon UTC) rather than the clock,
    so the same data and day give the same document properties.
    """
    document = printable_document(document)
    doc = new_docx()
    stamp = datetime.combine(today, time(12), tzinfo=UTC)
    props = doc.core_properties
    props.title = document.title
    props.subject = document.subtitle
    props.author = "ptctui"
    props.created = props.modified = stamp
    props.last_modified_by = "ptctui"
    props.revision = 1
    doc.styles["Normal"].font.size = Pt(11)

    body = _Body(_StyleIds(doc), _text_width(doc))
    for label, value in document.meta:
        body.para(_run(f"{label}: ", bold=True) + _run(value))
    body.para(_run(document.title), "Title")
    if document.subtitle:
        body.para(_run(document.subtitle), "Subtitle")
    blocks = list(document.blocks())
    for index, block in enumerate(blocks, start=1):
        body.block(block)
        if progress is not None:
            progress(index, len(blocks))

    skeleton = io.BytesIO()
    doc.save(skeleton)
    return _with_body(skeleton.getvalue(), doc.part.partname.membername, "".join(body.out))


def _with_body(package: bytes, part: str, body: str) -> bytes:
    """python-docx's ``package`` with ``body`` spliced into its main document ``part``.

    The body goes in as text, before the page setup that ends the template's body, and every
    other member is copied as it is. Going back through lxml instead (parse the body, move it
    into python-docx's tree, serialise) costs time quadratic in the size of a moved subtree
    (35 s for a table of 7,000 rows). The document part is compressed at zlib's fastest level:
    the 24 MB of XML of a full committee document take 0.15 s instead of 0.8 s, for a file
    about 40% larger.
    """
    out = io.BytesIO()
    with ZipFile(io.BytesIO(package)) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                cut = data.rfind(b"<w:sectPr")
                if cut < 0:
                    cut = data.rindex(b"</w:body>")
                target.writestr(info, data[:cut] + body.encode() + data[cut:], compresslevel=1)
            else:
                target.writestr(info, data)
    return out.getvalue()


class _StyleIds(dict[str, str]):
    """Style names ("List Number") to the ids the template gives them ("ListNumber"), looked
    up once each."""

    def __init__(self, doc: DocxDocument) -> None:
        super().__init__()
        self.doc = doc

    def __missing__(self, name: str) -> str:
        self[name] = style_id = str(self.doc.styles[name].style_id)
        return style_id


def _text_width(doc: DocxDocument) -> int:
    """The width between the margins of the last section, in twips, as add_table uses it."""
    section = doc.sections[-1]
    page = section.page_width or Inches(8.5)
    margins = (section.left_margin or Inches(1)) + (section.right_margin or Inches(1))
    return int(Emu(page - margins).twips)
