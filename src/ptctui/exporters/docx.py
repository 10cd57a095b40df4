"""A document as a Word file (python-docx) that officers can go on editing.

Real Word structure rather than look-alike formatting: section and component titles use the
"Heading 1" / "Heading 2" styles (so Word's navigation pane and table of contents work),
numbered paragraphs use "List Number" (Word numbers them itself, straight through the
document, as committee documents are numbered), bullets use "List Bullet", tables are Word
tables with a header row, and the boxes are one-cell bordered tables. Text is added as runs of
plain text, so nothing a user typed is interpreted.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime, time

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.shared import Pt
from docx.table import _Cell

from ptctui.reports.document import (
    Block,
    Box,
    BulletList,
    Document,
    Heading,
    Paragraph,
    Table,
    cell_text,
)

Progress = Callable[[int, int], None]


def _add_block(doc: DocxDocument | _Cell, block: Block) -> None:
    if isinstance(block, Heading):
        if isinstance(doc, _Cell):
            doc.add_paragraph().add_run(block.text).bold = True
        else:
            doc.add_heading(block.text, level=block.level)
    elif isinstance(block, Paragraph):
        if block.quote:
            para = doc.add_paragraph(style="Quote")
        elif block.number is not None:
            para = doc.add_paragraph(style="List Number")
        else:
            para = doc.add_paragraph()
        para.add_run(block.text)
    elif isinstance(block, BulletList):
        for bullet in block.items:
            para = doc.add_paragraph(style="List Bullet")
            if bullet.lead:
                para.add_run(bullet.lead_sentence).bold = True
                if bullet.details:
                    para.add_run(" ")
            if bullet.details:
                para.add_run(bullet.details_text)
    elif isinstance(block, Table):
        if block.title:
            doc.add_paragraph().add_run(block.title).bold = True
        table = doc.add_table(rows=1, cols=len(block.columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, block.columns, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(name).bold = True
        for row in block.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = cell_text(value)
    elif isinstance(block, Box):
        frame = doc.add_table(rows=1, cols=1)
        frame.style = "Table Grid"
        inner = frame.cell(0, 0)
        inner.paragraphs[0].add_run(block.title).bold = True
        for child in block.blocks:
            _add_block(inner, child)
        if not isinstance(doc, _Cell):
            doc.add_paragraph()


def to_docx(document: Document, *, today: date, progress: Progress | None = None) -> bytes:
    """The document as the bytes of a .docx file.

    The file's created/modified stamps are set to ``today`` (noon UTC) rather than the clock,
    so the same data and day give the same document properties.
    """
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
    for label, value in document.meta:
        para = doc.add_paragraph()
        para.add_run(f"{label}: ").bold = True
        para.add_run(value)
    doc.add_heading(document.title, level=0)
    if document.subtitle:
        doc.add_paragraph(style="Subtitle").add_run(document.subtitle)
    blocks = list(document.blocks())
    for index, block in enumerate(blocks, start=1):
        _add_block(doc, block)
        if progress is not None:
            progress(index, len(blocks))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
