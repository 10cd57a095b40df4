"""The summary report: how each package and plan stands, what is late, due soon, and changed.

Built from three store reads (actions with their bodies and latest updates, developments in
the window) whatever the number of actions; rendered by every format through the document
model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from ptctui import store
from ptctui.reports.document import Bar, Cell, Counts, Document, Heading, Paragraph, Section, Table
from ptctui.workflow import UPCOMING_DAYS, Status, is_due_soon

DEFAULT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class SummaryOptions:
    """What the summary covers: one package or plan (else all), and the changes window."""

    today: date
    package: str | None = None
    plan: str | None = None
    since: date | None = None  # default: DEFAULT_WINDOW_DAYS before ``until``
    until: date | None = None  # default: today

    @property
    def window(self) -> tuple[date, date]:
        """The changes window, inclusive."""
        until = self.until or self.today
        return self.since or until - timedelta(days=DEFAULT_WINDOW_DAYS), until


def _counts_row(label: str, actions: list[store.ReportAction], today: date) -> tuple[Cell, ...]:
    counts = {status: 0 for status in Status}
    for action in actions:
        counts[action.status] += 1
    done = counts[Status.COMPLETED]
    late = sum(a.overdue(today) for a in actions)
    return (
        label,
        Bar(done, len(actions)),
        Counts(tuple((s, counts[s]) for s in Status if counts[s])),
        str(late),
    )


def _lead(action: store.ReportAction) -> str:
    return ", ".join(action.lead) or "—"


def build_summary(*, session: Session, options: SummaryOptions) -> Document:
    """The summary as a document."""
    today = options.today
    since, until = options.window
    actions = store.report_actions(session=session, package=options.package, plan=options.plan)
    changes = store.developments(
        session=session, since=since, until=until, package=options.package, plan=options.plan
    )
    scope = options.plan or options.package or "all packages"
    sections: list[Section] = []

    rows: list[tuple[Cell, ...]] = []
    by_package: dict[str, list[store.ReportAction]] = {}
    by_plan: dict[str, list[store.ReportAction]] = {}
    names: dict[str, str] = {}
    for action in actions:
        by_package.setdefault(action.package, []).append(action)
        by_plan.setdefault(action.plan, []).append(action)
        names[action.package] = action.package_name
        names[action.plan] = action.plan_title
    for package, members in by_package.items():
        rows.append(_counts_row(f"{package} – {names[package]}", members, today))
        for plan in dict.fromkeys(a.plan for a in members):
            rows.append(_counts_row(f"  {plan} – {names[plan]}", by_plan[plan], today))
    status_table = Table(
        columns=("Package / plan", "Completed", "By status", "Overdue"),
        rows=tuple(rows),
    )
    sections.append(
        Section(
            Heading("Status of actions"),
            (status_table,) if rows else (Paragraph("No actions."),),
        )
    )

    overdue = sorted(
        (a for a in actions if a.overdue(today)), key=lambda a: (a.due_date or today, a.ref)
    )
    sections.append(
        Section(
            Heading(f"Overdue actions ({len(overdue)})"),
            (
                Table(
                    columns=("Ref", "Action", "Lead", "Deadline", "Due", "Days late", "Status"),
                    rows=tuple(
                        (
                            a.ref,
                            a.title,
                            _lead(a),
                            a.deadline or "—",
                            a.due_date.isoformat() if a.due_date else "—",
                            str((today - a.due_date).days) if a.due_date else "",
                            a.status,
                        )
                        for a in overdue
                    ),
                ),
            )
            if overdue
            else (Paragraph("No action is overdue."),),
        )
    )

    horizon = today + timedelta(days=UPCOMING_DAYS)
    upcoming = sorted(
        (a for a in actions if is_due_soon(a.status, a.due_date, today)),
        key=lambda a: (a.due_date or today, a.ref),
    )
    sections.append(
        Section(
            Heading(f"Deadlines in the next {UPCOMING_DAYS} days, to {horizon.isoformat()}"),
            (
                Table(
                    columns=("Ref", "Action", "Lead", "Deadline", "Due", "Status"),
                    rows=tuple(
                        (
                            a.ref,
                            a.title,
                            _lead(a),
                            a.deadline or "—",
                            a.due_date.isoformat() if a.due_date else "—",
                            a.status,
                        )
                        for a in upcoming
                    ),
                ),
            )
            if upcoming
            else (Paragraph("Nothing falls due in that period."),),
        )
    )

    sections.append(
        Section(
            Heading(f"Changes from {since.isoformat()} to {until.isoformat()} ({len(changes)})"),
            (
                Table(
                    columns=("Date", "Ref", "Action", "Change"),
                    rows=tuple((c.on.isoformat(), c.ref, c.title, change_text(c)) for c in changes),
                ),
            )
            if changes
            else (Paragraph("No progress update or status change in that period."),),
        )
    )
    return Document(
        title="Summary",
        subtitle=f"{scope}, as of {today.isoformat()}",
        sections=tuple(sections),
    )


def change_text(change: store.Development) -> str:
    """A development in one line: the update's text, or the status move with its note."""
    if change.kind == "update":
        return change.text
    assert change.source is not None and change.target is not None
    text = f"{change.source.label} → {change.target.label}"
    if change.deadline:
        text += f" (deadline {change.deadline})"
    if change.text:
        text += f": {change.text}"
    return text
