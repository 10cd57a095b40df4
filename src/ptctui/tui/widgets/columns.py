"""The action table's columns: which fit a width, and how wide each is.

Plain functions of the rows and the width (no Textual), so the rules are tested directly
(``tests/test_tui_laptop.py``): each column takes what its values need (``measure``, once per
change of rows) and the title the rest; while the title has less than ``GOOD_TITLE`` cells,
deadlines go short (``deadlines.short_label``: "Q1 2021") and the least needed columns give way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import attrgetter

from ptctui.store import ActionRow
from ptctui.store.searching import Summary
from ptctui.workflow import Status


@dataclass(frozen=True)
class Column:
    """A column: its heading, the sort it stands for, its widest (0 = the title, the rest)."""

    key: str
    heading: str
    width: int
    priority: int  # columns with the highest number are dropped first when space runs out


COLUMNS: tuple[Column, ...] = (
    Column("ref", "Ref", 12, 0),
    Column("title", "Action", 0, 0),
    Column("lead", "Lead", 10, 3),
    Column("due", "Deadline", 26, 1),
    Column("status", "Status", 13, 0),
    Column("updated", "Updated", 10, 2),
)
MIN_TITLE = 16
GOOD_TITLE = 40  # the title keeps this much while shorter deadlines and fewer columns can give it
SHORT_DUE = 13  # "⚠ 31 May 2020": the widest short deadline (deadlines.short_label)
STATUS_ORDER = {status: i for i, status in enumerate(Status)}

Measures = tuple[tuple[str, int], ...]
"""The widest value each column holds in the rows shown (``measure``), heading included."""


def measure(rows: list[ActionRow]) -> Measures:
    """How wide each column's values are in ``rows`` (capped at the column's widest), so the
    columns take what they hold and the title the rest: no Deadline of blanks at 200 columns.
    Measured when the rows change, not per painted line, with ``map`` over the tuples' fields
    (C loops: about a millisecond for 10,000 rows, so a search keystroke does not wait on it).
    """
    if not rows:
        return tuple((c.key, len(c.heading)) for c in COLUMNS if c.width)
    return _measures(
        ref=max(map(len, map(_REF, rows))),
        lead=max(map(len, map(_LEAD, rows))),
        deadline=max(map(len, filter(None, map(_DEADLINE, rows))), default=0),
        statuses=set(map(_STATUS, rows)),
        archived=any(map(_ARCHIVED, rows)),
    )


def measured(summary: Summary, rows: int) -> Measures:
    """``measure`` of ``rows`` rows from their ``Summary`` (a search's, summed from bytes)."""
    if not rows:
        return measure([])
    return _measures(
        ref=summary.ref,
        lead=summary.lead,
        deadline=summary.deadline,
        statuses=summary.statuses,
        archived=summary.archived,
    )


def _measures(
    *, ref: int, lead: int, deadline: int, statuses: Iterable[Status], archived: bool
) -> Measures:
    labels = {status.label for status in statuses}
    if archived:
        labels.add(ARCHIVED)
    widest = {
        "ref": ref,
        "lead": lead,
        "due": max(deadline, 1) + 2,  # "⚠ "
        "status": max(map(len, labels)) + 2,
        "updated": 10,
    }
    return tuple(
        (c.key, max(len(c.heading), min(widest[c.key], c.width))) for c in COLUMNS if c.width
    )


def widen(measures: Measures, rows: list[ActionRow]) -> Measures:
    """``measures`` grown to hold ``rows`` too (a row written in place): never narrower, so
    a write costs nothing per row of the table."""
    more = dict(measure(rows))
    return tuple((key, max(width, more[key])) for key, width in measures)


_REF = attrgetter("ref")
_LEAD = attrgetter("lead")
_DEADLINE = attrgetter("deadline")
_STATUS = attrgetter("status")
_ARCHIVED = attrgetter("archived")


ARCHIVED = "archived"
"""What the status cell of an archived action says."""

_FULL: Measures = tuple((c.key, c.width) for c in COLUMNS if c.width)


@lru_cache(maxsize=64)
def fit_columns(width: int, measures: Measures = _FULL) -> list[tuple[Column, int]]:
    """The columns that fit in ``width`` and the width each gets (the title takes the rest).

    Each column gets what its values need (``measures``). While the title has less than
    ``GOOD_TITLE``: deadlines go short (``Q1 2021``), then Lead and Updated give way; the
    deadline itself only when the title would fall below ``MIN_TITLE``, since it carries the
    overdue mark.
    """
    widths = dict(measures)
    shown = [c for c in COLUMNS if c.key in widths or not c.width]

    def title_room() -> int:
        return width - sum(widths[c.key] + 1 for c in shown if c.width) - 1

    full_due = widths.get("due", 0)
    if title_room() < GOOD_TITLE and "due" in widths:
        widths["due"] = min(full_due, SHORT_DUE)
    for threshold, priorities in ((GOOD_TITLE, (3, 2)), (MIN_TITLE, (1,))):
        for priority in priorities:
            if title_room() < threshold:
                shown = [c for c in shown if c.priority != priority]
    if "due" in widths and title_room() > GOOD_TITLE:  # room again: whole deadlines first
        widths["due"] = min(full_due, widths["due"] + title_room() - GOOD_TITLE)
    title = max(8, title_room())  # narrower than MIN_TITLE only where nothing else can go
    return [(c, widths[c.key] if c.width else title) for c in shown]


def sort_rows(rows: list[ActionRow], key: str, reverse: bool) -> list[ActionRow]:
    """Rows sorted by a column; ties keep document order. Undated rows sort last."""
    far = date.max
    keys = {
        "ref": lambda r: _natural(r.ref),
        "title": lambda r: r.title.lower(),
        "lead": lambda r: r.lead,
        "due": lambda r: r.due_date or far,
        "status": lambda r: STATUS_ORDER[r.status],
        "updated": lambda r: r.latest_update or date.min,
    }
    if key not in keys:
        return list(rows)
    return sorted(rows, key=keys[key], reverse=reverse)


def _natural(ref: str) -> tuple[object, ...]:
    """CEP-1.10 after CEP-1.9."""
    head, _, tail = ref.rpartition("-")
    parts = tuple(int(p) if p.isdigit() else p for p in tail.split("."))
    return (head, *parts)
