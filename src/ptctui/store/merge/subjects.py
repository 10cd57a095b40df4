"""Settling the fields of packages, plans, components, bodies, meetings and endorsements
after their rows and journal entries are in: each field follows the newer journal entry that
changed it, over both sides, as an action's fields do.

A row this merge inserted came whole from the file and needs nothing. A row both sides hold
gives each journaled field the value the newest entry that changed it set (its ``after``),
over the entries of both sides: a function of their union, so either order of two imports
ends the same, also for a row made on both laptops under one code (which takes the smaller
UUID and that side's values first, ``rows``). A field both changed since they diverged is a
conflict: the newer change wins and the report names the row and the field. A code taken
from the other side that another row here already uses cannot be settled by a rule (two
things would share a name), so the merge is refused and names both.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select, update

from ptctui.importers import ImportFileError
from ptctui.importers.exchange import ExportData
from ptctui.store.merge.report import Conflict, MergeReport, show
from ptctui.store.merge.rules import latest_touch
from ptctui.store.subjects import DATES, SUBJECTS, column_of
from ptctui.store.tables import TABLES


class SubjectFields:
    """The part of a merge that settles subjects' fields (mixed into the merger, whose
    ``RowMerger`` fills the attributes below)."""

    conn: Connection
    data: ExportData
    report: MergeReport
    alias: dict[str, str]
    adopted: set[tuple[str, str]]
    inserted: dict[str, set[str]]
    subject_entries: dict[tuple[str, str], list[dict[str, Any]]]

    def _subject_fields(self) -> None:
        """Give each journaled field of every row the file's entries touched (or whose UUID
        and values this merge took from the file) the value its newest entry set, over both
        sides; report the fields both sides changed since they diverged."""
        rows = {
            key for key in self.subject_entries if key[1] not in self.inserted[key[0]]
        } | self.adopted
        if not rows:
            return
        theirs = {r["uuid"] for r in self.data.rows("changes")}
        local = self._local_entries({uuid for _, uuid in rows})
        for table, uuid in sorted(rows):
            subject = SUBJECTS.get(table)
            if subject is None:
                continue
            t = TABLES[table]
            current = self.conn.execute(select(t).where(t.c.uuid == uuid)).one()._mapping
            everyone = local.get(uuid, [])  # the file's new entries are in by now
            their_new = self.subject_entries.get((table, uuid), [])
            our_new = [c for c in everyone if c["uuid"] not in theirs]
            label = self._label(table, current)
            taken: dict[str, Any] = {}
            names: list[str] = []
            for name in subject.fields:
                newest = _newest(everyone, name)
                if newest is None:
                    continue
                column = column_of(name)
                value = self._decode(name, json.loads(newest["after"])[name])
                their_at, our_at = latest_touch(their_new, (name,)), latest_touch(our_new, (name,))
                if their_at is not None and our_at is not None:
                    theirs_win = their_at > our_at
                    other = [c for c in (our_new if theirs_win else their_new) if _sets(c, name)]
                    lost = self._decode(name, json.loads(max(other, key=_when)["after"])[name])
                    if lost != value:
                        self.report.conflicts.append(
                            Conflict(
                                ref=label,
                                field=name,
                                kept=show(self._shown(name, value)),
                                kept_side="there" if theirs_win else "here",
                                kept_at=max(their_at[0], our_at[0]),
                                other=show(self._shown(name, lost)),
                                other_at=min(their_at[0], our_at[0]),
                            )
                        )
                if value != current[column]:
                    taken[column] = value
                    if their_at is not None:
                        names.append(name)
            if not taken:
                continue
            key = subject.key
            if key is not None and key in taken:
                self._check_free(table, key, taken[key], current["id"], label)
            self.conn.execute(update(t).where(t.c.id == current["id"]).values(**taken))
            if names:
                self.report.edited[label] = names

    def _decode(self, name: str, value: Any) -> Any:
        """A journaled value as its column holds it: a date from ISO text, a body's id."""
        if value is None:
            return None
        if name == "body":
            bodies = TABLES["bodies"]
            return self.conn.execute(select(bodies.c.id).where(bodies.c.code == value)).scalar()
        if name in DATES and isinstance(value, str):
            return date.fromisoformat(value)
        return value

    def _shown(self, name: str, value: Any) -> Any:
        """A decoded value as a conflict line shows it (a body by its code)."""
        if name == "body" and value is not None:
            bodies = TABLES["bodies"]
            return self.conn.execute(select(bodies.c.code).where(bodies.c.id == value)).scalar()
        return value

    def _local_entries(self, uuids: set[str]) -> dict[str, list[dict[str, Any]]]:
        """The journal entries about the rows ``uuids`` (this database's and, by now, the
        file's), by row."""
        t = TABLES["changes"]
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        wanted = sorted(uuids)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for row in self.conn.execute(
                select(t.c.subject_uuid, t.c.uuid, t.c.at, t.c.before, t.c.after).where(
                    t.c.subject_uuid.in_(chunk)
                )
            ):
                out[row.subject_uuid].append(dict(row._mapping))
        return out

    def _label(self, table: str, row: Any) -> str:
        """How the report names a row: ``package CBP``, ``component CEP-2020:3``."""
        subject = SUBJECTS[table]
        if subject.key is not None:
            return f"{subject.noun} {row[subject.key]}"
        if table == "reviews":
            actions = TABLES["actions"]
            ref = self.conn.execute(
                select(actions.c.ref).where(actions.c.id == row["action_id"])
            ).scalar()
            return f"review of {ref}"
        if table == "passages":
            documents = TABLES["documents"]
            code = self.conn.execute(
                select(documents.c.code).where(documents.c.id == row["document_id"])
            ).scalar()
            return f"document {code}, {row['section']}"
        plans = TABLES["plans"]
        plan = self.conn.execute(select(plans.c.code).where(plans.c.id == row["plan_id"])).scalar()
        if table == "components":
            return f"component {plan}:{row['number']}"
        return f"plan {plan} endorsement"

    def _check_free(self, table: str, key: str, code: str, row_id: int, label: str) -> None:
        t = TABLES[table]
        other = self.conn.execute(
            select(t.c[key]).where(func.lower(t.c[key]) == code.lower(), t.c.id != row_id)
        ).scalar()
        if other is not None:
            noun = SUBJECTS[table].noun
            raise ImportFileError(
                f"{label} was renamed {code} on the other side, but another {noun} here is "
                f"{other}; rename one of them on either laptop and import again"
            )


def _sets(entry: dict[str, Any], name: str) -> bool:
    return latest_touch([entry], (name,)) is not None


def _when(entry: dict[str, Any]) -> tuple[Any, str]:
    return (entry["at"], entry["uuid"])


def _newest(entries: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    """The newest entry (by time, then UUID: the same on every laptop) that changed ``name``."""
    touching = [e for e in entries if _sets(e, name)]
    return max(touching, key=_when) if touching else None
