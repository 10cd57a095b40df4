"""The history tables of a merge: progress updates, status changes and journal entries,
united by UUID (a retraction travels, undo links are made on both sides).

The file's rows come from its spool a chunk at a time and go in a chunk at a time, so a merge
of 100,000 actions' million status changes never holds them; what this database already has
is read as a set of UUIDs. What the new rows say about each action is settled in ``merger``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select, update

from ptctui.importers import ImportFileError
from ptctui.store.merge.rows import RowMerger, chunks
from ptctui.store.tables import TABLES


class HistoryMerger(RowMerger):
    """The rows of the history tables this database lacks go in (after ``RowMerger``'s)."""

    newest_of_new: dict[str, str]  # an added action's latest status, by UUID

    def _updates(self) -> None:
        """Add the progress updates this database lacks; a retraction travels. The file's
        rows go in a chunk at a time."""
        t = TABLES["progress_updates"]
        here = {u: (i, r) for u, i, r in self.conn.execute(select(t.c.uuid, t.c.id, t.c.retracted))}
        for chunk in chunks(self.data.rows("progress_updates")):
            fresh, retract = [], []
            for row in chunk:
                found = here.get(row["uuid"])
                if found is None:
                    fresh.append(self._translate("progress_updates", row))
                elif row["retracted"] and not found[1]:
                    retract.append(found[0])
            self._add("progress_updates", fresh)
            if retract:
                self.conn.execute(update(t).where(t.c.id.in_(retract)).values(retracted=True))
            self.report.retracted += len(retract)

    def _status_changes(self) -> dict[str, tuple[Any, str, str]]:
        """Add the status changes this database lacks, a chunk of the file's rows at a time;
        returns, by action UUID, the latest new one (its time, UUID and status).

        For an action this merge added, every status change it has here is one of these,
        inserted in file order, so its latest by time and id is known without reading it
        back (``newest_of_new``: its status)."""
        t = TABLES["status_changes"]
        before = self.conn.execute(select(func.max(t.c.id))).scalar() or 0
        latest: dict[str, tuple[Any, str, str]] = {}
        newest: dict[str, tuple[Any, int, str]] = {}  # added actions: (at, place, status)
        action_uuid = self.file_uuid["actions"]
        place = 0
        here = set(self.conn.execute(select(t.c.uuid)).scalars())  # uuids only: not their ids
        for chunk in chunks(self.data.rows("status_changes", skip=here)):
            fresh = []
            for row in chunk:
                fresh.append(self._translate("status_changes", row))
                action = action_uuid[row["action_id"]]
                move = (row["at"], row["uuid"], row["to_status"])
                if action not in latest or move[:2] > latest[action][:2]:
                    latest[action] = move
                if action in self.new_status:
                    place += 1
                    if action not in newest or row["at"] >= newest[action][0]:
                        newest[action] = (row["at"], place, row["to_status"])
            self._refuse_ties(fresh, before)
            self._add("status_changes", fresh)
        self.newest_of_new = {action: status for action, (_, _, status) in newest.items()}
        return latest

    def _add(self, name: str, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` of a history table (no ids kept: ``local_id`` reads them later if a
        link needs them). The statement is compiled once and each value goes through its
        column's own bind processor, as SQLAlchemy would, without building its per-row
        parameter dictionaries (a third of a 100,000-action import's inserting)."""
        if not rows:
            return
        keys = tuple(rows[0])
        statement, order, processors = self._compiled_insert(name, keys)
        if order is not None:
            params: list[Any] = [
                tuple([p(row[k]) if p else row[k] for k, p in zip(order, processors, strict=True)])
                for row in rows
            ]
        else:
            pairs = list(zip(keys, processors, strict=True))
            params = [{k: p(row[k]) if p else row[k] for k, p in pairs} for row in rows]
        self.conn.exec_driver_sql(statement, params)
        self.report.added[name] += len(rows)

    def _compiled_insert(
        self, name: str, keys: tuple[str, ...]
    ) -> tuple[str, tuple[str, ...] | None, list[Any]]:
        """The dialect's INSERT of ``keys`` into ``name``: its text, the order of its
        positional parameters (None when they are named) and each one's bind processor."""
        cache: dict[tuple[str, tuple[str, ...]], Any] = self.__dict__.setdefault("_inserts", {})
        if (name, keys) not in cache:
            dialect = self.conn.dialect
            table = TABLES[name]
            compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
            order = tuple(compiled.positiontup or ()) if compiled.positional else None
            names = order if order is not None else keys
            # Each column type's public bind processor for this dialect (what SQLAlchemy
            # itself applies), not the compiled statement's private table of them.
            processors = [
                table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in names
            ]
            cache[name, keys] = (compiled.string, order, processors)
        return cache[name, keys]  # type: ignore[no-any-return]

    def _refuse_ties(self, fresh: list[dict[str, Any]], before: int) -> None:
        """A new status change at the very instant of one already here (before this merge:
        ids up to ``before``) is refused: ids would order the two differently on each side
        (store/clocks.py, rule 3)."""
        t = TABLES["status_changes"]
        wanted = {(row["action_id"], row["at"]) for row in fresh}
        action_ids = sorted({action_id for action_id, _ in wanted})
        for start in range(0, len(action_ids), 500):
            chunk = action_ids[start : start + 500]
            for row in self.conn.execute(
                select(t.c.action_id, t.c.at).where(t.c.action_id.in_(chunk), t.c.id <= before)
            ):
                if (row.action_id, row.at) in wanted:
                    raise ImportFileError(
                        f"{self.data.source}: a status change at {row.at:%Y-%m-%d %H:%M:%S.%f} "
                        "UTC has the same instant as another of its action here; two laptops "
                        "cannot both have moved it then"
                    )

    def _journal(self) -> dict[str, list[dict[str, Any]]]:
        """Add the journal entries this database lacks; returns them by action UUID."""
        t = TABLES["changes"]
        ids = self._load_ids("changes")
        links = ("undoes_id", "undone_by_id")
        fresh, by_action = [], defaultdict(list)
        action_uuid = self.file_uuid["actions"]
        rows = [row for row in self.data.rows("changes") if row["uuid"] not in ids]
        history = self._history_links(rows)
        for row in rows:
            values = self._translate("changes", row, skip=(*links, *history))
            values["undoes_id"] = values["undone_by_id"] = None
            for column, mapped in history.items():
                if values[column] is not None:
                    values[column] = mapped[values[column]]
            if (about := values["subject_uuid"]) is not None:
                values["subject_uuid"] = self.alias.get(about, about)
                key = (values["subject"], values["subject_uuid"])
                self.subject_entries[key].append({**row, "subject_uuid": key[1]})
            fresh.append(values)
            if row["action_id"] is not None:
                by_action[action_uuid[row["action_id"]]].append(row)
        self._insert("changes", fresh)
        # Now every entry has a local id: link undos to what they undid, on both sides. The
        # links already here are read in one query, not one per linked entry of the file.
        linked = {
            i: {"undoes_id": u, "undone_by_id": b}
            for i, u, b in self.conn.execute(
                select(t.c.id, t.c.undoes_id, t.c.undone_by_id).where(
                    t.c.undoes_id.is_not(None) | t.c.undone_by_id.is_not(None)
                )
            )
        }
        change_uuid = self.file_uuid["changes"]
        for row in self.data.rows("changes"):
            for column in links:
                if row[column] is None:
                    continue
                local = ids[row["uuid"]]
                target = ids[change_uuid[row[column]]]
                current = linked.get(local, {}).get(column)
                if current == target:
                    continue
                if current is None or self._earlier_change(target, current):
                    self.conn.execute(update(t).where(t.c.id == local).values({column: target}))
        return by_action

    def _history_links(self, rows: list[dict[str, Any]]) -> dict[str, dict[int, int]]:
        """For the journal entries ``rows``, by link column: the file's ids of the status
        changes and progress updates they name -> this database's ids. Only those: the whole
        tables' maps were a million UUIDs read from the spool and another million from the
        database, for a sync's few dozen new entries."""
        out: dict[str, dict[int, int]] = {}
        for column, name in (
            ("status_change_id", "status_changes"),
            ("progress_update_id", "progress_updates"),
        ):
            wanted = {row[column] for row in rows if row[column] is not None}
            if not wanted:
                out[column] = {}
                continue
            uuids = {i: u for i, u in self.data.values(name, "id", "uuid") if i in wanted}
            t = TABLES[name]
            here: dict[str, int] = {}
            listed = list(uuids.values())
            for start in range(0, len(listed), 500):
                chunk = listed[start : start + 500]
                query = select(t.c.uuid, t.c.id).where(t.c.uuid.in_(chunk))
                here.update((uuid, i) for uuid, i in self.conn.execute(query))
            out[column] = {i: here[u] for i, u in uuids.items()}
        return out

    def _earlier_change(self, a: int, b: int) -> bool:
        """Whether journal entry ``a`` came before ``b`` (two undos of one change: first wins)."""
        t = TABLES["changes"]
        rows = dict(
            (i, (at, u))
            for i, at, u in self.conn.execute(
                select(t.c.id, t.c.at, t.c.uuid).where(t.c.id.in_((a, b)))
            )
        )
        return bool(rows[a] < rows[b])
