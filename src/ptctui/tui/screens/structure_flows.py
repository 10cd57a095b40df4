"""The main screen's changes to what actions sit in: packages, plans, components (from the
tree's ``n``, ``e`` and ``d``), bodies and meetings (from the command palette).

Each flow opens a dialog (``ptctui.tui.dialogs``: imported when it opens), hands its typed
answer to ``ptctui.plan_forms``, which makes the ``Write``, and commits it through the screen;
the browser then reads everything again (the tree changed). Like ``WriteFlows``, the flows keep
no state and do no I/O: an edit is opened with the row's values, which the screen reads first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from sqlmodel import Session
from textual.screen import Screen

from ptctui import plan_forms
from ptctui.browse import Scope
from ptctui.plan_forms import ComponentForm, MeetingForm, PackageForm, PlanForm
from ptctui.text import one_line
from ptctui.tui.context import AppContext
from ptctui.tui.screens.write_flows import Commit

EditForm = PackageForm | PlanForm | ComponentForm | MeetingForm


class StructureFlows:
    """Packages, plans and components added, edited and archived; bodies and meetings added."""

    def __init__(
        self,
        *,
        screen: Screen[Any],
        context: AppContext,
        commit: Commit,
        read: Callable[[Callable[[Session], Any], Callable[[Any], None]], None],
        reveal: Callable[[str, str], None],
    ) -> None:
        self.screen = screen
        """Where the dialogs open."""
        self.context = context
        """Who is working, what day it is, the codes the dialogs offer and check."""
        self.commit = commit
        self.read = read
        """Read something in a worker, then go on with it (the screen's ``read``)."""
        self.reveal = reveal
        """Put the tree's cursor on a package, plan or component once it shows (kind, key)."""

    def _push(self, dialog: Any, done: Any) -> None:
        self.screen.app.push_screen(dialog, done)

    def _committing(self, make: Any) -> Any:
        """A dialog callback that commits ``make(form)`` unless the dialog was cancelled, and
        then shows the new package or plan (a new component: its plan) in the tree."""

        def done(form: Any) -> None:
            if form is None:
                return
            if isinstance(form, PackageForm):
                self.reveal("package", form.code)
            elif isinstance(form, PlanForm):
                self.reveal("plan", form.code)
            elif isinstance(form, ComponentForm):
                self.reveal("plan", form.plan)
            self.commit(make(form), False)

        return done

    def add(self, scope: Scope) -> bool:
        """Add under ``scope``: a package, a plan or a component. False for a component's
        child (an action), which is the action flows' to add."""
        from ptctui.tui.dialogs.component import ComponentDialog
        from ptctui.tui.dialogs.package import PackageDialog
        from ptctui.tui.dialogs.plan import PlanDialog

        names, by = self.context.names(), self.context.by
        if scope.kind == "all":
            dialog: Any = PackageDialog(taken=names.taken.get("packages", {}))
            self._push(dialog, self._committing(lambda f: plan_forms.new_package(form=f, by=by)))
        elif scope.kind == "package":
            dialog = PlanDialog(
                packages=names.packages or [scope.key],
                package=scope.key,
                taken=names.taken.get("plans", {}),
                today=self.context.today,
            )
            self._push(dialog, self._committing(lambda f: plan_forms.new_plan(form=f, by=by)))
        elif scope.kind == "plan":
            dialog = ComponentDialog(plans=names.plans or [scope.key], plan=scope.key)
            self._push(
                dialog, self._committing(lambda f: plan_forms.new_component(form=f, by=by))
            )
        else:
            return False
        return True

    def new_plan(self, scope: Scope) -> None:
        """A plan in the package the tree points at, else the first one."""
        names = self.context.names()
        package = scope.key if scope.kind == "package" else next(iter(names.packages), None)
        if package is None:
            self.screen.notify("Add a package first.", severity="warning")
            return
        self.add(Scope("package", package, package))

    def new_component(self, plan: str | None) -> None:
        """A component in ``plan`` (the one the tree points at), else the first plan."""
        plan = plan or next(iter(self.context.names().plans), None)
        if plan is None:
            self.screen.notify("Add a plan first.", severity="warning")
            return
        self.add(Scope("plan", plan, plan))

    def edit_record(self, scope: Scope) -> None:
        """Read the package, plan, component or meeting ``scope`` names, then edit it."""
        self.read(partial(plan_forms.record_form, scope.kind, scope.key), partial(self.edit, scope))

    def edit(self, scope: Scope, initial: EditForm) -> None:
        """Edit the package, plan, component or meeting ``initial`` holds (read for it)."""
        from ptctui.tui.dialogs.component import ComponentDialog
        from ptctui.tui.dialogs.meeting import MeetingDialog
        from ptctui.tui.dialogs.package import PackageDialog
        from ptctui.tui.dialogs.plan import PlanDialog

        names, by, today = self.context.names(), self.context.by, self.context.today

        def unless_same(make: Any) -> Any:
            def done(form: Any) -> None:
                if form is not None and form != initial:
                    if isinstance(form, PackageForm | PlanForm) and scope.kind != "meeting":
                        self.reveal(scope.kind, form.code)  # the same node, perhaps renamed
                    self.commit(make(form), False)

            return done

        if isinstance(initial, PackageForm):
            package = initial
            self._push(
                PackageDialog(taken=names.taken.get("packages", {}), initial=package),
                unless_same(lambda f: plan_forms.edit_package(initial=package, form=f, by=by)),
            )
        elif isinstance(initial, PlanForm):
            plan = initial
            self._push(
                PlanDialog(packages=[], taken=names.taken.get("plans", {}), today=today,
                           initial=plan),
                unless_same(lambda f: plan_forms.edit_plan(initial=plan, form=f, by=by)),
            )  # fmt: skip
        elif isinstance(initial, ComponentForm):
            self._push(
                ComponentDialog(initial=initial),
                unless_same(lambda f: plan_forms.edit_component(spec=scope.key, form=f, by=by)),
            )
        else:
            meeting = initial
            self._push(
                MeetingDialog(bodies=names.bodies, taken=names.taken.get("meetings", {}),
                              today=today, initial=meeting),
                unless_same(lambda f: plan_forms.edit_meeting(initial=meeting, form=f, by=by)),
            )  # fmt: skip

    def archive(self, scope: Scope) -> None:
        """Archive the package, plan or component ``scope`` names, after asking."""
        from ptctui.tui.dialogs.confirm import ConfirmDialog

        question = Text(f"Archive {scope.kind} {one_line(scope.key)} — ")
        question.append(one_line(scope.label), style="bold")
        question.append("?")
        under = {"package": "its plans and their actions", "plan": "its components and actions"}
        question.append(
            f"\nIt will be hidden with {under.get(scope.kind, 'its actions')}, not deleted "
            f"(ptctui {scope.kind}s restore, or ctrl+z, brings it back)."
        )
        by = self.context.by

        def confirmed(yes: bool | None) -> None:
            if yes:
                write = plan_forms.archive(kind=scope.kind, key=scope.key, archived=True, by=by)
                self.commit(write, False)

        self._push(ConfirmDialog(question=question, confirm_label="Archive"), confirmed)

    def new_body(self) -> None:
        """Add a responsible body."""
        from ptctui.tui.dialogs.body import BodyDialog

        by = self.context.by
        dialog = BodyDialog(taken=self.context.names().taken.get("bodies", {}))
        self._push(dialog, self._committing(lambda f: plan_forms.new_body(form=f, by=by)))

    def new_meeting(self) -> None:
        """Add a meeting of a body."""
        from ptctui.tui.dialogs.meeting import MeetingDialog

        names, by = self.context.names(), self.context.by
        dialog = MeetingDialog(
            bodies=names.bodies, taken=names.taken.get("meetings", {}), today=self.context.today
        )
        self._push(dialog, self._committing(lambda f: plan_forms.new_meeting(form=f, by=by)))

