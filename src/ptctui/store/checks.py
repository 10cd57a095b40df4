"""Consistency checks of a ptctui database: what ``ptctui db check`` reports.

The store keeps some facts twice for speed (an action's ``status`` is also the ``to_status``
of its latest ``StatusChange``) and links journal entries both ways (an undo names what it
undoes, and the undone entry names its undo). Every write keeps these in step inside one
transaction; this module verifies that they are, after a crash, a hand edit, a merge or a
restore. On SQLite it also runs ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``.

Archived actions are checked like the others (archiving hides, it does not exempt); progress
updates on archived actions are normal and not reported. Each problem is one line naming the
action's reference, so it can be looked at with ``ptctui show REF``.

Checks only: nothing here writes or repairs (restoring a backup is ``ptctui.backups``'s), and
the rules checked are kept by the writes in ``changes``, ``undo`` and ``merge``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, Table, func, select
from sqlmodel import Session, SQLModel

import ptctui.models  # noqa: F401  (registers the tables)
from ptctui.store.subjects import SUBJECTS
from ptctui.workflow import Status

KNOWN_STATUSES = frozenset(s.value for s in Status)


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def _rows(session: Session, stmt: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in session.connection().execute(stmt).all()]


@dataclass(frozen=True)
class Problem:
    """One inconsistency found, with the action it concerns when there is one."""

    message: str
    ref: str | None = None

    def __str__(self) -> str:
        return f"{self.ref}: {self.message}" if self.ref else self.message


@dataclass(frozen=True)
class Counts:
    """How much the checks looked at, for the "ok" line."""

    actions: int
    archived: int
    status_changes: int
    progress_updates: int
    journal: int


def counts(*, session: Session) -> Counts:
    """How many actions, status changes, progress updates and journal entries there are."""

    def total(name: str, *where: Any) -> int:
        table = _table(name)
        return int(_rows(session, select(func.count()).select_from(table).where(*where))[0][0])

    actions = _table("actions")
    return Counts(
        actions=total("actions"),
        archived=total("actions", actions.c.archived.is_(True)),
        status_changes=total("status_changes"),
        progress_updates=total("progress_updates"),
        journal=total("changes"),
    )


def check_database(*, session: Session) -> list[Problem]:
    """Every inconsistency found, one ``Problem`` each; an empty list means all is well."""
    problems: list[Problem] = []
    problems += _sqlite_checks(session=session)
    problems += _text_checks(session=session)
    if any(p.message.startswith("text that is not UTF-8") for p in problems):
        return problems  # the other checks would stop on the first such value they read
    problems += _status_checks(session=session)
    problems += _journal_checks(session=session)
    return problems


def _when(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC" if at else "an unknown time"


def _sqlite_checks(*, session: Session) -> list[Problem]:
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return []
    problems = [
        Problem(f"integrity check: {line}")
        for (line,) in conn.exec_driver_sql("PRAGMA integrity_check").all()
        if line != "ok"
    ]
    for table, rowid, parent, _fkid in conn.exec_driver_sql("PRAGMA foreign_key_check").all():
        problems.append(Problem(f"{table} row {rowid} refers to a missing row of {parent}"))
    return problems


def _text_checks(*, session: Session) -> list[Problem]:
    """Text that is not UTF-8 (a hand edit, a foreign tool): SQLite stores what it is given,
    and every reader would stop at it. PostgreSQL refuses such text when it is written."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return []
    problems: list[Problem] = []
    for table in SQLModel.metadata.sorted_tables:
        texts = [
            c.name for c in table.columns if isinstance(getattr(c.type, "impl", c.type), String)
        ]
        label = "ref" if "ref" in table.columns else None
        for column in texts:
            rows = conn.exec_driver_sql(
                f'SELECT rowid, CAST("{column}" AS BLOB)'
                + (f', CAST("{label}" AS BLOB)' if label else "")
                + f' FROM "{table.name}" WHERE "{column}" IS NOT NULL'
            ).all()
            for row in rows:
                try:
                    row[1].decode("utf-8")
                except UnicodeDecodeError:
                    ref = row[2].decode("utf-8", "replace") if label else None
                    where = "" if ref else f" ({table.name} row {row[0]})"
                    problems.append(
                        Problem(f"text that is not UTF-8 in {table.name}.{column}{where}", ref)
                    )
    return problems


def _status_checks(*, session: Session) -> list[Problem]:
    """An action's status is the ``to_status`` of its last status change (by time, then id)."""
    actions = _table("actions")
    changes = _table("status_changes")
    ranked = select(
        changes.c.id,
        changes.c.action_id,
        changes.c.to_status,
        changes.c.at,
        func.row_number()
        .over(
            partition_by=changes.c.action_id,
            order_by=(changes.c.at.desc(), changes.c.id.desc()),
        )
        .label("rank"),
    ).subquery()
    rows = _rows(
        session,
        select(
            actions.c.ref,
            actions.c.status,
            actions.c.archived,
            ranked.c.id,
            ranked.c.to_status,
            ranked.c.at,
        )
        .outerjoin(ranked, (ranked.c.action_id == actions.c.id) & (ranked.c.rank == 1))
        .order_by(actions.c.ref),
    )
    problems: list[Problem] = []
    for ref, status, archived, change_id, to_status, at in rows:
        where = " (archived)" if archived else ""
        if status not in KNOWN_STATUSES:
            problems.append(Problem(f"unknown status {status!r}{where}", ref))
        if change_id is None:
            problems.append(Problem(f"status is {status} but it has no status history{where}", ref))
        elif to_status != status:
            problems.append(
                Problem(
                    f"status is {status}, but its last status change (#{change_id}, "
                    f"{_when(at)}) is to {to_status}{where}",
                    ref,
                )
            )
    unknown = _rows(
        session,
        select(changes.c.id, changes.c.from_status, changes.c.to_status, actions.c.ref)
        .join(actions, actions.c.id == changes.c.action_id)
        .where(
            changes.c.to_status.not_in(KNOWN_STATUSES)
            | (changes.c.from_status.is_not(None) & changes.c.from_status.not_in(KNOWN_STATUSES))
        )
        .order_by(actions.c.ref, changes.c.id),
    )
    for change_id, from_status, to_status, ref in unknown:
        bad = to_status if to_status not in KNOWN_STATUSES else from_status
        problems.append(Problem(f"status change #{change_id} names unknown status {bad!r}", ref))
    return problems


