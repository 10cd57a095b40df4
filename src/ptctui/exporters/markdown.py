"""A document as clean Markdown (CommonMark with GitHub tables), to paste into any editor.

User text is escaped so that it renders as typed: every Markdown metacharacter that can take
effect inside a line gets a backslash (``*not emphasis*`` stays literal, ``<script>`` stays
text, a ``|`` cannot end a table cell), and a line that would start a list is defused.
Control characters were made visible before (``printable_document``): none reaches the file.

Line breaks a user wrote (an update over several lines) and the lines of an enumeration stay
lines: each is escaped on its own and ends in a hard line break (two spaces, which every
Markdown renderer honours), so none is run into the next, and none becomes a list item, a
heading or code.
"""

from __future__ import annotations

import re

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


HARD_BREAK = "  \n"


def escape_lines(text: str, indent: str = "") -> str:
    """``text`` escaped line by line, its lines joined by hard line breaks; ``indent`` starts
    every line after the first (to keep them inside a list item). Blank lines are dropped: one
    would end the paragraph."""
    lines = [escape(line) for line in text.split("\n") if line.strip()]
    return (HARD_BREAK + indent).join(lines)


def _block(block: Block, out: list[str]) -> None:
    if isinstance(block, Heading):
        out += ["#" * (block.level + 1) + " " + escape(block.text), ""]
    elif isinstance(block, Paragraph):
        if block.quote:
            out += ["> " + escape_lines(block.text, "> "), ""]
        elif block.number is not None:
            # A literal number (not a Markdown list): the document's numbering runs through
            # headings, which a Markdown ordered list would restart.
            out += [f"{block.number}\\. {escape_lines(block.text)}", ""]
        else:
            out += [escape_lines(block.text), ""]
    elif isinstance(block, BulletList):
        for bullet in block.items:
            line = f"**{escape(bullet.lead_sentence)}**" if bullet.lead else ""
            if bullet.details:
                line = (line + " " if line else "") + escape_lines(bullet.details_text, "  ")
            out.append(f"- {line}")
        out.append("")
    elif isinstance(block, Enumeration):
        out += [escape_lines("\n".join(block.items)), ""]
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
        inner = "\n".join(inner).split("\n")  # a multi-line block is several quoted lines
        while inner and not inner[-1]:
            inner.pop()
        out += [f"> {line}" if line else ">" for line in inner]
        out.append("")


def _title_block(head: TitleBlock, title: str) -> list[str]:
    """A committee document's head: issuer, code and date, then the title in capitals."""
    out: list[str] = []
    for group in ((head.organisation, head.committee, head.session), (head.code, head.dated)):
        lines = [escape(line) for line in group if line]
        if lines:
            out += [HARD_BREAK.join(lines), ""]
    out += [f"# {escape(title.upper())}", ""]
    if head.agenda_item:
        out += [escape(f"({head.agenda_item})"), ""]
    return out


def to_markdown(document: Document) -> str:
    """The whole document as Markdown."""
    document = printable_document(document)
    if document.head is not None:
        out = _title_block(document.head, document.title)
    else:
        out = [f"# {escape(document.title)}", ""]
    if document.subtitle:
        out += [f"*{escape(document.subtitle)}*", ""]
    if document.head is None:
        for label, value in document.meta:
            out.append(f"**{escape(label)}:** {escape(value)}  ")
        if document.meta:
            out[-1] = out[-1].rstrip()
            out.append("")
    for block in document.blocks():
        _block(block, out)
    return "\n".join(out).rstrip() + "\n"
