"""One change over many actions: a status move, a progress update or archiving applied to
several at once (``ptctui move A B C postponed``, ``--from-search``, ``--from-json``; the app's
marked rows), all or none.

Every move is checked against the workflow before anything is written; one that is refused
stops the whole batch with one line listing them, unless the caller chose to apply it to the
others (``skip_refused``). The journal entries of a batch share ``Change.batch``, so one undo
takes them all back (``store.undo``) and one redo brings them again.

What does not live here: each write itself (``store.changes``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from ptctui.models import Action, Change, new_uuid
from ptctui.store.changes import add_update, move_action, set_archived
from ptctui.store.errors import StoreError
from ptctui.store.listing import ActionFilter, iter_actions
from ptctui.store.lookup import resolve_action
from ptctui.text import quote
from ptctui.workflow import Status, WorkflowError, check_move, parse_status

SHOWN_REFUSALS = 5  # refusals named in the one line; the rest are counted


@dataclass(frozen=True)
class Refused:
    """An action the batch could not move, and why."""

    ref: str
    why: str


class BatchRefused(StoreError):
    """Some actions of a batch cannot take the change; nothing was written."""

    def __init__(self, refused: Sequence[Refused], total: int, what: str) -> None:
        self.refused = list(refused)
        if total == 1:  # one action: the refusal's own words, as `move REF` always said
            super().__init__(self.refused[0].why)
            return
        named = "; ".join(f"{r.ref}: {r.why}" for r in self.refused[:SHOWN_REFUSALS])
        more = len(self.refused) - SHOWN_REFUSALS
        named += f"; and {more} more" if more > 0 else ""
        super().__init__(
            f"{len(self.refused)} of {total} cannot {what} ({named}); nothing was changed "
            "(--skip-refused applies it to the others)"
        )


def actions_for(
    *,
    session: Session,
    refs: Iterable[str] = (),
    search: str | None = None,
    listed: str | None = None,
    today: date,
) -> list[Action]:
    """The actions named: references or UUID prefixes, those a search finds, and those of a
    JSON list (``ptctui actions --json``'s output, or any list of objects with ``uuid`` or
    ``ref``), each once, in the order given; none at all is a one-line error."""
    wanted: list[str] = list(refs)
    if search is not None:
        flt = ActionFilter(search=search)
        wanted += [row.uuid for row in iter_actions(session=session, flt=flt, today=today)]
    if listed is not None:
        wanted += _from_json(listed)
    found: dict[int, Action] = {}
    for ref in wanted:
        action = resolve_action(session=session, ref=ref)
        found.setdefault(action.id or 0, action)
    if not found:
        raise StoreError("no action to change: name references, --from-search or --from-json")
    return list(found.values())


def _from_json(text: str) -> list[str]:
    try:
        items: Any = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise StoreError(
            "--from-json: not JSON (give the output of `ptctui actions --json`)"
        ) from None
    if not isinstance(items, list):
        raise StoreError("--from-json: not a list of actions")
    out = []
    for index, item in enumerate(items, start=1):
        key = item.get("uuid") or item.get("ref") if isinstance(item, dict) else None
        if not isinstance(key, str):
            raise StoreError(f"--from-json: item {index} has no uuid or ref")
        out.append(key)
    return out


def refusals(
    *, actions: Sequence[Action], status: Status | str, note: str = "", deadline: str | None = None
) -> list[Refused]:
    """The actions the workflow would not let take the move (nothing is written)."""
    target = status if isinstance(status, Status) else parse_status(status)
    refused = []
    for action in actions:
        try:
            check_move(Status(action.status), target, note=note, deadline=deadline)
        except WorkflowError as error:
            refused.append(Refused(action.ref, str(error)))
    return refused


def move_many(
    *,
    session: Session,
    actions: Sequence[Action],
    status: Status | str,
    by: str,
    note: str = "",
    deadline: str | None = None,
    meeting: str | None = None,
    skip_refused: bool = False,
) -> tuple[list[Change], list[Refused]]:
    """Move every action of ``actions`` (or, with ``skip_refused``, those the workflow lets
    move); returns the journal entries and the actions left as they were."""
    target = status if isinstance(status, Status) else parse_status(status)
    refused = refusals(actions=actions, status=target, note=note, deadline=deadline)
    if refused and not skip_refused:
        raise BatchRefused(refused, len(actions), f"move to {target.label}")
    skipped = {r.ref for r in refused}
    movable = [a for a in actions if a.ref not in skipped]
    batch = new_uuid() if len(movable) > 1 else None
    changes = []
    for action in movable:
        change = move_action(
            session=session,
            action=action,
            status=target,
            by=by,
            note=note,
            deadline=deadline,
            meeting=meeting,
        )
        changes.append(_in(change, batch, session))
    return changes, refused


def update_many(
    *,
    session: Session,
    actions: Sequence[Action],
    text: str,
    by: str,
    as_of: date | None = None,
    meeting: str | None = None,
) -> list[Change]:
    """The same progress update on every action of ``actions``."""
    batch = new_uuid() if len(actions) > 1 else None
    return [
        _in(
            add_update(session=session, action=a, text=text, by=by, as_of=as_of, meeting=meeting),
            batch,
            session,
        )
        for a in actions
    ]


def archive_many(
    *, session: Session, actions: Sequence[Action], by: str, note: str = ""
) -> list[Change]:
    """Archive every action of ``actions``; one already archived refuses the batch."""
    done = [a for a in actions if a.archived]
    if done:
        refused = [Refused(a.ref, "already archived") for a in done]
        raise BatchRefused(refused, len(actions), "be archived")
    batch = new_uuid() if len(actions) > 1 else None
    return [
        _in(
            set_archived(session=session, action=a, archived=True, by=by, note=note), batch, session
        )
        for a in actions
    ]


def _in(change: Change, batch: str | None, session: Session) -> Change:
    if batch is not None:
        change.batch = batch
        session.add(change)
        session.flush()
    return change


def describe(changes: Sequence[Change], refused: Sequence[Refused] = ()) -> str:
    """What a batch did, as one line."""
    if len(changes) == 1 and not refused:
        return changes[0].summary
    line = f"{len(changes)} actions changed"
    if changes:
        line += f": {quote(changes[0].summary, 60)}"
        if len(changes) > 1:
            line += f" … {quote(changes[-1].summary, 60)}"
    if refused:
        line += f"; left as they were: {', '.join(r.ref for r in refused)}"
    return line
