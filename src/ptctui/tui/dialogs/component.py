"""The component dialog: a new component's plan, title and number, or an existing one's title
(its number is part of its actions' references, so it stays)."""

from __future__ import annotations

from collections.abc import Sequence

from ptctui.plan_forms import ComponentForm, read_number, read_text
from ptctui.tui.dialogs.record import Field, RecordDialog


class ComponentDialog(RecordDialog[ComponentForm]):
    """Make a component (of ``plan``, or one chosen among ``plans``), or retitle one."""

    def __init__(
        self,
        *,
        plans: Sequence[str] = (),
        plan: str | None = None,
        initial: ComponentForm | None = None,
    ) -> None:
        self.initial = initial
        """The component being edited, or ``None`` for a new one."""
        fields = [
            Field("title", "Title", initial.title if initial else "", "e.g. Training"),
        ]
        if initial is None:
            fields.append(Field("number", "Number", "", "The next free one, unless you say"))
            choices = tuple((p, p) for p in (plans or ([plan] if plan else [])))
            fields.insert(0, Field("plan", "Plan", plan or "", choices=choices))
            heading = "New component"
        else:
            heading = f"Edit component {initial.plan}:{initial.number}"
        super().__init__(heading, fields)

    def read(self, values: dict[str, str]) -> ComponentForm:
        title = read_text(values["title"], field="title", what="a component's title")
        if self.initial is not None:
            return ComponentForm(plan=self.initial.plan, title=title, number=self.initial.number)
        number = read_number(values["number"], field="number", what="a component number")
        return ComponentForm(plan=values["plan"], title=title, number=number)
