"""A whole merge: the rows (``rows``), then each action's fields and status settled over the
union of both sides' history, and the local log of merges that bounds ``undo``.

The package docstring states the rules; ``rules`` holds them as functions, ``report`` words
what a merge did.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlmodel import Session

from ptctui.importers.exchange import ExportData
from ptctui.models import ImportRecord
from ptctui.store.merge.history import HistoryMerger
from ptctui.store.merge.report import Conflict, MergeReport, show, status_label
from ptctui.store.merge.rules import field_groups, latest_touch
from ptctui.store.merge.subjects import SubjectFields
from ptctui.store.tables import TABLES

# SQLite's page cache during a merge, in KiB (its default is 2 MiB). A merge inserts into the
# UUID indexes at random places: at 100,000 actions the status changes' index alone is some
# 55 MB, and with the default cache each insert reads its pages back from the file, which
# took half the import's inserting.
MERGE_CACHE_KIB = 64 * 1024


def merge_export(*, session: Session, data: ExportData) -> MergeReport:
    """Merge ``data`` into the database of ``session`` (no commit; see the package docstring)."""
    conn = session.connection()
    with _page_cache(conn):
        merger = _Merger(conn, data)
        merger.run()
    session.expire_all()
    report = merger.report
    # Its lazy tables call back into it (a cycle): let what it read go now, not at the next
    # collection (a sync's second merge would otherwise run beside the first one's leftovers).
    merger.__dict__.clear()
    return report


@contextmanager
def _page_cache(conn: Connection) -> Iterator[None]:
    """``MERGE_CACHE_KIB`` of page cache on SQLite while the merge runs, then the
    connection's own again (the pool hands it on)."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{MERGE_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def record_import(
    *, session: Session, source: str, by: str, report: MergeReport, backup: str | None
) -> ImportRecord:
    """Log the merge locally; ``undo`` will not reach below it (see ``ImportRecord``)."""
    last = session.connection().execute(select(func.max(TABLES["changes"].c.id))).scalar()
    record = ImportRecord(
        by=by,
        source=source,
        summary=report.summary(),
        backup=backup,
        last_change_id=int(last or 0),
    )
    session.add(record)
    session.flush()
    return record


