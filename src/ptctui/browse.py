"""What the app's action list shows, as plain data: the scope, the filters and the search.

The scope is what the tree chose (everything, a package, a plan or a component); the filters
narrow it (a search term, statuses, overdue only, archived shown). ``BrowseState`` is what the
list holds between reads: the data stamp on screen, the rows before the search, every action's
search text and the last search made in memory, with the rules that say when a keystroke can be
answered from memory and what a row a write read back does to them.

The small pieces of wording the list shows (the line above the table, the empty table's
message) and the choices that follow from the scope (where a new action goes, which plan an
export offers first) are here too.

No Textual here (the "never imports Textual" contract lists this module): the rules are tested
as plain functions (``tests/test_browse.py``). The widget that reads and shows the rows is
``ptctui.tui.widgets.action_browser``; the queries are ``store.list_actions`` and
``store.search_texts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter
from typing import Any

from rich.text import Text
from sqlmodel import Session

from ptctui import store
from ptctui.store import ActionFilter, ActionRow
from ptctui.store.searching import (
    Hits,
    SearchIndex,
    Summary,
    index_of,
    replaced,
    summarise,
    tag_rows,
)
from ptctui.text import one_line
from ptctui.workflow import Status

Stamp = tuple[Any, ...]
"""A data stamp (``store.data_stamp``): equal stamps, unchanged data."""


@dataclass(frozen=True)
class Scope:
    """What the table shows: everything, or one package, plan or component."""

    kind: str  # all | package | plan | component
    key: str = ""
    label: str = "All actions"


ALL = Scope("all")


@dataclass(frozen=True)
class Filters:
    """What narrows the table beyond the scope chosen in the tree."""

    search: str = ""
    statuses: frozenset[Status] = frozenset()
    overdue: bool = False
    archived: bool = False
    body: str = ""  # only the actions this body leads or supports (the palette's "body: …")

    @property
    def active(self) -> bool:
        """True when anything narrows (or widens, for archived) the list."""
        return bool(self.search or self.statuses or self.overdue or self.archived or self.body)

    def describe(self) -> str:
        """The filters in words for the status line."""
        parts = []
        if self.body:
            parts.append(f"body {self.body}")
        if self.search:
            parts.append(f"matching “{self.search}”")
        if self.statuses:
            parts.append(" or ".join(s.label for s in Status if s in self.statuses))
        if self.overdue:
            parts.append("overdue only")
        if self.archived:
            parts.append("archived shown")
        return ", ".join(parts)


Key = tuple[Scope, Filters]
"""What rows were read for: the scope and the filters at the time."""


def action_filter(scope: Scope, filters: Filters) -> ActionFilter:
    """A scope and filters as ``ptctui actions`` has them."""
    return ActionFilter(
        package=scope.key if scope.kind == "package" else None,
        plan=scope.key if scope.kind == "plan" else None,
        component=scope.key if scope.kind == "component" else None,
        statuses=tuple(sorted(filters.statuses)),
        overdue=filters.overdue,
        search=filters.search or None,
        include_archived=filters.archived,
        body=filters.body or None,
    )


_UUID = attrgetter("uuid")


def search_rows(
    rows: list[ActionRow], texts: Mapping[str, str], search: str
) -> list[ActionRow]:
    """The rows whose search text holds ``search``: ``store.matches``, with the term
    normalised once rather than per row (this runs on every keystroke), in C loops over
    the buffer when ``texts`` is a ``SearchIndex``."""
    term = search.strip().lower()
    if isinstance(texts, SearchIndex):
        return texts.search(texts.hits(rows, map(_UUID, rows)), term).rows
    return [r for r in rows if term in texts.get(r.uuid, "")]


def component_for(scope: Scope, row: ActionRow | None) -> tuple[str, str] | None:
    """Where a new action goes, and the heading that names it: the component chosen in the
    tree, else the highlighted action's; ``None`` when there is neither."""
    if scope.kind == "component":
        return scope.key, scope.label
    if row is None:
        return None
    return f"{row.plan}:{row.component}", f"{row.component}. {row.component_title}"


