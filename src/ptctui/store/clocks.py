"""Whose clock decides: the rule that keeps an action's status its last status change on every
database, whatever the laptops' clocks say.

"Last" is by ``(at, id)``: the status change with the latest ``at``, and of two at the same
instant the one written later here (the higher id). ``db check`` (``checks``), the merge
(``merge.merger``) and the detail view all order so. Three rules make that one answer on every
side:

1. **A change here is never dated before the action's latest status change.** A laptop whose
   clock is behind an entry it imported (or ahead of nothing it knows) would otherwise write a
   move that is "last" only by id here and loses on the other side, where ``at`` alone orders
   it. So a new status change written here takes ``max(now, latest + 1 µs)``: it is last here
   and, since ``at`` travels with it, last everywhere. This listener does it for every status
   change the ORM inserts (moves, undo and redo, spreadsheet imports); merges insert through
   Core and keep the ``at`` the other side wrote. Likewise an action's ``updated_at`` never
   goes back: the merge takes the later of both sides' (``merge.merger``), so a write here
   behind a clock already seen would leave the two sides' values apart.
2. **Nothing dated more than a day ahead comes in** (``importers.exchange``, ``FUTURE_SLACK``):
   a file or a database whose clock ran ahead (or was crafted: 2999) would otherwise hold the
   status forever, rule 1 dragging every later move past it. A day covers time zones and a
   clock that is merely wrong; the entry is refused with one line naming it.
3. **No two sides' status changes share an instant** (``merge.rows``): rows that tie on ``at``
   and arrived apart would be ordered by ids that differ from one database to the next. Rows
   of one origin keep their order (a file lists them by id, and a merge inserts them in file
   order), so only a new row tying with one already here is refused; with rule 1 and
   microsecond clocks that takes a crafted file.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import event, func, inspect, select

from ptctui.models import Action, StatusChange

TICK = timedelta(microseconds=1)


def _after_latest(_mapper: Any, connection: Any, target: StatusChange) -> None:
    """Rule 1: date a new status change after the action's latest one, if the clock is not."""
    table = StatusChange.__table__  # type: ignore[attr-defined]
    latest = connection.execute(
        select(func.max(table.c.at)).where(table.c.action_id == target.action_id)
    ).scalar()
    if latest is not None and target.at is not None and latest >= target.at:
        target.at = latest + TICK


def _never_back(_mapper: Any, _connection: Any, target: Action) -> None:
    """Rule 1 for ``updated_at``: a write behind the clock keeps the later stamp it had."""
    history = inspect(target).attrs.updated_at.history
    if history.added and history.deleted:
        new, old = history.added[0], history.deleted[0]
        if new is not None and old is not None and new < old:
            target.updated_at = old


event.listen(StatusChange, "before_insert", _after_latest)
event.listen(Action, "before_update", _never_back)
