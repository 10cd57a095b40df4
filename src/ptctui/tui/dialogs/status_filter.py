"""The status filter dialog: which statuses the action list shows."""

from __future__ import annotations

from typing import ClassVar

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import SelectionList, Static

from ptctui.tui.dialogs.base import ModalDialog
from ptctui.workflow import Status


class _StatusChecklist(SelectionList[Status]):
    """A SelectionList where enter applies the dialog (space still ticks)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "select",
            "Tick",
            id="modal.status_filter.toggle",
            tooltip="Tick or untick the highlighted status.",
        ),
        Binding(
            "enter",
            "screen.submit",
            "Apply",
            id="modal.status_filter.apply",
            tooltip="Show only actions with the ticked statuses.",
        ),
    ]


class StatusFilterDialog(ModalDialog[frozenset[Status] | None]):
    """Choose which statuses the action list shows; none ticked means no filter."""

    DEFAULT_CSS = """
    StatusFilterDialog {
        #dialog {
            width: 48;
        }
        #statuses {
            height: auto;
            border: none;
            padding: 0;
            margin-bottom: 1;
            background: $foreground 7%;
        }
        #error {
            display: none;  /* nothing here can be wrong */
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "submit",
            "Apply",
            show=False,
            id="modal.submit",
            tooltip="Show only actions with the ticked statuses.",
        ),
    ]

    AUTO_FOCUS = "#statuses"

    statuses = getters.query_one("#statuses", SelectionList)

    def __init__(self, *, current: frozenset[Status]) -> None:
        super().__init__(Content.styled("Show actions that are", "bold"))
        self.current = current
        """The statuses the filter starts with."""

    def compose_fields(self) -> ComposeResult:
        yield _StatusChecklist(
            *((Content(status.label), status, status in self.current) for status in Status),
            id="statuses",
        )
        yield Static("Tick none to show every action.", classes="hint")

    def action_submit(self) -> None:
        """Dismiss with the ticked statuses (empty: no filter)."""
        self.dismiss(frozenset(self.statuses.selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