def plan_for(scope: Scope, row: ActionRow | None) -> str | None:
    """The plan an export offers first: the tree's (a plan or one of its components), else the
    highlighted action's."""
    if scope.kind in ("plan", "component"):
        return scope.key.split(":")[0]
    return row.plan if row is not None else None


def total_tally(outline: list[store.OutlineNode]) -> store.Tally:
    """Every package's tally added up: what "All actions" counts."""
    counts: dict[Status, int] = {}
    for package in outline:
        for status, n in package.tally.counts.items():
            counts[status] = counts.get(status, 0) + n
    return store.Tally(counts=counts, overdue=sum(p.tally.overdue for p in outline))


def empty_message(*, filtered: bool, empty_database: bool, scope: Scope = ALL) -> str:
    """What an empty table says: why it is empty and what to do about it."""
    if filtered:
        return "No actions match the filters (escape clears them)."
    if empty_database:
        return (
            "No packages yet: press n to add the first one (then, in the tree, n adds a plan "
            "under it, a component under that, and actions). Or bring in another database's "
            "export with `ptctui import FILE.json`."
        )
    if scope.kind == "package":
        return "No actions here yet: in the tree, n on the package adds a plan to it."
    if scope.kind == "plan":
        return (
            "No actions here yet: in the tree, n on the plan adds a component, "
            "n on a component an action."
        )
    return "No actions here yet (n adds one in a component)."


SEARCH_CHIP = 24  # the longest search term a chip shows whole


def filter_chips(filters: Filters) -> list[str]:
    """Each active filter as a short chip: what ``Filters.describe`` says, one piece each, a
    long search term cut."""
    chips = []
    if filters.body:
        chips.append(f"body {one_line(filters.body)}")
    if filters.search:
        term = one_line(filters.search)
        if len(term) > SEARCH_CHIP:
            term = term[: SEARCH_CHIP - 1] + "…"
        chips.append(f"matching “{term}”")
    if filters.statuses:
        chips.append(" or ".join(s.label for s in Status if s in filters.statuses))
    if filters.overdue:
        chips.append("overdue only")
    if filters.archived:
        chips.append("archived shown")
    return chips


CHIP_STYLE = "reverse"


def scope_line(
    scope: Scope,
    filters: Filters,
    *,
    count: int,
    overdue: int,
    partial: bool,
    sort: str | None = None,
    width: int | None = None,
    marked: int = 0,
) -> Text:
    """The line above the table: the scope, how many actions (``partial``: only the first
    page is in yet), how many overdue, the filters as chips and the sort (``None``: document
    order).

    With a ``width``, the chips never vanish off its end: the scope's name is cut first, then
    chips that do not fit go to the next line (the text then holds newlines), each whole
    unless it alone is wider than the line.
    """
    counts = Text()
    if partial:
        counts.append(f"  {count}+ actions (reading the rest…)")
    else:
        counts.append(f"  {count} action{'s' if count != 1 else ''}")
    if overdue and not partial:
        counts.append(f"  ⚠ {overdue} overdue", style="bold red")
    if marked:
        counts.append(f"  ✓ {marked} marked", style="bold")
    pieces = [Text(f" {chip} ", style=CHIP_STYLE) for chip in filter_chips(filters)]
    if sort is not None:
        pieces.append(Text(f"sorted by {sort}", style="dim"))
    label = Text(one_line(scope.label), style="bold")
    if width is None:
        line = Text.assemble(label, counts)
        for piece in pieces:
            line.append("  ")
            line.append_text(piece)
        return line
    width = max(width, 8)
    room = width - counts.cell_len
    first = pieces[0].cell_len + 2 if pieces else 0
    if min(label.cell_len, 16) + first <= room:  # the name gives way to the first chip too
        room -= first
    if label.cell_len > room:  # the name gives way to the counts
        label.truncate(max(room - 1, 1))
        label.append("…")
    lines = [Text.assemble(label, counts)]
    for piece in pieces:
        if piece.cell_len > width:
            piece.truncate(width - 1)
            piece.append("…", style=CHIP_STYLE)
        if lines[-1].cell_len + 2 + piece.cell_len <= width:
            lines[-1].append("  ")
        else:
            lines.append(Text())
        lines[-1].append_text(piece)
    return Text("\n").join(lines)


