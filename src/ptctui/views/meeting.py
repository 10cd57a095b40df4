"""One action as a meeting walks it (the app's meeting screen): reference and title, bodies,
deadline (late or not), status, what happened since the body last met, the last status move
with its reason, and what this meeting has decided about it so far.

Drawn from a ``store.decisions.Briefing``; nothing here reads the database. User text goes
through ``plain`` (literal, printable), never through markup.
"""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text

from ptctui.deadlines import deadline_words, long_date
from ptctui.store.decisions import Briefing, Decision
from ptctui.views.pieces import deadline_text, plain, status_badge
from ptctui.workflow import Status, is_late

_MOVES = {
    Status.COMPLETED: "Closed as completed",
    Status.IN_PROGRESS: "Marked as in progress",
    Status.ONGOING: "Marked as ongoing",
    Status.ON_HOLD: "Put on hold",
    Status.CANCELLED: "Cancelled",
    Status.PLANNED: "Returned to the plan",
}


def decision_words(decision: Decision) -> str:
    """A decision as the record states it: "Postponed to the first quarter of 2021: funding
    from UNODC delayed."."""
    reason = decision.note.strip().rstrip(".")
    if decision.kind == "update":
        return decision.note.strip()
    if decision.kind == "noted":
        return f"Noted: {reason}." if reason else "Noted."  # whichever body decided
    if decision.kind == "follow_up":
        text = "To be followed up"
        if decision.body:
            text += f" by {decision.body}"
        if decision.deadline:
            text += f" by {deadline_words(decision.deadline)}"
        return f"{text}: {reason}." if reason else f"{text}."
    if decision.target is Status.POSTPONED:
        text = "Postponed"
        if decision.deadline:
            text += f" to {deadline_words(decision.deadline)}"
    else:
        text = _MOVES.get(decision.target or Status.PLANNED, "Moved")
    return f"{text}: {reason}." if reason else f"{text}."


def briefing_view(briefing: Briefing, today: date) -> RenderableType:
    """The action, what happened since its body last met, and what was decided today."""
    detail = briefing.detail
    action = detail.action
    status = Status(action.status)
    parts: list[RenderableType] = []
    head = plain(action.ref, "bold")
    head.append("  ")
    head.append(plain(action.title, "bold"))
    parts.append(head)
    parts.append(plain(f"{detail.plan} · {detail.component}. {detail.component_title}", "dim"))
    parts.append(Text(""))
    line = Text("Status     ", style="dim")
    line.append(status_badge(status))
    parts.append(line)
    late = is_late(status, action.due_date, today)
    line = Text("Deadline   ", style="dim")
    line.append(deadline_text(action.deadline_label, overdue=late))
    if late and action.due_date is not None:
        line.append(f"  late by {(today - action.due_date).days} days", style="red")
    parts.append(line)
    bodies = ", ".join(detail.lead) or "—"
    if detail.supporting:
        bodies += f" (with {', '.join(detail.supporting)})"
    line = Text("Bodies     ", style="dim")
    line.append(plain(bodies))
    parts.append(line)
    parts.append(Text(""))
    since = f" since {long_date(briefing.since)}" if briefing.since else ""
    parts.append(Text(f"Developments{since}", style="bold"))
    if not briefing.developments:
        parts.append(Text("  none recorded", style="dim italic"))
    for update in briefing.developments:
        line = Text(f"  {update.as_of:%d %b %Y}  ", style="dim")
        line.append(plain(update.text))
        parts.append(line)
    if briefing.last_move is not None:
        move = briefing.last_move
        parts.append(Text(""))
        line = Text("Last move  ", style="dim")
        source = move.source.label if move.source else "—"
        line.append(f"{source} → {move.target.label} on {long_date(move.at.date())}")
        if move.note:
            line.append(": ")
            line.append(plain(move.note))
        parts.append(line)
    if briefing.decided:
        parts.append(Text(""))
        parts.append(Text("Decided at this meeting", style="bold"))
        for decision in briefing.decided:
            parts.append(Text("  ✓ ").append(plain(decision_words(decision))))
    return Group(*parts)
