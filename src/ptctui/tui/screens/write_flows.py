"""The main screen's changes to actions: each flow opens a dialog and turns its answer into one
store change.

A flow is given the action it works on (or, for a new action, the scope and the highlighted
row), opens its dialog from ``ptctui.tui.dialogs`` (imported when it opens: the first frame
need not pay for the dialogs' widgets), and hands the dialog's typed value to
``ptctui.forms``, which makes the ``Write``; the screen commits it in a worker and the browser
shows the result. The flows keep no state and do no I/O, and know the screen only as a
``Screen`` (to open dialogs and say things) and a ``commit`` function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual.screen import Screen

from ptctui import forms
from ptctui.browse import Scope, component_for
from ptctui.forms import ActionForm, MoveRequest, UpdateRequest, Write
from ptctui.store import ActionDetail, ActionRow
from ptctui.text import one_line
from ptctui.tui.context import AppContext
from ptctui.workflow import NEXT

Commit = Callable[[Write, bool], None]
"""Commit a write in a worker; the flag says it changes only its action's own row."""


class WriteFlows:
    """Status moves, progress updates, edits, new actions and archiving."""

    def __init__(self, *, screen: Screen[Any], context: AppContext, commit: Commit) -> None:
        self.screen = screen
        """Where the dialogs open and the warnings show."""
        self.context = context
        """Who is working (``by``), what day it is, the codes the dialogs offer."""
        self.commit = commit

    def advance(self, row: ActionRow) -> None:
        """Move ``row`` to its natural next status, or say why there is none."""
        target = NEXT.get(row.status)
        if target is None:
            self.screen.notify(
                f"{row.ref} is {row.status.label}: no natural next step; "
                "press s to choose a status.",
                severity="warning",
                timeout=4,
            )
            return
        self.move(row, MoveRequest(status=target))

    def move(self, row: ActionRow, request: MoveRequest) -> None:
        """Make the move ``request`` asks for."""
        self.commit(forms.move(uuid=row.uuid, request=request, by=self.context.by), True)

    def pick_status(self, row: ActionRow) -> None:
        """Choose a move among those the workflow allows, then make it."""
        from ptctui.tui.dialogs.status_picker import StatusPicker

        def picked(request: MoveRequest | None) -> None:
            if request is not None:
                self.move(row, request)

        dialog = StatusPicker(
            ref=row.ref, title=row.title, current=row.status, today=self.context.today
        )
        self.screen.app.push_screen(dialog, picked)

    def add_update(self, row: ActionRow) -> None:
        """Record a dated progress update on ``row``."""
        from ptctui.tui.dialogs.update import UpdateDialog

        def done(request: UpdateRequest | None) -> None:
            if request is not None:
                write = forms.add_update(uuid=row.uuid, request=request, by=self.context.by)
                self.commit(write, True)

        meetings = self.context.names().meetings
        dialog = UpdateDialog(
            ref=row.ref, title=row.title, today=self.context.today, meetings=meetings
        )
        self.screen.app.push_screen(dialog, done)

    def edit(self, row: ActionRow, detail: ActionDetail) -> None:
        """Edit ``row``'s fields, starting from ``detail`` (read for it); an untouched form
        saves nothing."""
        from ptctui.tui.dialogs.action import ActionDialog

        initial = forms.form_of(detail)

        def done(form: ActionForm | None) -> None:
            if form is None or replace(form, note="") == initial:  # a note alone changes nothing
                return
            write = forms.edit(uuid=row.uuid, initial=initial, form=form, by=self.context.by)
            self.commit(write, True)

        bodies = self.context.names().bodies
        dialog = ActionDialog(heading=f"Edit {row.ref}", bodies=bodies, initial=initial)
        self.screen.app.push_screen(dialog, done)

    def new(self, scope: Scope, row: ActionRow | None) -> None:
        """Add an action to the component chosen in the tree, else to ``row``'s."""
        from ptctui.tui.dialogs.action import ActionDialog

        place = component_for(scope, row)
        if place is None:
            self.screen.notify("Select a component in the tree first.", severity="warning")
            return
        component, heading = place

        def done(form: ActionForm | None) -> None:
            if form is not None:
                write = forms.new_action(component=component, form=form, by=self.context.by)
                self.commit(write, False)

        bodies = self.context.names().bodies
        dialog = ActionDialog(heading=f"New action in {heading}", bodies=bodies)
        self.screen.app.push_screen(dialog, done)

    def archive(self, row: ActionRow) -> None:
        """Archive ``row`` (or restore it, if archived) after asking."""
        from ptctui.tui.dialogs.confirm import ConfirmDialog

        archived = not row.archived
        question = Text(f"{'Archive' if archived else 'Restore'} {one_line(row.ref)} — ")
        question.append(one_line(row.title), style="bold")
        question.append("?")
        if archived:
            question.append("\nIt will be hidden from lists, not deleted (A shows archived).")

        def confirmed(yes: bool | None) -> None:
            if yes:
                write = forms.archive(uuid=row.uuid, archived=archived, by=self.context.by)
                self.commit(write, False)

        label = "Archive" if archived else "Restore"
        self.screen.app.push_screen(
            ConfirmDialog(question=question, confirm_label=label), confirmed
        )
