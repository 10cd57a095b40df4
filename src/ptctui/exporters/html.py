"""A document as a standalone HTML page, built from the document model.

Every string goes through ``html.escape``; the page carries its own small stylesheet so it
prints like a committee document (numbered paragraphs with a hanging number, framed boxes).
Summaries and plan tables can also be written from Rich's recorded console
(``ptctui.exporters.console.to_html``), which looks like the terminal.
"""

from __future__ import annotations

from html import escape

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
from ptctui.workflow import Status

STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 48em; margin: 2em auto;
       line-height: 1.45; color: #111; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-top: 1.2em; }
.subtitle { color: #555; margin-top: 0; }
.meta { border-collapse: collapse; margin-bottom: 1em; }
.meta th { text-align: left; padding-right: 1em; color: #555; font-weight: normal; }
.box { border: 1px solid #333; padding: 0.3em 1em; margin: 1em 0; }
.box h2 { font-size: 1em; margin: 0.5em 0; }
p.numbered { padding-left: 2.5em; text-indent: -2.5em; }
p.numbered .number { display: inline-block; width: 2.5em; text-indent: 0; }
blockquote { font-style: italic; margin: 0.5em 3em; }
table.data { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
table.data th, table.data td { border: 1px solid #999; padding: 0.2em 0.4em;
       vertical-align: top; text-align: left; }
.status { white-space: nowrap; font-weight: bold; }
"""


def _block(block: Block, out: list[str]) -> None:
    if isinstance(block, Heading):
        tag = f"h{block.level + 1}"
        out.append(f"<{tag}>{escape(block.text)}</{tag}>")
    elif isinstance(block, Paragraph):
        if block.quote:
            out.append(f"<blockquote>{escape(block.text)}</blockquote>")
        elif block.number is not None:
            out.append(
                f'<p class="numbered"><span class="number">{block.number}.</span>'
                f"{escape(block.text)}</p>"
            )
        else:
            out.append(f"<p>{escape(block.text)}</p>")
    elif isinstance(block, BulletList):
        out.append("<ul>")
        for bullet in block.items:
            lead = f"<strong>{escape(bullet.lead_sentence)}</strong>" if bullet.lead else ""
            gap = " " if lead and bullet.details else ""
            out.append(f"<li>{lead}{gap}{escape(bullet.details_text)}</li>")
        out.append("</ul>")
    elif isinstance(block, Table):
        out.append('<table class="data">')
        if block.title:
            out.append(f"<caption>{escape(block.title)}</caption>")
        out.append("<tr>" + "".join(f"<th>{escape(c)}</th>" for c in block.columns) + "</tr>")
        for row in block.rows:
            cells = "".join(
                f'<td class="status">{escape(c.label)}</td>'
                if isinstance(c, Status)
                else f"<td>{escape(cell_text(c))}</td>"
                for c in row
            )
            out.append(f"<tr>{cells}</tr>")
        out.append("</table>")
    elif isinstance(block, Box):
        out.append(f'<div class="box"><h2>{escape(block.title)}</h2>')
        for child in block.blocks:
            _block(child, out)
        out.append("</div>")


def to_html(document: Document) -> str:
    """The whole document as an HTML page."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(document.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
    ]
    if document.meta:
        out.append('<table class="meta">')
        for label, value in document.meta:
            out.append(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>")
        out.append("</table>")
    out.append(f"<h1>{escape(document.title)}</h1>")
    if document.subtitle:
        out.append(f'<p class="subtitle">{escape(document.subtitle)}</p>')
    for block in document.blocks():
        _block(block, out)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