class _Merger(HistoryMerger, SubjectFields):
    """One merge: the file's rows go in (``RowMerger``, ``HistoryMerger``), then each action
    whose history grew takes the fields and the status that history gives it."""

    def run(self) -> None:
        self._bodies()
        for name in (
            "meetings",
            "packages",
            "plans",
            "endorsements",
            "components",
            "documents",
            "passages",
        ):
            self._reference(name)
        new_actions = self._actions()
        self._action_bodies(new_actions)
        self._updates()
        self._reference("reviews")  # before the journal: its entries about them are settled
        new_moves = self._status_changes()
        new_changes = self._journal()
        self._fields(new_changes, new_actions)
        self._subject_fields()
        self._union("issued_documents")
        self._walks()
        self._statuses(new_moves, new_changes, new_actions)

    # --- settling each action -----------------------------------------------------------------

    def _local_journal(self, action_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        t = TABLES["changes"]
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        id_list = list(action_ids)
        for start in range(0, len(id_list), 500):
            chunk = id_list[start : start + 500]
            for row in self.conn.execute(
                select(t.c.action_id, t.c.uuid, t.c.at, t.c.by, t.c.before, t.c.after).where(
                    t.c.action_id.in_(chunk)
                )
            ):
                out[row.action_id].append(dict(row._mapping))
        return out

    def _fields(self, new_changes: dict[str, list[dict[str, Any]]], new_actions: set[str]) -> None:
        """Take the fields the other side changed; settle fields both sides changed."""
        t = TABLES["actions"]
        ids = self.local_id["actions"]
        targets = {u: rows for u, rows in new_changes.items() if u not in new_actions}
        if not targets:
            return
        incoming = {r["uuid"]: r for r in self.data.rows("actions") if r["uuid"] in targets}
        action_uuid = self.file_uuid["actions"]
        # the file's journal entries about these actions (the others' do not matter here)
        theirs = {
            u
            for u, action in self.data.values("changes", "uuid", "action_id")
            if action is not None and action_uuid[action] in targets
        }
        self._file_bodies_of = self._bodies_in_file({r["id"] for r in incoming.values()})
        local_journal = self._local_journal(ids[u] for u in targets)
        for uuid, their_new in targets.items():
            local_id = ids[uuid]
            current = self.conn.execute(select(t).where(t.c.id == local_id)).one()._mapping
            our_new = [c for c in local_journal[local_id] if c["uuid"] not in theirs]
            taken: dict[str, Any] = {}
            names: list[str] = []
            for group, members in field_groups().items():
                their_at = latest_touch(their_new, members)
                if their_at is None:
                    continue
                our_at = latest_touch(our_new, members)
                theirs_win = our_at is None or their_at > our_at
                their_value = self._value(group, members, incoming[uuid], local_id)
                our_value = self._value(group, members, current, local_id, local=True)
                if our_at is not None and their_value != our_value:
                    win, lose = (their_value, our_value) if theirs_win else (our_value, their_value)
                    self.report.conflicts.append(
                        Conflict(
                            ref=current["ref"],
                            field=group,
                            kept=show(win),
                            kept_side="there" if theirs_win else "here",
                            kept_at=max(their_at[0], our_at[0]),
                            other=show(lose),
                            other_at=min(their_at[0], our_at[0]),
                        )
                    )
                if theirs_win and their_value != our_value:
                    names.append(group)
                    if group == "bodies":
                        self._set_bodies(local_id, incoming[uuid])
                    else:
                        taken.update({m: incoming[uuid][m] for m in members})
            newest = max(current["updated_at"], incoming[uuid]["updated_at"])
            values = {**taken, "updated_at": newest}
            self.conn.execute(update(t).where(t.c.id == local_id).values(**values))
            if names:
                self.report.changed[current["ref"]] = names

    def _value(
        self,
        group: str,
        members: Sequence[str],
        row: Any,
        local_id: int,
        local: bool = False,
    ) -> Any:
        if group != "bodies":
            values = tuple(row[m] for m in members)
            return values[0] if len(values) == 1 else values
        if local:
            return self._local_bodies(local_id)
        return self._file_bodies(row["id"])

    def _local_bodies(self, local_id: int) -> dict[str, list[str]]:
        ab, b = TABLES["action_bodies"], TABLES["bodies"]
        out: dict[str, list[str]] = {"lead": [], "supporting": []}
        for code, role in self.conn.execute(
            select(b.c.code, ab.c.role)
            .join(b, b.c.id == ab.c.body_id)
            .where(ab.c.action_id == local_id)
            .order_by(b.c.code)
        ):
            out.setdefault(role, []).append(code)
        return out

    def _file_bodies(self, file_action_id: int) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"lead": [], "supporting": []}
        codes = dict(self.data.values("bodies", "id", "code"))
        for r in self._file_bodies_of.get(file_action_id, []):
            out.setdefault(r["role"], []).append(codes[r["body_id"]])
        return {role: sorted(codes_) for role, codes_ in out.items()}

    def _bodies_in_file(self, file_action_ids: set[int]) -> dict[int, list[dict[str, Any]]]:
        """The file's responsible-body rows of ``file_action_ids``, by the file's action id
        (one reading of the file's table, not one per action)."""
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in self.data.rows("action_bodies"):
            if r["action_id"] in file_action_ids:
                out[r["action_id"]].append(r)
        return out

    def _set_bodies(self, local_id: int, incoming: dict[str, Any]) -> None:
        ab = TABLES["action_bodies"]
        self.conn.execute(ab.delete().where(ab.c.action_id == local_id))
        rows = [
            {
                "action_id": local_id,
                "body_id": self.local_id["bodies"][self.file_uuid["bodies"][r["body_id"]]],
                "role": r["role"],
            }
            for r in self._file_bodies_of.get(incoming["id"], [])
        ]
        if rows:
            self.conn.execute(ab.insert(), rows)

    def _statuses(
        self,
        new_moves: dict[str, tuple[Any, str, str]],
        new_changes: dict[str, list[dict[str, Any]]],
        new_actions: set[str],
    ) -> None:
        """Each action whose history grew gets the status of its latest change by time (the
        histories read 500 actions a query)."""
        ids = self.local_id["actions"]
        t = TABLES["actions"]
        moved: dict[str, list[int]] = defaultdict(list)
        for uuid, status in self.newest_of_new.items():  # added here: no history to read
            if status != self.new_status[uuid]:
                moved[status].append(ids[uuid])
        for status, local_ids in moved.items():
            for start in range(0, len(local_ids), 500):
                chunk = local_ids[start : start + 500]
                self.conn.execute(update(t).where(t.c.id.in_(chunk)).values(status=status))
        grown = [(ids[uuid], uuid) for uuid in new_moves if uuid not in new_actions]
        old = {uuid for _, uuid in grown}
        # the file's status changes of the actions both sides had (theirs, not ours)
        theirs = self._their_moves(old) if old else set()
        for start in range(0, len(grown), 500):
            self._settle_statuses(grown[start : start + 500], new_moves, new_actions, theirs)

    def _settle_statuses(
        self,
        chunk: list[tuple[int, str]],
        new_moves: dict[str, tuple[Any, str, str]],
        new_actions: set[str],
        theirs: set[str],
    ) -> None:
        t, sc = TABLES["actions"], TABLES["status_changes"]
        local_ids = [local_id for local_id, _ in chunk]
        histories: dict[int, list[Any]] = defaultdict(list)
        for row in self.conn.execute(
            select(sc.c.action_id, sc.c.uuid, sc.c.to_status, sc.c.at, sc.c.by)
            .where(sc.c.action_id.in_(local_ids))
            .order_by(sc.c.action_id, sc.c.at, sc.c.id)
        ):
            histories[row.action_id].append(row)
        current = {
            i: (ref, status)
            for i, ref, status in self.conn.execute(
                select(t.c.id, t.c.ref, t.c.status).where(t.c.id.in_(local_ids))
            )
        }
        moved: dict[str, list[int]] = defaultdict(list)
        for local_id, uuid in chunk:
            history = histories[local_id]
            latest = history[-1]
            ref, status = current[local_id]
            if uuid not in new_actions:
                ours = [h for h in history if h.uuid not in theirs]
                last_at, _, last_status = new_moves[uuid]
                if ours and ours[-1].to_status != last_status:
                    mine = ours[-1]
                    theirs_win = latest.uuid != mine.uuid
                    self.report.conflicts.append(
                        Conflict(
                            ref=ref,
                            field="status",
                            kept=status_label(latest.to_status),
                            kept_side="there" if theirs_win else "here",
                            kept_at=latest.at,
                            other=status_label(mine.to_status if theirs_win else last_status),
                            other_at=mine.at if theirs_win else last_at,
                        )
                    )
            if latest.to_status != status:
                moved[latest.to_status].append(local_id)
                if uuid not in new_actions:
                    self.report.moved.append((ref, status, latest.to_status))
        for status, local_ids in moved.items():
            self.conn.execute(update(t).where(t.c.id.in_(local_ids)).values(status=status))

    def _their_moves(self, actions: set[str]) -> set[str]:
        """The UUIDs of the file's status changes of ``actions`` (by UUID)."""
        action_uuid = self.file_uuid["actions"]
        return {
            u
            for u, action in self.data.values("status_changes", "uuid", "action_id")
            if action_uuid[action] in actions
        }
