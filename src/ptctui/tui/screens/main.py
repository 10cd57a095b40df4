"""The main screen: the keys that act on actions and on the view, and the way to other screens.

What the screen shows is one ``ActionBrowser`` (``widgets/action_browser.py``: the tree, the
table, the search box and the detail pane, and every read that fills them); the screen sets
what it browses (``scope``, ``filters``: attributes down) and hears what it reports (messages
up). The keys that change an action open a dialog through ``WriteFlows``
(``screens/write_flows.py``), and the screen commits the change in a thread worker; the other
screens (dashboard, help) and the export dialog open from here. Every worker here reads or
writes with its own session and posts a message back; only the handlers touch widgets.

The command palette (``tui/commands.py``) runs this screen's actions (``dashboard``,
``show_scope``, ``show_action``…) through ``App.run_action``; it never calls its methods.

Some 480 lines, on purpose: the sixteen bindings (each with the id user keymaps name and a
tooltip) take 76 of them, and every action the keys and the command palette run must be a
method of the screen (``App.run_action`` runs actions on DOM nodes), so each keeps a few lines
here that hand over to ``WriteFlows`` or ``StructureFlows``, which hold the flows themselves.
The three workers (a read, a write, an export) are the screen's because what they bring back
opens a dialog or a screen, or changes what the browser shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from ptctui import store
from ptctui.browse import ALL, Scope, plan_for
from ptctui.errors import user_message
from ptctui.forms import Committed, Write, commit
from ptctui.store import ActionFilter, ActionRow
from ptctui.text import one_line
from ptctui.tui.context import AppContext
from ptctui.tui.screens.write_flows import WriteFlows
from ptctui.tui.widgets.action_browser import ActionBrowser
from ptctui.tui.widgets.action_table import ActionTable
from ptctui.tui.widgets.detail_view import DetailView
from ptctui.tui.widgets.key_bar import KeyBar
from ptctui.tui.widgets.plan_tree import PlanTree
from ptctui.workflow import Status

if TYPE_CHECKING:
    from ptctui.exporters.jobs import ExportJob
    from ptctui.tui.screens.structure_flows import StructureFlows

WIDE = 120  # from this width the detail sits beside the table instead of below it


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

    wide: reactive[bool] = reactive(False)
    """The terminal is at least ``WIDE`` cells wide: the detail beside the table."""

    browser = getters.query_one(ActionBrowser)

    # --- what the workers post back ----------------------------------------------------------

    @dataclass
    class Read(Message):
        """What ``read`` asked a worker for, and what to do with it on the main thread."""

        value: Any
        then: Callable[[Any], None]

    @dataclass
    class Written(Message):
        """A change was committed (``done.summary`` says what)."""

        done: Committed

    @dataclass
    class Exported(Message):
        """A report was written to ``path``."""

        path: Path

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
        self.wide = self.app.size.width >= WIDE
        first_page, self._first_page = self._first_page, None
        yield ActionBrowser(
            engine=self.context.engine, today=self.context.today, first_page=first_page, id="body"
        )
        yield KeyBar()

    def on_resize(self) -> None:
        self.wide = self.size.width >= WIDE

    def watch_wide(self, wide: bool) -> None:
        self.set_class(wide, "-wide")

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

    def action_advance(self) -> None:
        if (row := self._current()) is not None:
            self.writes.advance(row)

    def action_pick_status(self) -> None:
        if (row := self._current()) is not None:
            self.writes.pick_status(row)

    def action_add_update(self) -> None:
        if (row := self._current()) is not None:
            self.writes.add_update(row)

    def action_edit(self) -> None:
        if (row := self._current()) is not None:
            uuid = row.uuid

            def detail(session: Session) -> store.ActionDetail:
                action = store.resolve_action(session=session, ref=uuid)
                return store.action_detail(session=session, action=action)

            self.read(detail, lambda found: self.writes.edit(row, found))

    def read(self, what: Callable[[Session], Any], then: Callable[[Any], None]) -> None:
        """Read ``what`` in a worker, then hand it to ``then`` on the main thread (``Read``);
        a read that fails is reported as any failure is."""
        self._read(what, then)

    @work(thread=True, exclusive=True, group="read", exit_on_error=False)
    def _read(self, what: Callable[[Session], Any], then: Callable[[Any], None]) -> None:
        try:
            with store.reading(self.context.engine) as session:
                value = what(session)
        except Exception as error:
            self.post_message(self.Failed(user_message(error) or repr(error)))
            return
        self.post_message(self.Read(value, then))

    def on_main_screen_read(self, message: Read) -> None:
        message.then(message.value)

    def action_new(self) -> None:
        if self.browser.empty_database:  # nothing to add an action to: start with a package
            self.structure.add(ALL)
        else:
            self.writes.new(self.browser.scope, self.browser.current)

    # --- the tree's packages, plans and components ----------------------------------------------

    def on_plan_tree_add_requested(self, message: PlanTree.AddRequested) -> None:
        if not self.structure.add(message.scope):  # a component's child is an action
            self.writes.new(message.scope, None)

    def on_plan_tree_edit_requested(self, message: PlanTree.EditRequested) -> None:
        from ptctui.plan_forms import record_form

        scope = message.scope
        read = partial(record_form, scope.kind, scope.key)
        self.read(read, lambda form: self.structure.edit(scope, form))

    def on_plan_tree_archive_requested(self, message: PlanTree.ArchiveRequested) -> None:
        self.structure.archive(message.scope)

    # The command palette's (no keys): what to add goes where the tree points, else first.

    def action_new_package(self) -> None:
        self.structure.add(ALL)

    def action_new_plan(self) -> None:
        scope = self.browser.scope
        package = (
            scope.key
            if scope.kind == "package"
            else next(iter(self.context.names().packages), None)
        )
        if package is None:
            self.notify("Add a package first.", severity="warning")
            return
        self.structure.add(Scope("package", package, package))

    def action_new_component(self) -> None:
        plan = plan_for(self.browser.scope, self.browser.current) or next(
            iter(self.context.names().plans), None
        )
        if plan is None:
            self.notify("Add a plan first.", severity="warning")
            return
        self.structure.add(Scope("plan", plan, plan))

    def action_new_body(self) -> None:
        self.structure.new_body()

    def action_new_meeting(self) -> None:
        self.structure.new_meeting()

    def action_edit_meeting(self, key: str) -> None:
        from ptctui.plan_forms import record_form

        scope = Scope("meeting", key, key)
        read = partial(record_form, "meeting", key)
        self.read(read, lambda form: self.structure.edit(scope, form))

    def action_show_body(self, code: str) -> None:
        """Every action ``code`` leads or supports (the palette's "body: …" lines)."""
        self.browser.show_body(code)

    def action_archive(self) -> None:
        if (row := self._current()) is not None:
            self.writes.archive(row)

    def action_undo(self) -> None:
        self.writes.undo()

    @cached_property
    def structure(self) -> StructureFlows:
        """The dialogs that add, edit and archive packages, plans, components, bodies and
        meetings (made on first use: the first frame need not import their forms)."""
        from ptctui.tui.screens.structure_flows import StructureFlows

        return StructureFlows(
            screen=self,
            context=self.context,
            commit=self.write,
            reveal=lambda kind, key: self.browser.query_one(PlanTree).reveal(kind, key),
        )

    def write(self, write: Write, in_place: bool = False) -> None:
        """Commit one change in a worker; ``Written`` or ``Failed`` follows.

        ``in_place``: the change touches only the returned action's own row, which is read
        back through the browser's filter (taken here, on the main thread), so the browser
        can put that row in place instead of re-reading every action.
        """
        self._commit(write, self.browser.action_filter if in_place else None)

    @work(thread=True, group="write", exit_on_error=False)
    def _commit(self, write: Write, read_back: ActionFilter | None) -> None:
        context = self.context
        try:
            done = commit(
                engine=context.engine, write=write, today=context.today, read_back=read_back
            )
        except Exception as error:  # the transaction rolled back: nothing half-written
            self.post_message(self.Failed(user_message(error) or f"unexpected error: {error!r}"))
            return
        self.post_message(self.Written(done))

    def on_main_screen_written(self, message: Written) -> None:
        self.notify(message.done.summary, timeout=4)
        self.browser.committed(message.done)

    @on(Failed)
    @on(ActionBrowser.Failed)
    @on(DetailView.Failed)
    def _failed(self, message: Failed | ActionBrowser.Failed | DetailView.Failed) -> None:
        self.notify(message.error, title="Nothing was changed", severity="error", timeout=8)

    # --- filtering ----------------------------------------------------------------------------

    def action_search(self) -> None:
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

    def action_export(self) -> None:
        from ptctui.tui.dialogs.export import ExportDialog

        plan = plan_for(self.browser.scope, self.browser.current)

        def chosen(job: ExportJob | None) -> None:
            if job is not None:
                self.export(job)

        context = self.context
        dialog = ExportDialog(
            plans=context.names().plans, plan=plan, exports=context.exports, today=context.today
        )
        self.app.push_screen(dialog, chosen)

    @work(thread=True, group="export", exit_on_error=False)
    def export(self, job: ExportJob) -> None:
        """Write the report through the same code as ``ptctui export``."""
        from ptctui.exporters import ExportError
        from ptctui.exporters.jobs import run_job

        try:
            path = run_job(engine=self.context.engine, job=job, today=self.context.today)
        except ExportError as error:
            self.post_message(self.Failed(str(error)))
            return
        except Exception as error:
            self.post_message(self.Failed(user_message(error) or f"export failed: {error!r}"))
            return
        self.post_message(self.Exported(path))

    def on_main_screen_exported(self, message: Exported) -> None:
        self.notify(f"Wrote {message.path}", title="Exported", timeout=8)

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
