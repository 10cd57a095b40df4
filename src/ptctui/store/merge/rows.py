"""The first half of a merge: every row of the file this database lacks goes in.

Reference rows (bodies, meetings, packages, plans, endorsements, components) are matched by
UUID or natural key; new actions are added with their references settled. The history tables
(progress updates, status changes, journal entries) are ``history``'s. What each row's values
then say about an action's fields and status is settled in ``merger``; the rules both follow
are in ``rules``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, select, update

from ptctui.importers import ImportFileError
from ptctui.importers.exchange import ExportData
from ptctui.store.merge.report import MergeReport
from ptctui.store.merge.rules import NATURAL_KEYS, ref_order, settle_refs
from ptctui.store.tables import TABLES


class RowMerger:
    """The first half of a merge: the file's rows this database lacks go in, mapped from the
    file's local ids to UUIDs to this database's ids, table by table (``_Merger`` then settles
    each action's fields and status)."""

    def __init__(self, conn: Connection, data: ExportData) -> None:
        self.conn = conn
        self.data = data
        self.report = MergeReport(source=data.source)
        # file id -> uuid, per table (the file's integer ids mean nothing here), read from the
        # file's spool when a link first needs the table
        self.file_uuid: dict[str, dict[int, str]] = Lazy(
            lambda t: dict(data.values(t, "id", "uuid"))
        )
        # uuid -> local id, per table, filled as tables are merged; the history tables
        # (status changes, updates) are merged a chunk at a time without one, and read whole
        # from the database only if a link needs them
        self.local_id: dict[str, dict[str, int]] = Lazy(self._read_ids)
        # A reference row the file has under another UUID (matched by its natural key) that
        # keeps this database's: the file's UUID -> this one's, so the file's journal entries
        # about it name the row they mean here.
        self.alias: dict[str, str] = {}
        # Rows here that took the file's (smaller) UUID and values: their journaled fields are
        # settled again over both sides' entries (``SubjectFields``).
        self.adopted: set[tuple[str, str]] = set()
        # The UUIDs of the reference rows this merge inserted, per table (they came whole).
        self.inserted: dict[str, set[str]] = defaultdict(set)
        # The file's new journal entries about packages, plans, … (not actions), by the
        # (table, UUID here) they change.
        self.subject_entries: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        # The status each action this merge added came with (``merger`` settles it).
        self.new_status: dict[str, str] = {}

    # --- helpers ----------------------------------------------------------------------------

    def _load_ids(self, name: str) -> dict[str, int]:
        ids = self._read_ids(name)
        self.local_id[name] = ids
        return ids

    def _read_ids(self, name: str) -> dict[str, int]:
        t = TABLES[name]
        return {u: i for i, u in self.conn.execute(select(t.c.id, t.c.uuid))}

    def _translate(
        self, name: str, row: dict[str, Any], skip: Sequence[str] = ()
    ) -> dict[str, Any]:
        """``row`` with its foreign keys turned from the file's ids into this database's ids."""
        out = dict(row)
        out.pop("id", None)
        for fk in TABLES[name].foreign_keys:
            column = fk.parent.name
            if column in skip or out.get(column) is None:
                continue
            target = fk.column.table.name
            out[column] = self.local_id[target][self.file_uuid[target][out[column]]]
        return out

    def _insert(self, name: str, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` and remember their new ids by UUID."""
        if not rows:
            return
        t = TABLES[name]
        ids = self.local_id.setdefault(name, {})
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            result = self.conn.execute(t.insert().returning(t.c.id, t.c.uuid), chunk)
            for local_id, uuid in result:
                ids[uuid] = local_id
        self.report.added[name] += len(rows)

    # --- the rows -----------------------------------------------------------------------------

    def _bodies(self) -> None:
        # Bodies point at their parent body: merge them as reference rows first, then link.
        self._reference("bodies", skip=("parent_id",))
        t = TABLES["bodies"]
        for row in self.data.rows("bodies"):
            if row["parent_id"] is None:
                continue
            local = self.local_id["bodies"][row["uuid"]]
            parent = self.local_id["bodies"][self.file_uuid["bodies"][row["parent_id"]]]
            current = self.conn.execute(select(t.c.parent_id).where(t.c.id == local)).scalar()
            if current is None:
                self.conn.execute(update(t).where(t.c.id == local).values(parent_id=parent))

    def _reference(self, name: str, skip: Sequence[str] = ()) -> None:
        t = TABLES[name]
        key = NATURAL_KEYS[name]
        ids = self._load_ids(name)
        by_key = {
            tuple(r[1:]): (r[0], u)
            for u, *r in self.conn.execute(select(t.c.uuid, t.c.id, *(t.c[k] for k in key)))
        }
        fresh: list[dict[str, Any]] = []
        for row in self.data.rows(name):
            if row["uuid"] in ids:
                continue
            values = self._translate(name, row, skip=skip)
            for column in skip:
                values[column] = None
            found = by_key.get(tuple(values[k] for k in key))
            if found is None:
                fresh.append(values)
                by_key[tuple(values[k] for k in key)] = (-1, row["uuid"])
                continue
            local_id, local_uuid = found
            if local_id < 0:
                raise ImportFileError(
                    f"{name}: two rows of the file are one thing ({', '.join(key)} alike)"
                )
            ids[row["uuid"]] = local_id
            label = "/".join(str(values[k]) for k in key)
            self.report.matched.append(f"{name} {label}")
            if row["uuid"] < local_uuid:
                # Both sides keep the smaller UUID (and its row's values), so they agree; the
                # journal entries made here about the row follow it to its new UUID.
                values.pop("uuid")
                for column in (*key, *skip):
                    values.pop(column, None)
                self.conn.execute(
                    update(t).where(t.c.id == local_id).values(uuid=row["uuid"], **values)
                )
                changes = TABLES["changes"]
                self.conn.execute(
                    update(changes)
                    .where(changes.c.subject == name, changes.c.subject_uuid == local_uuid)
                    .values(subject_uuid=row["uuid"])
                )
                self.adopted.add((name, row["uuid"]))
            else:
                self.alias[row["uuid"]] = local_uuid
        self._insert(name, fresh)
        self.inserted[name].update(values["uuid"] for values in fresh)

    def _actions(self) -> set[str]:
        """Add the actions this database lacks and settle every reference; returns the UUIDs
        of the added actions.

        References are display names, settled over the union of both sides: an action the
        sides name differently claims the lower of its two references, and where claims
        collide the action created first keeps the reference (``_settle_refs``). Both sides
        compute the same claims, so repeated exchanges end with the same names everywhere.
        """
        t = TABLES["actions"]
        ids = self._load_ids("actions")
        theirs: dict[str, str] = {}
        fresh = []
        for r in self.data.rows("actions"):
            theirs[r["uuid"]] = r["ref"]
            if r["uuid"] not in ids:
                fresh.append(self._translate("actions", r))
        local = [
            {"uuid": u, "ref": ref, "created_at": c, "component_id": comp}
            for u, ref, c, comp in self.conn.execute(
                select(t.c.uuid, t.c.ref, t.c.created_at, t.c.component_id)
            )
        ]
        claims = [
            {**a, "ref": min(a["ref"], theirs.get(a["uuid"], a["ref"]), key=ref_order)}
            for a in local
        ]
        claims += [{k: v[k] for k in ("uuid", "ref", "created_at", "component_id")} for v in fresh]
        settled = settle_refs(claims, self._prefixes())
        final = {c["uuid"]: settled.get(c["uuid"], c["ref"]) for c in claims}
        renamed = {a["uuid"]: a["ref"] for a in local if final[a["uuid"]] != a["ref"]}
        # Move the renamed out of the way first: references are unique at every step.
        for uuid in renamed:
            self.conn.execute(update(t).where(t.c.uuid == uuid).values(ref=f"~{uuid}"))
        for uuid, old in renamed.items():
            self.conn.execute(update(t).where(t.c.uuid == uuid).values(ref=final[uuid]))
            self.report.renamed.append((old, final[uuid], "here"))
        for values in fresh:
            if final[values["uuid"]] != values["ref"]:
                self.report.renamed.append((values["ref"], final[values["uuid"]], "there"))
                values["ref"] = final[values["uuid"]]
        self._insert("actions", fresh)
        self.new_status = {r["uuid"]: r["status"] for r in fresh}
        return set(self.new_status)

    def _prefixes(self) -> dict[int, str]:
        """Each component's reference prefix ("CEP-3."), as ``store.next_ref`` makes them."""
        c, p, k = TABLES["components"], TABLES["plans"], TABLES["packages"]
        rows = self.conn.execute(
            select(c.c.id, p.c.ref_prefix, k.c.code, c.c.number)
            .join(p, p.c.id == c.c.plan_id)
            .join(k, k.c.id == p.c.package_id)
        )
        return {cid: f"{prefix or code}-{number}." for cid, prefix, code, number in rows}

    def _action_bodies(self, new_actions: set[str]) -> None:
        rows = []
        action_uuid = self.file_uuid["actions"]
        for row in self.data.rows("action_bodies"):
            if action_uuid[row["action_id"]] in new_actions:
                values = self._translate("action_bodies", row)
                rows.append(values)
        if rows:
            self.conn.execute(TABLES["action_bodies"].insert(), rows)
            self.report.added["action_bodies"] += len(rows)

    def _union(self, name: str) -> None:
        """Add the rows of ``name`` this database lacks, by UUID (rows never edited, such as
        issued documents)."""
        ids = self._load_ids(name)
        self._insert(
            name, [self._translate(name, r) for r in self.data.rows(name) if r["uuid"] not in ids]
        )

    def _walks(self) -> None:
        """Where each meeting's walk stopped: the newer position of the two sides (a tie goes
        to the smaller UUID, so both sides agree)."""
        t = TABLES["walks"]
        self._load_ids("walks")
        columns = (t.c.id, t.c.uuid, t.c.meeting_id, t.c.plan_id, t.c.at)
        here = {(r.meeting_id, r.plan_id): r for r in self.conn.execute(select(*columns))}
        fresh = []
        for row in self.data.rows("walks"):
            values = self._translate("walks", row)
            mine = here.get((values["meeting_id"], values["plan_id"]))
            if mine is None:
                fresh.append(values)
                continue
            # Both sides keep the smaller UUID, and the newer position.
            newer = (values["at"], mine.uuid) > (mine.at, values["uuid"])
            settled = values if newer else {}
            settled["uuid"] = min(mine.uuid, values["uuid"])
            self.conn.execute(update(t).where(t.c.id == mine.id).values(**settled))
        self._insert("walks", fresh)


class Lazy(dict):  # type: ignore[type-arg]
    """A dict of tables whose missing entry is made by ``make`` the first time it is asked."""

    def __init__(self, make: Callable[[str], Any]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> Any:
        value = self[key] = self._make(key)
        return value


def chunks(rows: Iterable[dict[str, Any]], size: int = 2000) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
