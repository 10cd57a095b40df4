"""The main screen: the tree of plans, the action table and the highlighted action in full.

This screen owns the bindings that act on actions. Every read and write runs in a thread
worker with its own session through ``ptctui.store``; workers post messages back and only the
message handlers touch widgets, so the interface never waits on the database. A timer asks
the database for a cheap "data stamp" every two seconds, so changes made by another process
appear without the user doing anything, with the cursor kept on the same action.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.text import Text
from sqlalchemy.engine import Engine
from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input, Static, Tree
from textual.worker import get_current_worker

from ptctui import store, views
from ptctui.errors import user_message
from ptctui.forms import ActionForm, MoveRequest, UpdateRequest
from ptctui.models import Action, ActionEdit
from ptctui.store import ActionFilter, ActionRow
from ptctui.text import one_line
from ptctui.tui.widgets.action_table import ActionTable
from ptctui.tui.widgets.control_pictures import CONTROL_PICTURES
from ptctui.tui.widgets.detail_view import PLACEHOLDER, DetailView, render_strips
from ptctui.tui.widgets.key_bar import KeyBar
from ptctui.tui.widgets.plan_tree import ALL, PlanTree, Scope
from ptctui.tui.widgets.search_input import SearchInput
from ptctui.workflow import NEXT, Status

if TYPE_CHECKING:
    from ptctui.exporters.jobs import ExportJob
    from ptctui.tui.app import PtcApp

POLL_SECONDS = 2.0
DETAIL_DELAY = 0.05  # seconds the detail waits for the cursor to settle
WIDE = 120  # from this width the detail sits beside the table instead of below it
FIRST_PAGE = 120  # rows read before the first screen; the rest follow a moment later


def _search_rows(rows: list[ActionRow], texts: dict[str, str], search: str) -> list[ActionRow]:
    """The rows whose search text holds ``search``: ``store.matches``, with the term
    normalised once rather than per row (this runs on every keystroke)."""
    term = search.strip().lower()
    return [r for r in rows if term in texts.get(r.uuid, "")]


@dataclass(frozen=True)
class Request:
    """What a worker reads for: the filter, the screen's key for it, the search texts."""

    flt: ActionFilter
    key: tuple[Any, ...]  # (scope, filters) when the read was asked for
    texts: dict[str, str] | None  # the in-memory search texts, if fresh then
    texts_stamp: tuple[Any, ...] | None


@dataclass(frozen=True)
class Base:
    """The rows of a scope and its filters before the search narrows them."""

    key: tuple[Any, ...]  # (scope, filters without the search)
    rows: list[ActionRow]


@dataclass(frozen=True)
class Filters:
    """What narrows the table beyond the scope chosen in the tree."""

    search: str = ""
    statuses: frozenset[Status] = frozenset()
    overdue: bool = False
    archived: bool = False

    @property
    def active(self) -> bool:
        """True when anything narrows (or widens, for archived) the list."""
        return bool(self.search or self.statuses or self.overdue or self.archived)

    def describe(self) -> str:
        """The filters in words for the status line."""
        parts = []
        if self.search:
            parts.append(f"matching “{self.search}”")
        if self.statuses:
            parts.append(" or ".join(s.label for s in Status if s in self.statuses))
        if self.overdue:
            parts.append("overdue only")
        if self.archived:
            parts.append("archived shown")
        return ", ".join(parts)


def _action_filter(scope: Scope, filters: Filters) -> ActionFilter:
    """A scope and filters as ``ptctui actions`` has them."""
    return ActionFilter(
        package=scope.key if scope.kind == "package" else None,
        plan=scope.key if scope.kind == "plan" else None,
        component=scope.key if scope.kind == "component" else None,
        statuses=tuple(sorted(filters.statuses)),
        overdue=filters.overdue,
        search=filters.search or None,
        include_archived=filters.archived,
    )


