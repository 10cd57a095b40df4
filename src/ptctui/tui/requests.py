"""What the modal dialogs return: plain, typed values. The caller does the I/O via the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ptctui.workflow import Status


@dataclass(frozen=True)
class MoveRequest:
    """A status move the user asked for, with what the move needs."""

    status: Status
    note: str = ""
    deadline: str | None = None


@dataclass(frozen=True)
class UpdateRequest:
    """A progress update to record."""

    text: str
    as_of: date
    meeting: str | None = None


@dataclass(frozen=True)
class ActionForm:
    """The editable fields of an action, as the new/edit dialog collects them."""

    title: str
    description: str = ""
    kind: str = "action"
    deadline: str = ""  # a label as typed; "" means none
    lead: tuple[str, ...] = ()
    supporting: tuple[str, ...] = ()
    funding_note: str = ""
