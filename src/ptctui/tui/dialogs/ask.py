"""A small dialog of named one-line answers: what the meeting screen asks for a decision (the
new deadline and the reason of a postponement, the reason of a hold or a cancellation, a note,
who follows up and by when).

It returns the answers by name (``dict[str, str]``), checked as the store will check them: a
required answer is there, a deadline reads as one (``deadlines.parse_deadline``), a body is one
of the known codes; ``None`` when cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input

from ptctui.deadlines import DeadlineError, parse_deadline
from ptctui.tui.dialogs.base import DEADLINE_HINT, ModalDialog, deadline_error, echo
from ptctui.workflow import WorkflowError, parse_status


@dataclass(frozen=True)
class Question:
    """One answer the dialog asks for."""

    name: str
    label: str
    placeholder: str = ""
    required: bool = False
    kind: str = "text"  # text | deadline | body | status
    choices: Sequence[str] = ()  # a body's known codes


class AskDialog(ModalDialog[dict[str, str] | None]):
    """Ask ``questions``; ``enter`` in the last field or ``ctrl+s`` answers. Field ids are
    ``ask-NAME``: the app's stylesheet styles some bare ids (``#body`` is the main layout)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", id="modal.submit", tooltip="Record the decision."),
    ]

    def __init__(self, heading: Content | str, questions: Sequence[Question]) -> None:
        super().__init__(heading)
        self.questions = tuple(questions)

    def compose_fields(self) -> ComposeResult:
        for question in self.questions:
            suggester = (
                SuggestFromList(question.choices, case_sensitive=False)
                if question.choices
                else None
            )
            box = Input(
                placeholder=question.placeholder + ("" if question.required else " (optional)"),
                id=f"ask-{question.name}",
                compact=True,
                suggester=suggester,
            )
            if question.kind == "deadline":
                box.tooltip = DEADLINE_HINT
            yield self.field(question.label, box)

    @on(Input.Changed)
    def _typing(self) -> None:
        self.clear_error()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        last = self.questions[-1].name
        if event.input.id == f"ask-{last}":
            self.action_submit()
        else:
            self.focus_next()

    def action_submit(self) -> None:
        answers: dict[str, str] = {}
        for question in self.questions:
            box = self.query_one(f"#ask-{question.name}", Input)
            value = box.value.strip()
            if question.required and not value:
                self.show_error(f"{question.label} is needed.", focus=box)
                return
            if value and question.kind == "deadline":
                try:
                    parse_deadline(value)
                except DeadlineError:
                    self.show_error(deadline_error(value), focus=box)
                    return
            if value and question.kind == "status":
                try:
                    value = parse_status(value).value
                except WorkflowError as error:
                    self.show_error(str(error), focus=box)
                    return
            if value and question.kind == "body" and question.choices:
                known = {c.lower(): c for c in question.choices}
                if value.lower() not in known:
                    some = ", ".join(list(question.choices)[:8])
                    self.show_error(f"No body “{echo(value)}”; known: {some}…", focus=box)
                    return
                value = known[value.lower()]
            answers[question.name] = value
        self.dismiss(answers)

    def action_cancel(self) -> None:
        self.dismiss(None)
