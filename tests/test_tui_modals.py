"""Pilot tests of the modal dialogs: keys in, a typed value (or an inline error) out.

Each test pushes one dialog on a bare host App with a callback that records what it was
dismissed with, presses keys as a user would, and asserts on that value and on the screen.
No database is involved: the dialogs only collect input.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Select, SelectionList, Static, TextArea

from ptctui.forms import ActionForm, MoveRequest, UpdateRequest
from ptctui.tui.dialogs.action import ActionDialog
from ptctui.tui.dialogs.confirm import ConfirmDialog
from ptctui.tui.dialogs.status_filter import StatusFilterDialog
from ptctui.tui.dialogs.status_picker import StatusPicker
from ptctui.tui.dialogs.update import UpdateDialog
from ptctui.workflow import Status

TODAY = date(2020, 6, 15)
TITLE = "Develop an IPR Customs Training Handbook"
BODIES = ("SEC", "WGRCF", "EC", "PTC")
MEETINGS = ("EC-40", "WGRCF-6")
SIZE = (80, 24)


class Host(App[None]):
    """Pushes one modal on mount and records every value it is dismissed with."""

    def __init__(self, modal: Screen[Any]) -> None:
        super().__init__()
        self.modal = modal
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.results.append)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` one key at a time, as a user would."""
    await pilot.press(*text)


def rendered(widget: Widget) -> str:
    """The text ``widget`` actually draws, line by line, trailing blanks removed."""
    width, height = widget.size
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join(strip.text.rstrip() for strip in strips)


def shown(widget: Widget) -> bool:
    """Whether ``widget`` takes up room on the screen (it and its row are displayed)."""
    return widget.display and widget.region.height > 0


def error_text(screen: Screen[Any]) -> str:
    return rendered(screen.query_one("#error", Static)).strip()


def picker(current: Status, title: str = TITLE) -> StatusPicker:
    return StatusPicker(ref="CEP-1.3", title=title, current=current)


# --- StatusPicker ----------------------------------------------------------------------------


