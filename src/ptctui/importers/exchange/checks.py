"""The checks of an export that span rows, made while its rows stream past once.

``Checker`` takes each table's rows as they come (from a file being read, a parsed document or
a database being dumped), turns each into its columns' types (``exchange.tables``) and writes
it to a ``Spool`` on disk; what the cross-row checks need it keeps in compact form: each
table's ids and UUIDs (for uniqueness), its references and codes, and every link as an array
of integers. ``finish`` then checks the links, the journal's rules and raises the first
problem in the order the checks have always had (uniqueness, links, known values, UUIDs, the
journal, then the clock), so a file with one defect gets the same one line wherever the
defect is. Nothing here holds a table's rows: the merge reads them back from the spool.
"""

from __future__ import annotations

import json
import pickle
import re
import tempfile
import uuid as uuid_module
from array import array
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from ptctui.importers import ImportFileError
from ptctui.importers.exchange.tables import (
    FUTURE_SLACK,
    RowShape,
    _show,
    _surrogate_in,
    _where,
    check_row,
    check_values,
    datetime_columns,
    known_tables,
    row_shape,
)

# Columns whose values must be unique within one file, besides every table's id and uuid.
_UNIQUE = {
    "bodies": ("code",),
    "meetings": ("key",),
    "packages": ("code",),
    "plans": ("code",),
    "actions": ("ref",),
}
_NONE = -(2**63)  # an empty link in a link array (check_row lets no such id through)
_CHUNK = 2000  # rows a spool chunk holds
# A UUID as ptctui writes them; anything else is tried by uuid.UUID (braces, capitals, …)
_CANONICAL_UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
).fullmatch


