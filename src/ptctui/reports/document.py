"""The plain document model every export format renders.

A report is built once as a ``Document`` of sections holding blocks (headings, paragraphs,
bullet lists, tables, boxed notes); the renderers in ``ptctui.reports.rich`` and
``ptctui.exporters`` never query the database, they only walk this structure. Every string in
it is user text or ptctui's own prose, never markup: each renderer escapes it for its format,
after passing the document through :func:`printable_document` (control characters shown as
visible stand-ins, see ``ptctui.text``).

Paragraph numbers are assigned by the builder (straight through the document, as committee
documents number them), so every format prints the same number for the same paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from enum import Enum
from functools import cache
from typing import TypeVar

from ptctui.text import printable
from ptctui.workflow import Status


@dataclass(frozen=True)
class Bar:
    """A progress bar cell: ``done`` of ``total`` completed."""

    done: int
    total: int

    @property
    def label(self) -> str:
        """``9/24 (38%)``, for formats without colours."""
        share = round(100 * self.done / self.total) if self.total else 0
        return f"{self.done}/{self.total} ({share}%)"


@dataclass(frozen=True)
class Counts:
    """A cell of counts per status, in workflow order, zeros left out."""

    counts: tuple[tuple[Status, int], ...]

    @property
    def label(self) -> str:
        """``9 planned, 10 in progress``."""
        return ", ".join(f"{n} {status.label}" for status, n in self.counts) or "—"


Cell = str | Status | Bar | Counts
"""A table cell: text, a status (a badge or its word), a progress bar or status counts."""


def cell_text(cell: Cell) -> str:
    """A cell as plain words."""
    if isinstance(cell, Status):
        return cell.label
    if isinstance(cell, Bar | Counts):
        return cell.label
    return cell


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 for a numbered section, level 2 for a component or part."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``number`` when it is a numbered paragraph; ``quote`` sets it off."""

    text: str
    number: int | None = None
    quote: bool = False


@dataclass(frozen=True)
class Bullet:
    """One bullet: an optional lead-in (an action's title) and the sentences that follow it.

    A detail may hold line breaks (a progress update written over several lines): renderers
    keep them as line breaks inside the bullet, never run the lines together.
    """

    lead: str = ""
    details: tuple[str, ...] = ()

    @property
    def lead_sentence(self) -> str:
        """The lead-in ending with a full stop ("" without one)."""
        return _sentence(self.lead) if self.lead else ""

    @property
    def details_text(self) -> str:
        """The details as running sentences."""
        return " ".join(_sentence(d) for d in self.details)

    @property
    def text(self) -> str:
        """The bullet as one line of plain text."""
        return " ".join(part for part in (self.lead_sentence, self.details_text) if part)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?:;" else f"{text}."


@dataclass(frozen=True)
class BulletList:
    """A list of bullets."""

    items: tuple[Bullet, ...]


@dataclass(frozen=True)
class Enumeration:
    """Lines set off from the running text, each carrying its own label: the topic list
    "(i) Illicit Financial Flows;" … or "Part 1 - Promoting …;". Officers write the labels,
    so renderers print each item as it is, one per line, indented, never renumbered."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``title`` is printed above it."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str = ""


@dataclass(frozen=True)
class Box:
    """A framed note such as "Purpose of document" or "Action required"."""

    title: str
    blocks: tuple[Block, ...]


Block = Heading | Paragraph | BulletList | Enumeration | Table | Box


@dataclass(frozen=True)
class Section:
    """A run of blocks; the heading (if any) opens it."""

    heading: Heading | None
    blocks: tuple[Block, ...] = ()

    def all_blocks(self) -> Iterator[Block]:
        """The heading, then the blocks."""
        if self.heading is not None:
            yield self.heading
        yield from self.blocks


@dataclass(frozen=True)
class TitleBlock:
    """The head of a committee document, as the Secretariat lays it out (PC0608E):

        World Customs Organization
        PERMANENT TECHNICAL COMMITTEE
        239th/240th Sessions
                                                   PC0608E1
                                                   Brussels, 4 September 2020
        INTERSESSIONAL DEVELOPMENTS
        (Item II on the Agenda)

    Empty fields are left out. ``code`` is also the running header of every page but the
    first in the Word file and the HTML ``<title>``.
    """

    organisation: str = ""
    committee: str = ""
    session: str = ""
    code: str = ""
    dated: str = ""  # "Brussels, 4 September 2020" or "4 September 2020"
    agenda_item: str = ""  # "Item II on the Agenda"


@dataclass(frozen=True)
class Document:
    """A whole report: a title block and its sections.

    ``head`` is set for committee documents (drawn instead of ``meta``); ``meta`` serves the
    other reports. ``author`` and ``language`` (BCP 47, "en-GB") go into the Word file's
    properties and the HTML's ``lang``.
    """

    title: str
    subtitle: str = ""
    # The title block, as (label, value) pairs: committee, session, document code, date.
    meta: tuple[tuple[str, str], ...] = ()
    sections: tuple[Section, ...] = field(default_factory=tuple)
    head: TitleBlock | None = None
    author: str = ""
    language: str = "en-GB"

    def blocks(self) -> Iterator[Block]:
        """Every block of every section, in order (boxes are not opened)."""
        for section in self.sections:
            yield from section.all_blocks()


def roman(number: int) -> str:
    """``4`` → ``IV``: section numbers of committee documents."""
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = []
    for value, letters in numerals:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


T = TypeVar("T")


def printable_document(document: Document) -> Document:
    """``document`` with every string passed through :func:`ptctui.text.printable`.

    Each renderer calls this first, so no format can let a control character through, whoever
    built the document.
    """
    return _printable(document)


def _printable(value: T) -> T:
    # What is already printable comes back as the very same object, so a document without a
    # control character is walked but not copied (a full committee document has 150,000
    # strings); only the parts that hold one are rebuilt.
    if isinstance(value, Enum):  # a Status is a str too; it stays a Status
        return value
    if isinstance(value, str):
        return printable(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        items = [_printable(v) for v in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return tuple(items)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for name in _init_fields(type(value)):
            old = getattr(value, name)
            new = _printable(old)
            if new is not old:
                changes[name] = new
        return replace(value, **changes) if changes else value
    return value


@cache
def _init_fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.init)
