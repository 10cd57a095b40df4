"""Writing a prepared spreadsheet import (``import_sheet``): its actions inserted in bulk.

The rows are exactly those the journaled writes make one action at a time (``add_action``,
then ``move_action`` to the sheet's status, then ``add_update`` with the notes; see the
package docstring), in the same order, so ids, the journal and ``undo`` are as if each had
been written alone. They are built here and inserted a table at a time, a few statements for
the whole sheet, where the one-by-one writes took a dozen queries and flushes per row (2,000
rows: a minute on a database of 10,000 actions, whose every reference ``lower()`` scanned).
``tests/test_import_sheets.py`` compares the two ways row for row.

The checks are those of the one-by-one writes, made before anything is inserted: the plan is
prepared again on the writing session and must be the same (references, titles, bodies); a
title or deadline the writes would refuse is refused here. Status changes are dated as
``clocks`` dates them: a new action's move comes strictly after its creation.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from ptctui.deadlines import parse_deadline
from ptctui.models import Component, new_uuid, utcnow
from ptctui.store.bodies import add_body
from ptctui.store.changes import check_kind
from ptctui.store.errors import StoreError
from ptctui.store.lookup import get_package, get_plan
from ptctui.store.sheets.planning import PlannedAction, SheetImport, prepare_import
from ptctui.store.structure import add_component, add_plan
from ptctui.store.tables import TABLES
from ptctui.text import MAX_TITLE, too_long
from ptctui.workflow import Need, Status, check_move, need_for

TICK = timedelta(microseconds=1)  # as ``clocks`` steps past an instant


def import_sheet(*, session: Session, prepared: SheetImport, by: str, today: date) -> int:
    """Write what ``prepared`` plans (its good rows), inside the caller's transaction; the
    number of actions added.

    The plan is made again on this session first: if the database changed since the preview
    (another terminal added an action or took a reference), nothing is written.
    """
    again = prepare_import(
        session=session,
        sheet=prepared.sheet,
        plan=prepared.plan,
        component=prepared.component,
        source=prepared.source,
        new_plan=prepared.new_plan,
        new_bodies=bool(prepared.new_bodies),
        body_codes=prepared.body_codes,
    )
    if not again.same_outcome(prepared):
        raise StoreError(
            "the database changed while the import was being checked; nothing was imported "
            "(run the import again to see the new preview)"
        )
    components = place_structure(session=session, prepared=prepared, by=by)
    session.flush()
    rows = _Rows(session.connection(), components, by=by, today=today, source=prepared.source)
    for planned in prepared.actions:
        rows.add(planned)
    rows.insert()
    return len(prepared.actions)


def place_structure(
    *, session: Session, prepared: SheetImport, by: str
) -> dict[int, Component]:
    """The plan, bodies and components ``prepared`` adds, through the journaled writes (they
    are few); the plan's components by number, new and old."""
    if prepared.new_plan is not None:
        wanted = prepared.new_plan
        owner, _ = add_plan(
            session=session,
            package=get_package(session=session, code=wanted.package),
            code=wanted.code,
            title=wanted.title,
            period=wanted.period,
            prefix=wanted.prefix or None,
            by=by,
        )
    else:
        owner = get_plan(session=session, code=prepared.plan)
    for body in prepared.new_bodies:
        add_body(session=session, code=body.code, name=body.name, by=by)
    components = {
        c.number: c
        for c in session.exec(select(Component).where(col(Component.plan_id) == owner.id)).all()
    }
    for new in prepared.new_components:
        components[new.number], _ = add_component(
            session=session, plan=owner, title=new.title, number=new.number, by=by
        )
    return components


