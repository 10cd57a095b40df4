"""The officers' own text of a committee document: ptctui's defaults, the file officers edit,
and how a section's Markdown becomes the document's paragraphs.

A section's text is a small Markdown: paragraphs separated by blank lines (lines of one
paragraph run together); ``> `` sets a paragraph off as a quotation; lines starting ``- ``
are a bullet list; lines starting with a label, ``(i)`` … or ``Part 1``, are a list kept as
written; in a plan's section, a line ``{actions}`` places its list of actions. Paragraphs are
numbered straight through the document, except in the summary's two boxes.

All the sections of a document are edited as one file (``ptctui documents text CODE``):
a ``## `` line names each section (``## introduction``, ``## package CEP``), an HTML comment
at the top says how. What does not live here: storing the text (``store.documents``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ptctui.reports.document import Block, Bullet, BulletList, Enumeration, Paragraph
from ptctui.store.documents import SECTIONS, Place
from ptctui.text import quote

ACTIONS = "{actions}"
"""The line of a plan's section that stands for its list of actions."""
DEFAULT = "{default}"
"""A section's whole text in the edited file that puts ptctui's default text back."""

_LABEL = re.compile(r"^(?:\((?:[ivxlcdm]+|[a-z]|\d+)\)|Part \d+\b)", re.IGNORECASE)
_HEADING = re.compile(r"^## +(\S+)(?: +(\S.*?))? *$")

TAKE_NOTE = "take note of the intersessional developments."


@dataclass(frozen=True)
class Context:
    """What the default texts speak of."""

    committee: str
    window: str  # "between 1 May 2019 and 31 March 2020"
    left_out: tuple[str, ...] = ()  # names of packages with nothing to report


def default_text(
    place: Place, context: Context, *, name: str = "", aim: str = "", note: str = ""
) -> str:
    """ptctui's text for a section nobody has written: what the Secretariat writes there.

    ``name``, ``aim`` and ``note`` are the package's (name, aim, background) or the plan's
    (title, -, note) for those sections."""
    committee, window = context.committee, context.window
    if place.section == "purpose":
        return (
            f"This document compiles developments under WCO packages {window} that are "
            f"relevant to the {committee} but are not otherwise covered under other agenda "
            "items of this meeting."
        )
    if place.section == "invited":
        return f"The {committee} is invited to:\n\n- {TAKE_NOTE}"
    if place.section == "closing":
        return f"The {committee} is requested to:\n\n- {TAKE_NOTE}"
    if place.section == "introduction":
        text = (
            f"The Committee is invited to take note of developments under WCO packages {window} "
            "and to consider their potential influence on its future work."
        )
        if context.left_out:
            names = _join(list(context.left_out))
            text += (
                f"\n\nNothing has been reported {window} under the {names}, which this "
                "document therefore does not cover."
            )
        return text
    paragraphs = [note.strip()] if note.strip() else []
    if place.section == "package":
        if aim.strip():
            paragraphs.append(f"The {name} has the following high-level aim:\n\n> {aim.strip()}")
        return "\n\n".join(paragraphs)
    paragraphs.append(
        f"The following summarizes progress on the implementation of the {name} {window}:"
    )
    paragraphs.append(ACTIONS)
    return "\n\n".join(paragraphs)


def to_blocks(
    text: str, number: Callable[[str], Paragraph] | None, actions: Callable[[], list[Block]]
) -> list[Block]:
    """A section's Markdown as blocks; ``number`` makes a numbered paragraph (``None`` in the
    boxes: unnumbered), ``actions`` gives the list ``{actions}`` stands for."""
    out: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [line.rstrip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines == [ACTIONS]:
            out.extend(actions())
        elif all(line.startswith(">") for line in lines):
            body = " ".join(line[1:].strip() for line in lines)
            out.append(Paragraph(body, quote=True))
        elif all(line.lstrip().startswith(("- ", "* ")) for line in lines):
            items = tuple(Bullet(details=(line.lstrip()[2:].strip(),)) for line in lines)
            out.append(BulletList(items))
        elif all(_LABEL.match(line.strip()) for line in lines):
            out.append(Enumeration(tuple(line.strip() for line in lines)))
        else:
            body = " ".join(line.strip() for line in lines)
            out.append(number(body) if number else Paragraph(body))
    return out


# --- the file officers edit ------------------------------------------------------------------


class NarrativeError(ValueError):
    """A narrative file ptctui cannot read; ``str()`` is one line."""


HELP = """<!--
{code}: the text officers write, one section after each "## " line.
Paragraphs are separated by blank lines. "> " quotes a paragraph, "- " starts a bullet,
lines starting "(i)" or "Part 1" stay as written. In a plan's section, the line {actions}
is where its list of actions goes. A section reading only {default} gets ptctui's text
back; a section left out of the file is left as it is. Nothing here is parsed as HTML.
-->"""


def to_file(code: str, texts: list[tuple[Place, str]]) -> str:
    """The whole narrative of a document as one Markdown file, sections in document order."""
    parts = [HELP.format(code=code, actions=ACTIONS, default=DEFAULT)]
    for place, text in texts:
        parts.append(f"## {place.label}\n\n{text.strip()}\n")
    return "\n\n".join(parts).rstrip() + "\n"


def from_file(content: str) -> dict[Place, str | None]:
    """The sections of an edited narrative file (``None``: back to the default), or a
    one-line ``NarrativeError`` naming the line that is wrong."""
    content = re.sub(r"\A\s*<!--.*?-->", "", content, count=1, flags=re.DOTALL)
    found: dict[Place, list[str]] = {}
    current: list[str] | None = None
    for number, line in enumerate(content.splitlines(), start=1):
        if line.startswith("## "):
            match = _HEADING.match(line)
            section = match[1].lower() if match else ""
            code = match[2] if match else None
            if section not in SECTIONS:
                raise NarrativeError(
                    f"line {number}: unknown section {quote(line[3:], 40)}; sections are: "
                    + ", ".join(SECTIONS)
                )
            if (section in ("package", "plan")) != bool(code):
                need = "names its code" if section in ("package", "plan") else "takes no code"
                raise NarrativeError(f"line {number}: section {section} {need}")
            place = Place(section, code)
            if place in found:
                raise NarrativeError(f"line {number}: section {place.label} comes twice")
            current = found[place] = []
            continue
        if current is None:
            if line.strip():
                raise NarrativeError(
                    f"line {number}: text before the first section (start it with a "
                    "line such as '## introduction')"
                )
            continue
        current.append(line)
    out: dict[Place, str | None] = {}
    for place, lines in found.items():
        text = "\n".join(lines).strip()
        out[place] = None if text == DEFAULT else text
    return out


def changed_sections(
    shown: list[tuple[Place, str]], edited: dict[Place, str | None]
) -> dict[Place, str | None]:
    """Of an edited file, the sections whose text differs from what was shown: a section
    left as ptctui's default text stays the default (it follows the window and names)."""
    before = {place: text.strip() for place, text in shown}
    return {p: t for p, t in edited.items() if p not in before or (t or "") != before[p]}


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
