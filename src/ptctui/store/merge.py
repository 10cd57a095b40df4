"""Merging another database's export into this one, by UUID, without losing a change.

The rules (issue #5), and how they make two laptops agree after each imports the other's file:

- Rows are the same row when their UUIDs are. Packages, plans, components, bodies, meetings and
  endorsements made separately under the same natural key (a code, a plan and number) are the
  same thing too; both sides then keep the smaller of the two UUIDs, so they agree.
- Progress updates, status changes and journal entries carry their own UUIDs and are united:
  nothing is counted twice and nothing is dropped. An update retracted on either side stays
  retracted (retraction is one-way).
- An action's status is its latest status change by time, over both sides' history.
- Any other field of an action (title, deadline, bodies, archived, …) follows the journal: a
  field only one side changed since the two diverged takes that side's value; a field both
  sides changed is a *conflict* — the newer change wins, the other stays in the history (its
  journal entry is kept), and the report names the action.
- Two new actions that took the same reference on different laptops keep their UUIDs; the one
  created first keeps the reference and the other gets the component's next free number, on
  both sides alike.

Everything runs inside the caller's transaction (``store.writing``): a refused or interrupted
merge leaves the database as it was, and a dry run is the same merge rolled back.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select, update
from sqlmodel import Session, SQLModel

from ptctui.importers import ImportFileError
from ptctui.importers.exchange import ExportData
from ptctui.models import ImportRecord
from ptctui.store import EDITABLE
from ptctui.text import quote
from ptctui.workflow import Status

# Action fields the journal speaks for (status is decided by the status history instead).
FIELDS = (*EDITABLE, "archived")
# Fields that travel together: a deadline is its label and its due date.
_GROUPS = {"deadline_label": "deadline", "due_date": "deadline"}

# Natural keys of the reference tables: rows equal on these are one thing.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "bodies": ("code",),
    "meetings": ("key",),
    "packages": ("code",),
    "plans": ("code",),
    "endorsements": ("plan_id", "body_id", "on_date"),
    "components": ("plan_id", "number"),
}


@dataclass(frozen=True)
class Conflict:
    """A field both sides changed since they diverged: which value won and which was kept."""

    ref: str
    field: str
    kept: str
    kept_side: str  # "here" or "there"
    kept_at: datetime
    other: str
    other_at: datetime


@dataclass
class MergeReport:
    """What a merge did (or, on a dry run, would do)."""

    source: str
    added: Counter[str] = field(default_factory=Counter)
    changed: dict[str, list[str]] = field(default_factory=dict)  # ref -> fields taken
    moved: list[tuple[str, str, str]] = field(default_factory=list)  # ref, from, to
    retracted: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # old, new, side
    matched: list[str] = field(default_factory=list)  # reference rows matched by key

    @property
    def nothing(self) -> bool:
        """True when the file brought nothing new (importing it again changes nothing)."""
        return not (
            sum(self.added.values())
            or self.changed
            or self.moved
            or self.retracted
            or self.renamed
            or self.matched
        )

    def summary(self) -> str:
        """One line for the import log and the command's first line."""
        if self.nothing:
            return "nothing new"
        parts = [_count(n, *_NOUNS.get(t, (t, t))) for t, n in self.added.items() if n]
        if self.changed:
            parts.append(_count(len(self.changed), "action edited", "actions edited"))
        if self.moved:
            parts.append(_count(len(self.moved), "status moved", "statuses moved"))
        if self.retracted:
            parts.append(_count(self.retracted, "update retracted", "updates retracted"))
        if self.renamed:
            parts.append(_count(len(self.renamed), "reference renumbered", "references renumbered"))
        if self.conflicts:
            parts.append(_count(len(self.conflicts), "conflict", "conflicts"))
        return ", ".join(parts) or "the same things under other UUIDs, now matched"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


