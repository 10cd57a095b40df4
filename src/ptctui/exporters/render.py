"""One entry point from a report's document to the bytes of a format.

Summaries and plan tables are written as the terminal shows them (Rich's recorded console) for
txt, ansi, html and svg; the committee document is written from its document model for HTML
(a page that prints like the document) and through Rich for the terminal formats. Markdown and
Word always come from the document model.
"""

from __future__ import annotations

from datetime import date

from ptctui.exporters import console, docx, html, markdown
from ptctui.exporters.docx import Progress
from ptctui.reports.document import Document
from ptctui.reports.rich import document_renderable


def render(
    document: Document,
    fmt: str,
    *,
    report: str,
    today: date,
    progress: Progress | None = None,
    width: int = console.WIDTH,
) -> bytes:
    """``document`` in ``fmt`` (one of ``REPORT_FORMATS[report]``), as bytes.

    ``width`` is the terminal width, in columns, of the Rich-drawn formats.
    """
    if fmt == "md":
        return markdown.to_markdown(document).encode()
    if fmt == "docx":
        return docx.to_docx(document, today=today, progress=progress)
    if fmt == "html" and report == "intersessional":
        return html.to_html(document).encode()
    renderable = document_renderable(document)
    if fmt == "txt":
        return console.to_text(renderable, width=width).encode()
    if fmt == "ansi":
        return console.to_text(renderable, width=width, styles=True).encode()
    if fmt == "html":
        return console.to_html(renderable, width=width).encode()
    if fmt == "svg":
        return console.to_svg(renderable, title=f"ptctui {report}", width=width).encode()
    raise ValueError(f"no renderer for {fmt!r}")  # pragma: no cover - formats are checked first
