"""The status picker: the moves the workflow allows from an action's status, and what each needs."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ptctui.deadlines import DeadlineError, parse_deadline
from ptctui.forms import MoveRequest
from ptctui.tui.dialogs.base import (
    DEADLINE_HINT,
    ModalDialog,
    action_heading,
    deadline_error,
    echo,
)
from ptctui.tui.widgets.control_pictures import CONTROL_PICTURES
from ptctui.workflow import Need, Status, allowed_moves, need_for

DEADLINE_PLACEHOLDER = "New deadline, e.g. Q3 2020 or end of 2020"

# What an option in the status picker says about the move, by what the move needs.
_NEED_SUFFIX: dict[Need, str] = {
    Need.NOTHING: "",
    Need.DEADLINE: "(needs a new deadline)",
    Need.REASON: "(needs a reason)",
    Need.NOTE: "(needs a note)",
}
_NOTE_PLACEHOLDER: dict[Need, str] = {
    Need.NOTHING: "Note (optional)",
    Need.DEADLINE: "Note (optional)",
    Need.REASON: "Reason (required)",
    Need.NOTE: "Note (required)",
}


class StatusPicker(ModalDialog[MoveRequest | None]):
    """Choose the status an action moves to, with the reason, note or deadline the move needs.

    Only ``allowed_moves(current)`` are offered; the note and deadline fields follow the
    highlighted move (the deadline field is shown only for a move that needs one).
    """

    DEFAULT_CSS = """
    StatusPicker {
        #current {
            width: 100%;
            margin-bottom: 1;
        }
        #moves {
            height: auto;
            max-height: 8;
            margin-bottom: 1;
            border: none;
            padding: 0;
            background: $foreground 7%;
        }
        #moves:focus {
            background-tint: $primary 8%;
        }
    }
    """

    ASK_BEFORE_DISCARD = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "submit",
            "Move",
            id="modal.submit",
            tooltip="Move the action to the highlighted status.",
        ),
    ]

    AUTO_FOCUS = "#moves"

    moves = getters.query_one("#moves", OptionList)
    note = getters.query_one("#note", Input)
    deadline = getters.query_one("#deadline", Input)
    note_label = getters.query_one("#note-field > Label", Label)

    def __init__(self, *, ref: str, title: str, current: Status, today: date | None = None) -> None:
        super().__init__(action_heading("Move", ref, title))
        self.current = current
        """The status the action is in now."""
        self.today = today
        """The day a new deadline before which is already past (and warned of)."""
        self._warned = ""  # the past deadline warned of: saving it again goes ahead
        self.targets = allowed_moves(current)
        """The statuses offered, in the workflow's order."""

    def compose_fields(self) -> ComposeResult:
        yield Static(
            Content.assemble("Now ", (self.current.label, "bold"), ". Move to:"), id="current"
        )
        width = max(len(target.label) for target in self.targets) + 2  # suffixes line up
        options = []
        for target in self.targets:
            suffix = _NEED_SUFFIX[need_for(self.current, target)]
            prompt = Content.assemble(target.label.ljust(width), (suffix, "italic"))
            options.append(Option(prompt, id=target.value))
        yield OptionList(*options, id="moves")
        yield self.field(
            "Note", Input(id="note", highlighter=CONTROL_PICTURES, compact=True), id="note-field"
        )
        yield self.field(
            "Deadline",
            Input(
                placeholder=DEADLINE_PLACEHOLDER,
                id="deadline",
                tooltip=DEADLINE_HINT,
                compact=True,
            ),
            id="deadline-field",
        )

    def on_mount(self) -> None:
        self.moves.highlighted = 0
        self._follow(self.targets[0])

    @property
    def target(self) -> Status | None:
        """The highlighted move, if any."""
        index = self.moves.highlighted
        return None if index is None else self.targets[index]

    def _follow(self, target: Status) -> None:
        """Fit the note and deadline fields to what moving to ``target`` needs."""
        need = need_for(self.current, target)
        self.note.placeholder = _NOTE_PLACEHOLDER[need]
        self.note_label.update("Reason" if need is Need.REASON else "Note")
        # Hide the input itself as well as its row, so it is out of the focus chain either way.
        shown = need is Need.DEADLINE
        self.query_one("#deadline-field").display = shown
        self.deadline.display = shown

    @on(OptionList.OptionHighlighted, "#moves")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._follow(self.targets[event.option_index])
        self.clear_error()

    @on(OptionList.OptionSelected, "#moves")
    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    @on(Input.Changed)
    def _changed(self) -> None:
        self.clear_error()

    def action_submit(self) -> None:
        """Validate what the highlighted move needs; dismiss with the request if it is all there."""
        target = self.target
        if target is None:
            return
        need = need_for(self.current, target)
        note = self.note.value.strip()
        deadline = self.deadline.value.strip() if need is Need.DEADLINE else ""
        if need is Need.REASON and not note:
            self.show_error(f"Moving to {target.label} needs a reason.", focus=self.note)
            return
        if need is Need.NOTE and not note:
            self.show_error(f"Moving to {target.label} needs a note.", focus=self.note)
            return
        if need is Need.DEADLINE:
            if not deadline:
                self.show_error("Postponing needs a new deadline.", focus=self.deadline)
                return
            try:
                due = parse_deadline(deadline).due
            except DeadlineError:
                self.show_error(deadline_error(deadline), focus=self.deadline)
                return
            if self.today is not None and due < self.today and deadline != self._warned:
                self._warned = deadline  # a warning, not a refusal: the second save goes ahead
                self.show_error(
                    f"“{echo(deadline)}” is already past; save again to postpone to it anyway.",
                    focus=self.deadline,
                )
                return
        self.dismiss(MoveRequest(target, note, deadline or None))

    def action_cancel(self) -> None:
        self.dismiss(None)