def _journal_checks(*, session: Session) -> list[Problem]:
    """Undo links point both ways; a move's entry points to a status change of its action."""
    actions = _table("actions")
    entry = _table("changes").alias("entry")
    other = _table("changes").alias("other")
    problems: list[Problem] = []

    undoes = _rows(
        session,
        select(
            entry.c.id,
            entry.c.kind,
            entry.c.undoes_id,
            other.c.id,
            other.c.undone_by_id,
            actions.c.ref,
        )
        .outerjoin(other, other.c.id == entry.c.undoes_id)
        .outerjoin(actions, actions.c.id == entry.c.action_id)
        .where(entry.c.undoes_id.is_not(None) | (entry.c.kind == "undo"))
        .order_by(entry.c.id),
    )
    # Two laptops may both undo the same change; after a merge the change names the earlier
    # undo, and the other one still points at it: that is consistent.
    undo_target = {row[0]: row[2] for row in undoes}
    for entry_id, kind, undoes_id, target_id, target_undone_by, ref in undoes:
        if kind != "undo":
            problems.append(Problem(f"journal #{entry_id} is a {kind} but says it undoes one", ref))
        elif undoes_id is None:
            problems.append(Problem(f"journal #{entry_id} is an undo of nothing", ref))
        elif target_id is None:
            problems.append(
                Problem(f"journal #{entry_id} undoes #{undoes_id}, which does not exist", ref)
            )
        elif target_undone_by != entry_id and undo_target.get(target_undone_by) != undoes_id:
            by = f"#{target_undone_by}" if target_undone_by else "nothing"
            problems.append(
                Problem(
                    f"journal #{entry_id} undoes #{undoes_id}, but #{undoes_id} says it was "
                    f"undone by {by}",
                    ref,
                )
            )

    undone = _rows(
        session,
        select(entry.c.id, entry.c.undone_by_id, other.c.id, other.c.undoes_id, actions.c.ref)
        .outerjoin(other, other.c.id == entry.c.undone_by_id)
        .outerjoin(actions, actions.c.id == entry.c.action_id)
        .where(entry.c.undone_by_id.is_not(None))
        .order_by(entry.c.id),
    )
    for entry_id, undone_by_id, undo_id, undo_target, ref in undone:
        if undo_id is None:
            problems.append(
                Problem(
                    f"journal #{entry_id} was undone by #{undone_by_id}, which does not exist", ref
                )
            )
        elif undo_target != entry_id:
            target = f"#{undo_target}" if undo_target else "nothing"
            problems.append(
                Problem(
                    f"journal #{entry_id} was undone by #{undone_by_id}, but #{undone_by_id} "
                    f"undoes {target}",
                    ref,
                )
            )

    moved = _table("status_changes")
    moves = _rows(
        session,
        select(
            entry.c.id,
            entry.c.status_change_id,
            entry.c.action_id,
            moved.c.action_id,
            actions.c.ref,
        )
        .outerjoin(moved, moved.c.id == entry.c.status_change_id)
        .outerjoin(actions, actions.c.id == entry.c.action_id)
        .where(entry.c.kind == "move")
        .order_by(entry.c.id),
    )
    for entry_id, status_change_id, action_id, moved_action_id, ref in moves:
        if status_change_id is None:
            problems.append(Problem(f"journal #{entry_id} is a move with no status change", ref))
        elif moved_action_id != action_id:
            problems.append(
                Problem(
                    f"journal #{entry_id} is a move whose status change #{status_change_id} "
                    "belongs to another action",
                    ref,
                )
            )
    problems.extend(_subject_checks(session=session))
    return problems


def _subject_checks(*, session: Session) -> list[Problem]:
    """An entry about a package, plan, component, body, meeting or endorsement names one
    that is here (by UUID): otherwise ``undo`` and ``history`` could not find it."""
    changes = _table("changes")
    problems: list[Problem] = []
    entries = _rows(
        session,
        select(changes.c.id, changes.c.subject, changes.c.subject_uuid)
        .where(changes.c.subject.is_not(None) | changes.c.subject_uuid.is_not(None))
        .order_by(changes.c.id),
    )
    known = {
        name: set(session.connection().execute(select(_table(name).c.uuid)).scalars())
        for name in SUBJECTS
    }
    for entry_id, subject, uuid in entries:
        if subject not in SUBJECTS or uuid is None:
            problems.append(Problem(f"journal #{entry_id} is about an unknown {subject!r}"))
        elif uuid not in known[subject]:
            noun = SUBJECTS[subject].noun
            problems.append(Problem(f"journal #{entry_id} is about a {noun} that is not here"))
    return problems
