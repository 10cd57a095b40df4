"""The action browser: the tree of plans, the action table, the search box and the detail pane,
with the reads that fill them.

The main screen composes one ``ActionBrowser`` and tells it what to show (attributes down): it
sets ``scope`` and ``filters``, and hands it the changes it committed (``committed``). The
browser reads in thread workers, each with its own session through ``ptctui.store``; a worker
posts a message to the browser (nested here: ``ActionBrowser.Loaded`` →
``on_action_browser_loaded``) and only those handlers touch widgets, so the interface never
waits on the database. Two messages go on up: ``Failed``, which the screen reports, and
``NamesRead`` (the codes the dialogs offer), which the app keeps. The rules (what a read asks
for, when a search needs no read, what a written row does) are ``ptctui.browse``'s, with no
Textual.

How it keeps up with the data (DEVELOPERS.md, "How the main screen keeps up with the data"):
a read is asked for on the main thread (``BrowseState.request``) and its messages carry the
key it was read for, so rows read for a scope or filters since changed are dropped; the first
page of rows (``read_first_page``, read by the app before its loop) is shown in the first
frame and the rest is read once that frame is drawn (``call_after_refresh``); the search box's
value is watched, not messaged, so a keystroke's letter and its rows share a frame; a written
row is put in place when the stamps say nobody else wrote; a poll every ``POLL_SECONDS``
compares data stamps for changes made elsewhere.

Over the house's 400 lines, on purpose: the reads, the messages that bring them back and the
handlers that apply them share one state (``BrowseState``, the first page) that only the main
thread may touch; what could leave has left (the rules to ``ptctui.browse``, the middle column
to ``ActionList``, the detail to ``DetailView``, the tree's tallies to ``PlanTree``, writes to
the screen).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Tree
from textual.worker import get_current_worker

from ptctui import allocator, collector, store
from ptctui.browse import (
    ALL,
    Base,
    BrowseState,
    Filters,
    Key,
    Request,
    Scope,
    Stamp,
    empty_message,
    read_rows,
    total_tally,
)
from ptctui.browse import action_filter as _action_filter
from ptctui.errors import user_message
from ptctui.forms import Committed
from ptctui.store import ActionFilter, ActionRow
from ptctui.store.searching import Summary
from ptctui.tui.widgets.action_list import ActionList
from ptctui.tui.widgets.action_table import ActionTable
from ptctui.tui.widgets.detail_view import DetailView
from ptctui.tui.widgets.plan_tree import PlanTree
from ptctui.tui.widgets.search_input import SearchInput

POLL_SECONDS = 2.0
FIRST_PAGE = 120  # rows read before the first screen; the rest follow a moment later


class ActionBrowser(Horizontal):
    """Browse packages → plans → components → actions: what the main screen shows."""

    scope: reactive[Scope] = reactive(ALL)
    """The package, plan or component whose actions the table lists."""
    filters: reactive[Filters] = reactive(Filters)
    """What narrows the list beyond the scope (the search box sets ``search``)."""

    # --- messages: the workers' news to the browser, and what goes on up ---------------------

    @dataclass
    class Loaded(Message, bubble=False):
        """The table's rows read for ``key`` (scope and filters), with the outline and the
        data stamp when a full reload read them too (else ``None``: a change of scope or
        filters reads only the rows).

        ``base`` None: only the first page of the rows, with no outline or stamp yet; the whole
        of it follows in a second ``Loaded``.
        """

        outline: list[store.OutlineNode] | None
        rows: list[ActionRow]
        stamp: Stamp | None
        keep: str | None  # the UUID the cursor stays on
        base: Base | None
        key: Key

    @dataclass
    class IndexBuilt(Message, bubble=False):
        """The search texts of every action, as of the data stamp ``stamp``."""

        texts: Mapping[str, str]
        stamp: Stamp

    @dataclass
    class Polled(Message, bubble=False):
        """The data stamp as the two-second poll read it."""

        stamp: Stamp

    @dataclass
    class JournalGrew(Message):
        """The reads found journal entries past ``after`` (up to ``upto``), so some may be
        others' changes: the screen says whose (a write of one's own is not news)."""

        after: int
        upto: int

    @dataclass
    class Failed(Message):
        """A read failed (``error`` says why in one line); the screen reports it."""

        error: str

    @dataclass
    class NamesRead(Message):
        """The codes the dialogs offer, read with the outline; the app keeps them."""

        names: store.Names

    def __init__(
        self,
        *,
        engine: Engine,
        today: date,
        first_page: list[ActionRow] | None = None,
        id: str | None = None,
    ) -> None:
        """``first_page``: the rows of ``read_first_page``, if the caller has read them."""
        super().__init__(id=id)
        self.engine = engine
        self.today = today
        self.state = BrowseState(today)
        """The stamp on screen, the rows before the search, the search texts (main thread)."""
        # The first screen shows a page of rows before all of them are read (100,000 rows
        # take over a second); ``_partial`` is true while that page is all the table has.
        self._first_page = first_page or None
        self._first_load = self._first_page is None
        self._partial = False

    @staticmethod
    def read_first_page(*, session: Session, today: date) -> list[ActionRow]:
        """The first rows the browser opens on (all actions, no filters).

        The app reads them before its event loop starts: nothing is on screen yet to keep
        waiting, and the first frame then shows actions instead of an empty table that a
        worker fills a moment later.
        """
        return store.first_rows(session=session, today=today, limit=FIRST_PAGE)

    def compose(self) -> ComposeResult:
        yield PlanTree(id="tree")
        with Container(id="work"):
            yield ActionList(today=self.today, id="centre")
            yield DetailView(id="detail")

    def on_mount(self) -> None:
        search = self.query_one(SearchInput)
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

    # --- what the screen asks for -------------------------------------------------------------

    @property
    def current(self) -> ActionRow | None:
        """The highlighted action, if any."""
        return self.query_one(ActionTable).current

    @property
    def empty_database(self) -> bool:
        """No package at all (as the tree last read): nothing to add an action to yet."""
        tree = self.query(PlanTree)
        return bool(tree) and not tree.first().root.children and self.state.stamp is not None

    def open_search(self) -> None:
        """Show the search box and put the cursor in it."""
        self.query_one(ActionList).open_search()

    def clear_filters(self) -> None:
        """Clear the search and the filters (escape); in a search box, first its text."""
        search = self.query_one(SearchInput)
        if search.has_focus and search.value:
            search.value = ""
        if not self.filters.active and not search.display:
            return
        self.query_one(ActionList).close_search()
        self.filters = Filters()
        self.query_one(ActionTable).focus()

    def show_scope(self, scope: Scope) -> None:
        """Show a package, plan or component, unfiltered (the command palette's targets)."""
        self.filters = Filters()
        self.scope = scope
        self.query_one(ActionTable).focus()

    def show_body(self, code: str) -> None:
        """Everything, narrowed to the actions body ``code`` leads or supports."""
        self._everything(Filters(body=code))

    def show_action(self, uuid: str) -> None:
        """Put the cursor on the action ``uuid`` wherever it is: if the table does not list
        it, clear the search and filters, scope to all actions and read them again."""
        table = self.query_one(ActionTable)
        if table.move_to(uuid):
            table.focus()
            return
        self._everything(Filters(archived=True))
        self.load_rows(uuid)

    def _everything(self, filters: Filters) -> None:
        """Every action, with ``filters`` instead of the search and filters on now."""
        self.query_one(ActionList).close_search()
        self.query_one(PlanTree).select_node(self.query_one(PlanTree).root)
        self.scope = ALL
        self.filters = filters
        self.query_one(ActionTable).focus()

    @property
    def action_filter(self) -> ActionFilter:
        """The current scope and filters, search included (as ``ptctui actions`` has them)."""
        return _action_filter(self.scope, self.filters)

    def committed(self, done: Committed) -> None:
        """Show a change the screen committed (``ptctui.forms.commit``).

        When only the action's own row changed, the writer read it back, and the stamp before
        the write is the one on screen (nobody else wrote since our last read), that row is
        put in place: fast at any size; the tree's tallies (a heavier query) are read once it
        is drawn. Otherwise everything is read again.
        """
        table = self.query_one(ActionTable)
        if (
            done.in_place
            and done.refreshed
            and done.uuid
            and done.before == self.state.stamp
            and any(r.uuid == done.uuid for r in table.rows)
        ):
            row, reindex = self.state.put_row(
                done.uuid, done.row, done.stamp, done.text or "", self.filters.search
            )
            if reindex:
                self.state.forget_stale_texts()
                self.build_index()
            self._show_row(done.uuid, row)
            tree = self.query_one(PlanTree)
            self.call_after_refresh(tree.read_tallies, self.engine, self.today)
        else:
            self.reload(done.uuid)

    # --- reading ------------------------------------------------------------------------------

    def _request(self) -> Request:
        return self.state.request(self.scope, self.filters)

    def reload(self, keep: str | None = None) -> None:
        """Read the outline, the rows and the data stamp again (in a worker)."""
        first, self._first_load = self._first_load, False
        self._reload(self._request(), keep, first)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _reload(self, req: Request, keep: str | None, first: bool) -> None:
        """Read the outline, the rows and the data stamp, in one session."""
        allocator.give_back_large()  # before the first big read (here: off the first frame)
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
                rows, base = read_rows(session, req, today=self.today, stamp=stamp)
        except Exception as error:  # shown to the user; the app keeps running
            self.post_message(self.Failed(user_message(error) or repr(error)))
            return
        if get_current_worker().is_cancelled:  # superseded: a newer read is on its way
            return
        self.post_message(self.NamesRead(names))
        self.post_message(self.Loaded(outline, rows, stamp, keep, base, req.key))

    def build_index(self) -> None:
        """Read every action's search text, so that searching needs no database (in a
        worker; the index keeps the UUID strings of the rows on screen, not copies)."""
        base = self.state.base
        self._build_index(base.rows if base is not None else [])

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _build_index(self, rows: list[ActionRow]) -> None:
        try:
            with store.reading(self.engine) as session:
                stamp = store.data_stamp(session=session)
                texts = store.search_index(session=session, rows=rows)
        except Exception:  # searching falls back to the database; nothing to tell
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.IndexBuilt(texts, stamp))

    def load_rows(self, keep: str | None = None) -> None:
        """Read the table's rows for the current scope and filters (in a worker)."""
        self._load_rows(self._request(), keep)

    @work(thread=True, exclusive=True, group="rows", exit_on_error=False)
    def _load_rows(self, req: Request, keep: str | None) -> None:
        try:
            with store.reading(self.engine) as session:
                rows, base = read_rows(session, req, today=self.today)
        except Exception as error:
            self.post_message(self.Failed(user_message(error) or repr(error)))
            return
        if get_current_worker().is_cancelled:  # superseded: a newer read is on its way
            return
        self.post_message(self.Loaded(None, rows, None, keep, base, req.key))

    def _follow(self, uuid: str | None, *, again: bool = False) -> None:
        """Show the action ``uuid`` in full in the detail pane (read and drawn in a worker)."""
        self.query_one(DetailView).follow(uuid, engine=self.engine, today=self.today, again=again)

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll(self) -> None:
        """Notice changes made elsewhere: read the data stamp, to compare with the last one."""
        try:
            with store.reading(self.engine) as session:
                stamp = store.data_stamp(session=session)
        except Exception:  # a busy or briefly unreachable database: try again next tick
            return
        self.post_message(self.Polled(stamp))

    # --- the workers' news ----------------------------------------------------------------------

    def _load_tree(self, outline: list[store.OutlineNode]) -> None:
        self.query_one(PlanTree).load(outline, total_tally(outline))

    def on_action_browser_loaded(self, message: Loaded) -> None:
        if message.stamp is not None:
            before, self.state.stamp = self.state.stamp, message.stamp
            if before is not None and (before[0] or 0) < (message.stamp[0] or 0):
                self.post_message(self.JournalGrew(before[0] or 0, message.stamp[0] or 0))
        if message.outline is not None:
            self._load_tree(message.outline)
        if message.key != (self.scope, self.filters):
            return  # read for a scope or filters since changed: a newer read shows them
        self.state.base = message.base
        self._partial = message.base is None
        self._show_rows(message.rows, message.keep)
        fresh = message.stamp is None or self.state.texts_stamp == message.stamp
        if not fresh and not self._partial:
            self.state.forget_stale_texts()
            self.build_index()
        if message.stamp is not None and not self._partial:
            collector.keep()  # every action's row, from now on out of the collector's walks

    def on_action_browser_index_built(self, message: IndexBuilt) -> None:
        self.state.take_index(message.texts, message.stamp)
        collector.keep()  # and every action's search text

    def on_action_browser_polled(self, message: Polled) -> None:
        shown = self.state.stamp
        busy = any(w.group in ("write", "load") and not w.is_finished for w in self.workers)
        if shown is not None and message.stamp != shown and not busy:
            # (while our own write or reload is under way, its reload brings the news)
            self._reload_here()

    def on_plan_tree_tallies_failed(self) -> None:
        self._reload_here()

    def _reload_here(self) -> None:
        """Read everything again, the cursor kept on the action it is on."""
        current = self.query_one(ActionTable).current
        self.reload(current.uuid if current else None)

    # --- showing --------------------------------------------------------------------------------

    def _show_rows(
        self, rows: list[ActionRow], keep: str | None, summary: Summary | None = None
    ) -> None:
        empty = empty_message(
            filtered=self.filters.active,
            empty_database=not self.query_one(PlanTree).root.children,
            scope=self.scope,
        )
        if self.query_one(ActionList).show_rows(rows, keep, empty=empty, summary=summary):
            self.refresh_bindings()  # check_action's answer changed: redraw the footer
        self._update_scope_line()
        current = self.current
        self._follow(current.uuid if current else None, again=bool(keep))

    def _show_row(self, uuid: str, row: ActionRow | None) -> None:
        self.query_one(ActionTable).replace_row(uuid, row)
        self._update_scope_line()
        current = self.query_one(ActionTable).current
        if current is not None:
            self._follow(current.uuid, again=True)

    def _update_scope_line(self) -> None:
        table = self.query_one(ActionTable)
        self.query_one(ActionList).say(
            scope=self.scope,
            filters=self.filters,
            count=len(table.rows),
            overdue=table.overdue_count,
            partial=self._partial,
            sort=table.sort_label if table.sort_key != "order" or table.sort_reverse else None,
            marked=len(table.marked),
        )

    @on(ActionTable.MarksChanged)
    def _marks_changed(self) -> None:
        self._update_scope_line()

    # --- reacting to the user -------------------------------------------------------------------

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
        # When only the search changed and everything it needs is in memory: no database.
        found = self.state.narrow(self.scope, new)
        if found is not None:
            self._show_rows(found, None, self.state.summary(found))
        else:
            self.load_rows()

    @on(ActionTable.Highlighted)
    def _highlighted(self, event: ActionTable.Highlighted) -> None:
        if event.row is not None:
            self._follow(event.row.uuid)
        self._update_scope_line()

    @on(ActionTable.Selected)
    def _opened(self, event: ActionTable.Selected) -> None:
        self.query_one(DetailView).focus()

    def _search_changed(self, value: str) -> None:
        self.filters = replace(self.filters, search=value.strip())
