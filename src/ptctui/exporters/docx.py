"""A document as a Word file (python-docx) that officers can go on editing.

Real Word structure rather than look-alike formatting: section and component titles use the
"Heading 1" / "Heading 2" styles (so Word's navigation pane and table of contents work),
numbered paragraphs use "List Number" (Word numbers them itself, straight through the
document, as committee documents are numbered; should the document's own numbers not run
1, 2, 3 … they are written out instead, so Word never shows other numbers), bullets use
"List Bullet", tables are Word tables whose header row repeats on every page, and the boxes
are one-cell bordered tables.
Text is written as runs of plain text, so nothing a user typed is interpreted; control
characters, which Word's XML cannot hold, are first made visible by ``printable_document``.

python-docx supplies the package (its default template: styles, numbering, page setup) and
the document properties, but not the body: one python-docx call per paragraph, run and cell
costs about a millisecond, so the 10,000 bullets of a full committee document took 17 s. The
body is written as one WordprocessingML string instead, every text escaped, and put into the
package python-docx saved: a fraction of a second.

The look (A4, Arial, black headings, running header and page numbers, properties) is
``ptctui.exporters.docx_style``'s. A committee document opens with its title block; a wide
table (a plan's, seven columns) is set on a landscape page of its own section, with columns as
wide as their content needs (a reference narrow, an action's title wide). The same document
gives the same bytes: no clock is read, and every zip entry carries the document's own date.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx import Document as new_docx
from docx.document import Document as DocxDocument

from ptctui.exporters import docx_layout, docx_style
from ptctui.reports.document import (
    Block,
    Box,
    BulletList,
    Document,
    Enumeration,
    Heading,
    Paragraph,
    Table,
    TitleBlock,
    cell_text,
    printable_document,
)

Progress = Callable[[int, int], None]

_BREAKS = re.compile(r"([\t\r\n])")

# A table as wide as the text, its columns as set (fixed layout), first row and column marked
# as headers for the table style.
_TABLE_PROPERTIES = (
    '<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:type="dxa" w:w="{width}"/>'
    '<w:tblLayout w:type="fixed"/>'
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


def _run(text: str, *, bold: bool = False, caps: bool = False) -> str:
    """A run of ``text``; ``caps`` shows it in capitals (the text itself stays as written)."""
    if not text:
        return ""
    props = ("<w:b/>" if bold else "") + ("<w:caps/>" if caps else "")
    if props:
        return f"<w:r><w:rPr>{props}</w:rPr>{_text(text)}</w:r>"
    return f"<w:r>{_text(text)}</w:r>"


# A numbered paragraph whose number is written out: Word's numbering off, the same hanging
# indent and tab as Word's own numbers.
_LITERAL_NUMBER = (
    '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
    f'<w:tabs><w:tab w:val="left" w:pos="{docx_style.INDENT}"/></w:tabs>'
    f'<w:ind w:left="{docx_style.INDENT}" w:hanging="{docx_style.INDENT}"/>'
)


def _numbers(blocks: list[Block]) -> list[int]:
    """The paragraph numbers of ``blocks``, boxes opened, in the order Word would count them."""
    out: list[int] = []
    for block in blocks:
        if isinstance(block, Box):
            out += _numbers(list(block.blocks))
        elif isinstance(block, Paragraph) and block.number is not None and not block.quote:
            out.append(block.number)
    return out


class _Body:
    """Writes blocks as WordprocessingML into a list of strings.

    ``styles`` maps style names ("List Number") to the ids the template gives them
    ("ListNumber"); ``width`` is the text width in twentieths of a point.
    """

    def __init__(
        self, styles: _StyleIds, width: int, spacing: str = "", *, literal: bool = False
    ) -> None:
        self.styles = styles
        self.width = width
        self.spacing = spacing  # the paragraphs' spacing, where the style's does not apply
        self.literal = literal  # write paragraph numbers out rather than let Word count
        self.out: list[str] = []

    def para(self, runs: str, style: str | None = None, props: str = "") -> None:
        """A paragraph of ``runs`` in ``style``, with more paragraph properties ``props``."""
        if self.spacing and not props:
            props = self.spacing
        if style:
            props = f'<w:pStyle w:val="{self.styles[style]}"/>{props}'
        pr = f"<w:pPr>{props}</w:pPr>" if props else ""
        self.out.append(f"<w:p>{pr}{runs}</w:p>")

    def block(self, block: Block, *, in_cell: bool = False) -> None:
        if isinstance(block, Heading):
            if in_cell:  # a heading style inside a box would join the navigation pane
                self.para(_run(block.text, bold=True))
            else:
                self.para(_run(block.text), f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            style = "Quote" if block.quote else "List Number" if block.number is not None else None
            if self.literal and block.number is not None and not block.quote:
                self.para(_run(f"{block.number}.\t{block.text}"), style, _LITERAL_NUMBER)
            else:
                self.para(_run(block.text), style)
        elif isinstance(block, BulletList):
            para, run = self.para, _run
            for bullet in block.items:
                runs = run(bullet.lead_sentence, bold=True) if bullet.lead else ""
                if bullet.details:
                    runs += run(f" {bullet.details_text}" if bullet.lead else bullet.details_text)
                para(runs, "List Bullet")
        elif isinstance(block, Enumeration):
            for item in block.items:
                self.para(_run(item), "Enumeration")
        elif isinstance(block, Table):
            if block.title:
                self.para(_run(block.title, bold=True), props="<w:keepNext/>")
            shares = [docx_layout.share(name) for name in block.columns]
            self.table(
                [[_run(name, bold=True) for name in block.columns]]
                + [[_run(cell_text(value)) for value in row] for row in block.rows],
                header=True,
                widths=[int(self.width * share / sum(shares)) for share in shares],
            )
        elif isinstance(block, Box):
            # In a box, the table style's spacing (none) would pack the paragraphs together.
            inner = _Body(
                self.styles,
                self.width,
                '<w:spacing w:before="60" w:after="60"/>',
                literal=self.literal,
            )
            inner.para(_run(block.title, bold=True))
            for child in block.blocks:
                inner.block(child, in_cell=True)
            if inner.out[-1].startswith("<w:tbl>"):  # Word wants a cell to end in a paragraph
                inner.para("")
            self.table([["".join(inner.out)]], header=False, paragraphs=False)
            if not in_cell:  # keep the box apart from what follows
                self.para("")

    def table(
        self,
        rows: list[list[str]],
        *,
        header: bool,
        paragraphs: bool = True,
        widths: list[int] | None = None,
    ) -> None:
        """A Table Grid table; each cell is one paragraph of ``runs`` in the small "Table
        Text" unless not ``paragraphs``; ``widths`` of the columns, or one full-width column."""
        widths = widths or [self.width]
        cells = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr>' for w in widths]
        p, end = "", "</w:tc>"
        if paragraphs:
            p = f'<w:p><w:pPr><w:pStyle w:val="{self.styles["Table Text"]}"/></w:pPr>'
            end = "</w:p></w:tc>"
        parts = [
            "<w:tbl>",
            _TABLE_PROPERTIES.format(style=self.styles["Table Grid"], width=sum(widths)),
            "<w:tblGrid>",
            "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        for index, row in enumerate(rows):
            # The header row repeats at the top of every page the table runs onto, and no
            # row is split over two pages.
            repeat = "<w:tblHeader/>" if header and index == 0 else ""
            parts.append(f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>")
            parts.extend(f"{tc}{p}{content}{end}" for tc, content in zip(cells, row, strict=True))
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self.out.append("".join(parts))


def _title_block(body: _Body, document: Document, head: TitleBlock) -> None:
    """The head as the Secretariat lays it out: organisation, committee (in capitals) and
    session on the left; the code and the date on the right; the title in bold capitals and
    the agenda item, centred."""
    right, centre = '<w:jc w:val="right"/>', '<w:jc w:val="center"/>'
    for value, caps in ((head.organisation, False), (head.committee, True), (head.session, False)):
        if value:
            body.para(_run(value, caps=caps), "Title Block")
    if head.code:
        body.para(_run(head.code, bold=True), "Title Block", f'<w:spacing w:before="240"/>{right}')
    if head.dated:
        body.para(_run(head.dated), "Title Block", right)
    body.para(
        _run(document.title, bold=True, caps=True), "Title", f'<w:spacing w:before="480"/>{centre}'
    )
    if head.agenda_item:
        body.para(_run(f"({head.agenda_item})"), "Title Block", centre)


def to_docx(
    document: Document,
    *,
    today: date,
    progress: Progress | None = None,
    created: datetime | None = None,
) -> bytes:
    """The document as the bytes of a .docx file.

    The file's created/modified stamps (and its zip entries' times) are ``created``, or else
    noon UTC of the day the title block's date line names, or else of ``today``: never the
    clock, so the same document gives the same bytes.
    """
    document = printable_document(document)
    head = document.head
    stamp = (
        created
        or (docx_style.dated(head.dated) if head is not None else None)
        or datetime.combine(today, time(12), tzinfo=UTC)
    )
    doc = new_docx()
    docx_style.properties(
        doc,
        title=document.title,
        author=document.author,
        language=document.language or "en-GB",
        stamp=stamp,
    )
    docx_style.house_style(doc, language=document.language)
    refs = docx_style.headers(doc, code=head.code if head is not None else "")

    blocks = list(document.blocks())
    landscape = docx_layout.landscape_blocks(blocks)
    current = landscape[0] if landscape else False
    first = True
    numbers = _numbers(blocks)
    literal = numbers != list(range(1, len(numbers) + 1))
    body = _Body(_StyleIds(doc), docx_layout.text_width(current), literal=literal)
    if head is not None:
        _title_block(body, document, head)
    else:
        for label, value in document.meta:
            body.para(_run(f"{label}: ", bold=True) + _run(value))
        body.para(_run(document.title), "Title")
    if document.subtitle:
        body.para(_run(document.subtitle), "Subtitle", '<w:jc w:val="center"/>' if head else "")
    for index, (block, turn) in enumerate(zip(blocks, landscape, strict=True), start=1):
        if turn != current:  # end the section: its properties go in its last paragraph
            section = docx_layout.section_properties(
                landscape=current, refs=refs if first else "", first=first
            )
            body.para("", props=section)
            current, first = turn, False
            body.width = docx_layout.text_width(current)
        body.block(block)
        if progress is not None:
            progress(index, len(blocks))
    final = docx_layout.section_properties(
        landscape=current, refs=refs if first else "", first=first
    )

    skeleton = io.BytesIO()
    doc.save(skeleton)
    return _package(
        skeleton.getvalue(),
        doc.part.partname.membername,
        "".join(body.out),
        final,
        stamp=stamp,
    )


def _package(package: bytes, part: str, body: str, section: str, *, stamp: datetime) -> bytes:
    """python-docx's ``package`` with ``body`` and the last ``section``'s properties spliced
    into its main document ``part``, the extended properties replaced, and every zip entry
    dated ``stamp``.

    The body goes in as text, in place of the template's page setup, and every other member is
    copied as it is. Going back through lxml instead (parse the body, move it into
    python-docx's tree, serialise) costs time quadratic in the size of a moved subtree (35 s
    for a table of 7,000 rows). The document part is compressed at zlib's fastest level: the
    24 MB of XML of a full committee document take 0.15 s instead of 0.8 s, for a file about
    40% larger. python-docx dates the entries with the clock; they get ``stamp`` instead.
    """
    when = max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with ZipFile(io.BytesIO(package)) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            entry = ZipInfo(info.filename, date_time=when)
            entry.compress_type = ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            if info.filename == part:
                cut = data.rfind(b"<w:sectPr")
                if cut < 0:
                    cut = data.rindex(b"</w:body>")
                end = data.rindex(b"</w:body>")
                data = data[:cut] + body.encode() + section.encode() + data[end:]
                target.writestr(entry, data, compresslevel=1)
                continue
            if info.filename == "docProps/app.xml":
                data = docx_style.APP_XML
            target.writestr(entry, data)
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
