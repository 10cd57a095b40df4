"""What a merge did (or, on a dry run, would do), in words: ``MergeReport`` and its
``Conflict`` lines.

Only the report's shape and wording live here; ``views`` prints it, ``merger`` fills it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ptctui.text import quote
from ptctui.workflow import Status


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed since they diverged: which value won and which was kept."""

    ref: str
    field: str
    kept: str
    kept_side: str  # "here" or "there"
    kept_at: datetime
    other: str
    other_at: datetime


@dataclass
class MergeReport:
    """What a merge did (or, on a dry run, would do)."""

    source: str
    added: Counter[str] = field(default_factory=Counter)
    changed: dict[str, list[str]] = field(default_factory=dict)  # ref -> fields taken
    # "plan CEP-2022" -> fields taken, for packages, plans, components, bodies, meetings
    edited: dict[str, list[str]] = field(default_factory=dict)
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # ref, from, to
    retracted: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # old, new, side
    matched: list[str] = field(default_factory=list)  # reference rows matched by key

    @property
    def nothing(self) -> bool:
        """True when the file brought nothing new (importing it again changes nothing)."""
        return not (
            sum(self.added.values())
            or self.changed
            or self.edited
            or self.moved
            or self.retracted
            or self.renamed
            or self.matched
        )

    def summary(self) -> str:
        """One line for the import log and the command's first line."""
        if self.nothing:
            return "nothing new"
        parts = [_count(n, *_NOUNS.get(t, (t, t))) for t, n in self.added.items() if n]
        if self.changed:
            parts.append(_count(len(self.changed), "action edited", "actions edited"))
        nouns = Counter(label.split(" ", 1)[0] for label in self.edited)
        for noun, n in nouns.items():
            parts.append(f"{n} {_PLURALS.get(noun, noun) if n > 1 else noun} edited")
        if self.moved:
            parts.append(_count(len(self.moved), "status moved", "statuses moved"))
        if self.retracted:
            parts.append(_count(self.retracted, "update retracted", "updates retracted"))
        if self.renamed:
            parts.append(_count(len(self.renamed), "reference renumbered", "references renumbered"))
        if self.conflicts:
            parts.append(_count(len(self.conflicts), "conflict", "conflicts"))
        return ", ".join(parts) or "the same things under other UUIDs, now matched"


_PLURALS = {"body": "bodies"}


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


_NOUNS = {
    "bodies": ("body", "bodies"),
    "meetings": ("meeting", "meetings"),
    "packages": ("package", "packages"),
    "plans": ("plan", "plans"),
    "endorsements": ("endorsement", "endorsements"),
    "components": ("component", "components"),
    "actions": ("new action", "new actions"),
    "action_bodies": ("responsible body link", "responsible body links"),
    "progress_updates": ("progress update", "progress updates"),
    "status_changes": ("status change", "status changes"),
    "changes": ("journal entry", "journal entries"),
}


def show(value: Any) -> str:
    """A field's value in a conflict's line: text quoted and cut, bodies by role."""
    if value is None or value == "":
        return "(none)"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {', '.join(v) or '-'}" for k, v in value.items())
    return quote(value.isoformat() if hasattr(value, "isoformat") else str(value), 60)


def status_label(status: str) -> str:
    """A stored status as people read it."""
    return Status(status).label
