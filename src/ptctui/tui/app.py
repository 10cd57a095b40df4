"""The ptctui Textual app: a thin shell that pushes the main screen.

``make_app`` is the one factory used by the command line and the tests. The app builds what
every screen shares (``AppContext``: the engine, who is working, what day it is, the exports
folder, the names dialogs offer) and hands it down; it keeps the names the main screen's reads
send up (``ActionBrowser.NamesRead``), applies the user's key map, and remembers the chosen
theme and the panes shown (``settings.json`` in the user's config folder, ``config.py``).
Screens never reach up to the app for its state.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from textual.app import App
from textual.binding import Binding

from ptctui import collector, store
from ptctui.config import (
    ConfigError,
    load_keymap,
    load_settings,
    save_settings,
)
from ptctui.text import one_line
from ptctui.tui.commands import PtcCommands
from ptctui.tui.context import AppContext
from ptctui.tui.screens.main import MainScreen
from ptctui.tui.widgets.action_browser import ActionBrowser
from ptctui.workspace import EXPORTS_DIR, Workspace

if TYPE_CHECKING:
    from ptctui.tui.screens.meeting import WalkSpec

DEFAULT_THEME = "textual-dark"


class PtcApp(App[None]):
    """Track WCO packages, plans and actions."""

    TITLE = "ptctui"
    CSS_PATH = "app.tcss"
    NOTIFICATION_TIMEOUT = 3  # a toast says a short thing and goes (errors set their own)
    COMMANDS = App.COMMANDS | {PtcCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.force_quit"),
    ]

    def __init__(
        self,
        *,
        engine: Engine,
        by: str,
        today: date,
        keymap: dict[str, str] | None = None,
        remember_theme: bool = True,
        exports: Path | None = None,
        walk: WalkSpec | None = None,
    ) -> None:
        super().__init__()
        self._walk = walk  # ``ptctui meet``: open meeting mode over the main screen
        self.exports = exports or Path.cwd() / EXPORTS_DIR  # where the export dialog writes
        self.engine = engine
        self.by = by
        self.today = today
        self._keymap = keymap or {}
        self._remember = remember_theme  # the theme and the panes shown (tests: neither)
        self.context = AppContext(
            engine=engine,
            by=by,
            today=today,
            exports=self.exports,
            names=lambda: self.names,
            layout=load_settings() if remember_theme else {},
            remember=self._remember_setting,
        )
        """What the screens share, handed down to them."""
        with store.reading(engine) as session:  # small and bounded, before the loop starts
            self._first_page = ActionBrowser.read_first_page(session=session, today=today)

    @cached_property
    def names(self) -> store.Names:
        """The codes the dialogs offer and check.

        The main screen's reads bring them (after the first frame, and again on each full
        reload, so codes another laptop's import added are offered: ``NamesRead``, kept by
        ``on_action_browser_names_read``). A dialog opened before
        the first read reads them here; if the database cannot be read, the dialog offers
        none and says so, and saving reports the error as any write does.
        """
        try:
            with store.reading(self.engine) as session:
                return store.names(session=session)
        except Exception as error:  # e.g. the server went away: the app keeps running
            message = f"cannot read the codes: {one_line(str(error))}"
            self.notify(message, severity="error", markup=False)
            return store.Names(bodies=[], meetings=[], plans=[])

    def on_action_browser_names_read(self, message: ActionBrowser.NamesRead) -> None:
        self.names = message.names

    def on_mount(self) -> None:
        if self._remember:
            theme = load_settings().get("theme")
            if theme in self.available_themes:
                self.theme = theme
        if self._keymap:
            self.set_keymap(self._keymap)
        first_page, self._first_page = self._first_page, []
        main = MainScreen(context=self.context, first_page=first_page)
        self.push_screen(main)
        if self._walk is not None:  # over the main screen, once it is laid out
            self.call_after_refresh(main.walk, self._walk)

    def watch_theme(self, theme: str) -> None:
        self._remember_setting("theme", theme)

    def _remember_setting(self, key: str, value: str) -> None:
        """Keep a setting (the theme, which panes show) for the next start, unless told not to
        remember (tests)."""
        if self._remember:
            save_settings({**load_settings(), key: value})

    @property
    def main(self) -> MainScreen | None:
        """The main screen, wherever the user is."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None


def make_app(
    *,
    engine: Engine,
    by: str,
    today: date,
    workspace_root: Path | None = None,
    remember_theme: bool = True,
    walk: WalkSpec | None = None,
) -> PtcApp:
    """Build the app; the key map comes from the user's and the workspace's keymap.toml.
    ``remember_theme``: read and keep the theme and the panes shown in the settings file
    (tests say no, so a developer's own settings do not change what they see)."""
    keymap = load_keymap(workspace_root) if workspace_root is not None else {}
    exports = workspace_root / EXPORTS_DIR if workspace_root is not None else None
    return PtcApp(
        engine=engine,
        by=by,
        today=today,
        keymap=keymap,
        remember_theme=remember_theme,
        exports=exports,
        walk=walk,
    )


def run(
    *, engine: Engine, workspace: Workspace, by: str, today: date, walk: WalkSpec | None = None
) -> None:
    """Run the app in the terminal (bare ``ptctui``; ``ptctui meet`` gives a ``walk``)."""
    try:
        app = make_app(
            engine=engine, by=by, today=today, workspace_root=workspace.root, walk=walk
        )
    except ConfigError as error:
        raise SystemExit(f"error: {error}") from None
    collector.settle()  # what is alive now lives as long as the app: out of the collector's way
    app.run()