async def test_picker_offers_only_allowed_moves_from_completed() -> None:
    app = Host(picker(Status.COMPLETED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        moves = app.screen.query_one("#moves", OptionList)
        ids = [moves.get_option_at_index(i).id for i in range(moves.option_count)]
        assert ids == ["in_progress", "ongoing"]
        assert "(needs a note)" in rendered(moves)
        assert app.screen.query_one("#note", Input).placeholder == "Note (required)"
        assert "completed" in rendered(app.screen.query_one("#current"))


async def test_picker_plain_move_returns_request_on_enter() -> None:
    app = Host(picker(Status.PLANNED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, OptionList)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [MoveRequest(Status.IN_PROGRESS, "", None)]


async def test_picker_deadline_input_shown_only_for_postponing() -> None:
    app = Host(picker(Status.PLANNED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        deadline = app.screen.query_one("#deadline", Input)
        assert not shown(deadline)  # in progress needs no deadline
        await pilot.press("down", "down", "down")  # postponed
        await pilot.pause()
        assert shown(deadline)
        assert deadline.placeholder == "New deadline, e.g. Q3 2020 or end of 2020"
        await pilot.press("down")  # on hold
        await pilot.pause()
        assert not shown(deadline)
        assert app.screen.query_one("#note", Input).placeholder == "Reason (required)"


async def test_picker_rejects_unreadable_deadline_inline_then_accepts_a_good_one() -> None:
    app = Host(picker(Status.PLANNED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # postponed, nothing typed
        await pilot.pause()
        assert app.results == []
        assert error_text(app.screen) == "Postponing needs a new deadline."
        assert app.focused is app.screen.query_one("#deadline", Input)

        await type_text(pilot, "soonish")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert error_text(app.screen).startswith("Cannot read deadline “soonish”")

        await pilot.press("ctrl+u")
        await type_text(pilot, "end of 2020")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [MoveRequest(Status.POSTPONED, "", "end of 2020")]


async def test_picker_needs_a_reason_for_on_hold() -> None:
    app = Host(picker(Status.IN_PROGRESS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "enter")  # on hold
        await pilot.pause()
        assert app.results == []
        assert error_text(app.screen) == "Moving to on hold needs a reason."
        note = app.screen.query_one("#note", Input)
        assert app.focused is note
        await type_text(pilot, "  waiting for funds ")
        await pilot.pause()
        assert error_text(app.screen) == ""  # typing clears the error
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [MoveRequest(Status.ON_HOLD, "waiting for funds", None)]


async def test_picker_tab_goes_to_note_and_ctrl_s_submits() -> None:
    app = Host(picker(Status.CANCELLED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "tab")  # in progress, then into the note
        assert app.focused is app.screen.query_one("#note", Input)
        await type_text(pilot, "funding found")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [MoveRequest(Status.IN_PROGRESS, "funding found", None)]


async def test_picker_escape_cancels() -> None:
    app = Host(picker(Status.PLANNED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_picker_shows_a_markup_like_title_literally() -> None:
    title = "[bold red]x[/] <b>y</b>"
    app = Host(picker(Status.PLANNED, title=title))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        heading = rendered(app.screen.query_one("#heading"))
        assert heading == f"Move CEP-1.3 — {title}"


# --- UpdateDialog ----------------------------------------------------------------------------


def update_dialog(meetings: tuple[str, ...] = MEETINGS) -> UpdateDialog:
    return UpdateDialog(ref="CEP-1.3", title=TITLE, today=TODAY, meetings=meetings)


async def test_update_requires_text_and_defaults_to_today() -> None:
    app = Host(update_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#date", Input).value == "2020-06-15"
        assert f"Progress on CEP-1.3 — {TITLE}" in rendered(app.screen.query_one("#heading"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert error_text(app.screen) == "The progress text is required."

        await type_text(pilot, "Drafted")
        await pilot.press("enter")  # a newline inside the text area, not a save
        await type_text(pilot, "chapter 1")
        await pilot.pause()
        assert app.results == []
        assert app.screen.query_one("#text", TextArea).text == "Drafted\nchapter 1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [UpdateRequest("Drafted\nchapter 1", TODAY, None)]


async def test_update_rejects_a_bad_date_and_reads_yesterday() -> None:
    app = Host(update_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "Met the experts")
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#date", Input)
        await type_text(pilot, "31/02/2020")  # focus selects the prefilled date: replaced
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert error_text(app.screen).startswith("Cannot read date “31/02/2020”")

        await pilot.press("ctrl+u")
        await type_text(pilot, "yesterday")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [UpdateRequest("Met the experts", date(2020, 6, 14), None)]


async def test_update_meeting_is_checked_and_normalised() -> None:
    app = Host(update_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "Endorsed")
        await pilot.press("tab", "tab")
        assert app.focused is app.screen.query_one("#meeting", Input)
        await type_text(pilot, "EC-41")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert error_text(app.screen).startswith("Unknown meeting “EC-41”")

        await pilot.press("ctrl+u")
        await type_text(pilot, "ec-40")
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [UpdateRequest("Endorsed", TODAY, "EC-40")]


async def test_update_meeting_suggestion_completes_with_right() -> None:
    app = Host(update_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "Endorsed")
        await pilot.press("tab", "tab", "w")
        await pilot.pause()
        await pilot.press("right")
        assert app.screen.query_one("#meeting", Input).value == "WGRCF-6"


async def test_update_escape_cancels() -> None:
    app = Host(update_dialog(meetings=()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "never mind")
        await pilot.press("escape")  # asks first (tests/test_tui_laptop.py), escape again
        await pilot.pause()
        assert app.results == []
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


# --- ActionDialog ----------------------------------------------------------------------------


def action_dialog(initial: ActionForm | None = None) -> ActionDialog:
    return ActionDialog(
        heading="New action in CEP-2020 · 1. Component 1 – Tools", bodies=BODIES, initial=initial
    )


async def test_action_requires_a_title() -> None:
    app = Host(action_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is app.screen.query_one("#title", TextArea)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert error_text(app.screen) == "An action needs a title."


async def test_action_full_form_is_validated_and_normalised() -> None:
    app = Host(action_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "Write a handbook")
        await pilot.press("tab")
        await type_text(pilot, "For trainers")
        await pilot.press("tab", "enter", "down", "down", "enter")  # kind: project
        await pilot.pause()
        assert app.screen.query_one("#kind", Select).value == "project"
        await pilot.press("tab")
        await type_text(pilot, "someday")
        await pilot.press("tab")
        await type_text(pilot, "sec, wgrcf, Sec")
        await pilot.press("tab")
        await type_text(pilot, "ec")
        await pilot.press("tab")
        await type_text(pilot, "Voluntary contributions")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert error_text(app.screen).startswith("Cannot read deadline “someday”")
        deadline = app.screen.query_one("#deadline", Input)
        assert app.focused is deadline

        await pilot.press("ctrl+u")
        await type_text(pilot, "Q3 2020")
        await pilot.press("enter")  # enter in a one-line field saves the form
        await pilot.pause()
        assert app.results == [
            ActionForm(
                title="Write a handbook",
                description="For trainers",
                kind="project",
                deadline="Q3 2020",
                lead=("SEC", "WGRCF"),
                supporting=("EC",),
                funding_note="Voluntary contributions",
            )
        ]


async def test_action_rejects_unknown_and_doubled_bodies() -> None:
    app = Host(action_dialog(ActionForm(title="Write a handbook")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lead = app.screen.query_one("#lead", Input)
        supporting = app.screen.query_one("#supporting", Input)
        lead.focus()
        await type_text(pilot, "SEC, XYZ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert error_text(app.screen) == f"no lead body 'XYZ'; bodies are: {', '.join(BODIES)}"
        assert app.focused is lead

        await pilot.press("ctrl+u")
        await type_text(pilot, "SEC")
        supporting.focus()
        await type_text(pilot, "sec")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert error_text(app.screen) == "SEC cannot both lead and support."


async def test_action_body_code_suggestion_completes_the_last_code() -> None:
    app = Host(action_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#lead", Input).focus()
        await type_text(pilot, "SEC, wg")
        await pilot.pause()
        await pilot.press("right")
        assert app.screen.query_one("#lead", Input).value == "SEC, wgRCF"


async def test_action_edit_returns_initial_values_unchanged() -> None:
    initial = ActionForm(
        title="Develop an IPR Customs Training Handbook",
        description="A handbook for trainers.",
        kind="study",
        deadline="end of 2020",
        lead=("SEC",),
        supporting=("WGRCF", "EC"),
        funding_note="Voluntary contributions",
    )
    app = Host(ActionDialog(heading="Edit CEP-1.3", bodies=BODIES, initial=initial))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rendered(app.screen.query_one("#heading")) == "Edit CEP-1.3"
        assert app.screen.query_one("#lead", Input).value == "SEC"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [initial]


async def test_action_escape_cancels() -> None:
    app = Host(action_dialog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "half typed")
        await pilot.press("escape")  # asks first (tests/test_tui_laptop.py), escape again
        await pilot.pause()
        assert app.results == []
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


# --- ConfirmDialog ---------------------------------------------------------------------------


def confirm() -> ConfirmDialog:
    return ConfirmDialog(question=Text("Archive CEP-1.3 — [b]x[/b]?"))


async def test_confirm_starts_on_cancel_so_enter_is_safe() -> None:
    app = Host(confirm())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is app.screen.query_one("#cancel", Button)
        assert "Archive CEP-1.3 — [b]x[/b]?" in rendered(app.screen.query_one("#heading"))
        confirm_button = app.screen.query_one("#confirm", Button)
        assert confirm_button.variant == "error"
        assert str(confirm_button.label) == "Archive"
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [False]


async def test_confirm_keys() -> None:
    for keys, expected in ((("y",), True), (("n",), False), (("escape",), False)):
        app = Host(confirm())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            assert app.results == [expected], keys


async def test_confirm_button_reached_with_right_then_enter() -> None:
    app = Host(ConfirmDialog(question="Delete it?", confirm_label="Delete"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right")
        assert app.focused is app.screen.query_one("#confirm", Button)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [True]


# --- StatusFilterDialog ----------------------------------------------------------------------


async def test_filter_starts_from_current_and_space_toggles() -> None:
    current = frozenset({Status.PLANNED, Status.ON_HOLD})
    app = Host(StatusFilterDialog(current=current))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        statuses = app.screen.query_one("#statuses", SelectionList)
        assert set(statuses.selected) == current
        assert "in progress" in rendered(statuses)
        await pilot.press("space")  # untick planned
        await pilot.press("down", "space")  # tick in progress
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [frozenset({Status.IN_PROGRESS, Status.ON_HOLD})]


async def test_filter_empty_selection_means_no_filter() -> None:
    app = Host(StatusFilterDialog(current=frozenset({Status.PLANNED})))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert app.results == [frozenset()]


async def test_filter_escape_cancels() -> None:
    app = Host(StatusFilterDialog(current=frozenset()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "escape")
        await pilot.pause()
        assert app.results == [None]
