"""The main screen: the keys that act on actions and on the view, and the way to other screens.

What the screen shows is one ``ActionBrowser`` (``widgets/action_browser.py``: the tree, the
table, the search box and the detail pane, and every read that fills them); the screen sets
what it browses (``scope``, ``filters``: attributes down) and hears what it reports (messages
up). The keys that change an action open a dialog through ``WriteFlows``
(``screens/write_flows.py``); those that change the packages, plans and components, through
``StructureFlows`` (``screens/structure_flows.py``); undo, redo, the history and the notice of
others' changes, through ``JournalFlows`` (``screens/journal_flows.py``). Every action a key
or the command palette runs is a method here (``App.run_action`` runs actions on DOM nodes)
that hands over to them.
Work that waits on the database runs in one kind of thread worker (``background``: a read, a
write, an export), which posts its value back; only the handlers touch widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlmodel import Session
from textual import getters, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widgets import Input

from ptctui import store
from ptctui.browse import ALL, Scope, plan_for
from ptctui.errors import user_message
from ptctui.forms import Committed, Write, commit
from ptctui.store import ActionRow
from ptctui.text import one_line
from ptctui.tui.context import AppContext
from ptctui.tui.screens.panes import PanedScreen
from ptctui.tui.screens.write_flows import WriteFlows
from ptctui.tui.widgets.action_browser import ActionBrowser
from ptctui.tui.widgets.action_table import ActionTable
from ptctui.tui.widgets.detail_view import DetailView
from ptctui.tui.widgets.key_bar import KeyBar
from ptctui.tui.widgets.plan_tree import PlanTree
from ptctui.workflow import Status

if TYPE_CHECKING:
    from ptctui.tui.screens.batch_flows import BatchFlows
    from ptctui.tui.screens.document_flows import DocumentFlows
    from ptctui.tui.screens.journal_flows import JournalFlows
    from ptctui.tui.screens.meeting import WalkSpec
    from ptctui.tui.screens.session_flows import SessionFlows
    from ptctui.tui.screens.structure_flows import StructureFlows


class MainScreen(PanedScreen):
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
        Binding(
            "ctrl+z", "undo", "Undo", id="action.undo", tooltip="Undo your own last change"
        ),
        Binding(
            "ctrl+y",
            "redo",
            "Redo",
            show=False,
            id="action.redo",
            tooltip="Redo what you last undid",
        ),
        Binding(
            "h",
            "history",
            "History",
            show=False,
            id="app.history",
            tooltip="Every change, newest first; enter on one reverts it",
        ),
        Binding(
            "slash",
            "search",
            "Search",
            id="view.search",
            tooltip="Search titles, descriptions and updates as you type",
            # Priority: the app runs it as the key arrives, so the letters typed in the same
            # burst (fast typing, a paste) are already the search box's, not the table's
            # keys (``e`` opened the editor). In a text box it skips: ``/`` is a character.
            priority=True,
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
            "t",
            "toggle_pane('tree')",
            "Tree",
            id="view.tree",
            tooltip="Hide or show the tree of packages and plans (remembered)",
        ),
        Binding(
            "i",
            "toggle_pane('detail')",
            "Detail",
            show=False,
            id="view.detail",
            tooltip="Hide or show the detail pane (remembered)",
        ),
        Binding(
            "z",
            "zoom",
            "Zoom",
            show=False,
            id="view.zoom",
            tooltip="The focused pane fills the screen; z again brings the others back",
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
        Binding(
            "M",
            "meet",
            "Meeting",
            id="app.meeting",
            tooltip="Meeting mode: walk a plan, decide each action with one key",
        ),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key"),
        Binding("q", "app.quit", "Quit", id="app.quit", tooltip="Quit ptctui"),
    ]

    browser = getters.query_one(ActionBrowser)

    # --- what the workers post back ----------------------------------------------------------

    @dataclass
    class Done(Message):
        """What ``background`` worked out in a thread, and what to do with it here."""

        value: Any
        then: Callable[[Any], None]

    @dataclass
    class Failed(Message):
        """A read or write failed; nothing was written."""

        error: str

    def __init__(self, *, context: AppContext, first_page: list[ActionRow] | None = None) -> None:
        """``first_page``: the rows of ``ActionBrowser.read_first_page``, if read already."""
        super().__init__()
        self.context = context
        """What the app shares: the engine, who is working, today, the dialogs' codes."""
        self.writes = WriteFlows(screen=self, context=context, commit=self.write)
        """The dialogs that change an action, and what each answer changes."""

        self._first_page = first_page

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
        self.lay_out(self.app.size.width, self.app.size.height)
        first_page, self._first_page = self._first_page, None
        yield ActionBrowser(
            engine=self.context.engine, today=self.context.today, first_page=first_page, id="body"
        )
        yield self.too_small
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that cannot do anything right now (no action under the cursor)."""
        if action in {"advance", "pick_status", "add_update", "edit", "archive"}:
            tables = self.query(ActionTable)
            return (bool(tables) and tables.first().current is not None) or None
        return True

    # --- changing the highlighted action -------------------------------------------------------

    def _current(self) -> ActionRow | None:
        row = self.browser.current
        if row is None:
            self.notify("No action highlighted.", severity="warning", timeout=3)
        return row

    def _movable(self) -> ActionRow | None:
        """The highlighted action, unless it is archived: its status stays as it was archived
        until it is restored (d), so it never moves unseen in a list that hides it."""
        row = self._current()
        if row is not None and row.archived:
            self.notify(
                f"{row.ref} is archived: d restores it first.", severity="warning", timeout=4
            )
            return None
        return row

    def action_advance(self) -> None:
        if (row := self._movable()) is not None:
            self.writes.advance(row)

    def _marked(self) -> list[ActionRow]:
        return self.browser.query_one(ActionTable).marked_rows()

    @cached_property
    def batches(self) -> BatchFlows:
        """s, u and d on the marked actions (made on first use)."""
        from ptctui.tui.screens.batch_flows import BatchFlows

        table = self.browser.query_one(ActionTable)
        return BatchFlows(
            screen=self,
            context=self.context,
            commit=self.write,
            read=self.read,
            done=table.action_clear_marks,
        )

    def action_pick_status(self) -> None:
        if marked := self._marked():
            self.batches.move(marked)
        elif (row := self._movable()) is not None:
            self.writes.pick_status(row)

    def action_add_update(self) -> None:
        if marked := self._marked():
            self.batches.update(marked)
        elif (row := self._current()) is not None:
            self.writes.add_update(row)

    def action_edit(self) -> None:
        if (row := self._current()) is not None:
            uuid = row.uuid

            def detail(session: Session) -> store.ActionDetail:
                action = store.resolve_action(session=session, ref=uuid)
                return store.action_detail(session=session, action=action)

            self.read(detail, lambda found: self.writes.edit(row, found))

    def background(
        self,
        job: Callable[[], Any],
        then: Callable[[Any], None],
        *,
        group: str = "read",
        failed: str = "",
    ) -> None:
        """Run ``job`` in a thread worker, then hand its value to ``then`` on the main thread
        (``Done``); a failure is reported as any is (``failed`` words an unexpected one). A
        new job of the "read" group supersedes the one before; others run side by side."""

        def run() -> None:
            try:
                value = job()
            except Exception as error:
                unexpected = f"{failed}: {error!r}" if failed else repr(error)
                self.post_message(self.Failed(user_message(error) or unexpected))
                return
            self.post_message(self.Done(value, then))

        exclusive = group == "read"
        self.run_worker(run, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def read(self, what: Callable[[Session], Any], then: Callable[[Any], None]) -> None:
        """Read ``what`` with a session of its own in a worker, then hand it to ``then``."""
        engine = self.context.engine

        def job() -> Any:
            with store.reading(engine) as session:
                return what(session)

        self.background(job, then)

    def on_main_screen_done(self, message: Done) -> None:
        message.then(message.value)

    def action_new(self) -> None:
        if self.browser.empty_database:  # nothing to add an action to: start with a package
            self.structure.add(ALL)
        else:
            self.writes.new(self.browser.scope, self.browser.current)

    # --- the tree's packages, plans and components, and the palette's (no keys) -----------------

    def on_plan_tree_add_requested(self, message: PlanTree.AddRequested) -> None:
        if not self.structure.add(message.scope):  # a component's child is an action
            self.writes.new(message.scope, None)

    def on_plan_tree_edit_requested(self, message: PlanTree.EditRequested) -> None:
        self.structure.edit_record(message.scope)

    def on_plan_tree_archive_requested(self, message: PlanTree.ArchiveRequested) -> None:
        self.structure.archive(message.scope)

    def action_new_package(self) -> None:
        self.structure.add(ALL)

    def action_new_plan(self) -> None:
        self.structure.new_plan(self.browser.scope)

    def action_new_component(self) -> None:
        self.structure.new_component(plan_for(self.browser.scope, self.browser.current))

    def action_new_body(self) -> None:
        self.structure.new_body()

    def action_new_meeting(self) -> None:
        self.structure.new_meeting()

    def action_edit_meeting(self, key: str) -> None:
        self.structure.edit_record(Scope("meeting", key, key))

    def action_show_body(self, code: str) -> None:
        """Every action ``code`` leads or supports (the palette's "body: …" lines)."""
        self.browser.show_body(code)

    def action_archive(self) -> None:
        if marked := self._marked():
            self.batches.archive(marked)
        elif (row := self._current()) is not None:
            self.writes.archive(row)

    def action_undo(self) -> None:
        self.journal.revert(redo=False)

    def action_redo(self) -> None:
        self.journal.revert(redo=True)

    def action_history(self) -> None:
        self.journal.history()

    def on_action_browser_journal_grew(self, message: ActionBrowser.JournalGrew) -> None:
        self.journal.grew(message.after, message.upto)

    @cached_property
    def journal(self) -> JournalFlows:
        """Undo, redo, the history screen and the notice of others' changes."""
        from ptctui.tui.screens.journal_flows import JournalFlows

        def reload() -> None:
            current = self.browser.current
            self.browser.reload(current.uuid if current else None)

        return JournalFlows(
            screen=self,
            context=self.context,
            background=self.background,
            commit=self.write,
            current=lambda: self.browser.current,
            reload=reload,
        )

    @cached_property
    def structure(self) -> StructureFlows:
        """The dialogs that add, edit and archive packages, plans, components, bodies and
        meetings (made on first use: the first frame need not import their forms)."""
        from ptctui.tui.screens.structure_flows import StructureFlows

        return StructureFlows(
            screen=self,
            context=self.context,
            commit=self.write,
            read=self.read,
            reveal=lambda kind, key: self.browser.query_one(PlanTree).reveal(kind, key),
        )

    @cached_property
    def documents(self) -> DocumentFlows:
        """Committee documents' written text, edited in the officer's editor (palette)."""
        from ptctui.tui.screens.document_flows import DocumentFlows

        return DocumentFlows(screen=self, context=self.context, commit=self.write, read=self.read)

    def action_edit_document(self, code: str) -> None:
        """Edit a committee document's written text (no key: the command palette runs it)."""
        self.documents.edit_text(code)

    def write(self, write: Write, in_place: bool = False) -> None:
        """Commit one change in a worker (one transaction: a failure leaves nothing
        half-written), then say what it did and show it.

        ``in_place``: the change touches only the returned action's own row, which is read
        back through the browser's filter (taken here, on the main thread), so the browser
        can put that row in place instead of re-reading every action.
        """
        engine, today = self.context.engine, self.context.today
        read_back = self.browser.action_filter if in_place else None
        self.background(
            lambda: commit(engine=engine, write=write, today=today, read_back=read_back),
            self._written,
            group="write",
            failed="unexpected error",
        )

    def _written(self, done: Committed) -> None:
        self.notify(done.summary, timeout=4)
        self.browser.committed(done)

    @on(Failed)
    @on(ActionBrowser.Failed)
    @on(DetailView.Failed)
    def _failed(self, message: Failed | ActionBrowser.Failed | DetailView.Failed) -> None:
        self.notify(message.error, title="Nothing was changed", severity="error", timeout=8)

    # --- filtering ----------------------------------------------------------------------------

    def action_search(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()  # typed into the box that has the cursor
        self.browser.open_search()

    def action_filter_status(self) -> None:
        from ptctui.tui.dialogs.status_filter import StatusFilterDialog

        browser = self.browser

        def chosen(statuses: frozenset[Status] | None) -> None:
            if statuses is not None:
                browser.filters = replace(browser.filters, statuses=statuses)

        self.app.push_screen(StatusFilterDialog(current=browser.filters.statuses), chosen)

    def action_toggle_overdue(self) -> None:
        browser = self.browser
        browser.filters = replace(browser.filters, overdue=not browser.filters.overdue)

    def action_toggle_archived(self) -> None:
        browser = self.browser
        browser.filters = replace(browser.filters, archived=not browser.filters.archived)

    def action_clear_filters(self) -> None:
        self.browser.clear_filters()

    # --- other screens, and going to an action --------------------------------------------------

    def action_dashboard(self) -> None:
        today = self.context.today
        self.read(lambda session: store.dashboard(session=session, today=today), self._dashboard)

    def _dashboard(self, data: store.Dashboard) -> None:
        from ptctui.tui.screens.dashboard import DashboardScreen

        def jump(ref: str | None) -> None:
            if ref:
                self.action_show_action(ref)

        self.app.push_screen(DashboardScreen(data), jump)

    @cached_property
    def session(self) -> SessionFlows:
        """Exports and meeting mode (made on first use)."""
        from ptctui.tui.screens.session_flows import SessionFlows

        return SessionFlows(
            screen=self, context=self.context, browser=self.browser, background=self.background
        )

    def action_export(self) -> None:
        self.session.export()

    def action_meet(self) -> None:
        self.session.meet()

    def walk(self, spec: WalkSpec) -> None:
        """Open meeting mode on ``spec`` (``ptctui meet``)."""
        self.session.walk(spec)

    def action_help(self) -> None:
        from ptctui.tui.screens.help import HelpScreen, bindings_in_force

        self.app.push_screen(HelpScreen(bindings_in_force(self.app)))

    def action_show_action(self, ref: str) -> None:
        """Show an action wherever it is: clear filters, scope to all, put the cursor on it
        (no key: the dashboard and the command palette run it)."""
        self.read(
            lambda session: store.resolve_action(session=session, ref=ref).uuid,
            self.browser.show_action,
        )

    def action_show_scope(self, scope: Scope) -> None:
        """Show a package, plan or component (no key: the command palette runs it)."""
        self.browser.show_scope(scope)
