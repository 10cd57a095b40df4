"""A document as a standalone HTML page, built from the document model.

Every report is written this way: headings, numbered paragraphs, lists and real tables (with
a header row, the first column as row headers), statuses as coloured badges and progress as a
bar, all from a small embedded stylesheet, so the page reads, searches, prints and copies like a
document rather than a picture of a terminal. Every string goes through ``html.escape`` (after
``printable_document`` has made control characters visible, so none reaches the page raw).

Line breaks a user wrote stay line breaks (``<br>``); a committee document opens with its title
block (issuer on the left, code and date on the right, the title in capitals) and carries its
code in the page's ``<title>``; the print stylesheet lays it out on A4 with the committee
documents' margins and keeps a bullet or a numbered paragraph on one page.

It is also quick: one pass over the document, a string per block; drawing the same tables with
Rich's recorded console took seconds for the 10,000 actions of a full summary.
"""

from __future__ import annotations

from html import escape

from ptctui.reports.document import (
    Bar,
    Block,
    Box,
    BulletList,
    Cell,
    Counts,
    Document,
    Enumeration,
    Heading,
    Paragraph,
    Table,
    TitleBlock,
    printable_document,
)
from ptctui.workflow import Status

# Badge colours: the app's status colours (ptctui.views.STATUS_STYLES), darkened where white
# text on them would not be legible on paper.
STATUS_COLOURS: dict[Status, tuple[str, str]] = {
    Status.PLANNED: ("#5f5f5f", "#fff"),
    Status.IN_PROGRESS: ("#ff8700", "#000"),
    Status.ONGOING: ("#1c5fd0", "#fff"),
    Status.COMPLETED: ("#008700", "#fff"),
    Status.POSTPONED: ("#d7c400", "#000"),
    Status.ON_HOLD: ("#5f00af", "#fff"),
    Status.CANCELLED: ("#c00000", "#fff"),
}
"""Background and text colour of each status badge; counts use the background as text colour."""


def status_class(status: Status) -> str:
    """``s-in-progress``: the class that colours a status."""
    return "s-" + status.value.replace("_", "-")


STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 48em; margin: 2em auto;
       line-height: 1.45; color: #111; padding: 0 1em; }