class MainScreen(Screen[None]):
    """Browse packages → plans → components → actions, and act on the highlighted action."""

    BINDINGS = [
        Binding(
            "space",
            "advance",
            "Advance",
            id="action.advance",
            tooltip="Move to the natural next status (planned → in progress → completed)",
        ),
        Binding(
            "s",
            "pick_status",
            "Status",
            id="action.status",
            tooltip="Choose among the moves the workflow allows",
        ),
        Binding(
            "u",
            "add_update",
            "Update",
            id="action.update",
            tooltip="Record a dated progress update",
        ),
        Binding("e", "edit", "Edit", id="action.edit", tooltip="Edit the action"),
        Binding("n", "new", "New", id="action.new", tooltip="New action in the selected component"),
        Binding(
            "d",
            "archive",
            "Archive",
            id="action.archive",
            tooltip="Archive (hide) the action, after confirmation",
        ),
        Binding("ctrl+z", "undo", "Undo", id="action.undo", tooltip="Undo the last change"),
        Binding(
            "slash",
            "search",
            "Search",
            id="view.search",
            tooltip="Search titles, descriptions and updates as you type",
        ),
        Binding("f", "filter_status", "Filter", id="view.filter", tooltip="Filter by status"),
        Binding(
            "o", "toggle_overdue", "Overdue", id="view.overdue", tooltip="Only overdue actions"
        ),
        Binding(
            "A",
            "toggle_archived",
            "Archived",
            show=False,
            id="view.archived",
            tooltip="Show archived actions too",
        ),
        Binding(
            "escape",
            "clear_filters",
            "Clear filters",
            show=False,
            id="view.clear",
            tooltip="Clear search and filters",
        ),
        Binding(
            "g",
            "dashboard",
            "Dashboard",
            id="app.dashboard",
            tooltip="Counts, overdue, upcoming deadlines, latest changes",
        ),
        Binding(
            "x",
            "export",
            "Export",
            id="app.export",
            tooltip="Write a report (summary, plan, committee document) to a file",
        ),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key"),
        Binding("q", "app.quit", "Quit", id="app.quit", tooltip="Quit ptctui"),
    ]

    scope: reactive[Scope] = reactive(ALL)
    filters: reactive[Filters] = reactive(Filters)
    wide: reactive[bool] = reactive(False)

    # --- messages the workers post back -------------------------------------------------

    class Loaded(Message):
        """The outline and the table's rows, read together."""

        def __init__(
            self,
            outline: list[store.OutlineNode] | None,
            rows: list[ActionRow],
            stamp: tuple[Any, ...] | None,
            keep: str | None,
            base: Base | None,
            key: tuple[Any, ...],
            names: store.Names | None = None,
        ) -> None:
            super().__init__()
            self.outline, self.rows, self.stamp, self.keep = outline, rows, stamp, keep
            # base None: only the first page of the rows (and no outline or stamp yet); the
            # whole of it follows in a second Loaded.
            self.base = base
            self.key = key  # the scope and filters the rows were read for
            self.names = names  # the codes the dialogs offer, read with the outline

    class RowsLoaded(Message):
        """New rows for the table (scope or filters changed)."""

        def __init__(
            self, rows: list[ActionRow], keep: str | None, base: Base, key: tuple[Any, ...]
        ) -> None:
            super().__init__()
            self.rows, self.keep, self.base, self.key = rows, keep, base, key

    class IndexBuilt(Message):
        """The search texts of every action, as of the data stamp ``stamp``."""

        def __init__(self, texts: dict[str, str], stamp: tuple[Any, ...]) -> None:
            super().__init__()
            self.texts, self.stamp = texts, stamp

    class DetailLoaded(Message):
        """The highlighted action in full."""

        def __init__(
            self, uuid: str, renderable: RenderableType, lines: list[Strip], width: int
        ) -> None:
            super().__init__()
            self.uuid, self.renderable, self.lines, self.width = uuid, renderable, lines, width

    class Written(Message):
        """A change was committed; ``in_place`` when only that action's row changed.

        For an in-place change the writer has already read the row back (``refreshed``):
        ``row`` is it without the search (``None`` if it no longer matches the filters),
        ``stamp`` the data stamp just after the write and ``before`` the one just before it,
        read under the write lock: if ``before`` is not the stamp the screen shows, someone
        else changed something meanwhile and only a full reload shows it.
        """

        def __init__(
            self,
            summary: str,
            uuid: str | None,
            in_place: bool = False,
            *,
            refreshed: bool = False,
            row: ActionRow | None = None,
            stamp: tuple[Any, ...] | None = None,
            before: tuple[Any, ...] | None = None,
            text: str | None = None,
        ) -> None:
            super().__init__()
            self.summary, self.uuid, self.in_place = summary, uuid, in_place
            self.refreshed, self.row, self.stamp, self.text = refreshed, row, stamp, text
            self.before = before

    class OutlineLoaded(Message):
        """Fresh tallies for the tree (after a change that kept the table's rows)."""

        def __init__(self, outline: list[store.OutlineNode]) -> None:
            super().__init__()
            self.outline = outline

    class Failed(Message):
        """A read or write failed; nothing was written."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    class StampChanged(Message):
        """Someone (maybe another process) changed the data."""

    def __init__(
        self,
        *,
        engine: Engine,
        today: date,
        by: str,
        first_page: list[ActionRow] | None = None,
    ) -> None:
        """``first_page``: the rows of ``read_first_page``, if the caller has read them."""
        super().__init__()
        self.engine = engine
        self.today = today
        self.by = by
        self._stamp: tuple[Any, ...] | None = None
        self._detail_uuid: str | None = None
        self._scope_line: Text | None = None
        # Incremental search runs in memory: the rows of the scope and filters without the
        # search (``_base``) and every action's searchable text (``_texts``, as of
        # ``_texts_stamp``). While the texts are stale, searches go to the database.
        self._base: Base | None = None
        self._texts: dict[str, str] | None = None
        self._texts_stamp: tuple[Any, ...] | None = None
        # The last in-memory search: (base, texts, term, rows found), to narrow from.
        self._last_search: tuple[Base, dict[str, str], str, list[ActionRow]] | None = None
        # The first screen shows a page of rows before all of them are read (100,000 rows
        # take over a second); ``_partial`` is true while that page is all the table has.
        self._first_page = first_page or None
        self._first_load = self._first_page is None
        self._partial = False

    @property
    def ptc(self) -> PtcApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification that shows its words literally.

        Change summaries, errors and file paths quote user text (a title, a reference): never
        read as markup, control characters made visible, on one line.
        """
        super().notify(
            one_line(message),
            title=one_line(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The layout class from the terminal's width before the widgets are styled: set on
        # mount, it restyled every widget once more before the first frame.
        self.wide = self.app.size.width >= WIDE
        with Horizontal(id="body"):
            yield PlanTree(id="tree")
            with Container(id="work"):
                with Vertical(id="centre"):
                    yield Static(id="scope-line", markup=False)
                    search = SearchInput(
                        placeholder="Search titles, descriptions, updates…",
                        id="search",
                        highlighter=CONTROL_PICTURES,
                    )
                    search.display = False  # until / opens it
                    yield search
                    yield ActionTable(today=self.today, id="actions")
                yield DetailView(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        search = self.query_one("#search", SearchInput)
        # Watched, not messaged: the rows are filtered in the same turn as the keystroke, so
        # one frame shows both the letter and the rows. With Input.Changed a frame showing
        # only the letter went first, and the screen's 60 fps timer held the next one back
        # by 17-33 ms.
        self.watch(search, "value", self._search_changed, init=False)
        self.query_one(ActionTable).focus()
        if self._first_page is not None:
            # Shown in the first frame. The worker reads everything else once that frame is
            # drawn: started now, it would take turns with the drawing for the interpreter.
            self._partial = len(self._first_page) == FIRST_PAGE  # else it is all of them
            self._show_rows(self._first_page, None)
            self._first_page = None
            self.call_after_refresh(self.reload)
        else:
            self.reload()
        self.set_interval(POLL_SECONDS, self.poll)

    def on_resize(self) -> None:
        self.wide = self.size.width >= WIDE

    def watch_wide(self, wide: bool) -> None:
        self.set_class(wide, "-wide")

    # --- loading -----------------------------------------------------------------------------

    def _flt(self) -> ActionFilter:
        """The current scope and filters, search included (as ``ptctui actions`` has them)."""
        return _action_filter(self.scope, self.filters)

    @staticmethod
    def read_first_page(*, session: Session, today: date) -> list[ActionRow]:
        """The first rows the screen opens on (all actions, no filters).

        The app reads them before its event loop starts: nothing is on screen yet to keep
        waiting, and the first frame then shows actions instead of an empty table that a
        worker fills a moment later.
        """
        return store.list_actions(
            session=session, flt=_action_filter(ALL, Filters()), today=today, limit=FIRST_PAGE
        )

    def _request(self) -> Request:
        """What a read needs, taken on the main thread: a worker never reads the screen's
        state while the user may be changing it."""
        texts = self._texts if self._texts_stamp == self._stamp else None
        return Request(self._flt(), (self.scope, self.filters), texts, self._texts_stamp)

    def _rows(
        self, session: Session, req: Request, stamp: tuple[Any, ...] | None = None
    ) -> tuple[list[ActionRow], Base]:
        """The rows ``req`` asks for, and the rows without its search they were cut from.

        The search runs over the in-memory texts when they are as fresh as ``stamp`` (or, with
        no stamp read, as fresh as the screen), else in the database.
        """
        scope, filters = req.key
        base = store.list_actions(
            session=session, flt=replace(req.flt, search=None), today=self.today
        )
        whole = Base((scope, replace(filters, search="")), base)
        if not req.flt.search:
            return base, whole
        if req.texts is not None and (stamp is None or stamp == req.texts_stamp):
            return _search_rows(base, req.texts, req.flt.search), whole
        rows = store.list_actions(session=session, flt=req.flt, today=self.today)
        found = {r.uuid for r in rows}
        return [r for r in base if r.uuid in found], whole

    def reload(self, keep: str | None = None) -> None:
        """Read the outline, the rows and the data stamp again (in a worker)."""
        first, self._first_load = self._first_load, False
        self._reload(self._request(), keep, first)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _reload(self, req: Request, keep: str | None, first: bool) -> None:
        """Read the outline, the rows and the data stamp, in one session."""
        try:
            with store.reading(self.engine) as session:
                if first:
                    # The first page before anything else: its cost does not grow with the
                    # data, unlike the tree's tallies and the data stamp, which follow.
                    page = store.list_actions(
                        session=session, flt=req.flt, today=self.today, limit=FIRST_PAGE
                    )
                    if len(page) == FIRST_PAGE:  # more to come: show these now
                        self.post_message(self.Loaded(None, page, None, keep, None, req.key))
                outline = store.outline(session=session, today=self.today)
                names = store.names(session=session)
                stamp = store.data_stamp(session=session)
                rows, base = self._rows(session, req, stamp)
        except Exception as error:  # shown to the user; the app keeps running
            self.post_message(self.Failed(user_message(error) or repr(error)))
            return
        if get_current_worker().is_cancelled:  # superseded: a newer read is on its way
            return
        self.post_message(self.Loaded(outline, rows, stamp, keep, base, req.key, names))

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def build_index(self) -> None:
        """Read every action's search text, so that searching needs no database."""
        try:
            with store.reading(self.engine) as session:
                stamp = store.data_stamp(session=session)
                texts = store.search_texts(session=session)
        except Exception:  # searching falls back to the database; nothing to tell
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.IndexBuilt(texts, stamp))

    def on_main_screen_index_built(self, message: IndexBuilt) -> None:
        if message.stamp == self._stamp:
            self._texts, self._texts_stamp = message.texts, message.stamp

    def load_rows(self, keep: str | None = None) -> None:
        """Read the table's rows for the current scope and filters (in a worker)."""
        self._load_rows(self._request(), keep)

    @work(thread=True, exclusive=True, group="rows", exit_on_error=False)
    def _load_rows(self, req: Request, keep: str | None) -> None:
        try:
            with store.reading(self.engine) as session:
                rows, base = self._rows(session, req)
        except Exception as error:
            self.post_message(self.Failed(user_message(error) or repr(error)))
            return
        if get_current_worker().is_cancelled:  # superseded: a newer read is on its way
            return
        self.post_message(self.RowsLoaded(rows, keep, base, req.key))

    def load_detail(self, uuid: str) -> None:
        """Show the action ``uuid`` in full in the detail pane (read and drawn in a worker)."""
        self._load_detail(uuid, self.query_one(DetailView).line_width)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load_detail(self, uuid: str, width: int) -> None:
        """Read one action in full and render it to lines of ``width`` cells, off the main
        thread (Rich renderables are headless).

        The worker waits a moment first: while a key is held, each new cursor position
        cancels the previous (exclusive) worker, so only where the cursor stops is rendered.
        """
        time.sleep(DETAIL_DELAY)
        if get_current_worker().is_cancelled:
            return
        try:
            with store.reading(self.engine) as session:
                action = store.resolve_action(session=session, ref=uuid)
                detail = store.action_detail(session=session, action=action)
        except Exception as error:
            self.post_message(self.Failed(user_message(error) or repr(error)))
            return
        if get_current_worker().is_cancelled:  # superseded: a newer read is on its way
            return
        renderable = views.action_view(detail, today=self.today)
        lines = render_strips(renderable, width)
        if not get_current_worker().is_cancelled:
            self.post_message(self.DetailLoaded(uuid, renderable, lines, width))

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll(self) -> None:
        """Notice changes made elsewhere: compare the data stamp with the last one read."""
        try:
            with store.reading(self.engine) as session:
                stamp = store.data_stamp(session=session)
        except Exception:  # a busy or briefly unreachable database: try again next tick
            return
        busy = any(w.group in ("write", "load") and not w.is_finished for w in self.workers)
        if self._stamp is not None and stamp != self._stamp and not busy:
            # (while our own write or reload is under way, its reload brings the news)
            self.post_message(self.StampChanged())

    def _load_tree(self, outline: list[store.OutlineNode]) -> None:
        counts: dict[Status, int] = {}
        for package in outline:
            for status, n in package.tally.counts.items():
                counts[status] = counts.get(status, 0) + n
        total = store.Tally(counts=counts, overdue=sum(p.tally.overdue for p in outline))
        self.query_one(PlanTree).load(outline, total)

    def _current_key(self) -> tuple[Any, ...]:
        return (self.scope, self.filters)

    def on_main_screen_loaded(self, message: Loaded) -> None:
        if message.names is not None:
            self.ptc.names = message.names
        if message.stamp is not None:
            self._stamp = message.stamp
        if message.outline is not None:
            self._load_tree(message.outline)
        if message.key != self._current_key():
            return  # read for a scope or filters since changed: a newer read shows them
        self._base = message.base
        self._partial = message.base is None
        self._show_rows(message.rows, message.keep)
        if self._texts_stamp != message.stamp and not self._partial:
            self.build_index()

    def on_main_screen_rows_loaded(self, message: RowsLoaded) -> None:
        if message.key != self._current_key():
            return  # superseded by a newer scope or filter
        self._base = message.base
        self._partial = False
        self._show_rows(message.rows, message.keep)

    def _show_rows(self, rows: list[ActionRow], keep: str | None) -> None:
        table = self.query_one(ActionTable)
        if self.filters.active:
            table.empty_message = "No actions match the filters (escape clears them)."
        elif not self.query_one(PlanTree).root.children:
            table.empty_message = (
                "The database is empty. Bring in another database's export with "
                "`ptctui import FILE.json`, or start in a new folder with `ptctui init` "
                "for the bundled PC0608E data."
            )
        else:
            table.empty_message = "No actions here yet (n adds one in a component)."
        had_row = table.current is not None
        table.set_rows(rows, keep=keep)
        self._update_scope_line()
        if (table.current is not None) != had_row:
            self.refresh_bindings()  # check_action's answer changed: redraw the footer
        if table.current is None:
            self._detail_uuid = None
            self.query_one(DetailView).show(PLACEHOLDER)
        elif table.current.uuid != self._detail_uuid or keep:
            self.load_detail(table.current.uuid)

    def on_main_screen_detail_loaded(self, message: DetailLoaded) -> None:
        current = self.query_one(ActionTable).current
        if current is not None and current.uuid == message.uuid:
            same = message.uuid == self._detail_uuid  # re-read after a change: stay in place
            self._detail_uuid = message.uuid
            self.query_one(DetailView).show(
                message.renderable, message.lines, message.width, keep_scroll=same
            )

    def on_main_screen_stamp_changed(self) -> None:
        current = self.query_one(ActionTable).current
        self.reload(current.uuid if current else None)

    def on_main_screen_failed(self, message: Failed) -> None:
        self.notify(message.error, title="Nothing was changed", severity="error", timeout=8)

    def on_main_screen_written(self, message: Written) -> None:
        self.notify(message.summary, timeout=4)
        table = self.query_one(ActionTable)
        if (
            message.in_place
            and message.refreshed
            and message.uuid
            and message.before == self._stamp  # nobody else wrote since our last read
            and any(r.uuid == message.uuid for r in table.rows)
        ):
            # One row, read back by the writer: fast at any size. The tallies (a heavier
            # query) are read once that row is drawn, not meanwhile.
            self._refreshed(message.uuid, message.row, message.stamp, message.text or "")
            self.call_after_refresh(self.load_outline)
        else:
            self.reload(message.uuid)

    def _refreshed(
        self, uuid: str, row: ActionRow | None, stamp: tuple[Any, ...] | None, text: str
    ) -> None:
        """Put a row the writer read back in place, in the table and in the search state."""
        texts_fresh = self._texts is not None and self._texts_stamp == self._stamp
        self._stamp = stamp
        if texts_fresh and self._texts is not None:  # (the second test is for mypy)
            # The only action that changed, so the texts stay fresh. A new dict, not a change
            # in place: a worker may be searching the old one right now.
            self._texts = {**self._texts, uuid: text}
            self._texts_stamp = stamp
        elif stamp != self._texts_stamp:
            self.build_index()
        if self._base is not None:
            rows = [row if r.uuid == uuid else r for r in self._base.rows]
            self._base = Base(self._base.key, [r for r in rows if r is not None])
        search = self.filters.search
        if row is not None and search and not store.matches(text, search):
            row = None  # the search no longer finds it
        self._show_row(uuid, row)

    def on_main_screen_outline_loaded(self, message: OutlineLoaded) -> None:
        self._load_tree(message.outline)

    def _show_row(self, uuid: str, row: ActionRow | None) -> None:
        self.query_one(ActionTable).replace_row(uuid, row)
        self._update_scope_line()
        current = self.query_one(ActionTable).current
        if current is not None:
            self.load_detail(current.uuid)

    def _update_scope_line(self) -> None:
        table = self.query_one(ActionTable)
        late = table.overdue_count
        line = Text(one_line(self.scope.label), style="bold")
        if self._partial:
            line.append(f"  {len(table.rows)}+ actions (reading the rest…)")
        else:
            line.append(f"  {len(table.rows)} action{'s' if len(table.rows) != 1 else ''}")
        if late and not self._partial:
            line.append(f"  ⚠ {late} overdue", style="bold red")
        if self.filters.active:
            line.append(f"  · {one_line(self.filters.describe())}", style="italic")
        if table.sort_key != "order" or table.sort_reverse:
            line.append(f"  · sorted by {table.sort_label}", style="dim")
        # The line is one row high whatever it says (app.tcss), so no layout is needed; and a
        # cursor move, which lands here too, need not repaint a line that has not changed.
        if line != self._scope_line:
            self._scope_line = line
            self.query_one("#scope-line", Static).update(line, layout=False)

    # --- reacting to the widgets ---------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#tree")
    def _scope_from_tree(self, event: Tree.NodeHighlighted[Scope]) -> None:
        if event.node.data is not None and event.node.data != self.scope:
            self.scope = event.node.data

    def watch_scope(self) -> None:
        if self.is_mounted:
            self.load_rows()

    def watch_filters(self, old: Filters, new: Filters) -> None:
        if not self.is_mounted or old == new:
            return
        base, texts = self._base, self._texts
        if (
            base is not None
            and texts is not None
            and self._texts_stamp == self._stamp
            and base.key == (self.scope, replace(new, search=""))
        ):
            # Only the search changed and everything it needs is in memory: no database.
            # A term that contains the last one can only find fewer rows: look among those
            # (typing "wild" after "wil" scans what "wil" found, not every action).
            rows, term = base.rows, new.search.strip().lower()
            last = self._last_search
            if last is not None and last[0] is base and last[1] is texts and last[2] in term:
                rows = last[3]
            found = _search_rows(rows, texts, term)
            self._last_search = (base, texts, term, found)
            self._show_rows(found, None)
        else:
            self.load_rows()

    @on(ActionTable.Highlighted)
    def _highlighted(self, event: ActionTable.Highlighted) -> None:
        if event.row is not None and event.row.uuid != self._detail_uuid:
            self.load_detail(event.row.uuid)
        self._update_scope_line()

    @on(ActionTable.Selected)
    def _opened(self, event: ActionTable.Selected) -> None:
        self.query_one(DetailView).focus()

    def _search_changed(self, value: str) -> None:
        self.filters = replace(self.filters, search=value.strip())

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one(ActionTable).focus()

    # --- writing ------------------------------------------------------------------------------

    @work(thread=True, group="write", exit_on_error=False)
    def write(
        self, change: Callable[[Session], tuple[str, str | None]], *, in_place: bool = False
    ) -> None:
        """Run one change in one transaction; report the summary or the error.

        ``in_place``: the change touches only the returned action's own row, so the table
        can refresh that row instead of re-reading every action.
        """
        try:
            with store.writing(self.engine) as session:
                # Under the write lock: nobody else commits between this and the change.
                before = store.data_stamp(session=session)
                summary, uuid = change(session)
        except Exception as error:  # the transaction rolled back: nothing half-written
            self.post_message(self.Failed(user_message(error) or f"unexpected error: {error!r}"))
            return
        if not (in_place and uuid):
            self.post_message(self.Written(summary, uuid, in_place))
            return
        # Read the row back here, at once: the new status is on screen one message later,
        # and the tree's tallies (a heavier query) follow in a second message.
        try:
            with store.reading(self.engine) as session:
                flt = replace(self._flt(), uuids=(uuid,), search=None)
                rows = store.list_actions(session=session, flt=flt, today=self.today)
                stamp = store.data_stamp(session=session)
                text = store.search_texts(session=session, uuids=[uuid]).get(uuid, "")
            self.post_message(
                self.Written(
                    summary,
                    uuid,
                    in_place,
                    refreshed=True,
                    row=rows[0] if rows else None,
                    stamp=stamp,
                    before=before,
                    text=text,
                )
            )
        except Exception:  # committed all the same; a full reload shows it
            self.post_message(self.Written(summary, uuid))

    @work(thread=True, exclusive=True, group="outline", exit_on_error=False)
    def load_outline(self) -> None:
        """Read the tree's tallies again (after a change that kept the table's rows)."""
        try:
            with store.reading(self.engine) as session:
                outline = store.outline(session=session, today=self.today)
        except Exception:  # a full reload reads them with everything else
            self.post_message(self.StampChanged())
            return
        if not get_current_worker().is_cancelled:  # superseded: a newer read is on its way
            self.post_message(self.OutlineLoaded(outline))

    def _current(self) -> ActionRow | None:
        row = self.query_one(ActionTable).current
        if row is None:
            self.notify("No action highlighted.", severity="warning", timeout=3)
        return row

    def _move(self, row: ActionRow, request: MoveRequest) -> None:
        def change(session: Session) -> tuple[str, str | None]:
            action = store.resolve_action(session=session, ref=row.uuid)
            done = store.move_action(
                session=session,
                action=action,
                status=request.status,
                by=self.by,
                note=request.note,
                deadline=request.deadline,
            )
            return done.summary, row.uuid

        self.write(change, in_place=True)

    def action_advance(self) -> None:
        row = self._current()
        if row is None:
            return
        target = NEXT.get(row.status)
        if target is None:
            self.notify(
                f"{row.ref} is {row.status.label}: no natural next step; "
                "press s to choose a status.",
                severity="warning",
                timeout=4,
            )
            return
        self._move(row, MoveRequest(status=target))

    def action_pick_status(self) -> None:
        from ptctui.tui.dialogs.status_picker import StatusPicker

        row = self._current()
        if row is None:
            return

        def picked(request: MoveRequest | None) -> None:
            if request is not None:
                self._move(row, request)

        self.app.push_screen(StatusPicker(ref=row.ref, title=row.title, current=row.status), picked)

    def action_add_update(self) -> None:
        from ptctui.tui.dialogs.update import UpdateDialog

        row = self._current()
        if row is None:
            return

        def done(request: UpdateRequest | None) -> None:
            if request is None:
                return

            def change(session: Session) -> tuple[str, str | None]:
                action = store.resolve_action(session=session, ref=row.uuid)
                result = store.add_update(
                    session=session,
                    action=action,
                    text=request.text,
                    by=self.by,
                    as_of=request.as_of,
                    meeting=request.meeting,
                )
                return result.summary, row.uuid

            self.write(change, in_place=True)

        self.app.push_screen(
            UpdateDialog(
                ref=row.ref, title=row.title, today=self.today, meetings=self.ptc.names.meetings
            ),
            done,
        )

    def action_edit(self) -> None:
        row = self._current()
        if row is not None:
            self._load_for_edit(row)

    @work(thread=True, exclusive=True, group="edit", exit_on_error=False)
    def _load_for_edit(self, row: ActionRow) -> None:
        try:
            with store.reading(self.engine) as session:
                action = store.resolve_action(session=session, ref=row.uuid)
                detail = store.action_detail(session=session, action=action)
        except Exception as error:
            self.post_message(self.Failed(user_message(error) or repr(error)))
            return
        self.app.call_from_thread(self._open_edit, row, detail)

    def _open_edit(self, row: ActionRow, detail: store.ActionDetail) -> None:
        from ptctui.tui.dialogs.action import ActionDialog

        a = detail.action
        initial = ActionForm(
            title=a.title,
            description=a.description,
            kind=a.kind,
            deadline=a.deadline_label or "",
            lead=tuple(detail.lead),
            supporting=tuple(detail.supporting),
            funding_note=a.funding_note,
        )

        def done(form: ActionForm | None) -> None:
            if form is None or form == initial:
                return

            def change(session: Session) -> tuple[str, str | None]:
                action = store.resolve_action(session=session, ref=row.uuid)
                edit = ActionEdit(
                    title=form.title,
                    description=form.description,
                    kind=form.kind,
                    deadline=form.deadline if form.deadline != initial.deadline else None,
                    funding_note=form.funding_note,
                )
                result = store.edit_action(
                    session=session,
                    action=action,
                    edit=edit,
                    by=self.by,
                    lead=list(form.lead),
                    supporting=list(form.supporting),
                )
                return result.summary, row.uuid

            self.write(change, in_place=True)

        self.app.push_screen(
            ActionDialog(heading=f"Edit {row.ref}", bodies=self.ptc.names.bodies, initial=initial),
            done,
        )

    def action_new(self) -> None:
        from ptctui.tui.dialogs.action import ActionDialog

        component = self.scope.key if self.scope.kind == "component" else None
        heading = self.scope.label
        if component is None:
            row = self.query_one(ActionTable).current
            if row is None:
                self.notify("Select a component in the tree first.", severity="warning")
                return
            component = f"{row.plan}:{row.component}"
            heading = f"{row.component}. {row.component_title}"

        def done(form: ActionForm | None) -> None:
            if form is None:
                return

            def change(session: Session) -> tuple[str, str | None]:
                action, result = store.add_action(
                    session=session,
                    component=store.get_component(session=session, spec=component),
                    title=form.title,
                    by=self.by,
                    description=form.description,
                    kind=form.kind,
                    deadline=form.deadline or None,
                    lead=form.lead,
                    supporting=form.supporting,
                    funding_note=form.funding_note,
                )
                return result.summary, action.uuid

            self.write(change)

        self.app.push_screen(
            ActionDialog(heading=f"New action in {heading}", bodies=self.ptc.names.bodies),
            done,
        )

    def action_archive(self) -> None:
        from ptctui.tui.dialogs.confirm import ConfirmDialog

        row = self._current()
        if row is None:
            return
        archived = not row.archived
        question = Text(f"{'Archive' if archived else 'Restore'} {one_line(row.ref)} — ")
        question.append(one_line(row.title), style="bold")
        question.append("?")
        if archived:
            question.append("\nIt will be hidden from lists, not deleted (A shows archived).")

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def change(session: Session) -> tuple[str, str | None]:
                action = store.resolve_action(session=session, ref=row.uuid)
                result = store.set_archived(
                    session=session, action=action, archived=archived, by=self.by
                )
                return result.summary, row.uuid

            self.write(change)

        self.app.push_screen(
            ConfirmDialog(question=question, confirm_label="Archive" if archived else "Restore"),
            confirmed,
        )

    def action_undo(self) -> None:
        def change(session: Session) -> tuple[str, str | None]:
            result = store.undo(session=session, by=self.by)
            action = session.get(Action, result.action_id) if result.action_id else None
            return result.summary[:1].upper() + result.summary[1:], (
                action.uuid if action else None
            )

        self.write(change)

    # --- filtering ----------------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    def action_filter_status(self) -> None:
        from ptctui.tui.dialogs.status_filter import StatusFilterDialog

        def chosen(statuses: frozenset[Status] | None) -> None:
            if statuses is not None:
                self.filters = replace(self.filters, statuses=statuses)

        self.app.push_screen(StatusFilterDialog(current=self.filters.statuses), chosen)

    def action_toggle_overdue(self) -> None:
        self.filters = replace(self.filters, overdue=not self.filters.overdue)

    def action_toggle_archived(self) -> None:
        self.filters = replace(self.filters, archived=not self.filters.archived)

    def action_clear_filters(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus and search.value:
            search.value = ""
        if not self.filters.active and not search.display:
            return
        search.value = ""
        search.display = False
        self.filters = Filters()
        self.query_one(ActionTable).focus()

    # --- other screens ------------------------------------------------------------------------

    def action_dashboard(self) -> None:
        self._load_dashboard()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def _load_dashboard(self) -> None:
        try:
            with store.reading(self.engine) as session:
                data = store.dashboard(session=session, today=self.today)
        except Exception as error:
            self.post_message(self.Failed(user_message(error) or repr(error)))
            return
        self.app.call_from_thread(self._show_dashboard, data)

    def _show_dashboard(self, data: store.Dashboard) -> None:
        from ptctui.tui.screens.dashboard import DashboardScreen

        def jump(ref: str | None) -> None:
            if ref:
                self.jump_to(ref)

        self.app.push_screen(DashboardScreen(data), jump)

    def action_export(self) -> None:
        from ptctui.tui.dialogs.export import ExportDialog

        plan = self.scope.key.split(":")[0] if self.scope.kind in ("plan", "component") else None
        if plan is None and (row := self.query_one(ActionTable).current) is not None:
            plan = row.plan

        def chosen(job: ExportJob | None) -> None:
            if job is not None:
                self.export(job)

        self.app.push_screen(
            ExportDialog(
                plans=self.ptc.names.plans, plan=plan, exports=self.ptc.exports, today=self.today
            ),
            chosen,
        )

    @work(thread=True, group="export", exit_on_error=False)
    def export(self, job: ExportJob) -> None:
        """Write the report through the same code as ``ptctui export``."""
        from ptctui.exporters import ExportError
        from ptctui.exporters.jobs import run_job

        try:
            path = run_job(engine=self.engine, job=job, today=self.today)
        except ExportError as error:
            self.post_message(self.Failed(str(error)))
            return
        except Exception as error:
            self.post_message(self.Failed(user_message(error) or f"export failed: {error!r}"))
            return
        self.app.call_from_thread(self.notify, f"Wrote {path}", title="Exported", timeout=8)

    def action_help(self) -> None:
        from ptctui.tui.screens.help import HelpScreen, bindings_in_force

        self.app.push_screen(HelpScreen(bindings_in_force(self.app)))

    def jump_to(self, ref: str) -> None:
        """Show an action wherever it is: clear filters, scope to all, put the cursor on it."""
        self._jump(ref)

    @work(thread=True, exclusive=True, group="jump", exit_on_error=False)
    def _jump(self, ref: str) -> None:
        try:
            with store.reading(self.engine) as session:
                uuid = store.resolve_action(session=session, ref=ref).uuid
        except Exception as error:
            self.post_message(self.Failed(user_message(error) or repr(error)))
            return
        self.app.call_from_thread(self._jump_done, uuid)

    def _jump_done(self, uuid: str) -> None:
        table = self.query_one(ActionTable)
        if table.move_to(uuid):
            table.focus()
            return
        self.query_one("#search", Input).value = ""
        self.query_one("#search", Input).display = False
        self.query_one(PlanTree).select_node(self.query_one(PlanTree).root)
        self.scope = ALL
        self.filters = Filters(archived=True)
        self.load_rows(uuid)
        table.focus()

    def scope_to(self, scope: Scope) -> None:
        """Show a package, plan or component (used by the command palette)."""
        self.filters = Filters()
        self.scope = scope
        self.query_one(ActionTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that cannot do anything right now (no action under the cursor)."""
        if action in {"advance", "pick_status", "add_update", "edit", "archive"}:
            tables = self.query(ActionTable)
            return (bool(tables) and tables.first().current is not None) or None
        return True