class _Rows:
    """The rows of every table the actions of an import add, in the order the one-by-one
    writes would add them, then inserted a table at a time (``insert``)."""

    def __init__(
        self,
        conn: Connection,
        components: dict[int, Component],
        *,
        by: str,
        today: date,
        source: str,
    ) -> None:
        self.conn = conn
        self.by, self.today = by, today
        self.note = f"imported from {source}"
        self.component_ids = {number: c.id or 0 for number, c in components.items()}
        self.positions = _positions(conn, list(self.component_ids.values()))
        bodies = TABLES["bodies"].c
        self.bodies: dict[str, int] = {
            code.lower(): body_id
            for body_id, code in conn.execute(sa_select(bodies.id, bodies.code))
        }
        self.actions: list[dict[str, Any]] = []
        # Rows that name their action (and the journal, its status change or update) by the
        # action's UUID until the ids are known; the journal in the writes' order.
        self.links: list[tuple[str, int, str]] = []  # (action UUID, body id, role)
        self.moves: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []
        self.journal: list[dict[str, Any]] = []
        self.last = utcnow()

    def _instant(self) -> datetime:
        """Now, and always after the last instant handed out (one action's history is in
        order even when the clock does not move between two rows)."""
        self.last = max(utcnow(), self.last + TICK)
        return self.last

    def add(self, planned: PlannedAction) -> None:
        """The rows ``add_action``, ``move_action`` and ``add_update`` would write for one row."""
        title = planned.title.strip()
        if not title:
            raise StoreError("an action needs a title")
        if message := too_long("title", title, MAX_TITLE):
            raise StoreError(message)
        parsed = parse_deadline(planned.deadline) if planned.deadline else None
        ref = planned.ref.strip()
        component_id = self.component_ids[planned.component]
        self.positions[component_id] = self.positions.get(component_id, 0) + 1
        uuid = new_uuid()
        now = self._instant()
        action: dict[str, Any] = {
            "uuid": uuid,
            "ref": ref,
            "component_id": component_id,
            "title": title,
            "description": planned.description.strip(),
            "kind": check_kind("action"),
            "deadline_label": parsed.label if parsed else None,
            "due_date": parsed.due if parsed else None,
            "start_date": None,
            "end_date": None,
            "funding_note": "",
            "status": Status.PLANNED.value,
            "archived": False,
            "position": self.positions[component_id],
            "created_at": now,
            "updated_at": now,
        }
        self.actions.append(action)
        roles: dict[int, str] = {}
        for role, codes in (("lead", planned.lead), ("supporting", planned.supporting)):
            for code in codes:
                roles.setdefault(self.bodies[code.strip().lower()], role)
        self.links.extend((uuid, body_id, role) for body_id, role in roles.items())
        self.moves.append(_status_change(uuid, None, Status.PLANNED, now, self.by, "created", None))
        self.journal.append(
            _change(
                "add",
                uuid,
                self.by,
                now,
                summary=f"{ref}: new action “{title}”",
                before={"archived": True},
                after={"archived": False},
            )
        )
        if planned.status is not Status.PLANNED:
            self._move(action, planned)
        if planned.notes:
            self._update(action, planned.notes)

    def _move(self, action: dict[str, Any], planned: PlannedAction) -> None:
        # Every status is one move from planned (workflow.TRANSITIONS), so the history says
        # honestly "created, then moved to X by the import".
        need = need_for(Status.PLANNED, planned.status)
        move = check_move(
            Status.PLANNED,
            planned.status,
            note=(planned.notes or self.note) if need is Need.REASON else self.note,
            deadline=planned.deadline if need is Need.DEADLINE else None,
        )
        parsed = parse_deadline(move.deadline) if move.deadline else None
        when = self._instant()
        fields = ("status", "deadline_label", "due_date")
        before = {name: action[name] for name in fields}
        action["status"] = move.target.value
        if parsed is not None:
            action["deadline_label"], action["due_date"] = parsed.label, parsed.due
        action["updated_at"] = when
        uuid = action["uuid"]
        label = parsed.label if parsed else None
        moved = _status_change(uuid, move.source, move.target, when, self.by, move.note, label)
        self.moves.append(moved)
        self.journal.append(
            _change(
                "move",
                uuid,
                self.by,
                when,
                summary=f"{action['ref']}: {move.source.label} → {move.target.label}",
                note=move.note,
                before=before,
                after={name: action[name] for name in fields},
                status_change=moved["uuid"],
            )
        )

    def _update(self, action: dict[str, Any], notes: str) -> None:
        text = notes.strip()
        if not text:
            raise StoreError("a progress update needs some text")
        when = self._instant()
        update = {
            "uuid": new_uuid(),
            "action_id": action["uuid"],
            "as_of": self.today,
            "text": text,
            "meeting_id": None,
            "author": self.by,
            "created_at": when,
            "retracted": False,
        }
        self.updates.append(update)
        action["updated_at"] = when
        self.journal.append(
            _change(
                "update",
                action["uuid"],
                self.by,
                when,
                summary=f"{action['ref']}: progress update of {self.today.isoformat()}",
                note=text,
                progress_update=update["uuid"],
            )
        )

    def insert(self) -> None:
        """Every row, a table at a time, the UUIDs they were linked by turned into ids."""
        actions = self._insert("actions", self.actions)
        if self.links:
            self.conn.execute(
                TABLES["action_bodies"].insert(),
                [
                    {"action_id": actions[uuid], "body_id": body_id, "role": role}
                    for uuid, body_id, role in self.links
                ],
            )
        for row in (*self.moves, *self.updates, *self.journal):
            row["action_id"] = actions[row["action_id"]]
        moves = self._insert("status_changes", self.moves)
        updates = self._insert("progress_updates", self.updates)
        for row in self.journal:
            if row["status_change_id"] is not None:
                row["status_change_id"] = moves[row["status_change_id"]]
            if row["progress_update_id"] is not None:
                row["progress_update_id"] = updates[row["progress_update_id"]]
        if self.journal:  # nothing links to these: no ids to read back
            self.conn.execute(TABLES["changes"].insert(), self.journal)

    def _insert(self, name: str, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
        """Insert ``rows`` in their order; their ids by UUID.

        A plain many-row insert, then the new ids read back by UUID (every id above the
        highest before), which costs less than ``INSERT … RETURNING`` a row at a time. Rows
        of others there cannot be: this is the one writer (``store.writing``); and were there
        any, they would not be among ``rows``' UUIDs."""
        if not rows:
            return {}
        table = TABLES[name]
        before = self.conn.execute(sa_select(func.max(table.c.id))).scalar() or 0
        self.conn.execute(table.insert(), list(rows))
        wanted = {row["uuid"] for row in rows}
        return {
            uuid: row_id
            for row_id, uuid in self.conn.execute(
                sa_select(table.c.id, table.c.uuid).where(table.c.id > before)
            )
            if uuid in wanted
        }


def _positions(conn: Connection, component_ids: list[int]) -> dict[int, int]:
    """Each component's highest action position (a new action goes after it)."""
    if not component_ids:
        return {}
    a = TABLES["actions"].c
    return {
        component_id: int(position or 0)
        for component_id, position in conn.execute(
            sa_select(a.component_id, func.max(a.position))
            .where(a.component_id.in_(component_ids))
            .group_by(a.component_id)
        )
    }


def _status_change(
    action: str,
    source: Status | None,
    target: Status,
    at: datetime,
    by: str,
    note: str,
    deadline: str | None,
) -> dict[str, Any]:
    return {
        "uuid": new_uuid(),
        "action_id": action,
        "from_status": source.value if source else None,
        "to_status": target.value,
        "at": at,
        "by": by,
        "note": note,
        "deadline_label": deadline,
        "meeting_id": None,
    }


def _change(
    kind: str,
    action: str,
    by: str,
    at: datetime,
    *,
    summary: str,
    note: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    status_change: str | None = None,
    progress_update: str | None = None,
) -> dict[str, Any]:
    """A journal entry as ``journal.record_change`` writes it."""
    return {
        "uuid": new_uuid(),
        "at": at,
        "by": by,
        "kind": kind,
        "action_id": action,
        "subject": None,
        "subject_uuid": None,
        "summary": summary,
        "note": note,
        "before": journal_dump(before or {}),
        "after": journal_dump(after or {}),
        "status_change_id": status_change,
        "progress_update_id": progress_update,
        "undoes_id": None,
        "undone_by_id": None,
        "batch": None,
    }


def journal_dump(values: dict[str, Any]) -> str:
    """``before`` or ``after`` as ``journal.record_change`` stores them (dates as ISO text)."""
    return json.dumps(values, default=_iso, sort_keys=True, ensure_ascii=False)


def _iso(value: date) -> str:
    return value.isoformat()
