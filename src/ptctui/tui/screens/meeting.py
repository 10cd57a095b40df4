"""Meeting mode: walk a plan's actions during a committee session, one action on the screen at a
time, and decide each with one key.

``enter``/``→`` take note and go on (an action already decided just goes on), ``←`` goes back;
``c`` completed, ``i`` in progress, ``p`` postponed (asks the new deadline and why), ``h`` on
hold and ``x`` cancelled (ask why), ``u`` a note, ``f`` a follow-up (who, by when, what), ``z``
undoes this walk's last decision. Each decision is recorded against the meeting (the move's or
the update's ``meeting``, or a review), in one transaction, through the same store calls as the
command line; one the workflow refuses says why on the line under the action, and nothing is
written. Where the walk stands is saved as it moves, so the walk resumes there tomorrow (or on
another laptop, after a sync).

Reads and writes run in thread workers and come back as messages; the screen holds only the
list of actions (references in document order), where it is, and this walk's journal entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from ptctui import meeting_forms, store
from ptctui.errors import user_message
from ptctui.store import decisions
from ptctui.store.decisions import Briefing
from ptctui.tui.context import AppContext
from ptctui.tui.dialogs.ask import AskDialog, Question
from ptctui.views.meeting import briefing_view
from ptctui.workflow import Need, Status, WorkflowError, need_for


@dataclass(frozen=True)
class WalkSpec:
    """What to walk: a meeting, and a plan (or every live action) narrowed by a filter."""

    meeting: str
    plan: str | None = None
    flt: store.ActionFilter | None = None


@dataclass
class _Walk:
    """The walk as first read: its actions, those decided, where it resumes."""

    label: str
    refs: list[str]
    uuids: list[str]
    decided: set[str]
    start: int


class MeetingScreen(Screen[None]):
    """One action at a time, a key a decision."""

    DEFAULT_CSS = """
    MeetingScreen {
        #walk-line { padding: 0 1; background: $panel; text-style: bold; height: 1; }
        #brief { padding: 1 2; scrollbar-size-vertical: 1; }
        #said { padding: 0 2; height: auto; min-height: 1; color: $text-muted; }
        #said.-refused { color: $text-error; }
        #keys {
            dock: bottom;
            height: auto;
            padding: 0 1;
            color: $footer-foreground;
            background: $footer-background;
        }
    }
    """

    KEYS = (
        ("⏎/→", "noted, next"),
        ("←", "back"),
        ("c", "completed"),
        ("i", "in progress"),
        ("p", "postpone"),
        ("h", "on hold"),
        ("x", "cancel"),
        ("u", "note"),
        ("f", "follow-up"),
        ("z", "undo"),
        ("esc", "leave"),
    )
    """Every key of the walk, always on screen (they wrap at 80 columns rather than hide)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,right", "go_on", "Noted, next", id="meeting.next"),
        Binding("left", "back", "Back", id="meeting.back"),
        Binding("c", "move('completed')", "Completed", id="meeting.completed"),
        Binding("i", "move('in_progress')", "In progress", id="meeting.in_progress"),
        Binding("p", "postpone", "Postpone", id="meeting.postpone"),
        Binding("h", "move('on_hold')", "On hold", id="meeting.on_hold"),
        Binding("x", "move('cancelled')", "Cancel", id="meeting.cancel"),
        Binding("u", "note", "Note", id="meeting.note"),
        Binding("f", "follow_up", "Follow-up", id="meeting.follow_up"),
        Binding("z", "undo", "Undo", id="meeting.undo"),
        Binding("escape", "leave", "Leave", id="meeting.leave"),
    ]

    class Walked(Message):
        """The walk's list was read."""

        def __init__(self, walk: _Walk) -> None:
            super().__init__()
            self.walk = walk

    class Briefed(Message):
        """One action's briefing was read."""

        def __init__(self, index: int, briefing: Briefing) -> None:
            super().__init__()
            self.index = index
            self.briefing = briefing

    class Decided(Message):
        """A decision was written (its journal entry, the action it was about), or refused
        (why)."""

        def __init__(
            self,
            change_id: int | None,
            said: str,
            refused: bool = False,
            about: str | None = None,
            decided: set[str] | None = None,
        ) -> None:
            super().__init__()
            self.change_id = change_id
            self.said = said
            self.refused = refused
            self.about = about
            self.decided = decided
            """After an undo: the actions still decided at the meeting, read again."""

    def __init__(self, *, context: AppContext, spec: WalkSpec) -> None:
        super().__init__()
        self.context = context
        self.spec = spec
        self.walk: _Walk | None = None
        self.index = 0
        self.briefing: Briefing | None = None
        self.journal: list[int] = []
        """This walk's decisions, as journal entry ids, oldest first (``z`` undoes the last)."""
        self._pending: set[str] = set()
        """Actions with a decision being written: going on from one does not also note it."""

    def compose(self) -> ComposeResult:
        yield Static("Reading the plan…", id="walk-line", markup=False)
        with VerticalScroll(id="brief"):
            yield Static("", id="action", markup=False)
        yield Static("", id="said", markup=False)
        legend = Text()
        for key, what in self.KEYS:
            legend.append(key, style="bold")
            legend.append(f" {what}  ")
        yield Static(legend, id="keys", markup=False)

    def on_mount(self) -> None:
        spec, today = self.spec, self.context.today

        def read(session: Session) -> _Walk:
            meeting = store.get_meeting(session=session, key=spec.meeting)
            plan = store.get_plan(session=session, code=spec.plan) if spec.plan else None
            flt = spec.flt or store.ActionFilter()
            if plan is not None:
                flt = store.ActionFilter(**{**flt.__dict__, "plan": plan.code})
            rows, decided = decisions.walk_list(
                session=session, meeting=meeting, flt=flt, today=today
            )
            at = decisions.walk_position(session=session, meeting=meeting, plan=plan)
            uuids = [r.uuid for r in rows]
            start = uuids.index(at) if at in uuids else 0
            label = f"{meeting.key} · {plan.code if plan else 'all plans'}"
            return _Walk(label, [r.ref for r in rows], uuids, decided, start)

        self._run(read, self.Walked)

    # --- reading and writing in workers -------------------------------------------------------

    def _run(self, read: Callable[[Session], Any], message: Callable[[Any], Message]) -> None:
        engine = self.context.engine

        def job() -> None:
            try:
                with store.reading(engine) as session:
                    value = read(session)
            except Exception as error:  # shown in place, never a crash
                self.post_message(self.Decided(None, user_message(error) or repr(error), True))
                return
            self.post_message(message(value))

        self.run_worker(job, thread=True, group="meeting-read", exit_on_error=False)

    def _write(self, write: meeting_forms.Decide, said: str, about: str | None) -> None:
        """Run ``write`` (returns its journal entry) in one transaction, in a worker; ``about``
        is the UUID of the action decided (``None`` for an undo, which recounts them all)."""
        engine, key = self.context.engine, self.spec.meeting
        if about is not None:
            self._pending.add(about)

        def job() -> None:
            decided: set[str] | None = None
            try:
                with store.writing(engine) as session:
                    change = write(session)
                    change_id = change.id if change is not None else None
                    if about is None:
                        meeting = store.get_meeting(session=session, key=key)
                        decided = set(decisions.decisions_at(session=session, meeting=meeting))
            except Exception as error:
                why = user_message(error) or repr(error)
                self.post_message(self.Decided(None, why, True, about=about))
                return
            self.post_message(self.Decided(change_id, said, about=about, decided=decided))

        self.run_worker(job, thread=True, group="meeting-write", exit_on_error=False)

    @on(Walked)
    def _walked(self, message: Walked) -> None:
        self.walk = message.walk
        if not self.walk.uuids:
            self.query_one("#walk-line", Static).update(
                Text(f"{self.walk.label} · nothing to walk: no action matches")
            )
            return
        self._show(self.walk.start)

    def _show(self, index: int) -> None:
        assert self.walk is not None
        self.index = max(0, min(index, len(self.walk.uuids) - 1))
        uuid, key = self.walk.uuids[self.index], self.spec.meeting

        def read(session: Session) -> tuple[int, Briefing]:
            meeting = store.get_meeting(session=session, key=key)
            action = store.resolve_action(session=session, ref=uuid)
            return self.index, decisions.briefing(session=session, meeting=meeting, action=action)

        self._run(read, lambda value: self.Briefed(*value))
        self._save_position()

    @on(Briefed)
    def _briefed(self, message: Briefed) -> None:
        if message.index != self.index or self.walk is None:
            return  # the walk moved on meanwhile
        self.briefing = message.briefing
        if message.briefing.decided:
            self.walk.decided.add(message.briefing.detail.action.uuid)
        else:
            self.walk.decided.discard(message.briefing.detail.action.uuid)
        self.query_one("#action", Static).update(
            briefing_view(message.briefing, self.context.today)
        )
        self.query_one("#brief", VerticalScroll).scroll_home(animate=False)
        self._progress()

    def _progress(self) -> None:
        assert self.walk is not None
        total = len(self.walk.uuids)
        line = f"{self.walk.label} · {self.index + 1} of {total} · {len(self.walk.decided)} decided"
        self.query_one("#walk-line", Static).update(Text(line))

    @on(Decided)
    def _decided(self, message: Decided) -> None:
        said = self.query_one("#said", Static)
        said.set_class(message.refused, "-refused")
        said.update(Text(message.said))
        if message.change_id is not None:
            self.journal.append(message.change_id)
        self._pending.discard(message.about or "")
        if self.walk is not None and message.about is not None and not message.refused:
            self.walk.decided.add(message.about)
        if self.walk is not None and message.decided is not None:
            self.walk.decided = message.decided
        if self.walk is not None and self.walk.uuids:
            self._show(self.index)  # read the action again: its status, what was decided

    def _save_position(self) -> None:
        if self.walk is None or not self.walk.uuids:
            return
        uuid, spec, by = self.walk.uuids[self.index], self.spec, self.context.by
        engine = self.context.engine

        def job() -> None:
            try:
                with store.writing(engine) as session:
                    meeting = store.get_meeting(session=session, key=spec.meeting)
                    plan = store.get_plan(session=session, code=spec.plan) if spec.plan else None
                    action = store.resolve_action(session=session, ref=uuid)
                    decisions.save_walk(
                        session=session, meeting=meeting, plan=plan, action=action, by=by
                    )
            except Exception:  # where the walk stands is a convenience: never in the way
                return

        self.run_worker(job, thread=True, group="meeting-walk", exclusive=True, exit_on_error=False)

    # --- the keys ------------------------------------------------------------------------------

    def _current(self) -> Briefing | None:
        return self.briefing if self.walk is not None and self.walk.uuids else None

    def action_go_on(self) -> None:
        current = self._current()
        if current is None or self.walk is None:
            return
        uuid = current.detail.action.uuid
        if not current.decided and uuid not in self.walk.decided | self._pending:
            ref = current.detail.action.ref
            write = meeting_forms.review(
                meeting=self.spec.meeting, ref=ref, kind="noted", by=self.context.by
            )
            self._write(write, f"{ref}: noted", uuid)
        assert self.walk is not None
        if self.index + 1 < len(self.walk.uuids):
            self._show(self.index + 1)
        else:
            self.query_one("#said", Static).update(
                Text("That was the last action of the walk; escape leaves it.")
            )

    def action_back(self) -> None:
        if self._current() is not None and self.index > 0:
            self._show(self.index - 1)

    def _move(self, status: Status, note: str = "", deadline: str | None = None) -> None:
        current = self._current()
        if current is None:
            return
        ref = current.detail.action.ref
        write = meeting_forms.move(
            meeting=self.spec.meeting,
            ref=ref,
            status=status,
            by=self.context.by,
            note=note,
            deadline=deadline,
        )
        self._write(write, f"{ref}: {status.label}", current.detail.action.uuid)

    def action_move(self, status: str) -> None:
        """Move at once, or ask first what the workflow needs (a reason, a new deadline);
        a move it refuses says why in place."""
        current = self._current()
        if current is None:
            return
        target = Status(status)
        try:
            need = need_for(Status(current.detail.action.status), target)
        except WorkflowError as error:
            said = self.query_one("#said", Static)
            said.add_class("-refused")
            said.update(Text(str(error)))
            return
        if need is Need.DEADLINE:
            self.action_postpone()
        elif need in (Need.REASON, Need.NOTE):
            self.action_move_why(status)
        else:
            self._move(target)

    def action_move_why(self, status: str) -> None:
        target = Status(status)
        current = self._current()
        if current is None:
            return
        question = Question("note", "Why", "The reason the minutes give", required=True)

        def answered(answers: dict[str, str] | None) -> None:
            if answers is not None:
                self._move(target, note=answers["note"])

        heading = f"{target.label.capitalize()}: {current.detail.action.ref}"
        self.app.push_screen(AskDialog(heading, [question]), answered)

    def action_postpone(self) -> None:
        current = self._current()
        if current is None:
            return
        questions = [
            Question(
                "deadline", "New deadline", "Q1 2021, end of 2021, June 2021", True, "deadline"
            ),
            Question("note", "Why", "The reason the minutes give", required=True),
        ]

        def answered(answers: dict[str, str] | None) -> None:
            if answers is not None:
                self._move(Status.POSTPONED, note=answers["note"], deadline=answers["deadline"])

        heading = f"Postpone {current.detail.action.ref}"
        self.app.push_screen(AskDialog(heading, questions), answered)

    def action_note(self) -> None:
        current = self._current()
        if current is None:
            return
        ref, key, by = current.detail.action.ref, self.spec.meeting, self.context.by
        today = self.context.today

        def answered(answers: dict[str, str] | None) -> None:
            if answers is None:
                return
            write = meeting_forms.note(meeting=key, ref=ref, by=by, text=answers["text"], on=today)
            self._write(write, f"{ref}: note recorded", current.detail.action.uuid)

        question = Question("text", "Note", "What the committee said", required=True)
        self.app.push_screen(AskDialog(f"A note on {ref}", [question]), answered)

    def action_follow_up(self) -> None:
        current = self._current()
        if current is None:
            return
        ref, key, by = current.detail.action.ref, self.spec.meeting, self.context.by
        bodies = self.context.names().bodies
        questions = [
            Question("body", "Who", "The body it falls to, e.g. SEC", kind="body", choices=bodies),
            Question("due", "By when", "Q1 2021, the next session's date", kind="deadline"),
            Question("note", "What", "What is expected, e.g. a report on funding"),
        ]

        def answered(answers: dict[str, str] | None) -> None:
            if answers is None:
                return
            write = meeting_forms.review(
                meeting=key,
                ref=ref,
                kind="follow_up",
                by=by,
                note=answers["note"],
                body=answers["body"] or None,
                due=answers["due"] or None,
            )
            self._write(write, f"{ref}: flagged for follow-up", current.detail.action.uuid)

        self.app.push_screen(AskDialog(f"Follow up {ref}", questions), answered)

    def action_undo(self) -> None:
        if not self.journal:
            self.query_one("#said", Static).update(Text("No decision of this walk to undo."))
            return
        write = meeting_forms.undo(change_id=self.journal.pop(), by=self.context.by)
        self._write(write, "Undone: the last decision of this walk", None)

    def action_leave(self) -> None:
        self.dismiss(None)