_NOUNS = {
    "bodies": ("body", "bodies"),
    "meetings": ("meeting", "meetings"),
    "packages": ("package", "packages"),
    "plans": ("plan", "plans"),
    "endorsements": ("endorsement", "endorsements"),
    "components": ("component", "components"),
    "actions": ("new action", "new actions"),
    "action_bodies": ("responsible body link", "responsible body links"),
    "progress_updates": ("progress update", "progress updates"),
    "status_changes": ("status change", "status changes"),
    "changes": ("journal entry", "journal entries"),
}


def merge_export(*, session: Session, data: ExportData) -> MergeReport:
    """Merge ``data`` into the database of ``session`` (no commit; see the module docstring)."""
    merger = _Merger(session.connection(), data)
    merger.run()
    session.expire_all()
    return merger.report


def record_import(
    *, session: Session, source: str, by: str, report: MergeReport, backup: str | None
) -> ImportRecord:
    """Log the merge locally; ``undo`` will not reach below it (see ``ImportRecord``)."""
    last = session.connection().execute(select(func.max(_table("changes").c.id))).scalar()
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


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {', '.join(v) or '-'}" for k, v in value.items())
    return quote(value.isoformat() if hasattr(value, "isoformat") else str(value), 60)


class _Merger:
    """One merge: maps from the file's local ids to UUIDs to this database's ids, table by table."""

    def __init__(self, conn: Connection, data: ExportData) -> None:
        self.conn = conn
        self.data = data
        self.report = MergeReport(source=data.source)
        # file id -> uuid, per table (the file's integer ids mean nothing here)
        self.file_uuid: dict[str, dict[int, str]] = {
            t: {r["id"]: r["uuid"] for r in data.rows(t) if "uuid" in r}
            for t in data.tables
        }
        # uuid -> local id, per table, filled as tables are merged
        self.local_id: dict[str, dict[str, int]] = {}

    # --- helpers ----------------------------------------------------------------------------

    def _load_ids(self, name: str) -> dict[str, int]:
        t = _table(name)
        ids = {u: i for i, u in self.conn.execute(select(t.c.id, t.c.uuid))}
        self.local_id[name] = ids
        return ids

    def _translate(
        self, name: str, row: dict[str, Any], skip: Sequence[str] = ()
    ) -> dict[str, Any]:
        """``row`` with its foreign keys turned from the file's ids into this database's ids."""
        out = dict(row)
        out.pop("id", None)
        for fk in _table(name).foreign_keys:
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
        t = _table(name)
        ids = self.local_id.setdefault(name, {})
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            result = self.conn.execute(t.insert().returning(t.c.id, t.c.uuid), chunk)
            for local_id, uuid in result:
                ids[uuid] = local_id
        self.report.added[name] += len(rows)

    # --- the merge ----------------------------------------------------------------------------

    def run(self) -> None:
        self._bodies()
        for name in ("meetings", "packages", "plans", "endorsements", "components"):
            self._reference(name)
        new_actions = self._actions()
        self._action_bodies(new_actions)
        self._updates()
        new_moves = self._status_changes()
        new_changes = self._journal()
        self._fields(new_changes, new_actions)
        self._statuses(new_moves, new_changes, new_actions)

    def _bodies(self) -> None:
        # Bodies point at their parent body: merge them as reference rows first, then link.
        self._reference("bodies", skip=("parent_id",))
        t = _table("bodies")
        for row in self.data.rows("bodies"):
            if row["parent_id"] is None:
                continue
            local = self.local_id["bodies"][row["uuid"]]
            parent = self.local_id["bodies"][self.file_uuid["bodies"][row["parent_id"]]]
            current = self.conn.execute(select(t.c.parent_id).where(t.c.id == local)).scalar()
            if current is None:
                self.conn.execute(update(t).where(t.c.id == local).values(parent_id=parent))

    def _reference(self, name: str, skip: Sequence[str] = ()) -> None:
        t = _table(name)
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
                # Both sides keep the smaller UUID (and its row's values), so they agree.
                values.pop("uuid")
                for column in (*key, *skip):
                    values.pop(column, None)
                self.conn.execute(
                    update(t).where(t.c.id == local_id).values(uuid=row["uuid"], **values)
                )
        self._insert(name, fresh)

    def _actions(self) -> set[str]:
        """Add the actions this database lacks and settle every reference; returns the UUIDs
        of the added actions.

        References are display names, settled over the union of both sides: an action the
        sides name differently claims the lower of its two references, and where claims
        collide the action created first keeps the reference (``_settle_refs``). Both sides
        compute the same claims, so repeated exchanges end with the same names everywhere.
        """
        t = _table("actions")
        ids = self._load_ids("actions")
        file_rows = self.data.rows("actions")
        theirs = {r["uuid"]: r["ref"] for r in file_rows}
        fresh = [self._translate("actions", r) for r in file_rows if r["uuid"] not in ids]
        local = [
            {"uuid": u, "ref": ref, "created_at": c, "component_id": comp}
            for u, ref, c, comp in self.conn.execute(
                select(t.c.uuid, t.c.ref, t.c.created_at, t.c.component_id)
            )
        ]
        claims = [
            {**a, "ref": min(a["ref"], theirs.get(a["uuid"], a["ref"]), key=_ref_order)}
            for a in local
        ]
        claims += [{k: v[k] for k in ("uuid", "ref", "created_at", "component_id")} for v in fresh]
        settled = _settle_refs(claims, self._prefixes())
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
        return {r["uuid"] for r in fresh}

    def _prefixes(self) -> dict[int, str]:
        """Each component's reference prefix ("CEP-3."), as ``store.next_ref`` makes them."""
        c, p, k = _table("components"), _table("plans"), _table("packages")
        rows = self.conn.execute(
            select(c.c.id, k.c.code, c.c.number)
            .join(p, p.c.id == c.c.plan_id)
            .join(k, k.c.id == p.c.package_id)
        )
        return {cid: f"{code}-{number}." for cid, code, number in rows}

    def _action_bodies(self, new_actions: set[str]) -> None:
        rows = []
        action_uuid = self.file_uuid["actions"]
        for row in self.data.rows("action_bodies"):
            if action_uuid[row["action_id"]] in new_actions:
                values = self._translate("action_bodies", row)
                rows.append(values)
        if rows:
            self.conn.execute(_table("action_bodies").insert(), rows)
            self.report.added["action_bodies"] += len(rows)

    def _updates(self) -> None:
        t = _table("progress_updates")
        ids = self._load_ids("progress_updates")
        retracted = {
            u for u, r in self.conn.execute(select(t.c.uuid, t.c.retracted)) if r
        }
        fresh, retract = [], []
        for row in self.data.rows("progress_updates"):
            if row["uuid"] not in ids:
                fresh.append(self._translate("progress_updates", row))
            elif row["retracted"] and row["uuid"] not in retracted:
                retract.append(ids[row["uuid"]])
        self._insert("progress_updates", fresh)
        for start in range(0, len(retract), 500):
            self.conn.execute(
                update(t).where(t.c.id.in_(retract[start : start + 500])).values(retracted=True)
            )
        self.report.retracted += len(retract)

    def _status_changes(self) -> dict[str, list[dict[str, Any]]]:
        """Add the status changes this database lacks; returns them by action UUID."""
        ids = self._load_ids("status_changes")
        fresh, by_action = [], defaultdict(list)
        action_uuid = self.file_uuid["actions"]
        for row in self.data.rows("status_changes"):
            if row["uuid"] in ids:
                continue
            fresh.append(self._translate("status_changes", row))
            by_action[action_uuid[row["action_id"]]].append(row)
        self._insert("status_changes", fresh)
        return by_action

    def _journal(self) -> dict[str, list[dict[str, Any]]]:
        """Add the journal entries this database lacks; returns them by action UUID."""
        t = _table("changes")
        ids = self._load_ids("changes")
        links = ("undoes_id", "undone_by_id")
        fresh, by_action = [], defaultdict(list)
        action_uuid = self.file_uuid["actions"]
        for row in self.data.rows("changes"):
            if row["uuid"] in ids:
                continue
            values = self._translate("changes", row, skip=links)
            values["undoes_id"] = values["undone_by_id"] = None
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

    def _earlier_change(self, a: int, b: int) -> bool:
        """Whether journal entry ``a`` came before ``b`` (two undos of one change: first wins)."""
        t = _table("changes")
        rows = dict(
            (i, (at, u))
            for i, at, u in self.conn.execute(
                select(t.c.id, t.c.at, t.c.uuid).where(t.c.id.in_((a, b)))
            )
        )
        return bool(rows[a] < rows[b])

    def _local_journal(self, action_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        t = _table("changes")
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
        t = _table("actions")
        ids = self.local_id["actions"]
        targets = {u: rows for u, rows in new_changes.items() if u not in new_actions}
        if not targets:
            return
        incoming = {r["uuid"]: r for r in self.data.rows("actions") if r["uuid"] in targets}
        theirs = {r["uuid"] for r in self.data.rows("changes")}
        local_journal = self._local_journal(ids[u] for u in targets)
        for uuid, their_new in targets.items():
            local_id = ids[uuid]
            current = self.conn.execute(select(t).where(t.c.id == local_id)).one()._mapping
            our_new = [c for c in local_journal[local_id] if c["uuid"] not in theirs]
            taken: dict[str, Any] = {}
            names: list[str] = []
            for group, members in _field_groups().items():
                their_at = _latest_touch(their_new, members)
                if their_at is None:
                    continue
                our_at = _latest_touch(our_new, members)
                theirs_win = our_at is None or their_at > our_at
                their_value = self._value(group, members, incoming[uuid], local_id)
                our_value = self._value(group, members, current, local_id, local=True)
                if our_at is not None and their_value != our_value:
                    win, lose = (their_value, our_value) if theirs_win else (our_value, their_value)
                    self.report.conflicts.append(
                        Conflict(
                            ref=current["ref"],
                            field=group,
                            kept=_show(win),
                            kept_side="there" if theirs_win else "here",
                            kept_at=max(their_at[0], our_at[0]),
                            other=_show(lose),
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
        ab, b = _table("action_bodies"), _table("bodies")
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
        codes = {r["id"]: r["code"] for r in self.data.rows("bodies")}
        out: dict[str, list[str]] = {"lead": [], "supporting": []}
        for r in self.data.rows("action_bodies"):
            if r["action_id"] == file_action_id:
                out.setdefault(r["role"], []).append(codes[r["body_id"]])
        return {role: sorted(codes_) for role, codes_ in out.items()}

    def _set_bodies(self, local_id: int, incoming: dict[str, Any]) -> None:
        ab = _table("action_bodies")
        self.conn.execute(ab.delete().where(ab.c.action_id == local_id))
        rows = [
            {
                "action_id": local_id,
                "body_id": self.local_id["bodies"][self.file_uuid["bodies"][r["body_id"]]],
                "role": r["role"],
            }
            for r in self.data.rows("action_bodies")
            if r["action_id"] == incoming["id"]
        ]
        if rows:
            self.conn.execute(ab.insert(), rows)

    def _statuses(
        self,
        new_moves: dict[str, list[dict[str, Any]]],
        new_changes: dict[str, list[dict[str, Any]]],
        new_actions: set[str],
    ) -> None:
        """Each action whose history grew gets the status of its latest change by time."""
        t, sc = _table("actions"), _table("status_changes")
        ids = self.local_id["actions"]
        theirs = {r["uuid"] for r in self.data.rows("status_changes")}
        for uuid, their_moves in new_moves.items():
            local_id = ids[uuid]
            history = self.conn.execute(
                select(sc.c.uuid, sc.c.to_status, sc.c.at, sc.c.by)
                .where(sc.c.action_id == local_id)
                .order_by(sc.c.at, sc.c.id)
            ).all()
            latest = history[-1]
            ref, status = self.conn.execute(
                select(t.c.ref, t.c.status).where(t.c.id == local_id)
            ).one()
            if uuid not in new_actions:
                ours = [h for h in history if h.uuid not in theirs]
                last_theirs = max(their_moves, key=lambda m: (m["at"], m["uuid"]))
                if ours and ours[-1].to_status != last_theirs["to_status"]:
                    mine, other = ours[-1], last_theirs
                    theirs_win = latest.uuid != mine.uuid
                    self.report.conflicts.append(
                        Conflict(
                            ref=ref,
                            field="status",
                            kept=_label(latest.to_status),
                            kept_side="there" if theirs_win else "here",
                            kept_at=latest.at,
                            other=_label(mine.to_status if theirs_win else other["to_status"]),
                            other_at=mine.at if theirs_win else other["at"],
                        )
                    )
            if latest.to_status != status:
                self.conn.execute(
                    update(t).where(t.c.id == local_id).values(status=latest.to_status)
                )
                if uuid not in new_actions:
                    self.report.moved.append((ref, status, latest.to_status))


def _label(status: str) -> str:
    return Status(status).label


def _field_groups() -> dict[str, tuple[str, ...]]:
    groups: dict[str, tuple[str, ...]] = {}
    for name in FIELDS:
        group = _GROUPS.get(name, name)
        groups[group] = (*groups.get(group, ()), name)
    groups["bodies"] = ("bodies",)
    return groups


def _touches(change: dict[str, Any], members: Sequence[str]) -> bool:
    before, after = json.loads(change["before"]), json.loads(change["after"])
    return any(m in after and before.get(m, _ABSENT) != after[m] for m in members)


_ABSENT = object()


def _latest_touch(
    changes: Sequence[dict[str, Any]], members: Sequence[str]
) -> tuple[datetime, str] | None:
    """When the newest of ``changes`` that changed one of ``members`` happened (with its UUID)."""
    touching = [(c["at"], c["uuid"]) for c in changes if _touches(c, members)]
    return max(touching) if touching else None


def _ref_order(ref: str) -> tuple[str, int, str]:
    """CEP-1.9 before CEP-1.10: the lower of two references an action is known by."""
    head, _, tail = ref.rpartition(".")
    return (head.lower(), int(tail) if tail.isdigit() else -1, ref)


def _settle_refs(everyone: list[dict[str, Any]], prefixes: dict[int, str]) -> dict[str, str]:
    """New references for actions whose claimed reference another action (by UUID) also took.

    Computed from the union of both sides only, so either laptop reaches the same answer: the
    action created first keeps the reference, the others get their component's next free
    number, in order of creation.
    """
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for action in everyone:
        groups[action["ref"].lower()].append(action)
    losers = sorted(
        (a for group in groups.values() if len(group) > 1 for a in _after_first(group)),
        key=lambda a: (a["created_at"], a["uuid"]),
    )
    taken = {a["ref"].lower() for a in everyone}
    renames: dict[str, str] = {}
    for action in losers:
        prefix = prefixes.get(action["component_id"], f"{action['ref']}-")
        numbers = [
            int(tail)
            for ref in taken
            if ref.startswith(prefix.lower()) and (tail := ref[len(prefix) :]).isdigit()
        ]
        new = f"{prefix}{max(numbers, default=0) + 1}"
        taken.add(new.lower())
        renames[action["uuid"]] = new
    return renames


def _after_first(group: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(group, key=lambda a: (a["created_at"], a["uuid"]))[1:]
