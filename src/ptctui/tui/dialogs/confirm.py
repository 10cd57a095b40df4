"""The confirmation dialog: a yes/no question before a change such as archiving, and the one
that asks before escape throws away what was typed (``DiscardDialog``)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button

from ptctui.tui.dialogs.base import ModalDialog


class ConfirmDialog(ModalDialog[bool]):
    """Ask a yes/no question; focus starts on Cancel so a stray enter changes nothing."""

    DEFAULT_CSS = """
    ConfirmDialog {
        #dialog {
            width: 60;
        }
        #heading {
            color: $foreground;
            text-style: none;  /* the caller's Text decides what stands out */
        }
        #buttons {
            width: 100%;
            height: auto;
            align-horizontal: right;
        }
        #buttons Button {
            margin-left: 2;
        }
        #error {
            display: none;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Yes", id="modal.confirm", tooltip="Confirm and go ahead."),
        Binding("n", "cancel", "No", id="modal.deny", tooltip="Cancel; change nothing."),
        Binding(
            "left",
            "app.focus_previous",
            "Previous button",
            show=False,
            id="modal.focus_previous",
            tooltip="Move to the button on the left.",
        ),
        Binding(
            "right",
            "app.focus_next",
            "Next button",
            show=False,
            id="modal.focus_next",
            tooltip="Move to the button on the right.",
        ),
    ]

    AUTO_FOCUS = "#cancel"

    def __init__(
        self, *, question: str | Text, confirm_label: str = "Archive", cancel_label: str = "Cancel"
    ) -> None:
        super().__init__(question)
        self.confirm_label = confirm_label
        """The confirm button's label, naming what will happen."""
        self.cancel_label = cancel_label
        """The cancel button's label."""

    def compose_fields(self) -> ComposeResult:
        with Horizontal(id="buttons"):
            yield Button(Content(self.cancel_label), id="cancel")
            yield Button(Content(self.confirm_label), id="confirm", variant="error")

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        """Close with ``True``: the caller goes ahead."""
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class DiscardDialog(ConfirmDialog):
    """ "Discard what you typed?" when escape would close a dialog with typed text: escape
    again or y throws it away, n (or "Keep editing") goes back to it."""

    def __init__(self) -> None:
        super().__init__(
            question="Discard what you typed?", confirm_label="Discard", cancel_label="Keep editing"
        )

    def action_leave(self) -> None:
        self.action_confirm()
