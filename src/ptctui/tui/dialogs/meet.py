"""The dialog that opens meeting mode (``M``): which meeting, and which plan to walk (or the
actions the main screen shows now, with its scope and filters)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Select

from ptctui.tui.dialogs.base import ModalDialog

SHOWN = "(the actions shown now)"
"""The plan choice that walks the main screen's current list."""


class MeetDialog(ModalDialog[tuple[str, str | None] | None]):
    """Choose a meeting and a plan; returns (meeting key, plan code or ``None`` for the list
    shown now), or ``None`` when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Start", id="modal.submit", tooltip="Start the walk."),
    ]

    AUTO_FOCUS = "#meeting"

    def __init__(self, *, meetings: Sequence[str], plans: Sequence[str], plan: str | None) -> None:
        super().__init__("Meeting mode: walk a plan's actions and decide each with one key")
        self.meetings = list(meetings)
        self.plans = list(plans)
        self.plan = plan if plan in self.plans else None

    def compose_fields(self) -> ComposeResult:
        yield self.field(
            "Meeting",
            Select(
                [(m, m) for m in self.meetings],
                value=self.meetings[0] if self.meetings else Select.BLANK,
                allow_blank=not self.meetings,
                id="meeting",
                compact=True,
            ),
        )
        yield self.field(
            "Walk",
            Select(
                [(SHOWN, "")] + [(p, p) for p in self.plans],
                value=self.plan or "",
                allow_blank=False,
                id="plan",
                compact=True,
            ),
        )

    def action_submit(self) -> None:
        meeting = self.query_one("#meeting", Select).value
        if meeting is Select.BLANK or not meeting:
            self.show_error("There is no meeting yet: add one from the palette (meeting: add).")
            return
        plan = self.query_one("#plan", Select).value
        self.dismiss((str(meeting), str(plan) if plan and plan is not Select.BLANK else None))

    def action_cancel(self) -> None:
        self.dismiss(None)
