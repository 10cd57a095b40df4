"""The export dialog: a report, a format and a file; the caller runs the export."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Checkbox, Input, Select

from ptctui.deadlines import DateError, parse_date
from ptctui.exporters import REPORT_FORMATS
from ptctui.exporters.jobs import DEFAULT_SINCE_DAYS, REPORTS, ExportJob, default_job_path
from ptctui.tui.dialogs.base import ModalDialog


class ExportDialog(ModalDialog[ExportJob | None]):
    """Choose a report, a format and where to write it; the caller runs the export.

    The path follows the report and format (as ``ptctui export`` would name the file) until
    the user types one of their own.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Export", id="modal.submit", tooltip="Write the file."),
    ]

    AUTO_FOCUS = "#report"

    def __init__(
        self,
        *,
        plans: Sequence[str],
        plan: str | None,
        exports: Path,
        today: date,
        documents: Mapping[str, tuple[date | None, date | None]] | None = None,
    ) -> None:
        super().__init__("Export a report")
        self.plans = list(plans)
        self.documents = dict(documents or {})
        """Committee documents by code, with the window each remembers."""
        self.exports = exports
        self.today = today
        self._plan = plan if plan in self.plans else (self.plans[0] if self.plans else None)
        self._path_typed = False

    def compose_fields(self) -> ComposeResult:
        yield self.field(
            "Report",
            Select(
                [(r, r) for r in REPORTS],
                value="intersessional",
                allow_blank=False,
                id="report",
                compact=True,
            ),
        )
        yield self.field(
            "Format",
            Select(
                [(f, f) for f in REPORT_FORMATS["intersessional"]],
                value="docx",
                allow_blank=False,
                id="format",
                compact=True,
            ),
        )
        yield self.field(
            "Plan",
            Select(
                [(p, p) for p in self.plans],
                value=self._plan or Select.BLANK,
                allow_blank=not self.plans,
                id="plan",
                compact=True,
            ),
            id="plan-row",
        )
        yield self.field(
            "Document",
            Select(
                [("(no code: ptctui's own text)", "")] + [(c, c) for c in self.documents],
                value=next(iter(self.documents), ""),
                allow_blank=False,
                id="document",
                compact=True,
            ),
            id="document-row",
        )
        since = (self.today - timedelta(days=DEFAULT_SINCE_DAYS)).isoformat()
        yield self.field("Since", Input(since, id="since", compact=True), id="since-row")
        yield self.field(
            "Until", Input(self.today.isoformat(), id="until", compact=True), id="until-row"
        )
        yield self.field("File", Input(id="path", compact=True))
        yield self.field("", Checkbox("Replace an existing file", id="force", compact=True))

    def on_mount(self) -> None:
        self._window()
        self._follow()

    def _window(self) -> None:
        """The chosen document's remembered window in Since and Until, where it has one."""
        since, until = self.documents.get(self._choice("document"), (None, None))
        if since is not None:
            self.query_one("#since", Input).value = since.isoformat()
        if until is not None:
            self.query_one("#until", Input).value = until.isoformat()

    def _choice(self, widget_id: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        return "" if value is Select.BLANK else str(value)

    def _follow(self) -> None:
        report = self._choice("report")
        self.query_one("#plan-row").display = report == "plan"
        self.query_one("#document-row").display = report == "intersessional"
        for row in ("#since-row", "#until-row"):
            self.query_one(row).display = report != "plan"
        if not self._path_typed:
            path = default_job_path(
                self.exports,
                report,
                self._choice("format") or "txt",
                self.today,
                self._choice("plan"),
            )
            with self.prevent(Input.Changed):
                self.query_one("#path", Input).value = str(path)

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        if event.select.id == "document":
            self._window()
        if event.select.id == "report":
            formats = REPORT_FORMATS[self._choice("report")]
            chooser = self.query_one("#format", Select)
            if chooser.value not in formats:
                chooser.value = formats[0]
        self.clear_error()
        self._follow()

    @on(Input.Changed, "#path")
    def _typed(self) -> None:
        self._path_typed = True

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        report = self._choice("report")
        dates: dict[str, date | None] = {"since": None, "until": None}
        if report != "plan":
            for name in dates:
                box = self.query_one(f"#{name}", Input)
                try:
                    dates[name] = parse_date(box.value, today=self.today) if box.value else None
                except DateError as error:
                    self.show_error(str(error), focus=box)
                    return
            if dates["since"] and dates["until"] and dates["since"] > dates["until"]:
                self.show_error("“Since” is after “Until”.", focus=self.query_one("#since"))
                return
        if report == "plan" and not self._choice("plan"):
            self.show_error("There is no plan to export.")
            return
        path_box = self.query_one("#path", Input)
        path = Path(path_box.value.strip()).expanduser()
        if not path_box.value.strip() or path.is_dir():
            self.show_error("Give a file name.", focus=path_box)
            return
        force = self.query_one("#force", Checkbox).value
        if path.exists() and not force:
            self.show_error(
                f"{path.name} exists: tick “Replace” to overwrite it.",
                focus=self.query_one("#force"),
            )
            return
        self.dismiss(
            ExportJob(
                report=report,
                fmt=self._choice("format"),
                path=path,
                plan=self._choice("plan") or None,
                since=dates["since"],
                until=dates["until"],
                force=force,
                code=self._choice("document") if report == "intersessional" else "",
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
