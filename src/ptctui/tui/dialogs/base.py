"""The frame every dialog shares (``ModalDialog``) and the helpers their messages use.

Conventions shared by every dialog in this package:

* A dialog only collects input: it is a ``ModalScreen[T]`` that validates what was typed
  against the headless core's own rules (``workflow``, ``deadlines``) and returns a plain,
  typed value (``ptctui.forms``) through ``dismiss()``; the caller does the I/O through the
  store. None of them touches the database, so each can be tested by pushing it on a bare App
  and pressing keys.
* ``escape`` cancels (``None``, or ``False`` for ``ConfirmDialog``); ``ctrl+s`` saves. In a
  dialog that collects text (``ASK_BEFORE_DISCARD``), escape after something was typed or
  changed first asks whether to throw it away (``DiscardDialog``: escape again or y discards,
  n goes back to the fields).
* A validation error appears on one line in the ``#error`` Static and the dialog stays open,
  with focus on the field at fault.
* Everything the user typed or imported (action titles, notes, questions) is passed to widgets
  as ``Content``/``Text`` or with ``markup=False``, so "[b]" in a title is shown as typed, and
  through ``ptctui.text.one_line``, so control characters show as visible stand-ins (``␛``).
  Fields prefilled with stored text keep it exactly as stored and only *draw* it that way
  (``ptctui.tui.widgets.control_pictures``), so saving an untouched field changes nothing.
* Styles are ``DEFAULT_CSS`` (STYLE.md rule 7: self-contained modals) and use only theme
  variables, so light and dark themes both read well. Dialogs are at most 76 columns wide and
  scroll when a terminal is too short for them.

The dialogs themselves are one module each beside this one.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label, Static, TextArea

from ptctui.deadlines import ACCEPTED_FORMS
from ptctui.text import one_line, quote
from ptctui.tui.widgets.key_bar import KeyBar

ResultT = TypeVar("ResultT")

DEADLINE_HINT = f"Accepted forms: {ACCEPTED_FORMS}"
"""The tooltip of every deadline field."""
ECHO_LIMIT = 24  # longest echo of the user's text in a one-line error


def echo(text: str) -> str:
    """``text`` short enough to quote in a one-line error."""
    return quote(text, ECHO_LIMIT)


def deadline_error(text: str) -> str:
    """A one-line message for a deadline ``parse_deadline`` refused (its own lists every form)."""
    return f"Cannot read deadline “{echo(text)}”; try Q3 2020, end of 2020 or 2020-05-31."


def action_heading(verb: str, ref: str, title: str) -> Content:
    """The line "Move CEP-1.3 — Develop …", as Content: the title is never read as markup."""
    return Content(one_line(f"{verb} {ref} — {title}"))


class ModalDialog(ModalScreen[ResultT]):
    """The frame every dialog shares: a centred box, a title, one error line, a footer.

    Subclasses yield their fields from :meth:`compose_fields` and decide in
    :meth:`action_cancel` what "cancelled" means for their result type.
    """

    DEFAULT_CSS = """
    ModalDialog {
        align: center middle;

        #dialog {
            width: 76;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            padding: 0 1;
            border: round $primary;
            background: $surface;
            scrollbar-size-vertical: 1;
        }
        #heading {
            width: 100%;
            color: $text-primary;
            text-style: bold;
            margin-bottom: 1;
        }
        .hint {
            width: 100%;
            color: $text-muted;
        }
        .field {
            height: auto;
            margin-bottom: 1;
        }
        .field > Label {
            width: 12;
            padding-right: 1;
            color: $text-muted;
        }
        .field > Input, .field > TextArea, .field > Select {
            width: 1fr;
        }
        .field > TextArea {
            padding: 0;  /* line its text up with the one-line inputs */
        }
        .field > Input, .field > TextArea, .field > Select > SelectCurrent {
            background: $foreground 7%;
        }
        .field > Input:focus, .field > TextArea:focus,
        .field > Select:focus > SelectCurrent {
            background: $primary 20%;
        }
        .field.-focused > Label {
            color: $text-primary;
            text-style: bold;
        }
        #error {
            width: 100%;
            height: 1;
            color: $text-error;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "leave",
            "Cancel",
            id="modal.cancel",
            tooltip="Close the dialog without changing anything.",
        ),
    ]

    ASK_BEFORE_DISCARD: ClassVar[bool] = False
    """Escape asks before throwing away what was typed (the dialogs that collect text)."""

    error = getters.query_one("#error", Static)

    def __init__(self, heading: Content | Text | str) -> None:
        super().__init__()
        self._heading = heading
        self._as_opened: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        # can_focus=False: the box scrolls to whatever field has focus, it is not a stop itself.
        with VerticalScroll(id="dialog", can_focus=False):
            # markup=False: a plain str heading is user text (see ConfirmDialog, ActionDialog).
            yield Static(self._heading, id="heading", markup=False)
            yield from self.compose_fields()
            yield Static("", id="error", markup=False)
        yield KeyBar()

    def compose_fields(self) -> ComposeResult:
        """The dialog's own widgets, between the heading and the error line."""
        yield from ()

    def action_cancel(self) -> None:
        """Close without a result; subclasses dismiss with their "nothing" value."""
        raise NotImplementedError

    def on_mount(self) -> None:
        if self.ASK_BEFORE_DISCARD:  # once the fields hold their first values
            self.call_after_refresh(self._note_as_opened)

    def _fields(self) -> tuple[object, ...]:
        """What every field holds now."""
        values: list[object] = []
        for widget in self.query("Input, TextArea, Select"):
            if isinstance(widget, TextArea):
                values.append(widget.text)
            else:
                values.append(getattr(widget, "value", None))
        return tuple(values)

    def _note_as_opened(self) -> None:
        self._as_opened = self._fields()

    @property
    def changed(self) -> bool:
        """Something was typed or changed since the dialog opened."""
        return self._as_opened is not None and self._fields() != self._as_opened

    def action_leave(self) -> None:
        """Escape: cancel, after asking if that would throw away what was typed."""
        if not (self.ASK_BEFORE_DISCARD and self.changed):
            self.action_cancel()
            return
        from ptctui.tui.dialogs.confirm import DiscardDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.action_cancel()

        self.app.push_screen(DiscardDialog(), answered)

    @on(events.DescendantFocus)
    def _mark_focused_field(self, event: events.DescendantFocus) -> None:
        # A class rather than :focus-within, which Textual does not re-apply to the label when
        # focus moves between sibling rows.
        self.query(".field.-focused").remove_class("-focused")
        for node in event.widget.ancestors_with_self:
            if node.has_class("field"):
                node.add_class("-focused")
                break

    def show_error(self, message: str, *, focus: Widget | None = None) -> None:
        """Show ``message`` on the error line and move focus to the field at fault."""
        self.error.update(Content(one_line(message)))
        if focus is not None:
            focus.focus()

    def clear_error(self) -> None:
        """Blank the error line (the user is fixing things)."""
        self.error.update("")

    @staticmethod
    def field(label: str, *widgets: Widget, id: str | None = None) -> Horizontal:
        """A row: a muted label on the left, the input filling the rest."""
        return Horizontal(Label(label), *widgets, classes="field", id=id)
