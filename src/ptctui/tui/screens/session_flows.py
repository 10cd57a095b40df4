"""The main screen's ways out to a committee session: exporting a report (``x``) and meeting
mode (``M``, ``ptctui meet``).

Each opens its dialog, and the export runs through the same code as ``ptctui export`` in a
worker (``exporters.jobs``); meeting mode is its own screen (``screens/meeting.py``), after
which the main screen reads its list again (statuses changed).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from ptctui.browse import plan_for
from ptctui.exporters.jobs import ExportJob
from ptctui.tui.context import AppContext
from ptctui.tui.screens.meeting import WalkSpec
from ptctui.tui.widgets.action_browser import ActionBrowser


class SessionFlows:
    """Exports and meeting mode, opened from the main screen."""

    def __init__(
        self,
        *,
        screen: Screen[Any],
        context: AppContext,
        browser: ActionBrowser,
        background: Callable[..., None],
    ) -> None:
        self.screen = screen
        self.context = context
        self.browser = browser
        """Where the user is: the plan the dialogs start from, the filter a walk may take."""
        self.background = background

    def export(self) -> None:
        """Choose a report, a format and a file, then write it."""
        from ptctui.tui.dialogs.export import ExportDialog

        plan = plan_for(self.browser.scope, self.browser.current)

        def chosen(job: ExportJob | None) -> None:
            if job is not None:
                self.run_export(job)

        context = self.context
        names = context.names()
        dialog = ExportDialog(
            plans=names.plans,
            plan=plan,
            exports=context.exports,
            today=context.today,
            documents=names.documents,
        )
        self.screen.app.push_screen(dialog, chosen)

    def run_export(self, job: ExportJob) -> None:
        """Write the report through the same code as ``ptctui export`` (in a worker)."""
        from ptctui.exporters.jobs import run_job

        engine, today = self.context.engine, self.context.today
        self.background(
            lambda: run_job(engine=engine, job=job, today=today),
            lambda path: self.screen.notify(
                f"Wrote {_shown_path(path)}", title="Exported", timeout=8
            ),
            group="export",
            failed="export failed",
        )

    def meet(self) -> None:
        """Choose a meeting and what to walk, then open meeting mode."""
        from ptctui.tui.dialogs.meet import MeetDialog

        names = self.context.names()
        plan = plan_for(self.browser.scope, self.browser.current)
        flt = self.browser.action_filter

        def chosen(answer: tuple[str, str | None] | None) -> None:
            if answer is not None:
                meeting, plan = answer
                self.walk(WalkSpec(meeting, plan, None if plan else flt))

        dialog = MeetDialog(meetings=names.meetings, plans=names.plans, plan=plan)
        self.screen.app.push_screen(dialog, chosen)

    def walk(self, spec: WalkSpec) -> None:
        """Open meeting mode on ``spec``; the list is read again when it closes."""
        from ptctui.tui.screens.meeting import MeetingScreen

        self.screen.app.push_screen(
            MeetingScreen(context=self.context, spec=spec), lambda _: self.browser.reload()
        )


def _shown_path(path: Path) -> str:
    """``path`` as short as it reads unambiguously: from the current folder when it is under
    it (a toast at 80 columns is 44 cells wide)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
