"""Modal dialogs that only collect input and hand back plain, typed values.

Each dialog is a ``ModalScreen[T]`` that validates what was typed against the headless core's
own rules (``workflow``, ``deadlines``) and returns a value from ``ptctui.tui.requests`` through
``dismiss()``; the caller does the I/O through the store. None of them touches the database, so
each can be tested by pushing it on a bare App and pressing keys.

Conventions shared by every dialog:

* ``escape`` cancels (``None``, or ``False`` for :class:`ConfirmDialog`); ``ctrl+s`` saves.
* A validation error appears on one line in the ``#error`` Static and the dialog stays open,
  with focus on the field at fault.
* Everything the user typed or imported (action titles, notes, questions) is passed to widgets
  as ``Content``/``Text`` or with ``markup=False``, so "[b]" in a title is shown as typed, and
  through ``ptctui.text.one_line``, so control characters show as visible stand-ins (``␛``).
  Fields prefilled with stored text keep it exactly as stored and only *draw* it that way
  (``ptctui.tui.widgets.control_pictures``), so saving an untouched field changes nothing.
* Styles are ``DEFAULT_CSS`` here (STYLE.md rule 7: self-contained modals) and use only theme
  variables, so light and dark themes both read well. Dialogs are at most 76 columns wide and
  scroll when a terminal is too short for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from ptctui.deadlines import ACCEPTED_FORMS, DateError, DeadlineError, parse_date, parse_deadline
from ptctui.exporters import REPORT_FORMATS
from ptctui.exporters.jobs import DEFAULT_SINCE_DAYS, REPORTS, ExportJob, default_job_path
from ptctui.store import KINDS
from ptctui.text import one_line, quote
from ptctui.tui.requests import ActionForm, MoveRequest, UpdateRequest
from ptctui.tui.widgets.control_pictures import CONTROL_PICTURES
from ptctui.tui.widgets.control_pictures_text_area import ControlPicturesTextArea
from ptctui.tui.widgets.key_bar import KeyBar
from ptctui.workflow import Need, Status, allowed_moves, need_for

__all__ = [
    "ActionDialog",
    "ConfirmDialog",
    "ExportDialog",
    "ModalDialog",
    "StatusFilterDialog",
    "StatusPicker",
    "UpdateDialog",
]

ResultT = TypeVar("ResultT")

DEADLINE_PLACEHOLDER = "New deadline, e.g. Q3 2020 or end of 2020"
_DEADLINE_HINT = f"Accepted forms: {ACCEPTED_FORMS}"
_ECHO_LIMIT = 24  # longest echo of the user's text in a one-line error

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


def _echo(text: str) -> str:
    """``text`` short enough to quote in a one-line error."""
    return quote(text, _ECHO_LIMIT)


def _deadline_error(text: str) -> str:
    """A one-line message for a deadline ``parse_deadline`` refused (its own lists every form)."""
    return f"Cannot read deadline “{_echo(text)}”; try Q3 2020, end of 2020 or 2020-05-31."


def _heading(verb: str, ref: str, title: str) -> Content:
    """The line "Move CEP-1.3 — Develop …", as Content: the title is never read as markup."""
    return Content(one_line(f"{verb} {ref} — {title}"))


def _split_codes(text: str) -> list[str]:
    """The codes in a comma-separated list, blanks dropped."""
    return [code.strip() for code in text.split(",") if code.strip()]


def _canonical_codes(text: str, known: Sequence[str], *, role: str) -> tuple[str, ...]:
    """Read comma-separated body codes, matched to ``known`` ignoring case, without repeats.

    Raises ``ValueError`` (a one-line message) for a code not in ``known``. When ``known`` is
    empty there is nothing to check against and the codes are returned as typed.
    """
    by_fold = {code.casefold(): code for code in known}
    codes: list[str] = []
    for typed in _split_codes(text):
        code = by_fold.get(typed.casefold(), typed if not known else None)
        if code is None:
            raise ValueError(f"Unknown {role} body “{_echo(typed)}”.")
        if code not in codes:
            codes.append(code)
    return tuple(codes)


class _SuggestCode(Suggester):
    """Completes the last code of a comma-separated list of body codes ("SEC, wg" → "WGRCF").

    Matching ignores case but the suggester asks for the value as typed, so accepting a
    suggestion keeps the codes already typed exactly as they were.
    """

    def __init__(self, codes: Sequence[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self._codes = list(codes)

    async def get_suggestion(self, value: str) -> str | None:
        stem = value.rpartition(",")[2].lstrip()
        if not stem:
            return None
        for code in self._codes:
            if code.casefold().startswith(stem.casefold()) and len(code) > len(stem):
                return value + code[len(stem) :]
        return None


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
            "cancel",
            "Cancel",
            id="modal.cancel",
            tooltip="Close the dialog without changing anything.",
        ),
    ]

    error = getters.query_one("#error", Static)

    def __init__(self, heading: Content | Text | str) -> None:
        super().__init__()
        self._heading = heading

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

    def __init__(self, *, ref: str, title: str, current: Status) -> None:
        super().__init__(_heading("Move", ref, title))
        self.current = current
        """The status the action is in now."""
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
                tooltip=_DEADLINE_HINT,
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
                parse_deadline(deadline)
            except DeadlineError:
                self.show_error(_deadline_error(deadline), focus=self.deadline)
                return
        self.dismiss(MoveRequest(target, note, deadline or None))

    def action_cancel(self) -> None:
        self.dismiss(None)


class UpdateDialog(ModalDialog[UpdateRequest | None]):
    """Record a progress update: the text, the day it speaks for, and optionally a meeting."""

    DEFAULT_CSS = """
    UpdateDialog {
        #text {
            height: 8;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "submit",
            "Save",
            id="modal.submit",
            tooltip="Record the progress update.",
        ),
    ]

    AUTO_FOCUS = "#text"

    text_area = getters.query_one("#text", TextArea)
    date_input = getters.query_one("#date", Input)
    meeting_input = getters.query_one("#meeting", Input)

    def __init__(self, *, ref: str, title: str, today: date, meetings: Sequence[str] = ()) -> None:
        super().__init__(_heading("Progress on", ref, title))
        self.today = today
        """The day "today" means in the date field, and its initial value."""
        self.meetings = tuple(meetings)
        """Meeting keys the update may be linked to; empty means any key is accepted."""

    def compose_fields(self) -> ComposeResult:
        yield self.field(
            "Progress",
            ControlPicturesTextArea(
                id="text", placeholder="What happened? (required)", compact=True
            ),
        )
        yield self.field(
            "As of",
            Input(
                self.today.isoformat(),
                placeholder="YYYY-MM-DD, 31 May 2020, today or yesterday",
                id="date",
                compact=True,
            ),
        )
        example = f", e.g. {self.meetings[0]}" if self.meetings else ""
        yield self.field(
            "Meeting",
            Input(
                placeholder=f"Meeting key{example} (optional)",
                id="meeting",
                compact=True,
                suggester=(
                    SuggestFromList(self.meetings, case_sensitive=False) if self.meetings else None
                ),
            ),
        )

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        self.clear_error()

    def action_submit(self) -> None:
        """Validate the three fields; dismiss with the update if they are all right."""
        text = self.text_area.text.strip()
        if not text:
            self.show_error("The progress text is required.", focus=self.text_area)
            return
        try:
            as_of = parse_date(self.date_input.value, today=self.today)
        except DateError:
            typed = _echo(self.date_input.value)
            self.show_error(
                f"Cannot read date “{typed}”; use 2020-05-31 or 31 May 2020.",
                focus=self.date_input,
            )
            return
        meeting = self.meeting_input.value.strip()
        if meeting and self.meetings:
            by_fold = {key.casefold(): key for key in self.meetings}
            if meeting.casefold() not in by_fold:
                self.show_error(
                    f"Unknown meeting “{_echo(meeting)}”; known: {', '.join(self.meetings)}",
                    focus=self.meeting_input,
                )
                return
            meeting = by_fold[meeting.casefold()]
        self.dismiss(UpdateRequest(text, as_of, meeting or None))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ActionDialog(ModalDialog[ActionForm | None]):
    """Create or edit an action: the fields of :class:`ActionForm`, validated before return.

    Body codes are typed comma-separated ("SEC, WGRCF"), matched to ``bodies`` ignoring case
    and returned in their canonical spelling; the last code typed is completed from ``bodies``
    (press right to accept).
    """

    DEFAULT_CSS = """
    ActionDialog {
        #description {
            height: 3;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "submit",
            "Save",
            id="modal.submit",
            tooltip="Save the action.",
        ),
    ]

    AUTO_FOCUS = "#title"

    title_input = getters.query_one("#title", Input)
    description = getters.query_one("#description", TextArea)
    kind = getters.query_one("#kind", Select)
    deadline = getters.query_one("#deadline", Input)
    lead = getters.query_one("#lead", Input)
    supporting = getters.query_one("#supporting", Input)
    funding = getters.query_one("#funding", Input)

    def __init__(
        self, *, heading: str, bodies: Sequence[str], initial: ActionForm | None = None
    ) -> None:
        super().__init__(Content(one_line(heading)))
        self.bodies = tuple(bodies)
        """The body codes lead and supporting may name; empty means any code is accepted."""
        self.initial = initial if initial is not None else ActionForm(title="")
        """The values the fields start with (blank for a new action)."""

    def compose_fields(self) -> ComposeResult:
        initial = self.initial
        kinds = list(KINDS) if initial.kind in KINDS else [*KINDS, initial.kind]
        suggester = _SuggestCode(self.bodies) if self.bodies else None
        example = ", ".join(self.bodies[:2]) if self.bodies else "SEC"
        yield self.field(
            "Title",
            Input(
                initial.title,
                placeholder="What is to be done (required)",
                id="title",
                highlighter=CONTROL_PICTURES,
                compact=True,
            ),
        )
        yield self.field(
            "Description",
            ControlPicturesTextArea(
                initial.description, id="description", placeholder="Optional", compact=True
            ),
        )
        yield self.field(
            "Kind",
            Select(
                [(kind, kind) for kind in kinds],
                value=initial.kind,
                allow_blank=False,
                id="kind",
                compact=True,
            ),
        )
        yield self.field(
            "Deadline",
            Input(
                initial.deadline,
                placeholder="e.g. Q3 2020 or end of 2020 (optional)",
                id="deadline",
                tooltip=_DEADLINE_HINT,
                highlighter=CONTROL_PICTURES,
                compact=True,
            ),
        )
        yield self.field(
            "Lead",
            Input(
                ", ".join(initial.lead),
                placeholder=f"Body codes, e.g. {example}",
                id="lead",
                suggester=suggester,
                highlighter=CONTROL_PICTURES,
                compact=True,
            ),
        )
        yield self.field(
            "Supporting",
            Input(
                ", ".join(initial.supporting),
                placeholder="Body codes (optional)",
                id="supporting",
                suggester=suggester,
                highlighter=CONTROL_PICTURES,
                compact=True,
            ),
        )
        yield self.field(
            "Funding",
            Input(
                initial.funding_note,
                placeholder="Funding note (optional)",
                id="funding",
                highlighter=CONTROL_PICTURES,
                compact=True,
            ),
        )

    def on_mount(self) -> None:
        # The text area folds some characters of the stored description (vertical tab, NEL,
        # mixed line ends) into its own newlines; an untouched description must come back
        # exactly as stored, not as the text area rewrote it.
        self._description_loaded = self.description.text

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        self.clear_error()

    def action_submit(self) -> None:
        """Validate the form; dismiss with it if every field is right."""
        typed = self.description.text
        untouched = typed == self._description_loaded
        description = self.initial.description if untouched else typed.strip()
        title = self.title_input.value.strip()
        if not title:
            self.show_error("An action needs a title.", focus=self.title_input)
            return
        deadline = self.deadline.value.strip()
        if deadline:
            try:
                parse_deadline(deadline)
            except DeadlineError:
                self.show_error(_deadline_error(deadline), focus=self.deadline)
                return
        try:
            lead = _canonical_codes(self.lead.value, self.bodies, role="lead")
        except ValueError as exc:
            self.show_error(str(exc), focus=self.lead)
            return
        try:
            supporting = _canonical_codes(self.supporting.value, self.bodies, role="supporting")
        except ValueError as exc:
            self.show_error(str(exc), focus=self.supporting)
            return
        both = [code for code in supporting if code in lead]
        if both:
            self.show_error(f"{both[0]} cannot both lead and support.", focus=self.supporting)
            return
        kind = self.kind.value
        self.dismiss(
            ActionForm(
                title=title,
                description=description,
                kind=kind if isinstance(kind, str) else self.initial.kind,
                deadline=deadline,
                lead=lead,
                supporting=supporting,
                funding_note=self.funding.value.strip(),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


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

    def __init__(self, *, question: str | Text, confirm_label: str = "Archive") -> None:
        super().__init__(question)
        self.confirm_label = confirm_label
        """The confirm button's label, naming what will happen."""

    def compose_fields(self) -> ComposeResult:
        with Horizontal(id="buttons"):
            yield Button("Cancel", id="cancel")
            yield Button(Content(self.confirm_label), id="confirm", variant="error")

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        """Close with ``True``: the caller goes ahead."""
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


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
        self, *, plans: Sequence[str], plan: str | None, exports: Path, today: date
    ) -> None:
        super().__init__("Export a report")
        self.plans = list(plans)
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
        since = (self.today - timedelta(days=DEFAULT_SINCE_DAYS)).isoformat()
        yield self.field("Since", Input(since, id="since", compact=True), id="since-row")
        yield self.field(
            "Until", Input(self.today.isoformat(), id="until", compact=True), id="until-row"
        )
        yield self.field("File", Input(id="path", compact=True))
        yield self.field("", Checkbox("Replace an existing file", id="force", compact=True))

    def on_mount(self) -> None:
        self._follow()

    def _choice(self, widget_id: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        return "" if value is Select.BLANK else str(value)

    def _follow(self) -> None:
        report = self._choice("report")
        self.query_one("#plan-row").display = report == "plan"
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
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
