"""The status workflow: the statuses, the moves between them, and what each move must record.

Everything about which status may follow which lives in the one ``TRANSITIONS`` table below,
so the command line, the app and the importers can never disagree. ``check_move`` is pure: it
takes the current status and what the user supplied and either returns the validated move or
raises ``WorkflowError`` with a one-line message naming the moves that are allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ptctui.deadlines import is_overdue
from ptctui.errors import UserError


class Status(StrEnum):
    """Where an action stands. The values are what the database and the command line use."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    POSTPONED = "postponed"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"

    @classmethod
    def _missing_(cls, value: object) -> None:
        # A status read from the data that this ptctui does not know (a restored file, a hand
        # edit): one line naming it and `db check`, not a traceback from whichever reader met
        # it first. A ValueError still, as Enum's own refusal is.
        raise WorkflowError(
            f"unknown status {value!r} in the data; `ptctui db check` lists where, "
            "`ptctui db restore` puts a good backup back"
        )

    @property
    def label(self) -> str:
        """The status as people write it: "in progress", "on hold"."""
        return self.value.replace("_", " ")


class Need(StrEnum):
    """What a move must be given before it is accepted."""

    NOTHING = "nothing"
    DEADLINE = "deadline"  # a new deadline: the point of postponing
    REASON = "reason"  # why work stopped: on hold, cancelled
    NOTE = "note"  # why a settled action is reopened or reinstated


# status -> {allowed next status: what the move needs}. Order matters: the first entry is shown
# first in pickers. A move to the same status is refused except postponing again to a new date.
TRANSITIONS: dict[Status, dict[Status, Need]] = {
    Status.PLANNED: {
        Status.IN_PROGRESS: Need.NOTHING,
        Status.ONGOING: Need.NOTHING,
        Status.COMPLETED: Need.NOTHING,
        Status.POSTPONED: Need.DEADLINE,
        Status.ON_HOLD: Need.REASON,
        Status.CANCELLED: Need.REASON,
    },
    Status.IN_PROGRESS: {
        Status.COMPLETED: Need.NOTHING,
        Status.ONGOING: Need.NOTHING,
        Status.PLANNED: Need.NOTHING,
        Status.POSTPONED: Need.DEADLINE,
        Status.ON_HOLD: Need.REASON,
        Status.CANCELLED: Need.REASON,
    },
    Status.ONGOING: {
        Status.COMPLETED: Need.NOTHING,
        Status.IN_PROGRESS: Need.NOTHING,
        Status.POSTPONED: Need.DEADLINE,
        Status.ON_HOLD: Need.REASON,
        Status.CANCELLED: Need.REASON,
    },
    Status.COMPLETED: {
        Status.IN_PROGRESS: Need.NOTE,
        Status.ONGOING: Need.NOTE,
    },
    Status.POSTPONED: {
        Status.IN_PROGRESS: Need.NOTHING,
        Status.PLANNED: Need.NOTHING,
        Status.COMPLETED: Need.NOTHING,
        Status.POSTPONED: Need.DEADLINE,
        Status.ON_HOLD: Need.REASON,
        Status.CANCELLED: Need.REASON,
    },
    Status.ON_HOLD: {
        Status.IN_PROGRESS: Need.NOTHING,
        Status.PLANNED: Need.NOTHING,
        Status.ONGOING: Need.NOTHING,
        Status.POSTPONED: Need.DEADLINE,
        Status.CANCELLED: Need.REASON,
    },
    Status.CANCELLED: {
        Status.PLANNED: Need.NOTE,
        Status.IN_PROGRESS: Need.NOTE,
    },
}

# The natural next step for the app's "advance" key; statuses absent here have none.
NEXT: dict[Status, Status] = {
    Status.PLANNED: Status.IN_PROGRESS,
    Status.IN_PROGRESS: Status.COMPLETED,
    Status.POSTPONED: Status.IN_PROGRESS,
    Status.ON_HOLD: Status.IN_PROGRESS,
}

# Statuses in which an action no longer counts towards "overdue".
SETTLED: frozenset[Status] = frozenset({Status.COMPLETED, Status.CANCELLED})

# How far ahead "due soon" looks: the dashboard's and the summary's upcoming deadlines.
UPCOMING_DAYS = 90


def is_late(status: Status, due: date | None, today: date) -> bool:
    """Past its due date and not settled: the one rule for "overdue" everywhere."""
    return status not in SETTLED and is_overdue(due, today)


def is_due_soon(status: Status, due: date | None, today: date) -> bool:
    """Due between today and ``UPCOMING_DAYS`` from now, and not settled."""
    horizon = today + timedelta(days=UPCOMING_DAYS)
    return status not in SETTLED and due is not None and today <= due <= horizon


class WorkflowError(UserError, ValueError):
    """A refused move or an unknown status; ``str()`` is one line meant for the user."""


def parse_status(text: str) -> Status:
    """Read a status as a user types it: ``in_progress``, ``in-progress``, ``In progress``."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Status(key)
    except ValueError:
        names = ", ".join(s.value for s in Status)
        raise WorkflowError(f"unknown status {text!r}; statuses are: {names}") from None


def allowed_moves(current: Status) -> list[Status]:
    """The statuses an action in ``current`` may move to, in picker order."""
    return list(TRANSITIONS[current])


def need_for(current: Status, target: Status) -> Need:
    """What moving from ``current`` to ``target`` requires; raises if the move is refused."""
    try:
        return TRANSITIONS[current][target]
    except KeyError:
        allowed = ", ".join(s.value for s in TRANSITIONS[current]) or "none"
        raise WorkflowError(
            f"cannot move from {current.value} to {target.value}; allowed from "
            f"{current.value}: {allowed}"
        ) from None


@dataclass(frozen=True)
class Move:
    """A validated move, ready for the store to record."""

    source: Status
    target: Status
    note: str
    deadline: str | None


def check_move(
    current: Status, target: Status, *, note: str = "", deadline: str | None = None
) -> Move:
    """Validate a move against the table and what it needs; raise ``WorkflowError`` if refused.

    ``deadline`` is the label as typed; parsing it is the caller's business (the store does it
    so that the label and the due date are stored together).
    """
    need = need_for(current, target)
    note = note.strip()
    deadline = deadline.strip() if deadline else None
    if need is Need.DEADLINE and not deadline:
        raise WorkflowError(f"moving to {target.value} needs a new deadline (--deadline)")
    if need is Need.REASON and not note:
        raise WorkflowError(f"moving to {target.value} needs a reason (--note)")
    if need is Need.NOTE and not note:
        verb = "reopening a completed" if current is Status.COMPLETED else "reinstating a cancelled"
        raise WorkflowError(f"{verb} action needs a note (--note)")
    return Move(source=current, target=target, note=note, deadline=deadline)
