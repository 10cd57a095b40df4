"""The frame of the dialogs that make or edit a package, plan, component, body or meeting: a
column of one-line fields, read into a typed form when saved.

Each dialog beside this one (``package``, ``plan``, ``component``, ``body``, ``meeting``) says
which fields it has (``Field``) and how their text becomes its form (``read``, with the
readers of ``ptctui.plan_forms``: the command line's rules and messages). A field the form
refuses keeps the dialog open, the message on the error line and the focus on that field.
``enter`` in a field or ``ctrl+s`` saves; ``escape`` cancels with ``None``, after asking
whether to throw away what was typed, as the action dialogs do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, Select

from ptctui.plan_forms import FieldError
from ptctui.tui.dialogs.base import ModalDialog
from ptctui.tui.widgets.control_pictures import CONTROL_PICTURES

FormT = TypeVar("FormT")


@dataclass(frozen=True)
class Field:
    """One row of a record dialog: a text box, or a choice among ``choices``."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (what it shows, its value): a Select
    tooltip: str = ""


class RecordDialog(ModalDialog[FormT | None]):
    """Fields in a column; ``read`` turns their text into the dialog's form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", id="modal.submit", tooltip="Save and close."),
    ]

    ASK_BEFORE_DISCARD = True

    def __init__(self, heading: Content | Text | str, fields: Sequence[Field]) -> None:
        super().__init__(heading)
        self.fields = tuple(fields)
        """The rows, in order; the first one has the focus."""

    def compose_fields(self) -> ComposeResult:
        for spec in self.fields:
            widget: Input | Select[str]
            if spec.choices:
                widget = Select(
                    spec.choices,
                    value=spec.value or spec.choices[0][1],
                    allow_blank=False,
                    id=f"field-{spec.name}",
                    compact=True,
                )
            else:
                widget = Input(
                    spec.value,
                    placeholder=spec.placeholder,
                    id=f"field-{spec.name}",
                    compact=True,
                    highlighter=CONTROL_PICTURES,
                )
            if spec.tooltip:
                widget.tooltip = spec.tooltip
            yield self.field(spec.label, widget)

    def on_mount(self) -> None:
        # The first box to type in: a choice made for the user (the package a new plan goes
        # in, chosen in the tree) comes first but need not be touched.
        first = next((f for f in self.fields if not f.choices), None) or next(
            iter(self.fields), None
        )
        if first is not None:
            self.query_one(f"#field-{first.name}").focus()

    def values(self) -> dict[str, str]:
        """Every field's text (a choice's value), by name."""
        found: dict[str, str] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                found[spec.name] = str(widget.value)
            elif isinstance(widget, Input):
                found[spec.name] = widget.value
        return found

    def read(self, values: dict[str, str]) -> FormT:
        """The form the fields say, or a ``FieldError`` naming the field at fault."""
        raise NotImplementedError

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.clear_error()

    def action_submit(self) -> None:
        """Read the fields; close with the form, or say what is wrong and stay."""
        try:
            form = self.read(self.values())
        except FieldError as error:
            message = str(error)  # the command line's words, begun as a sentence here
            self.show_error(
                message[:1].upper() + message[1:], focus=self.query_one(f"#field-{error.field}")
            )
            return
        self.dismiss(form)

    def action_cancel(self) -> None:
        self.dismiss(None)
