"""The merge's rules, as functions of the union of both sides (so either order of two
imports ends the same): which fields the journal speaks for, which rows are one thing by
their natural key, when a journal entry last touched a field, and how colliding references
are settled.

No database here: the rows are ``rows``'s and the settling of each action ``merger``'s.
A new journal kind or action field is taught here (``FIELDS``; ``_touches`` reads the
entries' before and after).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ptctui.store.changes import EDITABLE

# Action fields the journal speaks for (status is decided by the status history instead).
FIELDS = (*EDITABLE, "archived")
# Fields that travel together: a deadline is its label and its due date.
_GROUPS = {"deadline_label": "deadline", "due_date": "deadline"}

# Natural keys of the reference tables: rows equal on these are one thing.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "bodies": ("code",),
    "meetings": ("key",),
    "packages": ("code",),
    "plans": ("code",),
    "endorsements": ("plan_id", "body_id", "on_date"),
    "components": ("plan_id", "number"),
    "documents": ("code",),
    # A section of a document; two laptops writing the same section's first text share it.
    "passages": ("document_id", "section", "package_id", "plan_id"),
    # Reviews are never made twice alike: each is its own (matched by UUID only).
    "reviews": ("uuid",),
}


def field_groups() -> dict[str, tuple[str, ...]]:
    """``FIELDS`` by what people call a field (the deadline is its label and due date), and
    the responsible bodies as one more."""
    groups: dict[str, tuple[str, ...]] = {}
    for name in FIELDS:
        group = _GROUPS.get(name, name)
        groups[group] = (*groups.get(group, ()), name)
    groups["bodies"] = ("bodies",)
    return groups


def _touches(change: dict[str, Any], members: Sequence[str]) -> bool:
    """Whether a journal entry changed one of ``members`` (read from its before and after)."""
    before, after = json.loads(change["before"]), json.loads(change["after"])
    return any(m in after and before.get(m, _ABSENT) != after[m] for m in members)


_ABSENT = object()


def latest_touch(
    changes: Sequence[dict[str, Any]], members: Sequence[str]
) -> tuple[datetime, str] | None:
    """When the newest of ``changes`` that changed one of ``members`` happened (with its UUID)."""
    touching = [(c["at"], c["uuid"]) for c in changes if _touches(c, members)]
    return max(touching) if touching else None


def ref_order(ref: str) -> tuple[str, int, str]:
    """CEP-1.9 before CEP-1.10: the lower of two references an action is known by."""
    head, _, tail = ref.rpartition(".")
    return (head.lower(), int(tail) if tail.isdigit() else -1, ref)


def settle_refs(everyone: list[dict[str, Any]], prefixes: dict[int, str]) -> dict[str, str]:
    """New references for actions whose claimed reference another action (by UUID) also took.

    Computed from the union of both sides only, so either laptop reaches the same answer: the
    action created first keeps the reference, the others get their component's next free
    number, in order of creation.
    """
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for action in everyone:
        groups[action["ref"].lower()].append(action)
    losers = sorted(
        (a for group in groups.values() if len(group) > 1 for a in _after_first(group)),
        key=lambda a: (a["created_at"], a["uuid"]),
    )
    taken = {a["ref"].lower() for a in everyone}
    renames: dict[str, str] = {}
    for action in losers:
        prefix = prefixes.get(action["component_id"], f"{action['ref']}-")
        numbers = [
            int(tail)
            for ref in taken
            if ref.startswith(prefix.lower()) and (tail := ref[len(prefix) :]).isdigit()
        ]
        new = f"{prefix}{max(numbers, default=0) + 1}"
        taken.add(new.lower())
        renames[action["uuid"]] = new
    return renames


def _after_first(group: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(group, key=lambda a: (a["created_at"], a["uuid"]))[1:]
