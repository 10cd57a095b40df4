"""The plan dialog: a new action plan's package, code, title, period and dates, or an existing
plan's (its package stays)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ptctui.plan_forms import PlanForm, read_code, read_date, read_period, read_text
from ptctui.tui.dialogs.record import Field, RecordDialog

DATE_HINT = "YYYY-MM-DD or 31 May 2020 (optional)"


class PlanDialog(RecordDialog[PlanForm]):
    """Make or edit an action plan, checked as ``ptctui plans add`` checks it."""

    def __init__(
        self,
        *,
        packages: Sequence[str],
        taken: Mapping[str, str],
        today: date,
        package: str | None = None,
        initial: PlanForm | None = None,
    ) -> None:
        self.taken = taken
        """Plan codes in use (lower-cased) → how messages name their plan."""
        self.today = today
        self.initial = initial
        """The plan being edited, or ``None`` for a new one."""
        form = initial or PlanForm(
            package=package or (packages[0] if packages else ""), code="", title=""
        )
        fields = [
            Field("code", "Code", form.code, "A short code, e.g. ECP-2022"),
            Field("title", "Title", form.title, "e.g. ECP Action Plan 2022/2023"),
            Field("period", "Period", form.period, "As written, e.g. 2022/2023 (optional)"),
            Field("start", "Starts", form.start.isoformat() if form.start else "", DATE_HINT),
            Field("end", "Ends", form.end.isoformat() if form.end else "", DATE_HINT),
        ]
        if initial is None:
            fields.insert(
                0,
                Field("package", "Package", form.package, choices=tuple((p, p) for p in packages)),
            )
        heading = f"Edit plan {initial.code}" if initial else "New action plan"
        super().__init__(heading, fields)

    def read(self, values: dict[str, str]) -> PlanForm:
        own = self.initial.code if self.initial else ""
        start = read_date(values["start"], field="start", label="Starts", today=self.today)
        end = read_date(values["end"], field="end", label="Ends", today=self.today)
        read_period(start, end, field="end", what="the plan")
        return PlanForm(
            package=self.initial.package if self.initial else values["package"],
            code=read_code(values["code"], field="code", what="plan", taken=self.taken, own=own),
            title=read_text(values["title"], field="title", what="a plan's title"),
            period=values["period"].strip(),
            start=start,
            end=end,
        )