class Spool:
    """Checked rows kept in a temporary file, table by table, as tuples in column order; read
    again as often as the merge needs them (the file goes when the spool does)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the spool)
        self._chunks: dict[str, list[int]] = {}
        self.counts: dict[str, int] = {}

    def write(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        self._file.seek(0, 2)
        self._chunks.setdefault(table, []).append(self._file.tell())
        pickle.dump(rows, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.counts[table] = self.counts.get(table, 0) + len(rows)

    def tuples(self, table: str) -> Iterator[tuple[Any, ...]]:
        """The rows of ``table`` in file order. Each chunk is read whole after a seek, so two
        readings may be interleaved."""
        for offset in list(self._chunks.get(table, ())):
            self._file.seek(offset)
            chunk = pickle.load(self._file)
            yield from chunk


class _Table:
    """What the checks keep of one table while its rows stream past."""

    def __init__(self, shape: RowShape, position: int) -> None:
        table, names = shape.table, shape.names
        self.shape, self.position, self.name = shape, position, table.name
        self.names = names
        self.unique = [
            (column, names.index(column))
            for column in ("id", "uuid", *_UNIQUE.get(table.name, ()))
            if column in names
        ]
        self.seen: list[set[Any]] = [set() for _ in self.unique]
        self.ids = array("q")
        self.links = [
            (fk.parent.name, names.index(fk.parent.name), fk.column.table.name, array("q"))
            for fk in table.foreign_keys
        ]
        self.dates = [(column, names.index(column)) for column in datetime_columns(table)]
        self.uuid_at = names.index("uuid") if "uuid" in names else None

    def row(self, values: tuple[Any, ...]) -> dict[str, Any]:
        return dict(zip(self.names, values, strict=True))


class Checker:
    """One export's first pass: rows checked, spooled, and the compact keys kept."""

    def __init__(self, name: str) -> None:
        from ptctui.models import KINDS, ROLES
        from ptctui.workflow import Status

        self.name = name
        self.known = known_tables()
        self.spool = Spool()
        self.tables: dict[str, _Table] = {}
        self.horizon = datetime.now(UTC) + FUTURE_SLACK
        self._first: tuple[tuple[int, ...], str | Callable[[], str]] | None = None
        statuses = {s.value for s in Status}
        # (rule's place, column, allowed values), by table: known values, in the checks' order
        self.rules: dict[str, list[tuple[int, str, set[str]]]] = {}
        for place, (table, column, allowed) in enumerate(
            (
                ("actions", "status", statuses),
                ("actions", "kind", set(KINDS)),
                ("status_changes", "to_status", statuses),
                ("status_changes", "from_status", statuses),
                ("action_bodies", "role", set(ROLES)),
            )
        ):
            self.rules.setdefault(table, []).append((place, column, allowed))
        self.moves: list[tuple[int, int, Any]] = []  # (row, status change, action) of moves
        self.undoes: dict[int, Any] = {}  # journal entry id -> the entry it undoes
        self.undone: list[tuple[int, int, int]] = []  # (row, id, undone by)

    def _problem(self, rank: tuple[int, ...], message: str | Callable[[], str]) -> None:
        """Keep the problem the old whole-file checks would have met first (``message`` may
        be worked out once the spool is complete)."""
        if self._first is None or rank < self._first[0]:
            self._first = (rank, message)

    def table(self, table_name: str, rows: Iterable[Any], *, typed: bool = False) -> None:
        """Check and spool ``rows``, the rows of ``table_name`` (a known table, given once):
        a file's objects, or (``typed``) a database's rows, every column in the table's order
        (``tables.check_values``)."""
        positions = {name: place for place, name in enumerate(self.known)}
        state = _Table(row_shape(self.known[table_name], typed=typed), positions[table_name])
        self.tables[table_name] = state
        name, shape = self.name, state.shape
        chunk: list[tuple[Any, ...]] = []
        rules = [(p, c, state.names.index(c), a) for p, c, a in self.rules.get(table_name, ())]
        check = check_values if typed else check_row
        for index, raw in enumerate(rows, start=1):
            values = check(shape, raw, index, name)
            self._row(state, index, values, rules)
            chunk.append(values)
            if len(chunk) == _CHUNK:
                self.spool.write(table_name, chunk)
                chunk = []
        if chunk:
            self.spool.write(table_name, chunk)

    def _row(
        self,
        state: _Table,
        index: int,
        values: tuple[Any, ...],
        rules: list[tuple[int, str, int, set[str]]],
    ) -> None:
        position = state.position
        for place, (column, at) in enumerate(state.unique):
            value = values[at]
            if value is None:
                continue
            key = value.lower() if column == "ref" else value
            seen = state.seen[place]
            if key in seen:
                self._problem(
                    (1, position, place, index), self._repeat(state, index, values, column, key)
                )
            seen.add(key)
        state.ids.append(values[0] if state.names[0] == "id" else 0)
        for _, at, _, links in state.links:
            value = values[at]
            links.append(_NONE if value is None else value)
        for place, column, at, allowed in rules:
            value = values[at]
            if value is not None and value not in allowed:
                self._problem(
                    (3, place, index),
                    f"{self.name}: {_where(state.name, index, state.row(values))}, {column}: "
                    f"unknown value {_show(value)}",
                )
        if (
            state.uuid_at is not None
            and (value := values[state.uuid_at]) is not None
            and not _CANONICAL_UUID(value)
        ):
            try:
                uuid_module.UUID(value)
            except ValueError:
                self._problem(
                    (4, position, index),
                    f"{self.name}: {_where(state.name, index, state.row(values))}, uuid: "
                    f"{_show(value)} is not a UUID",
                )
        if state.name == "changes":
            self._journal(state, index, state.row(values))
        for place, (column, at) in enumerate(state.dates):
            when = values[at]
            if when is not None and when > self.horizon:
                self._problem(
                    (8, position, index, place),
                    f"{self.name}: "
                    f"{_where(state.name, index, state.row(values))}, {column}: "
                    f"{when:%Y-%m-%d %H:%M} UTC is more than a day ahead of this computer's "
                    "clock; fix the clock that wrote it, then export again",
                )

    def _repeat(
        self, state: _Table, index: int, values: tuple[Any, ...], column: str, key: Any
    ) -> Callable[[], str]:
        def message() -> str:
            at = state.names.index(column)
            first = next(
                number
                for number, other in enumerate(self.spool.tuples(state.name), start=1)
                if other[at] is not None
                and (other[at].lower() if column == "ref" else other[at]) == key
            )
            return (
                f"{self.name}: {_where(state.name, index, state.row(values))} repeats the "
                f"{column} {_show(values[at])} of row {first}"
            )

        return message

    def _journal(self, state: _Table, index: int, row: dict[str, Any]) -> None:
        """The journal's own rules, as ``db check`` has them (store/checks.py): a move's entry
        names a status change of its own action; only an undo undoes, and it undoes
        something. A file that breaks them would merge into a database ``db check`` flags."""
        where = f"{self.name}: {_where('changes', index)}"
        kind, undoes = row.get("kind"), row.get("undoes_id")
        if kind == "move":
            status_change = row.get("status_change_id")
            if status_change is None:
                self._problem((5, index, 0), f"{where} is a move with no status change")
            else:
                self.moves.append((index, status_change, row.get("action_id")))
        if kind == "undo" and undoes is None:
            self._problem((5, index, 1), f"{where} is an undo of nothing")
        if kind != "undo" and undoes is not None:
            self._problem(
                (5, index, 2), f"{where} is a {_show(kind)} but says it undoes one"
            )
        if undoes is not None:
            self.undoes[row["id"]] = undoes
        if (undone_by := row.get("undone_by_id")) is not None:
            self.undone.append((index, row["id"], undone_by))
        for place, column in enumerate(("before", "after")):
            try:
                values = json.loads(row[column])
            except (json.JSONDecodeError, RecursionError):
                values = None
            if not isinstance(values, dict):
                self._problem(
                    (7, index, place),
                    f"{where}, {column}: not a JSON object of fields",
                )
            elif _surrogate_in(values):
                self._problem(
                    (7, index, place),
                    f"{where}, {column}: holds a lone surrogate "
                    "(\\ud800-\\udfff), which is not text",
                )

    def finish(self) -> Spool:
        """Check what spans tables (links, the journal's moves and undos) and raise the first
        problem found; the spool of checked rows otherwise."""
        ids = {name: state.seen[0] for name, state in self.tables.items()}
        for state in self.tables.values():
            for place, (column, _, target, links) in enumerate(state.links):
                targets = ids.get(target, set())
                for index, value in enumerate(links, start=1):
                    if value != _NONE and value not in targets:
                        self._problem(
                            (2, state.position, index, place),
                            self._broken(state, index, column, target, value),
                        )
                        break
        self._check_moves()
        for index, entry, undone_by in self.undone:
            if self.undoes.get(undone_by) != entry:
                self._problem(
                    (6, index),
                    f"{self.name}: {_where('changes', index)} says it "
                    f"was undone by entry {undone_by}, which does not undo it",
                )
        if self._first is not None:
            message = self._first[1]
            raise ImportFileError(message if isinstance(message, str) else message())
        return self.spool

    def _broken(
        self, state: _Table, index: int, column: str, target: str, value: int
    ) -> Callable[[], str]:
        def message() -> str:
            values = next(
                v for n, v in enumerate(self.spool.tuples(state.name), start=1) if n == index
            )
            return (
                f"{self.name}: {_where(state.name, index, state.row(values))}, {column}: no "
                f"{target} row with id {value} in the file"
            )

        return message

    def _check_moves(self) -> None:
        """Each move's entry names a status change of its own action."""
        if not self.moves:
            return
        wanted = {status_change for _, status_change, _ in self.moves}
        moved: dict[int, int] = {}
        state = self.tables.get("status_changes")
        if state is not None:
            action_links = next(links for c, _, _, links in state.links if c == "action_id")
            for status_change, action in zip(state.ids, action_links, strict=True):
                if status_change in wanted:
                    moved[status_change] = action
        for index, status_change, action in self.moves:
            if moved.get(status_change) != action:
                self._problem(
                    (5, index, 0),
                    f"{self.name}: {_where('changes', index)} is a move whose "
                    "status change belongs to another action",
                )
