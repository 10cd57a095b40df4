"""A document as clean Markdown (CommonMark with GitHub tables), to paste into any editor.

User text is escaped so that it renders as typed: every Markdown metacharacter that can take
effect inside a line gets a backslash (``*not emphasis*`` stays literal, ``<script>`` stays
text, a ``|`` cannot end a table cell), and a line that would start a list is defused.
Control characters were made visible before (``printable_document``): none reaches the file.
"""

from __future__ import annotations

import re

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

_META = re.compile(r"([\\`*_\[\]<>#|~&])")
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])", flags=re.M)


def escape(text: str) -> str:
    """``text`` with Markdown metacharacters backslash-escaped, on one line."""
    text = " ".join(text.split())
    text = _META.sub(r"\\\1", text)
    # "-", "=" and "1." only mean something at the start of a line.
    if text and text[0] in "-=+":
        text = "\\" + text
    return _LINE_START.sub(r"\1\2\\\3", text)


def _block(block: Block, out: list[str]) -> None:
    if isinstance(block, Heading):
        out += ["#" * (block.level + 1) + " " + escape(block.text), ""]
    elif isinstance(block, Paragraph):
        if block.quote:
            out += ["> " + escape(block.text), ""]
        elif block.number is not None:
            # A literal number (not a Markdown list): the document's numbering runs through
            # headings, which a Markdown ordered list would restart.
            out += [f"{block.number}\\. {escape(block.text)}", ""]
        else:
            out += [escape(block.text), ""]
    elif isinstance(block, BulletList):
        for bullet in block.items:
            line = f"**{escape(bullet.lead_sentence)}**" if bullet.lead else ""
            if bullet.details:
                line = (line + " " if line else "") + escape(bullet.details_text)
            out.append(f"- {line}")
        out.append("")
    elif isinstance(block, Table):
        if block.title:
            out += [f"**{escape(block.title)}**", ""]
        out.append("| " + " | ".join(escape(c) for c in block.columns) + " |")
        out.append("|" + "|".join(" --- " for _ in block.columns) + "|")
        for row in block.rows:
            out.append("| " + " | ".join(escape(cell_text(c)) for c in row) + " |")
        out.append("")
    elif isinstance(block, Box):
        out += [f"> **{escape(block.title)}**", ">"]
        inner: list[str] = []
        for child in block.blocks:
            _block(child, inner)
        while inner and not inner[-1]:
            inner.pop()
        out += [f"> {line}" if line else ">" for line in inner]
        out.append("")


def to_markdown(document: Document) -> str:
    """The whole document as Markdown."""
    document = printable_document(document)
    out = [f"# {escape(document.title)}", ""]
    if document.subtitle:
        out += [f"*{escape(document.subtitle)}*", ""]
    for label, value in document.meta:
        out.append(f"**{escape(label)}:** {escape(value)}  ")
    if document.meta:
        out[-1] = out[-1].rstrip()
        out.append("")
    for block in document.blocks():
        _block(block, out)
    return "\n".join(out).rstrip() + "\n"
