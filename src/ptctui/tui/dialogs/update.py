"""The progress update dialog: what happened, the day it speaks for, and maybe a meeting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.suggester import SuggestFromList
from textual.widgets import Input, TextArea

from ptctui.deadlines import DateError, parse_date
from ptctui.forms import UpdateRequest
from ptctui.tui.dialogs.base import ModalDialog, action_heading, echo
from ptctui.tui.widgets.control_pictures_text_area import ControlPicturesTextArea


class UpdateDialog(ModalDialog[UpdateRequest | None]):
    """Record a progress update: the text, the day it speaks for, and optionally a meeting."""

    DEFAULT_CSS = """
    UpdateDialog {
        #text {
            height: 8;
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
            tooltip="Record the progress update.",
        ),
    ]

    AUTO_FOCUS = "#text"

    text_area = getters.query_one("#text", TextArea)
    date_input = getters.query_one("#date", Input)
    meeting_input = getters.query_one("#meeting", Input)

    def __init__(self, *, ref: str, title: str, today: date, meetings: Sequence[str] = ()) -> None:
        super().__init__(action_heading("Progress on", ref, title))
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
            typed = echo(self.date_input.value)
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
                    f"Unknown meeting “{echo(meeting)}”; known: {', '.join(self.meetings)}",
                    focus=self.meeting_input,
                )
                return
            meeting = by_fold[meeting.casefold()]
        self.dismiss(UpdateRequest(text, as_of, meeting or None))

    def action_cancel(self) -> None:
        self.dismiss(None)