body.wide { max-width: 80em; }
h1, h2, h3 { color: #000; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
.head { margin-bottom: 1.5em; }
.head p, .head-title p { margin: 0; }
.head .committee { text-transform: uppercase; }
.head .code { text-align: right; }
.head-title { text-align: center; margin-bottom: 1.5em; }
.head-title h1 { text-transform: uppercase; font-size: 1.2em; margin: 0 0 0.3em; }
.enumeration { margin: 0.5em 0 1em 3em; }
.enumeration p { margin: 0; }
.subtitle { color: #555; margin-top: 0; }
.meta { border-collapse: collapse; margin-bottom: 1em; }
.meta th { text-align: left; padding-right: 1em; color: #555; font-weight: normal; }
.box { border: 1px solid #333; padding: 0.3em 1em; margin: 1em 0; }
.box h2 { font-size: 1em; margin: 0.5em 0; }
p.numbered { padding-left: 2.5em; text-indent: -2.5em; }
p.numbered .number { display: inline-block; width: 2.5em; text-indent: 0; }
blockquote { font-style: italic; margin: 0.5em 3em; }
table.data { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em;
       font-family: system-ui, sans-serif; font-size: 0.9em; line-height: 1.3; }
table.data caption { text-align: left; font-weight: bold; padding: 0.2em 0; }
table.data th, table.data td { border: 1px solid #999; padding: 0.2em 0.4em;
       vertical-align: top; text-align: left; }
table.data thead th { background: #eee; }
table.data .indent-1 { padding-left: 1.6em; }
table.data .indent-2 { padding-left: 2.8em; }
table.data .status, table.data .bar { white-space: nowrap; }
table.data .late { color: #c00000; }
.badge { font-weight: bold; padding: 0 0.35em; border-radius: 0.2em; }
.meter { display: inline-block; width: 5em; height: 0.7em; border: 1px solid #777;
       vertical-align: baseline; margin-right: 0.4em; }
.meter span { display: block; height: 100%; background: #008700; }
@page { size: A4; margin: 2.5cm; }
@page wide { size: A4 landscape; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  body.wide { page: wide; max-width: none; }
  h1, h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  li, p.numbered, blockquote, .enumeration, .box, tr { break-inside: avoid;
       page-break-inside: avoid; }
  p { orphans: 3; widows: 3; }
  .badge, .meter span { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
""" + "".join(
    f".badge.{status_class(s)} {{ background: {bg}; color: {fg}; }}\n"
    f".count.{status_class(s)} {{ color: {bg}; }}\n"
    for s, (bg, fg) in STATUS_COLOURS.items()
)


def _cell(cell: Cell) -> tuple[str, str]:
    """A table cell's class and content: a badge for a status, a bar, coloured counts, or
    escaped text."""
    if isinstance(cell, Status):
        return "status", f'<span class="badge {status_class(cell)}">{cell.label}</span>'
    if isinstance(cell, Bar):
        share = round(100 * cell.done / cell.total) if cell.total else 0
        meter = f'<span class="meter"><span style="width: {share}%"></span></span>'
        return "bar", meter + cell.label
    if isinstance(cell, Counts):
        counts = ", ".join(
            f'<span class="count {status_class(s)}">{n} {s.label}</span>' for s, n in cell.counts
        )
        return "", counts or "—"
    if cell.startswith("⚠ "):  # an overdue deadline: the sign and a colour
        return "late", escape(cell)
    return "", escape(cell)


def _table(block: Table, out: list[str]) -> None:
    out.append('<table class="data">')
    if block.title:
        out.append(f"<caption>{escape(block.title)}</caption>")
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in block.columns)
    out.append(f"<thead><tr>{head}</tr></thead>")
    out.append("<tbody>")
    append = out.append
    for row in block.rows:
        cells = []
        for index, value in enumerate(row):
            if index == 0 and isinstance(value, str) and value.startswith("  "):
                # A plan under its package (the summary indents it by two spaces per level).
                depth = min((len(value) - len(value.lstrip(" "))) // 2, 2)
                kind, content = f"indent-{depth}", escape(value.lstrip(" "))
            else:
                kind, content = _cell(value)
            attrs = f' class="{kind}"' if kind else ""
            if index == 0:  # the first column names the row (a reference, a package)
                cells.append(f'<th scope="row"{attrs}>{content}</th>')
            else:
                cells.append(f"<td{attrs}>{content}</td>")
        append(f"<tr>{''.join(cells)}</tr>")
    out.append("</tbody>")
    out.append("</table>")


def _text(text: str) -> str:
    """``text`` escaped, its line breaks kept as ``<br>``."""
    return escape(text).replace("\n", "<br>\n")


def _block(block: Block, out: list[str]) -> None:
    if isinstance(block, Heading):
        tag = f"h{block.level + 1}"
        out.append(f"<{tag}>{escape(block.text)}</{tag}>")
    elif isinstance(block, Paragraph):
        if block.quote:
            out.append(f"<blockquote>{_text(block.text)}</blockquote>")
        elif block.number is not None:
            out.append(
                f'<p class="numbered"><span class="number">{block.number}.</span>'
                f"{_text(block.text)}</p>"
            )
        else:
            out.append(f"<p>{_text(block.text)}</p>")
    elif isinstance(block, BulletList):
        out.append("<ul>")
        for bullet in block.items:
            lead = f"<strong>{escape(bullet.lead_sentence)}</strong>" if bullet.lead else ""
            gap = " " if lead and bullet.details else ""
            out.append(f"<li>{lead}{gap}{_text(bullet.details_text)}</li>")
        out.append("</ul>")
    elif isinstance(block, Enumeration):
        # The officer's own labels, one item per line: not a list the browser would renumber.
        out.append('<div class="enumeration">')
        out.extend(f"<p>{escape(item)}</p>" for item in block.items)
        out.append("</div>")
    elif isinstance(block, Table):
        _table(block, out)
    elif isinstance(block, Box):
        out.append(f'<div class="box"><h2>{escape(block.title)}</h2>')
        for child in block.blocks:
            _block(child, out)
        out.append("</div>")


def _title_block(head: TitleBlock, title: str, out: list[str]) -> None:
    """A committee document's head, as the Secretariat lays it out."""
    out.append('<header class="head">')
    out.append('<div class="issuer">')
    for kind, value in (
        ("organisation", head.organisation),
        ("committee", head.committee),
        ("session", head.session),
    ):
        if value:
            out.append(f'<p class="{kind}">{escape(value)}</p>')
    out.append("</div>")
    out.append('<div class="code">')
    out.extend(f"<p>{escape(value)}</p>" for value in (head.code, head.dated) if value)
    out.append("</div>")
    out.append("</header>")
    out.append('<div class="head-title">')
    out.append(f"<h1>{escape(title)}</h1>")
    if head.agenda_item:
        out.append(f"<p>({escape(head.agenda_item)})</p>")
    out.append("</div>")


def to_html(document: Document) -> str:
    """The whole document as an HTML page (wider when it holds tables)."""
    document = printable_document(document)
    wide = any(isinstance(block, Table) for block in document.blocks())
    head = document.head
    title = f"{head.code} – {document.title}" if head is not None and head.code else document.title
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(document.language or "en")}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        '<body class="wide">' if wide else "<body>",
    ]
    if head is not None:
        _title_block(head, document.title, out)
    else:
        if document.meta:
            out.append('<table class="meta">')
            for label, value in document.meta:
                out.append(f'<tr><th scope="row">{escape(label)}</th><td>{escape(value)}</td></tr>')
            out.append("</table>")
        out.append(f"<h1>{escape(document.title)}</h1>")
    if document.subtitle:
        out.append(f'<p class="subtitle">{escape(document.subtitle)}</p>')
    for block in document.blocks():
        _block(block, out)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
