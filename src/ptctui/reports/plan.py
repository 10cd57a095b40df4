"""The action-plan table committees review: each component's actions with their bodies,
deadline, status and latest update.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from ptctui import store
from ptctui.reports.document import Cell, Document, Heading, Paragraph, Section, Table

COLUMNS = ("Ref", "Action", "Lead", "Supporting", "Deadline", "Status", "Latest update")


def _deadline(action: store.ReportAction, today: date) -> str:
    if not action.deadline:
        return "—"
    # A sign as well as a word: the mark survives black-and-white printing and plain text.
    return f"⚠ {action.deadline} (overdue)" if action.overdue(today) else action.deadline


def _latest(action: store.ReportAction) -> str:
    update = action.latest_update
    return f"{update.as_of.isoformat()}: {update.text}" if update else "—"


def build_plan(*, session: Session, plan: str, today: date) -> Document:
    """The plan's actions, grouped by component, as a document."""
    found = store.get_plan(session=session, code=plan)
    actions = store.report_actions(session=session, plan=found.code)
    endorsed = ", ".join(
        e.meeting or e.label for e in store.endorsements(session=session, plan_id=found.id or 0)
    )
    groups: dict[tuple[int, str], list[tuple[Cell, ...]]] = {}
    for a in actions:
        groups.setdefault((a.component, a.component_title), []).append(
            (
                a.ref,
                a.title,
                ", ".join(a.lead) or "—",
                ", ".join(a.supporting) or "—",
                _deadline(a, today),
                a.status,
                _latest(a),
            )
        )
    sections = [
        Section(Heading(f"{number}. {title}", level=2), (Table(COLUMNS, tuple(rows)),))
        for (number, title), rows in groups.items()
    ]
    if not sections:
        sections.append(Section(None, (Paragraph("This plan has no actions."),)))
    facts = [found.period, f"endorsed: {endorsed}" if endorsed else "", f"{len(actions)} actions"]
    return Document(
        title=found.title,
        subtitle=" · ".join(f for f in facts if f) + f" · as of {today.isoformat()}",
        sections=tuple(sections),
    )