@dataclass(frozen=True)
class Request:
    """What a worker reads for: the filter, the key it was asked for under, the search texts."""

    flt: ActionFilter
    key: Key  # (scope, filters) when the read was asked for
    texts: Mapping[str, str] | None  # the in-memory search texts, if fresh then
    texts_stamp: Stamp | None


@dataclass(frozen=True)
class Base:
    """The rows of a scope and its filters before the search narrows them."""

    key: Key  # (scope, filters without the search)
    rows: list[ActionRow]


def read_rows(
    session: Session, req: Request, *, today: date, stamp: Stamp | None = None
) -> tuple[list[ActionRow], Base]:
    """The rows ``req`` asks for, and the rows without its search they were cut from.

    The search runs over the in-memory texts when they are as fresh as ``stamp`` (or, with
    no stamp read, as fresh as the screen), else in the database.
    """
    scope, filters = req.key
    base = store.list_actions(session=session, flt=replace(req.flt, search=None), today=today)
    whole = Base((scope, replace(filters, search="")), base)
    if not req.flt.search:
        return base, whole
    if req.texts is not None and (stamp is None or stamp == req.texts_stamp):
        return search_rows(base, req.texts, req.flt.search), whole
    rows = store.list_actions(session=session, flt=req.flt, today=today)
    found = {r.uuid for r in rows}
    return [r for r in base if r.uuid in found], whole


@dataclass
class LastSearch:
    """An in-memory search: what it searched (by identity), the term, what it found (and,
    in a ``SearchIndex``, where: the next keystroke narrows from there)."""

    base: Base
    texts: Mapping[str, str]
    term: str
    found: list[ActionRow]
    hits: Hits | None = None


