"""The action dialog: a new action's fields, or an existing action's to edit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Select, TextArea

from ptctui.deadlines import DeadlineError, parse_deadline
from ptctui.forms import ActionForm
from ptctui.forms import canonical_codes as _canonical_codes
from ptctui.store import KINDS
from ptctui.text import one_line
from ptctui.tui.dialogs.base import DEADLINE_HINT, ModalDialog, deadline_error
from ptctui.tui.widgets.control_pictures import CONTROL_PICTURES
from ptctui.tui.widgets.control_pictures_text_area import ControlPicturesTextArea


def _split_codes(text: str) -> list[str]:
    """The codes in a comma-separated list, blanks dropped."""
    return [code.strip() for code in text.split(",") if code.strip()]


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


class TitleArea(ControlPicturesTextArea):
    """The title, wrapped over as many lines as it takes (up to four, then it scrolls): a long
    title reads whole instead of scrolled to its end. Enter saves, as it did in a one-line
    field; a title is one line, so a pasted newline is saved as a space."""

    class Submitted(Message):
        """Enter in the title."""

    def on_key(self, event: events.Key) -> None:
        # Before TextArea's own handler, which would insert a newline (a binding comes after).
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted())


class ActionDialog(ModalDialog[ActionForm | None]):
    """Create or edit an action: the fields of :class:`ActionForm`, validated before return.

    Body codes are typed comma-separated ("SEC, WGRCF"), matched to ``bodies`` ignoring case
    and returned in their canonical spelling; the last code typed is completed from ``bodies``
    (press right to accept).
    """

    DEFAULT_CSS = """
    ActionDialog {
        #dialog {
            width: 90%;  /* grows with the terminal: a long title reads on fewer lines */
            max-width: 120;
        }
        #title {
            height: auto;
            max-height: 4;
        }
        #description {
            height: 3;
        }
    }
    """

    ASK_BEFORE_DISCARD = True

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

    title_input = getters.query_one("#title", TitleArea)
    description = getters.query_one("#description", TextArea)
    kind = getters.query_one("#kind", Select)
    deadline = getters.query_one("#deadline", Input)
    lead = getters.query_one("#lead", Input)
    supporting = getters.query_one("#supporting", Input)
    funding = getters.query_one("#funding", Input)

    @property
    def note_input(self) -> Input | None:
        """The note field (editing only)."""
        found = self.query("#note")
        return found.first(Input) if found else None

    def __init__(
        self, *, heading: str, bodies: Sequence[str], initial: ActionForm | None = None
    ) -> None:
        super().__init__(Content(one_line(heading)))
        self.bodies = tuple(bodies)
        """The body codes lead and supporting may name; empty means any code is accepted."""
        self.initial = initial if initial is not None else ActionForm(title="")
        """The values the fields start with (blank for a new action)."""
        self.editing = initial is not None
        """An existing action: the dialog asks for a note saying why (``edit --note``)."""

    def compose_fields(self) -> ComposeResult:
        initial = self.initial
        kinds = list(KINDS) if initial.kind in KINDS else [*KINDS, initial.kind]
        suggester = _SuggestCode(self.bodies) if self.bodies else None
        example = ", ".join(self.bodies[:2]) if self.bodies else "SEC"
        yield self.field(
            "Title",
            TitleArea(
                initial.title,
                placeholder="What is to be done (required)",
                id="title",
                soft_wrap=True,
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
                tooltip=DEADLINE_HINT,
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
        if self.editing:
            yield self.field(
                "Note",
                Input(
                    placeholder="Why this change (optional; kept in the history)",
                    id="note",
                    highlighter=CONTROL_PICTURES,
                    compact=True,
                ),
            )

    def on_mount(self) -> None:
        # The text area folds some characters of the stored description (vertical tab, NEL,
        # mixed line ends) into its own newlines; an untouched description must come back
        # exactly as stored, not as the text area rewrote it.
        self._description_loaded = self.description.text
        self._title_loaded = self.title_input.text

    @on(Input.Submitted)
    @on(TitleArea.Submitted)
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
        typed_title = self.title_input.text
        if typed_title == self._title_loaded:  # untouched: exactly as stored
            title = self.initial.title.strip()
        else:
            title = " ".join(typed_title.replace("\r", "\n").split("\n")).strip()
        if not title:
            self.show_error("An action needs a title.", focus=self.title_input)
            return
        deadline = self.deadline.value.strip()
        if deadline:
            try:
                parse_deadline(deadline)
            except DeadlineError:
                self.show_error(deadline_error(deadline), focus=self.deadline)
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
                note=self.note_input.value.strip() if self.note_input is not None else "",
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