class BrowseState:
    """What the list holds between reads, and the rules for using it without the database.

    ``texts`` is replaced, never changed in place: a worker may be searching the old one.
    """

    def __init__(self, today: date | None = None) -> None:
        self.today = today
        """The day "late" means (for ``summary``; without it the table counts for itself)."""
        self.stamp: Stamp | None = None
        """The data stamp of what is on screen (``None`` until the first full read)."""
        self.base: Base | None = None
        """The rows of the current scope and filters without the search."""
        self.texts: Mapping[str, str] | None = None
        """Every action's lower-cased search text (``store.search_index``, or the dict of
        ``store.search_texts``), as of ``texts_stamp``; while they are stale, searches go
        to the database."""
        self.texts_stamp: Stamp | None = None
        self.last_search: LastSearch | None = None
        """The last in-memory search, to narrow from while the term grows."""
        self._start: tuple[Base, Mapping[str, str], Hits] | None = None

    @property
    def texts_fresh(self) -> bool:
        """True when the search texts are as new as what is on screen."""
        return self.texts is not None and self.texts_stamp == self.stamp

    def request(self, scope: Scope, filters: Filters) -> Request:
        """What a read of ``scope`` and ``filters`` needs, taken where the state lives (the
        main thread): a worker never reads it while the user may be changing it."""
        texts = self.texts if self.texts_stamp == self.stamp else None
        return Request(action_filter(scope, filters), (scope, filters), texts, self.texts_stamp)

    def forget_stale_texts(self) -> None:
        """Let go of search texts older than the screen (nothing searches them) before new
        ones are read: at 100,000 actions both at once would be 300 MB."""
        if not self.texts_fresh:
            self.texts = self.texts_stamp = self.last_search = self._start = None

    def take_index(self, texts: Mapping[str, str], stamp: Stamp) -> None:
        """Keep the search texts read as of ``stamp``, if that is still the stamp on screen."""
        if stamp == self.stamp:
            self.texts, self.texts_stamp = texts, stamp

    def narrow(self, scope: Scope, filters: Filters) -> list[ActionRow] | None:
        """The rows ``filters`` shows, found in memory; ``None`` when only a read can tell.

        Memory answers when only the search changed (the base is of this scope and these
        filters) and the texts are fresh. A term that contains the last one can only find
        fewer rows: those are searched instead of the whole base (typing "wild" after "wil"
        scans what "wil" found), as long as the base and texts are the very same objects.
        """
        base, texts = self.base, self.texts
        if (
            base is None
            or texts is None
            or self.texts_stamp != self.stamp
            or base.key != (scope, replace(filters, search=""))
        ):
            return None
        rows, term = base.rows, filters.search.strip().lower()
        last = self.last_search
        if last is not None and not (
            last.base is base and last.texts is texts and last.term in term
        ):
            last = None
        if isinstance(texts, SearchIndex):
            if last is not None and last.hits is not None:
                hits = texts.search(last.hits, term, after=last.term)
            elif last is not None:
                hits = texts.search(texts.hits(last.found, map(_UUID, last.found)), term)
            else:
                hits = texts.search(self._starting(base, texts), term)
            self.last_search = LastSearch(base, texts, term, hits.rows, hits)
            return hits.rows
        found = search_rows(last.found if last is not None else rows, texts, term)
        self.last_search = LastSearch(base, texts, term, found)
        return found

    def _starting(self, base: Base, texts: SearchIndex) -> Hits:
        """Every row of ``base`` as a search starts from, kept while base and texts last."""
        start = self._start
        if start is None or start[0] is not base or start[1] is not texts:
            tags = tag_rows(base.rows, self.today) if self.today is not None else ()
            hits = texts.hits(base.rows, map(_UUID, base.rows), tags)
            self._start = start = (base, texts, hits)
        return start[2]

    def _put_in_base(self, base: Base, uuid: str, row: ActionRow | None) -> None:
        """A new base with ``uuid``'s row ``row`` (or without it); where a search would start
        from keeps up with it, so the next keystroke needs no pass over the rows either."""
        at, new = index_of(base.rows, uuid), replaced(base.rows, uuid, row)
        self.base = Base(base.key, new)
        start, texts, today = self._start, self.texts, self.today
        if at is None or row is None or start is None or start[0] is not base:
            return
        if isinstance(texts, SearchIndex) and self.texts_stamp == self.stamp:
            tags = tag_rows([row], today) if today and start[2].tags else ()
            self._start = (self.base, texts, texts.put(start[2], new, at, tags))

    def summary(self, found: list[ActionRow]) -> Summary | None:
        """What the table counts and measures of ``found``, if ``narrow`` just found them
        (summed from bytes kept beside the rows: no pass over them)."""
        last = self.last_search
        if last is None or last.found is not found or last.hits is None or not last.hits.tags:
            return None
        return summarise(last.hits.tags)

    def put_row(
        self, uuid: str, row: ActionRow | None, stamp: Stamp | None, text: str, search: str
    ) -> tuple[ActionRow | None, bool]:
        """Take a row a write read back (``None``: it left the filters) as of ``stamp``.

        Returns the row to show (``None`` also when the search no longer finds it) and
        whether the search texts must be read again (they were stale before the write).
        """
        texts_fresh = self.texts_fresh
        self.stamp = stamp
        reindex = False
        if texts_fresh and self.texts is not None:  # (the second test is for mypy)
            # The only action that changed, so the texts stay fresh. New texts (unless this
            # one's is the same), not a change in place: a worker may be searching the old.
            if isinstance(self.texts, SearchIndex):
                self.texts = self.texts.with_text(uuid, text)
            else:
                self.texts = {**self.texts, uuid: text}
            self.texts_stamp = stamp
        elif stamp != self.texts_stamp:
            reindex = True
        if self.base is not None:
            self._put_in_base(self.base, uuid, row)
        if row is not None and search and not store.matches(text, search):
            row = None  # the search no longer finds it
        return row, reindex
